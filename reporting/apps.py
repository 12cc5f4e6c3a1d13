from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from ceiq.core import demo as core_demo

        from . import demo

        core_demo.register(60, demo.seed)
