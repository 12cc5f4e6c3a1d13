"""The employer directory: list, CSV export, creation, detail, edit and contact invitations."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ceiq.core.exports import csv_response

from .. import selectors, services
from ..exports import EMPLOYER_DIRECTORY_COLUMNS, EMPLOYER_DIRECTORY_FILENAME
from ..filters import EmployerFilter
from ..forms import EmployerForm, InviteContactForm
from ..permissions import (
    can_create_employer,
    can_create_opening,
    can_edit_employer,
    can_invite_employer_contact,
    can_view_directory,
)
from .common import current_enterprise, page_of, saved_from_form


def _directory(request):
    if not can_view_directory(request.user):
        raise PermissionDenied
    return EmployerFilter(request.GET or None, queryset=selectors.employer_directory(request.user))


def _visible_employer(request, pk):
    return get_object_or_404(selectors.employer_queryset(request.user), pk=pk)


@login_required
def employer_list(request):
    employer_filter = _directory(request)
    return render(
        request,
        "employers/employer_list.html",
        {
            "filter": employer_filter,
            "page": page_of(request, employer_filter.qs),
            "can_create": can_create_employer(request.user),
        },
    )


@login_required
def employer_export_csv(request):
    employer_filter = _directory(request)
    return csv_response(EMPLOYER_DIRECTORY_COLUMNS, employer_filter.qs, filename=EMPLOYER_DIRECTORY_FILENAME)


def _employer_form_page(request, employer):
    form = EmployerForm(request.POST or None, instance=employer)

    def save(data):
        if employer is None:
            return services.employer_create(actor=request.user, data=data)
        return services.employer_update(actor=request.user, employer=employer, data=data)

    saved = saved_from_form(request, form, save, success=_("Employer saved."))
    if saved is not None:
        return redirect("employers:detail", pk=saved.pk)
    return render(request, "employers/employer_form.html", {"form": form, "employer": employer})


@login_required
def employer_create(request):
    if not can_create_employer(request.user):
        raise PermissionDenied
    return _employer_form_page(request, None)


@login_required
def employer_detail(request, pk):
    employer = _visible_employer(request, pk)
    enterprise = current_enterprise(request)
    return render(
        request,
        "employers/employer_detail.html",
        {
            "employer": employer,
            "openings": selectors.employer_openings(request.user, employer),
            "contacts": selectors.employer_contacts(employer),
            "can_edit": can_edit_employer(request.user, employer),
            "can_invite": can_invite_employer_contact(request.user, employer, enterprise),
            "can_record_opening": can_create_opening(request.user, enterprise=enterprise, employer=employer),
        },
    )


@login_required
def employer_edit(request, pk):
    employer = _visible_employer(request, pk)
    if not can_edit_employer(request.user, employer):
        raise PermissionDenied
    return _employer_form_page(request, employer)


@login_required
def employer_invite_contact(request, pk):
    employer = _visible_employer(request, pk)
    enterprise = current_enterprise(request)
    if not can_invite_employer_contact(request.user, employer, enterprise):
        raise PermissionDenied
    form = InviteContactForm(request.POST or None)
    invitation = saved_from_form(
        request,
        form,
        lambda data: services.employer_contact_invite(
            actor=request.user, employer=employer, email=data["email"], enterprise=enterprise
        ),
        success=lambda data: _("Invitation sent to %(email)s.") % {"email": data["email"]},
    )
    if invitation is not None:
        return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/employer_invite.html", {"form": form, "employer": employer})
