from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ceiq.core.forms import submit_service_form
from ceiq.core.services import require

from .context import SESSION_KEY
from .forms import InvitationAcceptForm, InvitationForm, invitation_sent_message
from .models import Invitation
from .permissions import can_manage_invitations, can_resend_invitation
from .services import (
    invitation_accept,
    invitation_accept_existing,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)


def invitation_accept_view(request, token):
    invitation = Invitation.objects.select_related("enterprise", "employer").filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        return render(request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=410)
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                invitation_accept_existing(actor=request.user, token=token)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("dashboard")
            messages.success(request, _("Invitation accepted."))
            return redirect("dashboard")
        return render(request, "accounts/invitation_accept_existing.html", {"invitation": invitation})
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                actor=request.user,
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_KEY] = _context_key_for(invitation)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("dashboard")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})


def _context_key_for(invitation: Invitation) -> str:
    if invitation.enterprise_id:
        return f"enterprise:{invitation.enterprise_id}"
    if invitation.employer_id:
        return f"employer:{invitation.employer_id}"
    return "network"


@login_required
@require_POST
def switch_context(request):
    wanted = request.POST.get("context", "")
    if wanted not in {c.key for c in request.portal_contexts}:
        raise PermissionDenied
    request.session[SESSION_KEY] = wanted
    return redirect("dashboard")


@login_required
def invitation_list(request):
    require(can_manage_invitations(request.user, request.enterprise))
    form = InvitationForm(request.POST or None, user=request.user)
    saved = submit_service_form(
        request,
        form,
        lambda form: invitation_create(actor=request.user, **form.invitation_data()),
        success=invitation_sent_message,
        redirect_to=reverse("invitation_list"),
        refused=_("You may not send this invitation."),
    )
    if saved:
        return saved
    invitations = (
        Invitation.objects.visible_to(request.user)
        .select_related("enterprise", "employer", "invited_by")
        .order_by("-created_at")[:100]
    )
    return render(
        request,
        "accounts/invitation_list.html",
        {"form": form, "invitations": invitations, "can_resend": can_resend_invitation(request.user)},
    )


def _back_to_invitations(request):
    """Pages that list invitations elsewhere (e.g. an enterprise's team page) send the person back there."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("invitation_list")


@login_required
@require_POST
def invitation_revoke_view(request, pk):
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user), pk=pk)
    invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation revoked."))
    return _back_to_invitations(request)


@login_required
@require_POST
def invitation_resend_view(request, pk):
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user), pk=pk)
    try:
        invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation email to %(email)s is queued again.") % {"email": invitation.email})
    return _back_to_invitations(request)
