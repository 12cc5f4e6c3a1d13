"""Import of existing records (CSV or XLSX): participants with their pathways, past and current.

All-or-nothing: every row is checked and written inside one transaction; any error rolls the whole
file back and the report names each bad row and column. Re-importing the same file updates instead
of duplicating: a participant is found by its `external_id` in the enterprise, a pathway by its
participant, trade and start date. Rows are written through the participants' services and the
pathway's state machine, as the pages write them; people anonymized at the end of their retention
period are never re-created. The column format is documented in docs/import-participants.md.

`reading` turns the file into rows within limits, `parsing` checks each row on its own, `writing`
saves them through the services."""

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ceiq.accounts.models import User
from ceiq.core.services import require, service
from enterprises.models import Enterprise

from ..extensions import erasure_register
from ..permissions import can_import_participants
from .parsing import (
    COLUMNS,
    PARTICIPANT_COLUMNS,
    PATHWAY_COLUMNS,
    REQUIRED_COLUMNS,
    ParsedRow,
    ParsingContext,
    parse_row,
)
from .reading import columns_with_control_characters, read_rows
from .report import ImportFileError, ImportReport, RowError
from .writing import save_people

__all__ = [
    "COLUMNS",
    "PARTICIPANT_COLUMNS",
    "PATHWAY_COLUMNS",
    "ImportFileError",
    "ImportReport",
    "RowError",
    "import_participants",
    "read_rows",
]


def _check_header(header: list[str], report: ImportReport) -> None:
    extra = [column for column in header if column not in COLUMNS]
    if extra:
        report.warnings.append(
            _("Columns ignored (not part of the import format): %(columns)s.") % {"columns": ", ".join(extra)}
        )
    for column in REQUIRED_COLUMNS:
        if column not in header:
            report.error(1, column, _("Required column missing."))


def _check_person_rows(external_id: str, group: list[ParsedRow], report: ImportReport) -> None:
    """One person's rows together: at most one open pathway, no pathway twice."""
    open_rows = [row for row in group if row.is_open]
    for row in open_rows[1:]:
        report.error(
            row.number,
            "status",
            _("%(id)s already has an active pathway in this file (row %(row)d).")
            % {"id": external_id, "row": open_rows[0].number},
        )
    keys: dict = {}
    for row in group:
        if row.pathway is not None:
            key = (row.pathway["trade"].pk, row.pathway["start_date"])
            if key in keys:
                report.error(row.number, "start_date", _("Same pathway as row %(row)d.") % {"row": keys[key]})
            keys.setdefault(key, row.number)


def _refuse_anonymized(parsed: dict[str, list[ParsedRow]], enterprise: Enterprise, report: ImportReport) -> None:
    """A person anonymized at the end of the retention period stays anonymized: their rows are errors."""
    anonymized = erasure_register().anonymized_on(enterprise_id=enterprise.pk, external_ids=list(parsed))
    for external_id, day in anonymized.items():
        for row in parsed.pop(external_id):
            report.error(
                row.number,
                "external_id",
                _(
                    "This person's record was anonymized on %(date)s (end of the retention period): "
                    "it cannot be imported again."
                )
                % {"date": date_format(day)},
            )


def _parse_all(rows, report: ImportReport) -> dict[str, list[ParsedRow]]:
    context = ParsingContext()
    parsed: dict[str, list[ParsedRow]] = {}
    for number, values in rows:
        refused = list(columns_with_control_characters(values))
        for column in refused:
            report.error(
                number,
                column,
                _("This cell contains a control character (such as a NUL byte) that cannot be imported: remove it."),
            )
        row = None if refused else parse_row(number, values, context, report)
        if row is not None:
            parsed.setdefault(row.participant["external_id"], []).append(row)
    for external_id, group in parsed.items():
        _check_person_rows(external_id, group, report)
    return parsed


@service
def import_participants(
    file, *, filename: str, enterprise: Enterprise, actor: User, dry_run: bool = False
) -> ImportReport:
    """Import the file for `enterprise` as `actor` (who needs the import right there): all or nothing."""
    require(can_import_participants(actor, enterprise))
    report = ImportReport(dry_run=dry_run)
    try:
        header, rows = read_rows(file, filename)
    except ImportFileError as error:
        report.error(1, "", error)
        return report
    _check_header(header, report)
    if not report.ok:
        return report
    report.rows = len(rows)
    if not rows:
        report.error(1, "", _("The file has no data row."))
        return report

    parsed = _parse_all(rows, report)
    _refuse_anonymized(parsed, enterprise, report)
    with transaction.atomic():
        if report.ok:
            save_people(parsed, enterprise, actor, report)
        if not report.ok or dry_run:
            transaction.set_rollback(True)
    if not report.ok:
        report.forget_counts()
    report.errors.sort(key=lambda error: (error.row, COLUMNS.index(error.column) if error.column in COLUMNS else -1))
    return report
