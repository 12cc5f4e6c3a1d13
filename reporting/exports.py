"""The figures of a finished run as CSV or XLSX (openpyxl), labelled in the active language.
Aggregate reports keep their "< 5" small-cell suppression."""

import csv
import io

from django.utils.translation import gettext as _

from .presentation import enterprise_rows, report_sections


def figure_rows(snapshot: dict, *, suppress: bool) -> list[tuple[str, str, str]]:
    indicators = snapshot["indicators"]
    sections = report_sections(indicators, suppress=suppress)
    rows = []

    def add(section, items):
        rows.extend((section, item.label, item.value) for item in items)

    add(_("Results of the year"), sections["summary"])
    add(_("Agreement with Emploi-Québec"), sections["targets"])
    rows.extend((_("Outcome at exit"), label, value) for label, value in sections["outcome_chart"].rows)
    add(_("Drop-out reasons"), sections["dropout_reasons"])
    for row in sections["retention_rows"]:
        section = _("Job retention at the post-pathway follow-ups")
        rows.append((section, f"{row['label']} — {_('Recorded')}", row["recorded"]))
        rows.append((section, f"{row['label']} — {_('Still employed')}", row["employed"]))
        rows.append((section, f"{row['label']} — {_('Unreachable')}", row["unreachable"]))
    add(_("Profile at intake"), sections["profile_rows"])
    rows.extend((_("Age at the start of the pathway"), label, value) for label, value in sections["age_chart"].rows)
    add(_("Gender"), sections["gender_rows"])
    add(_("Schooling at intake"), sections["schooling_rows"])
    add(_("Main income source at intake"), sections["income_rows"])
    add(_("Barriers to employment"), sections["barrier_rows"])
    add(_("Activity"), sections["activity_rows"])
    for row in sections["kind_rows"]:
        section = _("Referrals and hires by kind of employer")
        rows.append((section, f"{row['label']} — {_('Referrals')}", row["referrals"]))
        rows.append((section, f"{row['label']} — {_('Referrals hired')}", row["hired_referrals"]))
        rows.append((section, f"{row['label']} — {_('Hires')}", row["hires"]))
    if snapshot.get("enterprise_rows") is not None:
        section = _("Results by enterprise")
        for row in enterprise_rows(snapshot["enterprise_rows"], suppress=suppress):
            rows.append((section, f"{row['enterprise']} — {_('People served')}", row["served"]))
            rows.append((section, f"{row['enterprise']} — {_('Exits')}", row["exits"]))
            rows.append((section, f"{row['enterprise']} — {_('Integration rate')}", row["integration_rate"]))
    return rows


def header() -> list[str]:
    return [_("Section"), _("Indicator"), _("Value")]


def to_csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens accents correctly


def to_xlsx(rows, *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Figures")[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(header())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
