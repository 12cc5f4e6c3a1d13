"""The one way the portal writes a table to a file: CSV (UTF-8 with a BOM, so spreadsheet software
reads accents) or XLSX (typed cells: numbers as numbers, dates as dates, a `Figure` as its rounded
number with the number format that shows it as the page does), from columns declared as
data. Every list export, the report figures and the Law 25 export go through here.

Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return) is
neutralised with a leading apostrophe in both formats (CSV/formula injection, OWASP)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ceiq.core.figures import Figure

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Kind = Literal["text", "number", "date", "bool"]


@dataclass(frozen=True)
class Column:
    """One column: its header (translated when written), how to read its value from a row, and the
    kind of cell it makes in XLSX. Without `value`, a row is a sequence read by position."""

    header: str | Promise
    value: Callable[[Any], Any] | None = None
    kind: Kind = "text"
    width: int | None = None


def safe_text(value: Any) -> str:
    """A cell as text a spreadsheet shows as written: formulas are neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _typed(value: Any, kind: Kind) -> Any:
    """An XLSX cell's value: numbers stay numbers and dates stay dates; the rest is safe text."""
    if value is None or value == "":
        return None
    if isinstance(value, Figure):  # a figure: its number, or its text when masked ("< 5")
        return value.number if value.number is not None else safe_text(value)
    if kind == "number" and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    if kind == "date" and isinstance(value, date):
        # openpyxl cannot write aware datetimes: a datetime is shown in local time.
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return safe_text(value)


def _values(columns: Sequence[Column], row: Any) -> list[Any]:
    return [column.value(row) if column.value else row[index] for index, column in enumerate(columns)]


def csv_text(columns: Sequence[Column], rows: Iterable[Any]) -> str:
    """The table as CSV text (no BOM): a header line, then one line a row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_text(str(column.header)) for column in columns])
    for row in rows:
        writer.writerow([safe_text(value) for value in _values(columns, row)])
    return buffer.getvalue()


def csv_bytes(columns: Sequence[Column], rows: Iterable[Any]) -> bytes:
    return ("\ufeff" + csv_text(columns, rows)).encode("utf-8")


def _workbook(sheet_title: str) -> tuple[Workbook, Worksheet]:
    """A new workbook and its one sheet, titled (31 characters at most, as spreadsheets allow)."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook has one worksheet
    sheet.title = sheet_title[:31]
    return workbook, sheet


def xlsx_bytes(columns: Sequence[Column], rows: Iterable[Any], *, sheet_title: str = "", title: str = "") -> bytes:
    """One sheet: an optional bold title line, the bold header, then typed rows."""
    workbook, sheet = _workbook(sheet_title or _("Export"))
    if title:
        sheet.append([safe_text(title)])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    sheet.append([safe_text(str(column.header)) for column in columns])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        values = _values(columns, row)
        sheet.append([_typed(value, column.kind) for value, column in zip(values, columns, strict=True)])
        for cell, value in zip(sheet[sheet.max_row], values, strict=True):
            if isinstance(value, Figure) and value.number is not None:
                cell.number_format = value.number_format
    for index, column in enumerate(columns, start=1):
        if column.width:
            sheet.column_dimensions[get_column_letter(index)].width = column.width
    for line in sheet.iter_rows():
        for cell in line:
            if cell.data_type == "f":  # never a formula, whatever the text
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ValueList:
    """The accepted values of one column of a template to fill: listed (code, label) on the template's
    values sheet and, when `column` is given (0-based), offered as a drop-down on that column (a
    warning only, so the labels typed by hand stay possible)."""

    header: str
    values: Sequence[tuple[str, str]]
    column: int | None = None


def xlsx_template_bytes(
    headers: Sequence[str], value_lists: Sequence[ValueList], *, sheet_title: str, values_title: str, rows: int
) -> bytes:
    """A workbook to fill: a bold, frozen header on the first sheet, the accepted values on the
    second, drop-downs on the first `rows` rows of the columns that offer them."""
    workbook, sheet = _workbook(sheet_title)
    sheet.append([safe_text(header) for header in headers])
    for index, cell in enumerate(sheet[1], start=1):
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(str(cell.value)) // 2)
    sheet.freeze_panes = "A2"
    values = workbook.create_sheet(values_title[:31])
    for position, value_list in enumerate(value_lists):
        code_column = 3 * position + 1
        values.cell(row=1, column=code_column, value=safe_text(value_list.header)).font = Font(bold=True)
        for line, (code, label) in enumerate(value_list.values, start=2):
            values.cell(row=line, column=code_column, value=safe_text(code))
            values.cell(row=line, column=code_column + 1, value=safe_text(label))
        values.column_dimensions[get_column_letter(code_column + 1)].width = 40
        if value_list.column is not None:
            letter, target = get_column_letter(code_column), get_column_letter(value_list.column + 1)
            validation = DataValidation(
                type="list",
                formula1=f"'{values.title}'!${letter}$2:${letter}${len(value_list.values) + 1}",
                allow_blank=True,
                errorStyle="warning",
            )
            validation.add(f"{target}2:{target}{rows + 1}")
            sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(columns: Sequence[Column], rows: Iterable[Any], *, filename: str) -> HttpResponse:
    return attachment(csv_bytes(columns, rows), filename=filename, content_type=CSV_CONTENT_TYPE)


def xlsx_response(
    columns: Sequence[Column], rows: Iterable[Any], *, filename: str, sheet_title: str = "", title: str = ""
) -> HttpResponse:
    content = xlsx_bytes(columns, rows, sheet_title=sheet_title, title=title)
    return attachment(content, filename=filename, content_type=XLSX_CONTENT_TYPE)


def dated_filename(stem: str, extension: str = "csv") -> str:
    """`participants-2026-12-01.csv`: the export's subject and the local date."""
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"
