"""The import template people can fill: an XLSX (written by ceiq.core.exports) whose header names
each column in French and English (the reader recognises `code (Français / English)` as `code`), a
sheet of the accepted values of each coded column, and drop-down lists on the coded columns."""

from django.utils import translation
from django.utils.translation import gettext as _

from ceiq.core.exports import ValueList, xlsx_template_bytes
from enterprises.models import Trade

from ..choices import ConsentPurpose
from ..models import Barrier, Participant, Pathway
from .parsing import CHOICE_COLUMNS, COLUMNS
from .reading import MAX_ROWS

# The columns that are not a model field of the same name, with their labels (French, English).
OTHER_LABELS = {"consents": ("Consentements donnés", "Consents given")}
# Columns that take several values: listed, without a drop-down.
LIST_COLUMNS = {"barriers", "consents"}


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
    value_lists = [
        ValueList(column, pairs, None if column in LIST_COLUMNS else COLUMNS.index(column))
        for column, pairs in _accepted_values().items()
    ]
    return xlsx_template_bytes(
        [column_label(column) for column in COLUMNS],
        value_lists,
        sheet_title=_("Participants"),
        values_title=_("Accepted values"),
        rows=MAX_ROWS,
    )
