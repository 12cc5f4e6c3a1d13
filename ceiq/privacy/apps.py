from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "ceiq.privacy"
    label = "privacy"
    verbose_name = _("Privacy (Law 25)")

    def ready(self):
        from auditlog.registry import auditlog

        from participants.extensions import register_erasure_register

        from . import models, selectors

        auditlog.register(models.ConfidentialityIncident)
        register_erasure_register(selectors.TombstoneRegister())
