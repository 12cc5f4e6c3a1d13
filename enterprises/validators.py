"""The formats of Québec and Canada, declared once: every form with a postal code, a phone number, an
NEQ, weekly hours or an amount of money reads them from here. A form field normalises what was typed
(upper case, spaces, separators) and refuses, with a message next to the field, what is not one."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

neq_validator = RegexValidator(
    r"^\d{10}$", _("The Québec enterprise number (NEQ) has exactly 10 digits, e.g. 1160000000.")
)
postal_code_validator = RegexValidator(
    r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$",
    _("Enter a Canadian postal code in the form A1A 1A1."),
)

# A North-American number (area code and exchange never start with 0 or 1), an optional +1 and an
# optional extension (« poste », « ext. », « x »).
_PHONE = re.compile(
    r"^(?:\+?1[\s.-]*)?\(?([2-9]\d{2})\)?[\s.-]*([2-9]\d{2})[\s.-]*(\d{4})"
    r"(?:\s*,?\s*(?:poste|p\.|ext\.?|extension|x|#)\s*(\d{1,6}))?$",
    re.IGNORECASE,
)
PHONE_MESSAGE = _("Enter a North-American phone number, e.g. 514 555-1234 (an extension may follow: poste 123).")

# A pathway's weekly hours: a gradual start from one hour, never past full time.
WEEKLY_HOURS_MIN, WEEKLY_HOURS_MAX = Decimal("1"), Decimal("40")
WEEKLY_HOURS_MESSAGE = _("Weekly hours are between 1 and 40.")
weekly_hours_validators = [
    MinValueValidator(WEEKLY_HOURS_MIN, WEEKLY_HOURS_MESSAGE),
    MaxValueValidator(WEEKLY_HOURS_MAX, WEEKLY_HOURS_MESSAGE),
]


def normalize_postal_code(value: str) -> str:
    compact = (value or "").replace(" ", "").replace("-", "").upper()
    return f"{compact[:3]} {compact[3:]}" if len(compact) == 6 else (value or "").upper()


def normalize_phone(value: str) -> str:
    """`514 555-1234` (with `, poste 123` for an extension); ValidationError if not such a number."""
    match = _PHONE.match((value or "").strip())
    if match is None:
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
    area, exchange, line, extension = match.groups()
    number = f"{area} {exchange}-{line}"
    return f"{number}, poste {extension}" if extension else number


def normalize_neq(value: str) -> str:
    return "".join((value or "").split())


class _NormalisedField(forms.CharField):
    """A text field that normalises what was typed before checking it; no `maxlength` attribute, so
    a value too long is refused with a message instead of being cut by the browser."""

    def normalise(self, value: str) -> str:
        raise NotImplementedError

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalise(value) if value not in self.empty_values else value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class PostalCodeField(_NormalisedField):
    default_validators = [postal_code_validator]

    def normalise(self, value: str) -> str:
        return normalize_postal_code(value)


class PhoneField(_NormalisedField):
    def normalise(self, value: str) -> str:
        return normalize_phone(value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "tel", "autocomplete": "tel"}


class NeqField(_NormalisedField):
    default_validators = [neq_validator]

    def normalise(self, value: str) -> str:
        return normalize_neq(value)
