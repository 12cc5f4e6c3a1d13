"""Who may do what with participants. Each check takes the user and the object (or enterprise) and
answers from the user's role in that object's enterprise. Reads are scoped first with
`visible_to(user)` (another tenant → 404); these checks turn a missing right into a 403."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ceiq.accounts.roles import (
    CONFIDENTIAL_NOTES_ROLES,
    ENTERPRISE_STAFF_ROLES,
    INTAKE_PROFILE_ROLES,
    SUPERVISED_PEOPLE_ONLY_ROLES,
    EnterpriseRole,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from ceiq.accounts.models import User
    from enterprises.models import Enterprise

    from .models import Participant

    Actor = User | AnonymousUser

MANAGERS = frozenset({EnterpriseRole.DIRECTOR, EnterpriseRole.COORDINATOR})
TEAM_READERS = frozenset({EnterpriseRole.DIRECTOR, EnterpriseRole.COORDINATOR, EnterpriseRole.COUNSELLOR})


def _role(user: Actor | None, enterprise_id: int) -> str | None:
    if user is None or user.is_anonymous:
        return None
    return user.role_in(enterprise_id)


def supervises(user: Actor, participant: Participant) -> bool:
    """The user is the supervisor of one of the participant's pathways (uses prefetched pathways)."""
    return any(pathway.supervisor_id == user.pk for pathway in participant.pathways.all())


# Enterprise-wide pages (lists, intake, import): the enterprise of the current context.
def can_list_participants(user: Actor, enterprise: Enterprise) -> bool:
    return _role(user, enterprise.pk) is not None


def can_create_participant(user: Actor, enterprise: Enterprise) -> bool:
    return _role(user, enterprise.pk) in MANAGERS


def can_import_participants(user: Actor, enterprise: Enterprise) -> bool:
    return _role(user, enterprise.pk) in MANAGERS


def can_export_lists(user: Actor, enterprise: Enterprise) -> bool:
    return _role(user, enterprise.pk) in TEAM_READERS


def can_view_group_sessions(user: Actor, enterprise: Enterprise) -> bool:
    return _role(user, enterprise.pk) in TEAM_READERS


def can_record_group_session(user: Actor, enterprise: Enterprise) -> bool:
    return _role(user, enterprise.pk) in TEAM_READERS


# One participant.
def can_view_participant(user: Actor, participant: Participant) -> bool:
    """The "who may see this person" rule (`models.person_visible`) for one loaded participant."""
    role = _role(user, participant.enterprise_id)
    if role in SUPERVISED_PEOPLE_ONLY_ROLES:
        return supervises(user, participant)
    return role in ENTERPRISE_STAFF_ROLES


def can_edit_participant(user: Actor, participant: Participant) -> bool:
    return _role(user, participant.enterprise_id) in MANAGERS


def can_view_intake_profile(user: Actor, participant: Participant) -> bool:
    """Income source, barriers, referral source: never supervisors."""
    return _role(user, participant.enterprise_id) in INTAKE_PROFILE_ROLES


def can_view_contact_details(user: Actor, participant: Participant) -> bool:
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_manage_consents(user: Actor, participant: Participant) -> bool:
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_export_participant_data(user: Actor, participant: Participant) -> bool:
    """Law 25 access and portability requests: the staff who follow the person. Supervisors never
    see the intake profile, so they cannot export it."""
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_read_confidential_notes(user: Actor, participant: Participant) -> bool:
    return _role(user, participant.enterprise_id) in CONFIDENTIAL_NOTES_ROLES


def can_view_follow_ups(user: Actor, participant: Participant) -> bool:
    """The meetings and their team summary (not the confidential notes)."""
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_record_follow_up(user: Actor, participant: Participant) -> bool:
    return _role(user, participant.enterprise_id) == EnterpriseRole.COUNSELLOR


def can_manage_pathways(user: Actor, participant: Participant) -> bool:
    return _role(user, participant.enterprise_id) in MANAGERS


def can_record_evaluation(user: Actor, participant: Participant) -> bool:
    role = _role(user, participant.enterprise_id)
    if role in MANAGERS:
        return True
    return role == EnterpriseRole.SUPERVISOR and supervises(user, participant)


def can_record_qualification(user: Actor, participant: Participant) -> bool:
    return can_record_evaluation(user, participant)


def can_record_internship(user: Actor, participant: Participant) -> bool:
    return _role(user, participant.enterprise_id) in MANAGERS


def can_record_post_follow_up(user: Actor, participant: Participant) -> bool:
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_view_employment(user: Actor, participant: Participant) -> bool:
    """Placements, referrals and post-pathway follow-ups."""
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_view_change_history(user: Actor, participant: Participant) -> bool:
    return _role(user, participant.enterprise_id) in MANAGERS
