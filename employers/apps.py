from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = _("Employers")

    def ready(self):
        from auditlog.registry import auditlog

        from ceiq.core import dashboards
        from ceiq.core import demo as core_demo
        from participants.extensions import register_placement_recorder

        from . import dashboard, demo, models
        from .services import ExitPlacementRecorder

        auditlog.register(models.Employer)
        auditlog.register(models.JobOpening)
        auditlog.register(models.Referral)
        auditlog.register(models.Placement)

        # Participants' exit form and services reach employers only through this registry.
        register_placement_recorder(ExitPlacementRecorder())

        core_demo.register(30, demo.seed)
        core_demo.register(50, demo.seed_after_participants)
        dashboards.register(dashboard.panels)
