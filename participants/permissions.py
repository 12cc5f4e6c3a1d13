"""Who may do what with participants. Each check takes the user and the object (or enterprise) and
answers from the user's role in that object's enterprise. Reads are scoped first with
`visible_to(user)` (another tenant → 404); these checks turn a missing right into a 403."""

from ceiq.accounts.roles import CONFIDENTIAL_NOTES_ROLES, INTAKE_PROFILE_ROLES, EnterpriseRole

MANAGERS = frozenset({EnterpriseRole.DIRECTOR, EnterpriseRole.COORDINATOR})
TEAM_READERS = frozenset({EnterpriseRole.DIRECTOR, EnterpriseRole.COORDINATOR, EnterpriseRole.COUNSELLOR})


def _role(user, enterprise_id):
    if not getattr(user, "is_authenticated", False):
        return None
    return user.role_in(enterprise_id)


def supervises(user, participant) -> bool:
    """The user is the supervisor of one of the participant's pathways (uses prefetched pathways)."""
    return any(pathway.supervisor_id == user.pk for pathway in participant.pathways.all())


# Enterprise-wide pages (lists, intake, import): the enterprise of the current context.
def can_list_participants(user, enterprise) -> bool:
    return _role(user, enterprise.pk) is not None


def can_create_participant(user, enterprise) -> bool:
    return _role(user, enterprise.pk) in MANAGERS


def can_import_participants(user, enterprise) -> bool:
    return _role(user, enterprise.pk) in MANAGERS


def can_export_lists(user, enterprise) -> bool:
    return _role(user, enterprise.pk) in TEAM_READERS


def can_view_group_sessions(user, enterprise) -> bool:
    return _role(user, enterprise.pk) in TEAM_READERS


def can_record_group_session(user, enterprise) -> bool:
    return _role(user, enterprise.pk) in TEAM_READERS


# One participant.
def can_view_participant(user, participant) -> bool:
    role = _role(user, participant.enterprise_id)
    if role in TEAM_READERS:
        return True
    return role == EnterpriseRole.SUPERVISOR and supervises(user, participant)


def can_edit_participant(user, participant) -> bool:
    return _role(user, participant.enterprise_id) in MANAGERS


def can_view_intake_profile(user, participant) -> bool:
    """Income source, barriers, referral source: never supervisors."""
    return _role(user, participant.enterprise_id) in INTAKE_PROFILE_ROLES


def can_view_contact_details(user, participant) -> bool:
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_manage_consents(user, participant) -> bool:
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_export_participant_data(user, participant) -> bool:
    """Law 25 access and portability requests: the staff who follow the person. Supervisors never
    see the intake profile, so they cannot export it."""
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_read_confidential_notes(user, participant) -> bool:
    return _role(user, participant.enterprise_id) in CONFIDENTIAL_NOTES_ROLES


def can_view_follow_ups(user, participant) -> bool:
    """The meetings and their team summary (not the confidential notes)."""
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_record_follow_up(user, participant) -> bool:
    return _role(user, participant.enterprise_id) == EnterpriseRole.COUNSELLOR


def can_manage_pathways(user, participant) -> bool:
    return _role(user, participant.enterprise_id) in MANAGERS


def can_record_evaluation(user, participant) -> bool:
    role = _role(user, participant.enterprise_id)
    if role in MANAGERS:
        return True
    return role == EnterpriseRole.SUPERVISOR and supervises(user, participant)


def can_record_qualification(user, participant) -> bool:
    return can_record_evaluation(user, participant)


def can_record_internship(user, participant) -> bool:
    return _role(user, participant.enterprise_id) in MANAGERS


def can_record_post_follow_up(user, participant) -> bool:
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_view_employment(user, participant) -> bool:
    """Placements, referrals and post-pathway follow-ups."""
    return _role(user, participant.enterprise_id) in TEAM_READERS


def can_view_change_history(user, participant) -> bool:
    return _role(user, participant.enterprise_id) in MANAGERS
