"""Named permission checks for the employers app. Reads are scoped by `visible_to` first (another
tenant's object is a 404); these checks answer "may this person do that here?" (403 when not)."""

from ceiq.accounts.roles import EnterpriseRole

from .models import ReferralStatus

# Who builds shortlists and records hires on the enterprise side (DESIGN: coordinator, and the director).
REFERRAL_ROLES = frozenset({EnterpriseRole.DIRECTOR, EnterpriseRole.COORDINATOR})

OPEN_REFERRAL_STATUSES = (ReferralStatus.PROPOSED, ReferralStatus.SEEN, ReferralStatus.INTERVIEW)


def _manages_referrals_somewhere(user) -> bool:
    return any(role in REFERRAL_ROLES for role in user.enterprise_roles.values())


def can_view_directory(user) -> bool:
    return user.is_authenticated and (user.is_network_staff or user.is_enterprise_staff or bool(user.employer_ids))


def can_create_employer(user) -> bool:
    return user.is_authenticated and (user.is_network_staff or _manages_referrals_somewhere(user))


def can_edit_employer(user, employer=None) -> bool:
    return can_create_employer(user)


def can_invite_employer_contact(user, employer=None) -> bool:
    return can_create_employer(user)


def can_view_openings(user) -> bool:
    return can_view_directory(user)


def can_create_opening(user, enterprise=None, employer=None) -> bool:
    """Employer contacts post their own openings; a director or coordinator records one on an
    employer's behalf (from their enterprise context)."""
    if not user.is_authenticated:
        return False
    if employer is not None and employer.pk in user.employer_ids:
        return True
    if enterprise is not None:
        return user.role_in(enterprise.pk) in REFERRAL_ROLES
    return False


def can_edit_opening(user, opening) -> bool:
    if opening.employer_id in user.employer_ids:
        return True
    if opening.recorded_by_enterprise_id is not None:
        return user.role_in(opening.recorded_by_enterprise_id) in REFERRAL_ROLES
    return False


def can_match_candidates(user, enterprise) -> bool:
    """Matching ranks the participants of the user's current enterprise."""
    return enterprise is not None and user.role_in(enterprise.pk) in REFERRAL_ROLES


def can_propose_referral(user, enterprise, opening=None) -> bool:
    if not can_match_candidates(user, enterprise):
        return False
    return opening is None or opening.status == "open"


def is_employer_of_referral(user, referral) -> bool:
    return referral.opening.employer_id in user.employer_ids


def can_act_on_referral(user, referral) -> bool:
    """Interview, hire or decline while the referral is open: the employer the candidate was proposed
    to, or the enterprise's director or coordinator recording it on the employer's behalf."""
    if referral.status not in OPEN_REFERRAL_STATUSES:
        return False
    return is_employer_of_referral(user, referral) or user.role_in(referral.enterprise_id) in REFERRAL_ROLES


def can_withdraw_referral(user, referral) -> bool:
    return user.role_in(referral.enterprise_id) in REFERRAL_ROLES and referral.status in OPEN_REFERRAL_STATUSES


def can_request_checkin(user, placement) -> bool:
    return user.role_in(placement.enterprise_id) in REFERRAL_ROLES


def can_answer_checkin(user, check_in) -> bool:
    return check_in.placement.employer_id in user.employer_ids and check_in.answered_at is None
