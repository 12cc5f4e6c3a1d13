from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from ceiq.accounts.models import User
from ceiq.accounts.roles import CONFIDENTIAL_NOTES_ROLES, EnterpriseRole
from participants.models import Participant
from participants.permissions import can_export_participant_data

from .models import ConfidentialityIncident

__all__ = ["can_export_participant_data", "can_manage_incident", "can_read_confidential_notes", "can_record_incident"]


def can_read_confidential_notes(user: User, participant: Participant) -> bool:
    return user.is_authenticated and user.role_in(participant.enterprise_id) in CONFIDENTIAL_NOTES_ROLES


def can_record_incident(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_network_staff or EnterpriseRole.DIRECTOR in user.enterprise_roles.values()


def can_manage_incident(user: User | AnonymousUser, incident: ConfidentialityIncident) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_network_staff:
        return True
    return incident.enterprise_id is not None and user.role_in(incident.enterprise_id) == EnterpriseRole.DIRECTOR
