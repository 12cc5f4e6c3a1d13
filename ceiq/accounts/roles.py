"""Roles are data: a membership row carries one of these. Network staff is a flag on the user."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseRole(models.TextChoices):
    DIRECTOR = "director", _("Director")
    COORDINATOR = "coordinator", _("Coordinator")
    COUNSELLOR = "counsellor", _("Counsellor")
    SUPERVISOR = "supervisor", _("Supervisor / trainer")


class ContextKind(models.TextChoices):
    NETWORK = "network", _("Network staff")
    ENTERPRISE = "enterprise", _("Insertion enterprise")
    EMPLOYER = "employer", _("Employer")


# Roles that may read an enterprise's participants (everything but employers).
ENTERPRISE_STAFF_ROLES = frozenset(EnterpriseRole.values)
# Roles that read confidential psycho-social notes.
CONFIDENTIAL_NOTES_ROLES = frozenset({EnterpriseRole.COUNSELLOR})
# Roles that read intake profile details (income, barriers).
INTAKE_PROFILE_ROLES = frozenset({EnterpriseRole.DIRECTOR, EnterpriseRole.COORDINATOR, EnterpriseRole.COUNSELLOR})
# Roles that see only the people whose pathway they supervise (participants.models.person_visible).
SUPERVISED_PEOPLE_ONLY_ROLES = frozenset({EnterpriseRole.SUPERVISOR})
