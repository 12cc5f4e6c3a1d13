"""Demo: one finished report of the previous fiscal year for the demo enterprise, rendered in-process
(skipped quietly if WeasyPrint cannot run here)."""

import logging

from ceiq.core.fiscal import FiscalYear
from enterprises.models import Enterprise

from .models import ReportRun, ReportScope, ReportStatus
from .services import report_render

logger = logging.getLogger(__name__)


def seed(*, password: str):
    enterprise = Enterprise.objects.filter(slug="atelier-du-bois").first()
    if enterprise is None:
        return []
    year = FiscalYear.current().previous.start_year
    run, _created = ReportRun.objects.get_or_create(
        scope=ReportScope.ENTERPRISE, enterprise=enterprise, fiscal_year=year, language="fr"
    )
    if run.status == ReportStatus.FAILED:
        run.status = ReportStatus.QUEUED
        run.save(update_fields=["status"])
    if run.status != ReportStatus.SUCCEEDED:
        try:
            report_render(run.pk)
        except Exception:  # noqa: BLE001 - the demo works without a PDF
            logger.warning("demo report could not be rendered", exc_info=True)
    return []  # no demo accounts of its own
