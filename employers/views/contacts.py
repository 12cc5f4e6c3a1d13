"""Employer contacts, for network staff: every contact, who invited them and for which enterprise;
confirm a contact for the whole employer, or revoke them (issue 16)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..permissions import can_manage_employer_contacts
from .common import page_of, run_action


def _require_network(request) -> None:
    if not can_manage_employer_contacts(request.user):
        raise PermissionDenied


@login_required
def contact_list(request):
    _require_network(request)
    return render(request, "employers/contact_list.html", {"page": page_of(request, selectors.all_employer_contacts())})


def _contact_action(request, pk, action, success):
    _require_network(request)
    membership = get_object_or_404(selectors.all_employer_contacts(), pk=pk)
    run_action(request, lambda: action(actor=request.user, membership=membership), success=success)
    return redirect("employers:contact_list")


@login_required
@require_POST
def contact_confirm(request, pk):
    return _contact_action(
        request, pk, services.employer_contact_confirm, _("The contact now sees the candidates of every enterprise.")
    )


@login_required
@require_POST
def contact_revoke(request, pk):
    return _contact_action(request, pk, services.employer_contact_revoke, _("The contact's access was revoked."))
