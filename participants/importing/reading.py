"""Reading an uploaded file into rows, within limits: a file is refused, with a message saying which
limit it passed, before it can keep a web worker busy or fill its memory.

- CSV: UTF-8 (with or without a BOM) or Windows-1252 as saved by Excel; `,`, `;` or tab separators.
- XLSX: the zip's declared sizes are added up before anything is decompressed (the zip reader never
  inflates an entry past its declared size), then the first sheet is streamed (openpyxl read-only),
  row by row, without trusting the sheet's declared dimensions."""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ceiq.core.parsing import has_control_characters

from .report import ImportFileError

MEGABYTE = 1024 * 1024
# The page's form refuses larger uploads too (participants.forms.ImportForm).
MAX_UPLOAD_BYTES = 5 * MEGABYTE
# An XLSX of 10,000 rows × 30 columns is ~20 MB of XML: 50 MB leaves room, 240 MB is refused.
MAX_UNCOMPRESSED_BYTES = 50 * MEGABYTE
MAX_ROWS = 20_000
MAX_COLUMNS = 60

Rows = tuple[list[str], list[tuple[int, dict[str, Any]]]]


def read_rows(file, filename: str) -> Rows:
    """The header's columns and [(spreadsheet row number, {column: text or date})]; the header is row 1.
    Raises ImportFileError when the file cannot be read or passes a limit."""
    raw = file.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("The file is too large (%(megabytes)d MB at most).") % {"megabytes": MAX_UPLOAD_BYTES // MEGABYTE}
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _read_xlsx(raw)
    elif name.endswith(".csv"):
        table = _read_csv(raw)
    else:
        raise ImportFileError(_("The file must be a CSV or an XLSX file."))
    return _rows_of(table)


def _rows_of(table: Iterator[Sequence[Any]]) -> Rows:
    header_cells = next(table, None)
    if header_cells is None:
        raise ImportFileError(_("The file is empty."))
    header = [_column_name(cell) for cell in header_cells]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise ImportFileError(
            _("The file has %(count)d columns: %(limit)d at most.") % {"count": len(header), "limit": MAX_COLUMNS}
        )
    rows = []
    for number, cells in enumerate(table, start=2):
        if number > MAX_ROWS + 1:
            raise ImportFileError(
                _("The file has more than %(limit)d rows: split it into several files.") % {"limit": MAX_ROWS}
            )
        values = {header[i]: cell for i, cell in enumerate(cells[: len(header)]) if header[i]}
        if all(cell is None or str(cell).strip() == "" for cell in values.values()):
            continue
        rows.append((number, values))
    return [column for column in header if column], rows


def _column_name(cell: Any) -> str:
    """`first_name` from `first_name` or from the template's `first_name (Prénom / First name)`."""
    return str(cell or "").strip().lower().split(" (", 1)[0].strip()


def _read_csv(raw: bytes) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The file's encoding is not recognised: save it as CSV UTF-8 or CSV (Windows)."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        raise ImportFileError(_("This CSV file cannot be read (line %(line)d).") % {"line": reader.line_num}) from error


def _read_xlsx(raw: bytes) -> Iterator[Sequence[Any]]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            expanded = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportFileError(_("This XLSX file cannot be read.")) from error
    if expanded > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            _(
                "This XLSX file expands to %(size)d MB once uncompressed (%(limit)d MB at most): "
                "remove unused sheets and formatting, or split it."
            )
            % {"size": expanded // MEGABYTE, "limit": MAX_UNCOMPRESSED_BYTES // MEGABYTE}
        )
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportFileError(_("This XLSX file cannot be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        # A crafted sheet may declare a huge range: read only the cells it holds.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    except Exception as error:  # noqa: BLE001 - a damaged sheet fails while streaming
        raise ImportFileError(_("This XLSX file cannot be read.")) from error
    finally:
        workbook.close()


def columns_with_control_characters(values: dict[str, Any]) -> Iterable[str]:
    """The columns whose cell holds a NUL byte or another control character (PostgreSQL refuses
    NUL in text; the others are invisible in the portal and break exports). Line breaks and tabs
    may sit in a cell (a multi-line address). The same rule as every form's (ceiq.core.parsing)."""
    for column, value in values.items():
        if isinstance(value, str) and has_control_characters(value, multiline=True):
            yield column
