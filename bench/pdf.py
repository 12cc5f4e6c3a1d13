"""The network report PDF of one fiscal year, timed end to end: the indicators, the per-enterprise
rows and WeasyPrint's rendering, as `manage.py generate_report --fiscal-year Y` does it."""

from typing import Any

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext

from bench.timing import timed
from ceiq.core.fiscal import FiscalYear
from reporting.indicators import compute_enterprise_rows, compute_indicators
from reporting.pdf import render_report_pdf

LANGUAGE = "fr"


def network_report_pdf(fiscal_year: FiscalYear) -> bytes:
    indicators = compute_indicators(fiscal_year=fiscal_year)
    rows = compute_enterprise_rows(fiscal_year=fiscal_year)
    with translation.override(LANGUAGE):
        label = gettext("Network of the Collectif (CEIQ)")
    return render_report_pdf(
        indicators=indicators, scope_label=label, fiscal_year=fiscal_year, language=LANGUAGE, per_enterprise_rows=rows
    )


def measure_pdf(fiscal_year: FiscalYear) -> dict[str, Any]:
    cache.clear()  # time the computation, not a cached copy
    seconds, pdf = timed(network_report_pdf, fiscal_year)
    return {
        "method": "reporting.pdf.render_report_pdf",
        "fiscal_year": fiscal_year.start_year,
        "seconds": round(seconds, 3),
        "bytes": len(pdf),
    }
