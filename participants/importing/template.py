"""The import template people can fill: an XLSX whose header names each column in French and English
(the reader recognises `code (Français / English)` as `code`), a sheet of the accepted values of each
coded column, and drop-down lists on the coded columns (a warning, not a refusal: the French and
English labels are accepted too)."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ceiq.core.exports import safe_text
from enterprises.models import Trade

from ..choices import ConsentPurpose
from ..models import Barrier, Participant, Pathway
from .parsing import CHOICE_COLUMNS, COLUMNS
from .reading import MAX_ROWS

# The columns that are not a model field of the same name, with their labels (French, English).
OTHER_LABELS = {"consents": ("Consentements donnés", "Consents given")}


def column_label(column: str) -> str:
    """`first_name (Prénom / First name)`: what the template's header shows for `column`."""
    if column in OTHER_LABELS:
        french, english = OTHER_LABELS[column]
    else:
        model = Pathway if column in {field.name for field in Pathway._meta.get_fields()} else Participant
        field = model._meta.get_field(column)
        names = []
        for language in ("fr", "en"):
            with translation.override(language):
                names.append(str(getattr(field, "verbose_name", column)))
        french, english = names
    return f"{column} ({french[:1].upper()}{french[1:]} / {english[:1].upper()}{english[1:]})"


def _accepted_values() -> dict[str, list[tuple[str, str]]]:
    """Per coded column, its (code, label) pairs in the current language."""
    values = {column: [(code, str(label)) for code, label in choices] for column, choices in CHOICE_COLUMNS.items()}
    name = "name_en" if translation.get_language() == "en" else "name_fr"
    values["trade"] = [(trade.code, getattr(trade, name)) for trade in Trade.objects.order_by(name)]
    values["barriers"] = [(barrier.code, getattr(barrier, name)) for barrier in Barrier.objects.order_by(name)]
    values["consents"] = [(code, str(label)) for code, label in ConsentPurpose.choices]
    return values


def import_template_bytes() -> bytes:
    workbook = Workbook()
    rows = workbook.active
    assert isinstance(rows, Worksheet)  # a new workbook has one worksheet
    rows.title = _("Participants")[:31]
    rows.append([column_label(column) for column in COLUMNS])
    for index, cell in enumerate(rows[1], start=1):
        cell.font = Font(bold=True)
        rows.column_dimensions[get_column_letter(index)].width = max(14, len(str(cell.value)) // 2)
    rows.freeze_panes = "A2"

    accepted = workbook.create_sheet(_("Accepted values")[:31])
    position = 1
    for column, pairs in _accepted_values().items():
        code_letter, label_letter = get_column_letter(position), get_column_letter(position + 1)
        accepted.cell(row=1, column=position, value=column).font = Font(bold=True)
        accepted.cell(row=1, column=position + 1, value=_("label")).font = Font(bold=True)
        for line, (code, label) in enumerate(pairs, start=2):
            accepted.cell(row=line, column=position, value=safe_text(code))
            accepted.cell(row=line, column=position + 1, value=safe_text(label))
        accepted.column_dimensions[label_letter].width = 40
        if column in COLUMNS and column not in {"barriers", "consents"}:  # lists take several values
            target = get_column_letter(COLUMNS.index(column) + 1)
            validation = DataValidation(
                type="list",
                formula1=f"'{accepted.title}'!${code_letter}$2:${code_letter}${len(pairs) + 1}",
                allow_blank=True,
                errorStyle="warning",
            )
            validation.add(f"{target}2:{target}{MAX_ROWS + 1}")
            rows.add_data_validation(validation)
        position += 3
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
