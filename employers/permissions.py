"""Named permission checks for the employers app. Reads are scoped by `visible_to` first (another
tenant's object is a 404); these checks answer "may this person do that here?" (403 when not).
The services call them too: a write checks its actor whoever calls it (page, task or command)."""

from __future__ import annotations

from collections.abc import Iterable

from ceiq.accounts.models import User
from ceiq.accounts.roles import EnterpriseRole
from enterprises.models import Enterprise

from .models import Employer, JobOpening, OpeningStatus, Placement, Referral, ReferralStatus, RetentionCheckIn

# Who builds shortlists and records hires on the enterprise side: the coordinator and the director
# (docs/product.md, "Roles").
REFERRAL_ROLES = frozenset({EnterpriseRole.DIRECTOR, EnterpriseRole.COORDINATOR})

OPEN_REFERRAL_STATUSES = (ReferralStatus.PROPOSED, ReferralStatus.SEEN, ReferralStatus.INTERVIEW)


def _manages_referrals_somewhere(user: User) -> bool:
    return any(role in REFERRAL_ROLES for role in user.enterprise_roles.values())


def _manages_referrals_of(user: User, enterprise_id: int | None) -> bool:
    return user.role_in(enterprise_id) in REFERRAL_ROLES


def can_view_directory(user: User) -> bool:
    return user.is_authenticated and (user.is_network_staff or user.is_enterprise_staff or bool(user.employer_ids))


def can_create_employer(user: User) -> bool:
    return user.is_authenticated and (user.is_network_staff or _manages_referrals_somewhere(user))


def can_edit_employer(user: User, employer: Employer | None = None) -> bool:
    return can_create_employer(user)


def can_invite_employer_contact(
    user: User, employer: Employer | None = None, enterprise: Enterprise | None = None
) -> bool:
    """Network staff invite a contact for any employer; a director or coordinator, from their
    enterprise's context, only for an employer that enterprise works with (`Employer.objects.worked_with`).
    Without this, any coordinator could make themselves a contact of another enterprise's employer."""
    if not user.is_authenticated:
        return False
    if user.is_network_staff:
        return True
    if enterprise is None or not _manages_referrals_of(user, enterprise.pk):
        return False
    return employer is None or Employer.objects.worked_with(enterprise.pk).filter(pk=employer.pk).exists()


def can_manage_employer_contacts(user: User) -> bool:
    """Network staff see every employer contact, who invited them, and confirm or revoke them."""
    return user.is_authenticated and user.is_network_staff


def can_view_openings(user: User) -> bool:
    return can_view_directory(user)


def can_create_opening(user: User, enterprise: Enterprise | None = None, employer: Employer | None = None) -> bool:
    """Employer contacts post their own openings; a director or coordinator records one on an
    employer's behalf (from their enterprise context)."""
    if not user.is_authenticated:
        return False
    if employer is not None and employer.pk in user.employer_ids:
        return True
    if enterprise is not None:
        return _manages_referrals_of(user, enterprise.pk)
    return False


def can_edit_opening(user: User, opening: JobOpening) -> bool:
    if opening.employer_id in user.employer_ids:
        return True
    if opening.recorded_by_enterprise_id is not None:
        return _manages_referrals_of(user, opening.recorded_by_enterprise_id)
    return False


def can_match_candidates(user: User, enterprise: Enterprise | None) -> bool:
    """Matching ranks the participants of the user's current enterprise."""
    return enterprise is not None and _manages_referrals_of(user, enterprise.pk)


def can_propose_referral(user: User, enterprise: Enterprise | None, opening: JobOpening | None = None) -> bool:
    if not can_match_candidates(user, enterprise):
        return False
    return opening is None or opening.status == OpeningStatus.OPEN


def is_employer_of_referral(user: User, referral: Referral) -> bool:
    return referral.opening.employer_id in user.employer_ids


def can_mark_referrals_seen(user: User, referrals: Iterable[Referral]) -> bool:
    """Only the employer the candidates were proposed to marks them seen (by opening their page)."""
    return all(is_employer_of_referral(user, referral) for referral in referrals)


def can_act_on_referral(user: User, referral: Referral) -> bool:
    """Interview, hire or decline while the referral is open: the employer the candidate was proposed
    to, or the enterprise's director or coordinator recording it on the employer's behalf."""
    if referral.status not in OPEN_REFERRAL_STATUSES:
        return False
    return is_employer_of_referral(user, referral) or _manages_referrals_of(user, referral.enterprise_id)


def can_withdraw_referral(user: User, referral: Referral) -> bool:
    return _manages_referrals_of(user, referral.enterprise_id) and referral.status in OPEN_REFERRAL_STATUSES


def can_notify_employer_of_referral(user: User, referral: Referral) -> bool:
    """The email about a proposed candidate goes out in the name of the staff member who proposed
    them, while they still manage the enterprise's referrals."""
    return user.is_active and _manages_referrals_of(user, referral.enterprise_id)


def can_request_checkin(user: User, placement: Placement) -> bool:
    return _manages_referrals_of(user, placement.enterprise_id)


def can_notify_employer_of_checkin(user: User, check_in: RetentionCheckIn) -> bool:
    """The check-in email goes out in the name of the staff member who asked, while they still may."""
    return user.is_active and can_request_checkin(user, check_in.placement)


def can_answer_checkin(user: User, check_in: RetentionCheckIn) -> bool:
    return check_in.placement.employer_id in user.employer_ids and check_in.answered_at is None
