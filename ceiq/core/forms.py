"""Form fields shared by the apps."""

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

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


# The first entry of every choice that becomes a figure: nothing is chosen until a person chooses.
EMPTY_CHOICE_LABEL = _("— Choose —")


def choices_with_empty(choices) -> list:
    """`choices` after an empty « — Choose — » entry (any blank entry they had is replaced)."""
    return [("", EMPTY_CHOICE_LABEL), *((value, label) for value, label in choices if value != "")]


def require_choices(form: forms.BaseForm, *names: str) -> None:
    """Choice fields whose answer becomes a figure: they start empty and must be chosen (« Unknown »
    is an answer a person gives, never one the form gives for them)."""
    for name in names:
        field = form.fields[name]
        field.required = True
        field.choices = choices_with_empty(field.choices)  # type: ignore[attr-defined]


class LengthAsErrorsMixin:
    """No `maxlength` attribute on the form's inputs: a browser cuts a pasted text there without a word;
    without it the server refuses a value that is too long, with the limit shown next to the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)


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


FORM_TOKEN_FIELD = "form_token"  # noqa: S105 (a field name, not a secret)
_TOKEN_FORMAT = re.compile(r"^[0-9a-f]{32}$")
_TOKEN_PENDING = "pending"  # noqa: S105 (a state, not a secret)
_TOKEN_SECONDS = 6 * 3600
# How long a second submit waits for the first one to finish before saying so.
_TOKEN_WAIT_SECONDS = 10.0


class OneTimeTokenMixin:
    """A create form sent twice (a double click, a reload, a second tab) records once: the form carries
    a one-time token; `submit_service_form` claims it before saving, and a second POST of the same
    form goes to what the first one created."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            return  # an edit form: sending it again changes nothing
        self.fields[FORM_TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=uuid.uuid4().hex
        )


def _token_key(request: HttpRequest, form: forms.BaseForm) -> str | None:
    token = str(form.data.get(FORM_TOKEN_FIELD, "")) if FORM_TOKEN_FIELD in form.fields else ""
    if not _TOKEN_FORMAT.match(token):
        return None
    return f"form-token:{request.user.pk}:{token}"


def _already_sent(request: HttpRequest, form: forms.BaseForm, key: str) -> HttpResponse | None:
    """The first POST's result for a token already claimed (waiting while it is being saved)."""
    deadline = time.monotonic() + _TOKEN_WAIT_SECONDS
    while (url := cache.get(key)) == _TOKEN_PENDING and time.monotonic() < deadline:
        time.sleep(0.1)
    if url and url != _TOKEN_PENDING:
        messages.info(request, _("This form had already been sent: here is what it recorded."))
        return redirect(url)
    form.add_error(None, _("This form is already being sent: wait a moment, then check before sending it again."))
    return None


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
    if request.method != "POST":
        return None
    key = _token_key(request, form)
    # Sent again once recorded: straight to what was recorded (the form would now find a duplicate).
    if key is not None and cache.get(key) not in (None, _TOKEN_PENDING):
        return _already_sent(request, form, key)
    if not form.is_valid():
        return None
    if key is not None and not cache.add(key, _TOKEN_PENDING, _TOKEN_SECONDS):
        return _already_sent(request, form, key)
    try:
        saved = save(form)
    except PermissionDenied:
        if key is not None:
            cache.delete(key)
        if refused is None:
            raise
        form.add_error(None, refused)
        return None
    except ValidationError as error:
        if key is not None:
            cache.delete(key)
        add_service_errors(form, error)
        return None
    except BaseException:
        if key is not None:
            cache.delete(key)
        raise
    url = redirect_to(saved) if callable(redirect_to) else redirect_to
    if key is not None:
        cache.set(key, url, _TOKEN_SECONDS)
    messages.success(request, success(saved) if callable(success) else success)
    return redirect(url)
