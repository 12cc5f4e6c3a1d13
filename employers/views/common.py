"""What the employers' pages share: the portal context (employer or enterprise), paging and the
"acting as the employer" rule."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.http import url_has_allowed_host_and_scheme

from ceiq.accounts.roles import ENTERPRISE_STAFF_ROLES, ContextKind
from ceiq.audit.models import AccessAction
from ceiq.audit.services import access_log_record
from ceiq.core.forms import add_service_errors
from ceiq.core.parsing import page_number
from enterprises.models import Enterprise

PAGE_SIZE = 25


def page_of(request, queryset: QuerySet, size: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, size).get_page(page_number(request))


def is_employer_context(request) -> bool:
    return request.portal is not None and request.portal.kind == ContextKind.EMPLOYER


def require_employer_context(request) -> None:
    if not is_employer_context(request):
        raise PermissionDenied


def current_enterprise(request) -> Enterprise | None:
    if request.portal is not None and request.portal.kind == ContextKind.ENTERPRISE:
        return request.enterprise
    return None


def is_staff_of(user, enterprise_id: int) -> bool:
    return user.role_in(enterprise_id) in ENTERPRISE_STAFF_ROLES


def sees_as_employer(request, employer_id: int, *, enterprise_id: int | None) -> bool:
    """The employer-facing page (consented profile only) unless the person acts here as staff of the
    enterprise: someone who is both sees the employer page while in their employer context."""
    user = request.user
    if employer_id not in user.employer_ids:
        return False
    if is_employer_context(request):
        return True
    if enterprise_id is None:
        return not user.is_enterprise_staff
    return not is_staff_of(user, enterprise_id)


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def run_action(request, action, *, success: str) -> bool:
    """A one-button POST: call the service; its ValidationError becomes an error message."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def saved_from_form(request, form, save, *, success):
    """The write half of a form page: on a valid POST, `save(cleaned_data)` calls the service, the
    `success` message (text, or made from the cleaned data) is shown and the service's result
    returned; a ValidationError goes back on the form (None: render the form again, nothing typed
    is lost)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success(form.cleaned_data) if callable(success) else success)
    return saved


def log_candidate_profile_read(request, target, *, enterprise_id: int) -> None:
    """An employer opened a candidate's profile (a referral or a hire): the access log records it."""
    access_log_record(
        actor=request.user,
        action=AccessAction.READ_CANDIDATE_PROFILE,
        target=target,
        enterprise_id=enterprise_id,
        request=request,
    )
