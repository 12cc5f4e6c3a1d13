"""The annual report as a PDF: a Django template rendered by WeasyPrint, in French or English."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from ceiq.core.figures import format_date
from ceiq.core.fiscal import FiscalYear

from .presentation import RETENTION_COLUMNS, enterprise_rows, report_sections


def render_report_pdf(
    *,
    indicators: dict,
    scope_label: str,
    fiscal_year,
    language: str,
    per_enterprise_rows=None,
    suppress_small_cells: bool | None = None,
) -> bytes:
    """Aggregate reports (those with per-enterprise rows) show counts under 5 people as "< 5"."""
    if not isinstance(fiscal_year, FiscalYear):
        fiscal_year = FiscalYear(int(fiscal_year))
    suppress = per_enterprise_rows is not None if suppress_small_cells is None else suppress_small_cells
    with translation.override(language):
        context = {
            "scope_label": scope_label,
            "fiscal_year": fiscal_year,
            "fiscal_year_label": fiscal_year.label,
            "generated_on": format_date(timezone.localdate()),
            # The running footer, written into the stylesheet as a CSS string (see css_string).
            "footer": f"{_('Confidential')} — {scope_label} — {fiscal_year}",
            "language": language,
            "suppress": suppress,
            "sections": report_sections(indicators, suppress=suppress),
            "retention_columns": RETENTION_COLUMNS,
            "enterprise_rows": enterprise_rows(per_enterprise_rows, suppress=suppress)
            if per_enterprise_rows is not None
            else None,
        }
        html = render_to_string("reporting/pdf/report.html", context)
    return HTML(string=html).write_pdf()
