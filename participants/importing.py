"""Import of existing records (CSV or XLSX): participants with their pathways, past and current.

All-or-nothing: every row is checked and written inside one transaction; any error rolls the whole
file back and the report names each bad row and column. Re-importing the same file updates instead
of duplicating: a participant is found by its `external_id` in the enterprise, a pathway by its
participant, trade and start date. The column format is documented in docs/import-participants.md."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from ceiq.accounts.models import User
from ceiq.core.parsing import CONTROL_CHARACTERS_MESSAGE, has_control_characters
from ceiq.core.services import require, service
from enterprises.models import Enterprise, Trade

from . import services
from .choices import (
    ENDED_PATHWAY_STATUSES,
    OPEN_PATHWAY_STATUSES,
    ConsentPurpose,
    DropoutReason,
    ExitOutcome,
    PathwayStatus,
    pathway_status_reachable,
)
from .fields import IMPORTED_FIELDS
from .models import Barrier, Participant, Pathway, PathwayTransition
from .permissions import can_import_participants
from .schedule import planned_end_for, post_pathway_follow_ups_schedule

# The participant's columns are its importable fields (participants.fields), then the consents given.
PARTICIPANT_COLUMNS = [*IMPORTED_FIELDS, "consents"]
PATHWAY_COLUMNS = [
    "trade",
    "start_date",
    "planned_end_date",
    "actual_end_date",
    "status",
    "weekly_hours",
    "exit_outcome",
    "dropout_reason",
]
COLUMNS = PARTICIPANT_COLUMNS + PATHWAY_COLUMNS
REQUIRED_COLUMNS = ["external_id", "first_name", "last_name"]
# The choice columns accept a code or a label (French or English): the participant's from its model
# fields, the pathway's from its choices.
CHOICE_COLUMNS = {
    **{
        name: list(getattr(Participant._meta.get_field(name), "choices", None) or [])
        for name in IMPORTED_FIELDS
        if getattr(Participant._meta.get_field(name), "choices", None)
    },
    "status": PathwayStatus.choices,
    "exit_outcome": ExitOutcome.choices,
    "dropout_reason": DropoutReason.choices,
}
TRUE_WORDS = {"oui", "yes", "o", "y", "1", "true", "vrai"}
FALSE_WORDS = {"non", "no", "n", "0", "false", "faux"}


class ImportFileError(Exception):
    """The file cannot be read at all (format, encoding, empty)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    participants_created: int = 0
    participants_updated: int = 0
    pathways_created: int = 0
    pathways_updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row, column, message):
        self.errors.append(RowError(row, column, str(message)))

    @property
    def summary(self) -> str:
        if not self.ok:
            return ngettext(
                "%(count)d problem found: nothing was imported.",
                "%(count)d problems found: nothing was imported.",
                len(self.errors),
            ) % {"count": len(self.errors)}
        text = _(
            "%(rows)d rows: %(p_new)d participants created, %(p_upd)d updated; "
            "%(w_new)d pathways created, %(w_upd)d updated."
        ) % {
            "rows": self.rows,
            "p_new": self.participants_created,
            "p_upd": self.participants_updated,
            "w_new": self.pathways_created,
            "w_upd": self.pathways_updated,
        }
        if self.dry_run:
            text = _("Check only, nothing saved. %(summary)s") % {"summary": text}
        return text


# Reading ------------------------------------------------------------------------------------------


