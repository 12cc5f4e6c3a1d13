import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        # WeasyPrint reports each layout step (and its own start-up) at INFO: keep the web, worker and
        # command output readable. Set before anything imports it (reporting.pdf).
        logging.getLogger("weasyprint").setLevel(logging.WARNING)

        from ceiq.core import dashboards
        from ceiq.core import demo as core_demo

        from . import dashboard, demo

        core_demo.register(60, demo.seed)
        dashboards.register(dashboard.panels)
