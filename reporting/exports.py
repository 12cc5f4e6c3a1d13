"""The figures of a finished run as CSV or XLSX (written by ceiq.core.exports), labelled in the
active language. Aggregate reports keep their "< 5" small-cell suppression: the values are the
report's own display text."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceiq.core.exports import Column, csv_response, xlsx_response

from .models import ReportRun, ReportScope
from .presentation import RETENTION_COLUMNS, enterprise_rows, report_sections

FigureRow = tuple[str, str, str]

FIGURE_COLUMNS = (
    Column(gettext_lazy("Section"), width=40),
    Column(gettext_lazy("Indicator"), width=60),
    Column(gettext_lazy("Value"), width=16),
)


def _labelled(section: str, label: str, values: dict, keys: list[tuple[str, str]]) -> list[FigureRow]:
    """One row a figure of a table line: "<line> — <column>"."""
    return [(section, f"{label} — {title}", values[key]) for key, title in keys]


def figure_rows(snapshot: dict, *, suppress: bool) -> list[FigureRow]:
    indicators = snapshot["indicators"]
    sections = report_sections(indicators, suppress=suppress)
    rows: list[FigureRow] = []

    def add(section, items):
        rows.extend((section, item.label, item.value) for item in items)

    add(_("Results of the year"), sections["summary"])
    add(_("Agreement with Emploi-Québec"), sections["targets"])
    rows.extend((_("Outcome at exit"), label, value) for label, value in sections["outcome_chart"].rows)
    add(_("Drop-out reasons"), sections["dropout_reasons"])
    retention = [(key, str(title)) for key, title in RETENTION_COLUMNS]
    for row in sections["retention_rows"]:
        rows.extend(_labelled(_("Job retention at the post-pathway follow-ups"), row["label"], row, retention))
    add(_("Profile at intake"), sections["profile_rows"])
    rows.extend((_("Age at the start of the pathway"), label, value) for label, value in sections["age_chart"].rows)
    add(_("Gender"), sections["gender_rows"])
    add(_("Schooling at intake"), sections["schooling_rows"])
    add(_("Main income source at intake"), sections["income_rows"])
    add(_("Barriers to employment"), sections["barrier_rows"])
    add(_("Activity"), sections["activity_rows"])
    kinds = [("referrals", _("Referrals")), ("hired_referrals", _("Referrals hired")), ("hires", _("Hires"))]
    for row in sections["kind_rows"]:
        rows.extend(_labelled(_("Referrals and hires by kind of employer"), row["label"], row, kinds))
    if snapshot.get("enterprise_rows") is not None:
        columns = [("served", _("People served")), ("exits", _("Exits")), ("integration_rate", _("Integration rate"))]
        for row in enterprise_rows(snapshot["enterprise_rows"], suppress=suppress):
            rows.extend(_labelled(_("Results by enterprise"), row["enterprise"], row, columns))
    return rows


def figures_response(run: ReportRun, file_format: str) -> HttpResponse:
    """The run's figures as a download named like its PDF (`format`: "csv" or "xlsx")."""
    rows = figure_rows(run.snapshot or {}, suppress=run.scope != ReportScope.ENTERPRISE)
    base = run.download_name.removesuffix(".pdf")
    if file_format == "xlsx":
        title = f"{run.scope_label} — {run.fiscal_year}-{run.fiscal_year + 1}"
        return xlsx_response(FIGURE_COLUMNS, rows, filename=f"{base}.xlsx", sheet_title=_("Figures"), title=title)
    return csv_response(FIGURE_COLUMNS, rows, filename=f"{base}.csv")