def read_rows(file, filename: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header's columns and [(spreadsheet row number, {column: text or date})]; the header is row 1."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _read_xlsx(file)
    elif name.endswith(".csv"):
        table = _read_csv(file)
    else:
        raise ImportFileError(_("The file must be a CSV or an XLSX file."))
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [str(cell or "").strip().lower() for cell in table[0]]
    rows = []
    for index, cells in enumerate(table[1:], start=2):
        values = {header[i]: cell for i, cell in enumerate(cells) if i < len(header) and header[i]}
        if all(_text(value) == "" for value in values.values()):
            continue
        rows.append((index, values))
    return [column for column in header if column], rows


def _read_csv(file) -> list[list]:
    raw = file.read()
    if isinstance(raw, str):
        text = raw
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(file) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(file.read()), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportFileError(_("This XLSX file cannot be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


# Parsing one value ---------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _day_month_year(text: str) -> date:
    """31/12/2025, as spreadsheets in Québec often write dates."""
    day, month, year = text.split("/")
    if len(year) != 4:
        raise ValueError(text)
    return date(int(year), int(month), int(day))


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for parse in (date.fromisoformat, _day_month_year):
        try:
            return parse(text[:10])
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date (expected YYYY-MM-DD).") % {"value": text})


def _choice_lookup(choices) -> dict:
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        for language in ("fr", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = value
    return lookup


def _choice(column, value, lookups):
    text = _text(value)
    if not text:
        return ""
    found = lookups[column].get(text.lower())
    if found is None:
        codes = ", ".join(value for value, _label in CHOICE_COLUMNS[column])
        raise ValueError(
            _("“%(value)s” is not an accepted value (codes: %(codes)s).") % {"value": text, "codes": codes}
        )
    return found


def _boolean(value):
    text = _text(value).lower()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("“%(value)s” is not yes or no (oui/non).") % {"value": _text(value)})


def _list(value) -> list[str]:
    return [part.strip() for part in _text(value).replace(",", ";").split(";") if part.strip()]


# Parsing a row -------------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    number: int
    participant: dict
    barriers: list
    consents: list
    pathway: dict | None


class _Context:
    def __init__(self, enterprise):
        self.enterprise = enterprise
        self.lookups = {column: _choice_lookup(choices) for column, choices in CHOICE_COLUMNS.items()}
        self.trades = {}
        for trade in Trade.objects.all():
            for key in (trade.code, trade.name_fr, trade.name_en):
                self.trades[key.lower()] = trade
        self.barriers = {}
        for barrier in Barrier.objects.all():
            for key in (barrier.code, barrier.name_fr, barrier.name_en):
                self.barriers[key.lower()] = barrier
        self.consents = _choice_lookup(ConsentPurpose.choices)


_SKIP = object()


def _participant_value(column, values, context, report, number, attempt):
    """One participant column, parsed by the kind of its model field (`_SKIP`: leave the field alone)."""
    field = Participant._meta.get_field(column)
    if field.many_to_many:
        return _SKIP  # barriers: read with the consents below
    if column in REQUIRED_COLUMNS:
        text = _text(values.get(column))
        if not text:
            report.error(number, column, _("This column is required."))
        return text
    if column in CHOICE_COLUMNS:
        return attempt(column, lambda v: _choice(column, v, context.lookups)) or _SKIP
    if isinstance(field, models.DateField):
        return attempt(column, _date)
    if isinstance(field, models.BooleanField):
        return attempt(column, _boolean)
    return _text(values.get(column))


def _parse_row(number, values, context, report) -> ParsedRow | None:
    errors_before = len(report.errors)
    for column, value in values.items():
        if isinstance(value, str) and has_control_characters(value, multiline=True):
            report.error(number, column, CONTROL_CHARACTERS_MESSAGE)

    def attempt(column, parse):
        try:
            return parse(values.get(column))
        except ValueError as error:
            report.error(number, column, error)
            return None

    participant = {}
    for column in IMPORTED_FIELDS:
        value = _participant_value(column, values, context, report, number, attempt)
        if value is not _SKIP:
            participant[column] = value

    barriers = []
    for name in _list(values.get("barriers")):
        barrier = context.barriers.get(name.lower())
        if barrier is None:
            report.error(number, "barriers", _("Unknown barrier “%(value)s”.") % {"value": name})
        else:
            barriers.append(barrier)
    consents = []
    for name in _list(values.get("consents")):
        purpose = context.consents.get(name.lower())
        if purpose is None:
            report.error(number, "consents", _("Unknown consent purpose “%(value)s”.") % {"value": name})
        else:
            consents.append(purpose)

    pathway = None
    if any(_text(values.get(column)) for column in PATHWAY_COLUMNS):
        pathway = _parse_pathway(number, values, context, report, attempt)
    if len(report.errors) > errors_before:
        return None
    return ParsedRow(number, participant, barriers, consents, pathway)


def _parse_pathway(number, values, context, report, attempt) -> dict | None:
    trade_text = _text(values.get("trade"))
    trade = context.trades.get(trade_text.lower()) if trade_text else None
    if not trade_text:
        report.error(number, "trade", _("A pathway needs its trade."))
    elif trade is None:
        report.error(number, "trade", _("Unknown trade “%(value)s”.") % {"value": trade_text})
    start = attempt("start_date", _date)
    if start is None and "start_date" not in {e.column for e in report.errors if e.row == number}:
        report.error(number, "start_date", _("A pathway needs its start date."))
    planned_end = attempt("planned_end_date", _date)
    actual_end = attempt("actual_end_date", _date)
    status = attempt("status", lambda v: _choice("status", v, context.lookups))
    exit_outcome = attempt("exit_outcome", lambda v: _choice("exit_outcome", v, context.lookups))
    dropout_reason = attempt("dropout_reason", lambda v: _choice("dropout_reason", v, context.lookups))
    hours_text = _text(values.get("weekly_hours")).replace(",", ".")
    weekly_hours = Decimal("35")
    if hours_text:
        try:
            weekly_hours = Decimal(hours_text)
        except InvalidOperation:
            report.error(number, "weekly_hours", _("“%(value)s” is not a number of hours.") % {"value": hours_text})
        else:
            if not Decimal("1") <= weekly_hours <= Decimal("60"):
                report.error(number, "weekly_hours", _("Weekly hours must be between 1 and 60."))
    if not status:
        status = PathwayStatus.COMPLETED if actual_end else PathwayStatus.ACTIVE
    if start and actual_end and actual_end < start:
        report.error(number, "actual_end_date", _("A pathway cannot end before it starts."))
    if start and planned_end and planned_end <= start:
        report.error(number, "planned_end_date", _("The planned end must come after the start."))
    if status in ENDED_PATHWAY_STATUSES and not actual_end:
        report.error(number, "actual_end_date", _("An ended pathway needs its exit date."))
    if status not in ENDED_PATHWAY_STATUSES and actual_end:
        report.error(number, "status", _("A pathway with an exit date must be completed or dropped out."))
    if status not in ENDED_PATHWAY_STATUSES and (exit_outcome or dropout_reason):
        report.error(number, "exit_outcome", _("Only an ended pathway has an outcome at exit."))
    if status == PathwayStatus.COMPLETED and dropout_reason:
        report.error(number, "dropout_reason", _("A completed pathway has no drop-out reason."))
    return {
        "trade": trade,
        "start_date": start,
        "planned_end_date": planned_end,
        "actual_end_date": actual_end,
        "status": status,
        "weekly_hours": weekly_hours,
        "exit_outcome": exit_outcome or (ExitOutcome.UNKNOWN if status in ENDED_PATHWAY_STATUSES else ""),
        "dropout_reason": dropout_reason or (DropoutReason.OTHER if status == PathwayStatus.DROPPED_OUT else ""),
    }


# Writing -------------------------------------------------------------------------------------------


def _model_errors(report, number, error: ValidationError, default_column):
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            column = name if name in COLUMNS else default_column
            for message in messages:
                report.error(number, column, message)
    else:
        for message in error.messages:
            report.error(number, default_column, message)


def _save_participant(rows: list[ParsedRow], context, actor, report):
    first = rows[0]
    fields = dict(first.participant)
    existing = Participant.objects.filter(enterprise=context.enterprise, external_id=fields["external_id"]).first()
    try:
        with transaction.atomic():
            if existing is None:
                participant = services.participant_create(
                    actor=actor, enterprise=context.enterprise, barriers=first.barriers, **fields
                )
                report.participants_created += 1
            else:
                participant = services.participant_update(
                    actor=actor, participant=existing, barriers=first.barriers, **fields
                )
                report.participants_updated += 1
            if existing is None:
                # Consents come from the file only when the import creates the person: afterwards they
                # are managed on the person's file, and an old file never undoes a withdrawal.
                for purpose in sorted({purpose for row in rows for purpose in row.consents}):
                    services.consent_give(actor=actor, participant=participant, purpose=purpose)
    except ValidationError as error:
        _model_errors(report, first.number, error, "external_id")
        return None
    return participant


def _save_pathway(participant, row: ParsedRow, context, actor, report):
    data = row.pathway
    assert data is not None  # only rows with a pathway come here
    planned_end = data["planned_end_date"] or planned_end_for(context.enterprise, data["start_date"])
    existing = Pathway.objects.filter(
        participant=participant, trade=data["trade"], start_date=data["start_date"]
    ).first()
    pathway = existing or Pathway(participant=participant, enterprise=context.enterprise)
    previous_status = existing.status if existing else ""
    if existing and not pathway_status_reachable(previous_status, data["status"]):
        # A pathway already in the portal moves only as its state machine allows (an ended one is final).
        report.error(
            row.number,
            "status",
            _("This pathway is “%(current)s” in the portal: it cannot become “%(status)s”.")
            % {"current": existing.get_status_display(), "status": PathwayStatus(data["status"]).label},
        )
        return
    pathway.trade = data["trade"]
    pathway.start_date = data["start_date"]
    pathway.planned_end_date = planned_end
    pathway.actual_end_date = data["actual_end_date"]
    pathway.status = data["status"]
    pathway.weekly_hours = data["weekly_hours"]
    pathway.exit_outcome = data["exit_outcome"]
    pathway.dropout_reason = data["dropout_reason"]
    try:
        with transaction.atomic():
            pathway.full_clean(validate_constraints=False)
            pathway.save()
            if previous_status != pathway.status:
                PathwayTransition.objects.create(
                    pathway=pathway,
                    from_status=previous_status,
                    to_status=pathway.status,
                    effective_date=pathway.actual_end_date or pathway.start_date,
                    by=actor,
                    reason=_("Import"),
                )
            if pathway.status in ENDED_PATHWAY_STATUSES:
                post_pathway_follow_ups_schedule(pathway=pathway)
    except ValidationError as error:
        _model_errors(report, row.number, error, "start_date")
        return
    except IntegrityError:
        report.error(row.number, "status", _("This person already has an active pathway."))
        return
    if existing:
        report.pathways_updated += 1
    else:
        report.pathways_created += 1


def _check_header(header: list[str], report: ImportReport) -> None:
    columns = set(header)
    for column in sorted(columns - set(COLUMNS)):
        report.error(1, column, _("Unknown column."))
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            report.error(1, column, _("Required column missing."))


def _is_open(row: ParsedRow) -> bool:
    return row.pathway is not None and row.pathway["status"] in OPEN_PATHWAY_STATUSES


def _check_person_rows(external_id: str, group: list[ParsedRow], report: ImportReport) -> None:
    """One person's rows together: at most one open pathway, no pathway twice."""
    open_rows = [row for row in group if _is_open(row)]
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


def _save_all(parsed: dict[str, list[ParsedRow]], context: _Context, actor: User, report: ImportReport) -> None:
    for group in parsed.values():
        participant = _save_participant(group, context, actor, report)
        if participant is None:
            continue
        # Ended pathways first, so an open one never collides with one closed by the same file.
        ordered = sorted(
            (row for row in group if row.pathway is not None),
            key=lambda row: (_is_open(row), row.pathway["start_date"] if row.pathway else None),
        )
        for row in ordered:
            _save_pathway(participant, row, context, actor, report)


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

    context = _Context(enterprise)
    parsed: dict[str, list[ParsedRow]] = {}
    for number, values in rows:
        row = _parse_row(number, values, context, report)
        if row is not None:
            parsed.setdefault(row.participant["external_id"], []).append(row)
    for external_id, group in parsed.items():
        _check_person_rows(external_id, group, report)

    with transaction.atomic():
        if report.ok:
            _save_all(parsed, context, actor, report)
        if not report.ok or dry_run:
            transaction.set_rollback(True)
    if not report.ok:
        report.participants_created = report.participants_updated = 0
        report.pathways_created = report.pathways_updated = 0
    report.errors.sort(key=lambda error: (error.row, COLUMNS.index(error.column) if error.column in COLUMNS else -1))
    return report
