from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Insertion enterprises")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Enterprise, m2m_fields={"sectors", "trades"})
        auditlog.register(models.FundingAgreement)
        auditlog.register(models.Membership)
        auditlog.register(models.RecognitionAssessment)
        auditlog.register(models.Partner)

        from ceiq.core import dashboards
        from ceiq.core import demo as core_demo

        from . import dashboard, demo

        core_demo.register(20, demo.seed)
        dashboards.register(dashboard.panels)
