from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Participant, m2m_fields={"barriers"})
        auditlog.register(models.Consent)
        auditlog.register(models.Pathway)
        auditlog.register(models.Evaluation)
        auditlog.register(models.FollowUp, exclude_fields=["confidential_notes"])
        auditlog.register(models.Internship)
        auditlog.register(models.PostPathwayFollowUp)

        from ceiq.core import dashboards
        from ceiq.core import demo as core_demo

        from . import dashboard, demo

        core_demo.register(40, demo.seed)
        dashboards.register(dashboard.panels)
