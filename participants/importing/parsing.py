"""Parsing the rows read from a file: each cell by its column's kind, each row against the pathway's
rules. Nothing is written here; every problem becomes a row error in the report."""

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from enterprises.models import Trade

from ..choices import (
    ENDED_PATHWAY_STATUSES,
    OPEN_PATHWAY_STATUSES,
    ConsentPurpose,
    DropoutReason,
    ExitOutcome,
    PathwayStatus,
)
from ..fields import IMPORTED_FIELDS
from ..models import Barrier, Participant
from .report import ImportReport

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
CLOSEST_SHOWN = 3


class Vocabulary:
    """The accepted values of a column, each known by its code and its French and English names (case
    ignored). An unknown text is refused with the closest accepted values, so the person sees what to
    write instead (« Menuiserie » → « Ébénisterie et transformation du bois (woodworking) »)."""

    def __init__(self, entries: Iterable[tuple[Any, str, Iterable[str]]]):
        """`entries`: (value, how the value is shown, the names it is known by)."""
        self.by_name: dict[str, Any] = {}
        self.shown: dict[Any, str] = {}
        for value, shown, names in entries:
            self.shown[value] = shown
            for name in names:
                self.by_name.setdefault(_folded(str(name)), value)

    @classmethod
    def of_choices(cls, choices) -> "Vocabulary":
        entries = []
        for value, label in choices:
            names = [value]
            for language in ("fr", "en"):
                with translation.override(language):
                    names.append(str(label))
            entries.append((value, f"{label} ({value})", names))
        return cls(entries)

    @classmethod
    def of_reference(cls, rows: Iterable[Any]) -> "Vocabulary":
        """Trades and barriers: code, French name, English name."""
        language_name = "name_en" if translation.get_language() == "en" else "name_fr"
        return cls(
            (row, f"{getattr(row, language_name)} ({row.code})", (row.code, row.name_fr, row.name_en)) for row in rows
        )

    def find(self, text: str) -> Any:
        found = self.by_name.get(_folded(text))
        if found is None:
            raise ValueError(
                _("“%(value)s” is not an accepted value. Closest accepted values: %(closest)s.")
                % {"value": text, "closest": " ; ".join(self.closest(text))}
            )
        return found

    def closest(self, text: str) -> list[str]:
        folded = _folded(text)
        names = sorted(self.by_name, key=lambda name: -_likeness(folded, name))
        closest: list[str] = []
        for name in names:
            shown = self.shown[self.by_name[name]]
            if shown not in closest:
                closest.append(shown)
            if len(closest) == CLOSEST_SHOWN:
                break
        return closest


