"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

# The largest primary key a bigint column holds; anything larger cannot name a row.
MAX_PRIMARY_KEY = 2**63 - 1


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field passes posted ids straight into `pk__in`; an id past the bigint range makes the
    database driver raise (a 500). Refuse such a value as an invalid choice instead."""

    def _check_values(self, value):
        for item in value:
            text = str(item).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > MAX_PRIMARY_KEY:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return super()._check_values(value)
