"""Named permission checks about accounts and invitations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db import models

from .roles import ContextKind, EnterpriseRole

if TYPE_CHECKING:
    from .models import Invitation, User


def can_invite(
    user: User,
    *,
    kind: str,
    role: str = "",
    enterprise: models.Model | None = None,
    employer: models.Model | None = None,
    sponsor: models.Model | None = None,
) -> bool:
    """Network staff invite anyone; a director invites their team (not another director); a director
    or coordinator invites an employer contact for their enterprise (`sponsor`) only, through the
    employers app, which checks that the enterprise works with that employer."""
    if not user.is_authenticated:
        return False
    if user.is_network_staff:
        return True
    if kind == ContextKind.ENTERPRISE and enterprise is not None:
        return user.role_in(enterprise.pk) == EnterpriseRole.DIRECTOR and role != EnterpriseRole.DIRECTOR
    if kind == ContextKind.EMPLOYER and sponsor is not None:
        return user.role_in(sponsor.pk) in (EnterpriseRole.DIRECTOR, EnterpriseRole.COORDINATOR)
    return False


def can_manage_invitations(user: User, enterprise: models.Model | None = None) -> bool:
    if user.is_network_staff:
        return True
    if enterprise is None:
        return False
    return user.role_in(enterprise.pk) == EnterpriseRole.DIRECTOR


def can_revoke_invitation(user: User, invitation: Invitation) -> bool:
    """Whoever sees the invitation in their list: network staff, or the director of its enterprise."""
    return user.is_network_staff or user.role_in(invitation.enterprise_id) == EnterpriseRole.DIRECTOR


def can_resend_invitation(user: User) -> bool:
    """Sending an invitation's email again is network staff's remedy when a person did not get it."""
    return user.is_network_staff


def can_create_account(user: User | AnonymousUser) -> bool:
    """A new account comes from an invitation opened by someone not logged in (the token is the right)."""
    return not user.is_authenticated


def can_accept_invitation(user: User | AnonymousUser) -> bool:
    """A person with an account accepts a further role while logged in (their email must match)."""
    return user.is_authenticated
