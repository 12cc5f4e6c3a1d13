"""Form fields shared by the apps."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .parsing import ControlCharactersValidator, parse_id


class RefuseControlCharacters:
    """Every text field of the form refuses NUL and other control characters with a field error
    (tab, newline and carriage return stay allowed in a textarea): such bytes would fail in
    PostgreSQL, or hide text from the person reading it. Every form of the portal derives from
    `Form` or `ModelForm` below, which carry this; tests/core/test_forms.py checks it."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                validator = ControlCharactersValidator(multiline=isinstance(field.widget, forms.Textarea))
                if validator not in field.validators:
                    field.validators.append(validator)


class Form(RefuseControlCharacters, forms.Form):
    """The portal's form base (see `RefuseControlCharacters`)."""


class ModelForm(RefuseControlCharacters, forms.ModelForm):
    """The portal's model form base (see `RefuseControlCharacters`)."""


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field passes posted ids straight into `pk__in`: an id past the bigint range makes the
    database driver raise, and `int()` breaks on Unicode digits such as « ² » (a 500 either way).
    A posted id is ASCII digits within the bigint range (`parse_id`); anything else is an invalid
    choice."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for item in value:
                if parse_id(str(item)) is None:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(item)}
                    )
        return super()._check_values(value)


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the named field when the form has it,
    otherwise at the top of the form, so the person sees every reason and loses nothing typed."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def submit_service_form(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[Any], Any],
    *,
    success: str | Callable[[Any], str],
    redirect_to: str | Callable[[Any], str],
    refused: str | None = None,
) -> HttpResponse | None:
    """The write half of a form page: on a valid POST, `save(form)` calls the service; its
    ValidationError goes back on the form (nothing typed is lost). Returns the redirect once saved,
    None otherwise so the caller renders the form again. `success` and `redirect_to` may be functions
    of what `save` returned (the message names the new row, the page is the new row's). With
    `refused`, a PermissionDenied from the service is shown on the form with that message (the page
    itself was allowed: only this particular write is not)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form)
    except PermissionDenied:
        if refused is None:
            raise
        form.add_error(None, refused)
        return None
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success(saved) if callable(success) else success)
    return redirect(redirect_to(saved) if callable(redirect_to) else redirect_to)