def _folded(text: str) -> str:
    """Lower case, without accents: « Ébénisterie » and « ebenisterie » are the same name."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def _likeness(text: str, name: str) -> float:
    """How close a typed text is to a name, whole or by one of its words (« Menuiserie » is closer to
    « Ébénisterie et transformation du bois » than the whole names suggest)."""
    words = [name, *name.replace("-", " ").split()]
    return max(difflib.SequenceMatcher(None, text, word).ratio() for word in words)


# Parsing one value ---------------------------------------------------------------------------------


def text_of(value) -> str:
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
    text = text_of(value)
    if not text:
        return None
    for parse in (date.fromisoformat, _day_month_year):
        try:
            return parse(text[:10])
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date (expected YYYY-MM-DD).") % {"value": text})


def _boolean(value):
    text = text_of(value).lower()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("“%(value)s” is not yes or no (oui/non).") % {"value": text_of(value)})


def _list(value) -> list[str]:
    return [part.strip() for part in text_of(value).replace(",", ";").split(";") if part.strip()]


# Parsing a row -------------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    number: int
    participant: dict
    barriers: list
    consents: list
    pathway: dict | None

    @property
    def is_open(self) -> bool:
        return self.pathway is not None and self.pathway["status"] in OPEN_PATHWAY_STATUSES


class ParsingContext:
    """The vocabularies of the coded columns, read once per import."""

    def __init__(self):
        self.choices = {column: Vocabulary.of_choices(choices) for column, choices in CHOICE_COLUMNS.items()}
        self.trades = Vocabulary.of_reference(Trade.objects.all())
        self.barriers = Vocabulary.of_reference(Barrier.objects.all())
        self.consents = Vocabulary.of_choices(ConsentPurpose.choices)

    def choice(self, column: str, value) -> str:
        text = text_of(value)
        return self.choices[column].find(text) if text else ""


_SKIP = object()


class _RowParser:
    """One row's cells, each parsed once; a problem becomes a row error and the cell's value None."""

    def __init__(self, number: int, values: dict, context: ParsingContext, report: ImportReport):
        self.number, self.values, self.context, self.report = number, values, context, report

    def error(self, column: str, message) -> None:
        self.report.error(self.number, column, message)

    def attempt(self, column: str, parse):
        try:
            return parse(self.values.get(column))
        except ValueError as error:
            self.error(column, error)
            return None

    def choice(self, column: str):
        return self.attempt(column, lambda value: self.context.choice(column, value))

    def listed(self, column: str, vocabulary: Vocabulary) -> list:
        found = []
        for name in _list(self.values.get(column)):
            try:
                found.append(vocabulary.find(name))
            except ValueError as error:
                self.error(column, error)
        return found

    def participant_value(self, column: str):
        """One participant column, parsed by the kind of its model field (`_SKIP`: leave the field alone)."""
        field = Participant._meta.get_field(column)
        if field.many_to_many:
            return _SKIP  # barriers: read as a list
        if column in REQUIRED_COLUMNS:
            text = text_of(self.values.get(column))
            if not text:
                self.error(column, _("This column is required."))
            return text
        if column in CHOICE_COLUMNS:
            return self.choice(column) or _SKIP
        if isinstance(field, models.DateField):
            return self.attempt(column, _date)
        if isinstance(field, models.BooleanField):
            return self.attempt(column, _boolean)
        return text_of(self.values.get(column))


def parse_row(number: int, values: dict, context: ParsingContext, report: ImportReport) -> ParsedRow | None:
    errors_before = len(report.errors)
    parser = _RowParser(number, values, context, report)
    participant = {}
    for column in IMPORTED_FIELDS:
        value = parser.participant_value(column)
        if value is not _SKIP:
            participant[column] = value
    barriers = parser.listed("barriers", context.barriers)
    consents = parser.listed("consents", context.consents)
    pathway = None
    if any(text_of(values.get(column)) for column in PATHWAY_COLUMNS):
        pathway = _parse_pathway(parser)
    if len(report.errors) > errors_before:
        return None
    return ParsedRow(number, participant, barriers, consents, pathway)


def _weekly_hours(value) -> Decimal | None:
    text = text_of(value).replace(",", ".")
    if not text:
        return None
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number of hours.") % {"value": text}) from None
    if not Decimal("1") <= hours <= Decimal("60"):
        raise ValueError(_("Weekly hours must be between 1 and 60."))
    return hours


def _parse_pathway(parser: _RowParser) -> dict:
    trade_text = text_of(parser.values.get("trade"))
    trade = parser.attempt("trade", lambda value: parser.context.trades.find(trade_text)) if trade_text else None
    if not trade_text:
        parser.error("trade", _("A pathway needs its trade."))
    start = parser.attempt("start_date", _date)
    if start is None and not text_of(parser.values.get("start_date")):
        parser.error("start_date", _("A pathway needs its start date."))
    data = {
        "trade": trade,
        "start_date": start,
        "planned_end_date": parser.attempt("planned_end_date", _date),
        "actual_end_date": parser.attempt("actual_end_date", _date),
        "status": parser.choice("status"),
        # Empty: 35 for a new pathway, unchanged for one already in the portal.
        "weekly_hours": parser.attempt("weekly_hours", _weekly_hours),
        "exit_outcome": parser.choice("exit_outcome") or "",
        "dropout_reason": parser.choice("dropout_reason") or "",
    }
    if not data["status"]:
        data["status"] = PathwayStatus.COMPLETED if data["actual_end_date"] else PathwayStatus.ACTIVE
    _check_pathway(parser, data)
    return data


def _check_pathway(parser: _RowParser, data: dict) -> None:
    """The rules of a pathway's row on its own (those against the portal's records come when writing).
    An ended pathway's outcome and a drop-out's reason are never guessed: they count in the figures."""
    start, planned_end, actual_end, status = (
        data["start_date"],
        data["planned_end_date"],
        data["actual_end_date"],
        data["status"],
    )
    ended = status in ENDED_PATHWAY_STATUSES
    if start and actual_end and actual_end < start:
        parser.error("actual_end_date", _("A pathway cannot end before it starts."))
    if start and planned_end and planned_end <= start:
        parser.error("planned_end_date", _("The planned end must come after the start."))
    if ended and not actual_end:
        parser.error("actual_end_date", _("An ended pathway needs its exit date."))
    if not ended and actual_end:
        parser.error("status", _("A pathway with an exit date must be completed or dropped out."))
    if not ended and (data["exit_outcome"] or data["dropout_reason"]):
        parser.error("exit_outcome", _("Only an ended pathway has an outcome at exit."))
    if ended and not data["exit_outcome"] and not text_of(parser.values.get("exit_outcome")):
        parser.error("exit_outcome", _("An ended pathway needs its outcome at exit (“unknown” if it is not known)."))
    if status == PathwayStatus.COMPLETED and data["dropout_reason"]:
        parser.error("dropout_reason", _("A completed pathway has no drop-out reason."))
    if (
        status == PathwayStatus.DROPPED_OUT
        and not data["dropout_reason"]
        and not text_of(parser.values.get("dropout_reason"))
    ):
        parser.error("dropout_reason", _("A dropped-out pathway needs its drop-out reason."))
