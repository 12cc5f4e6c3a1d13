"""Writes about accounts: invitations are created, sent, accepted once, revoked. Each takes the
`actor` and checks their right itself (ceiq.core.services)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ceiq.core.queue import enqueue_after_commit
from ceiq.core.services import model_update, require, service

from .memberships import refuse_mixed_roles, refuse_mixed_roles_for_email
from .models import Invitation, User
from .permissions import (
    can_accept_invitation,
    can_create_account,
    can_invite,
    can_resend_invitation,
    can_revoke_invitation,
)
from .queue import SEND_INVITATION_EMAIL
from .roles import ContextKind


def invitation_email_deliver(invitation: Invitation, language: str) -> None:
    """Send the invitation's email now (called by the task, which retries on a mail-server failure)."""
    with translation.override(language):
        url = settings.CEIQ_BASE_URL.rstrip("/") + reverse("invitation_accept", args=[invitation.token])
        context = {"invitation": invitation, "url": url}
        send_mail(
            subject=_("Your invitation to the CEIQ portal"),
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )


def _queue_invitation_email(invitation: Invitation) -> None:
    """Queued after commit, in the language of the person inviting: no request waits on SMTP."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    enqueue_after_commit(SEND_INVITATION_EMAIL, invitation.pk, language)


@service
def invitation_create(
    *,
    actor: User,
    email: str,
    kind: str,
    role: str = "",
    enterprise: Any = None,  # an enterprises.Enterprise (a higher app: not imported here)
    employer: Any = None,  # an employers.Employer
    sponsor: Any = None,  # the enterprise an employer contact is invited for (enterprise staff)
) -> Invitation:
    require(can_invite(actor, kind=kind, role=role, enterprise=enterprise, employer=employer, sponsor=sponsor))
    email = email.strip().lower()
    refuse_mixed_roles_for_email(email, kind)
    invitation = Invitation(
        email=email,
        kind=kind,
        role=role if kind == ContextKind.ENTERPRISE else "",
        enterprise=enterprise if kind == ContextKind.ENTERPRISE else None,
        employer=employer if kind == ContextKind.EMPLOYER else None,
        sponsor_enterprise=sponsor if kind == ContextKind.EMPLOYER and not actor.is_network_staff else None,
        invited_by=actor,
    )
    invitation.full_clean()
    if kind == ContextKind.ENTERPRISE and not role:
        raise ValidationError({"role": _("Choose a role.")})
    invitation.save()
    _queue_invitation_email(invitation)
    return invitation


@service
def invitation_resend(*, actor: User, invitation: Invitation) -> Invitation:
    """Queue the invitation's email again (the person did not get it, or the mail server was down
    longer than the retries lasted). Network staff only; only while the invitation can be used."""
    require(can_resend_invitation(actor))
    if not invitation.is_usable:
        raise ValidationError(_("Only a pending invitation can be sent again."))
    _queue_invitation_email(invitation)
    return invitation


def _grant(invitation: Invitation, user: User) -> None:
    """Gives the invited role. Memberships are written through the user's reverse relations
    (`memberships`, `employer_memberships`): this layer imports no higher app. Never both a staff
    role and an employer contact membership (`memberships.refuse_mixed_roles`)."""
    refuse_mixed_roles(user, invitation.kind)
    if invitation.kind == ContextKind.NETWORK:
        model_update(instance=user, fields=["is_network_staff"], data={"is_network_staff": True})
    elif invitation.kind == ContextKind.ENTERPRISE:
        # A person whose membership was deactivated and who is invited again gets it back, as new.
        user.memberships.update_or_create(
            enterprise=invitation.enterprise,
            defaults={"role": invitation.role, "is_active": True, "deactivated_at": None},
        )
    else:
        # Invited by enterprise staff: scoped to their enterprise until network staff confirm.
        sponsor_id = invitation.sponsor_enterprise_id
        user.employer_memberships.update_or_create(
            employer=invitation.employer,
            defaults={
                "is_active": True,
                "scoped_enterprise_id": sponsor_id,
                "confirmed": sponsor_id is None,
                "invited_by": invitation.invited_by,
            },
        )


def _mark_accepted(invitation: Invitation, user: User) -> None:
    model_update(
        instance=invitation,
        fields=["accepted_at", "accepted_by"],
        data={"accepted_at": timezone.now(), "accepted_by": user},
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


@service
def invitation_accept(
    *, actor: User | AnonymousUser, token: str, first_name: str, last_name: str, password: str
) -> User:
    """Creates the account of a new person (the actor, not logged in: the token is their right) and
    grants the invited role. Single use."""
    require(can_create_account(actor))
    invitation = _lock_usable(token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account already exists for this email: log in to accept the invitation."))
    user = User(email=invitation.email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_password(password)
    user.full_clean()
    user.save()
    _grant(invitation, user)
    _mark_accepted(invitation, user)
    return user


@service
def invitation_accept_existing(*, actor: User, token: str) -> Invitation:
    """A person who already has an account accepts a further role (e.g. counsellor in a second enterprise)."""
    require(can_accept_invitation(actor))
    invitation = _lock_usable(token)
    if invitation.email.lower() != actor.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."))
    _grant(invitation, actor)
    _mark_accepted(invitation, actor)
    return invitation


@service
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    require(can_revoke_invitation(actor, invitation))
    model_update(instance=invitation, fields=["revoked_at"], data={"revoked_at": timezone.now()})
    return invitation
