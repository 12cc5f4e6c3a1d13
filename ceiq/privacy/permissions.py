from ceiq.accounts.roles import CONFIDENTIAL_NOTES_ROLES, EnterpriseRole
from participants.permissions import can_export_participant_data

__all__ = ["can_export_participant_data", "can_manage_incident", "can_read_confidential_notes", "can_record_incident"]


def can_read_confidential_notes(user, participant) -> bool:
    return user.role_in(participant.enterprise_id) in CONFIDENTIAL_NOTES_ROLES


def can_record_incident(user) -> bool:
    return user.is_network_staff or EnterpriseRole.DIRECTOR in user.enterprise_roles.values()


def can_manage_incident(user, incident) -> bool:
    if user.is_network_staff:
        return True
    return incident.enterprise_id is not None and user.role_in(incident.enterprise_id) == EnterpriseRole.DIRECTOR
