"""Writes about accounts: invitations are created, sent, accepted once, revoked."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Invitation, User
from .permissions import can_invite
from .roles import ContextKind


def _send_invitation_email(invitation_id: int, language: str) -> None:
    invitation = Invitation.objects.select_related("enterprise", "employer").get(pk=invitation_id)
    with translation.override(language):
        url = settings.CEIQ_BASE_URL.rstrip("/") + reverse("invitation_accept", args=[invitation.token])
        context = {"invitation": invitation, "url": url}
        send_mail(
            subject=_("Your invitation to the CEIQ portal"),
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )


@transaction.atomic
def invitation_create(*, actor, email: str, kind: str, role: str = "", enterprise=None, employer=None) -> Invitation:
    if not can_invite(actor, kind=kind, role=role, enterprise=enterprise, employer=employer):
        raise PermissionDenied
    email = email.strip().lower()
    invitation = Invitation(
        email=email,
        kind=kind,
        role=role if kind == ContextKind.ENTERPRISE else "",
        enterprise=enterprise if kind == ContextKind.ENTERPRISE else None,
        employer=employer if kind == ContextKind.EMPLOYER else None,
        invited_by=actor,
    )
    invitation.full_clean()
    if kind == ContextKind.ENTERPRISE and not role:
        raise ValidationError({"role": _("Choose a role.")})
    invitation.save()
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: _send_invitation_email(invitation.pk, language))
    return invitation


def _grant(invitation: Invitation, user: User) -> None:
    from employers.models import EmployerMembership
    from enterprises.models import Membership

    if invitation.kind == ContextKind.NETWORK:
        user.is_network_staff = True
        user.save(update_fields=["is_network_staff"])
    elif invitation.kind == ContextKind.ENTERPRISE:
        # A person whose membership was deactivated and who is invited again gets it back, as new.
        Membership.objects.update_or_create(
            user=user,
            enterprise=invitation.enterprise,
            defaults={"role": invitation.role, "is_active": True, "deactivated_at": None},
        )
    else:
        EmployerMembership.objects.update_or_create(
            user=user, employer=invitation.employer, defaults={"is_active": True}
        )


def _lock_usable(token: str) -> Invitation:
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None:
        raise ValidationError(_("This invitation does not exist."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was revoked."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask for a new one."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, first_name: str, last_name: str, password: str) -> User:
    """Creates the account of a new person and grants the invited role. Single use."""
    invitation = _lock_usable(token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account already exists for this email: log in to accept the invitation."))
    user = User(email=invitation.email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_password(password)
    user.full_clean()
    user.save()
    _grant(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def invitation_accept_existing(*, token: str, user: User) -> Invitation:
    """A person who already has an account accepts a further role (e.g. counsellor in a second enterprise)."""
    invitation = _lock_usable(token)
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."))
    _grant(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
