"""Named permission checks. Reads of another enterprise are filtered out by `visible_to` (a 404);
these answer "may this person do that inside an enterprise they can see?" (else a 403)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.functional import Promise

from ceiq.accounts.models import User
from ceiq.accounts.roles import EnterpriseRole

if TYPE_CHECKING:
    from .models import Enterprise, Membership


def can_view_enterprise(user: User, enterprise: Enterprise) -> bool:
    return user.is_network_staff or user.role_in(enterprise.pk) is not None


def can_edit_enterprise(user: User, enterprise: Enterprise | None = None) -> bool:
    return user.is_network_staff


def can_create_enterprise(user: User) -> bool:
    return user.is_network_staff


def can_view_directory(user: User) -> bool:
    """The network-wide directory, its export and the reference data are for network staff."""
    return user.is_network_staff


def can_edit_reference_data(user: User) -> bool:
    return user.is_network_staff


def can_assess_recognition(user: User, enterprise: Enterprise) -> bool:
    return user.is_network_staff


def can_manage_agreements(user: User, enterprise: Enterprise) -> bool:
    return user.is_network_staff


def _is_director(user: User, enterprise: Enterprise) -> bool:
    return user.role_in(enterprise.pk) == EnterpriseRole.DIRECTOR


def can_manage_partners(user: User, enterprise: Enterprise) -> bool:
    return user.is_network_staff or _is_director(user, enterprise)


def can_manage_staff(user: User, enterprise: Enterprise) -> bool:
    return user.is_network_staff or _is_director(user, enterprise)


def assignable_roles(user: User, enterprise: Enterprise) -> list[tuple[str, str | Promise]]:
    """Roles this person may give in the enterprise: network staff any, a director any but director."""
    if user.is_network_staff:
        return list(EnterpriseRole.choices)
    if can_manage_staff(user, enterprise):
        return [choice for choice in EnterpriseRole.choices if choice[0] != EnterpriseRole.DIRECTOR]
    return []


def can_change_membership(user: User, membership: Membership) -> bool:
    """Network staff change anyone's membership; a director changes their team's, but not their own
    (no locking oneself out) nor another director's."""
    if user.is_network_staff:
        return True
    if not can_manage_staff(user, membership.enterprise):
        return False
    return membership.user_id != user.pk and membership.role != EnterpriseRole.DIRECTOR


def can_view_enterprise_history(user: User, enterprise: Enterprise) -> bool:
    """The change history of the profile and agreements: network staff and the director."""
    return user.is_network_staff or _is_director(user, enterprise)
