from ceiq.accounts.roles import CONFIDENTIAL_NOTES_ROLES, EnterpriseRole

# Who may export a person's data (Law 25 access and portability requests): the staff who follow
# the person. Supervisors never see the intake profile, so they cannot export it.
EXPORT_ROLES = frozenset({EnterpriseRole.DIRECTOR, EnterpriseRole.COORDINATOR, EnterpriseRole.COUNSELLOR})


def can_export_participant_data(user, participant) -> bool:
    return user.role_in(participant.enterprise_id) in EXPORT_ROLES


def can_read_confidential_notes(user, participant) -> bool:
    return user.role_in(participant.enterprise_id) in CONFIDENTIAL_NOTES_ROLES


def can_record_incident(user) -> bool:
    return user.is_network_staff or EnterpriseRole.DIRECTOR in user.enterprise_roles.values()


def can_manage_incident(user, incident) -> bool:
    if user.is_network_staff:
        return True
    return incident.enterprise_id is not None and user.role_in(incident.enterprise_id) == EnterpriseRole.DIRECTOR
