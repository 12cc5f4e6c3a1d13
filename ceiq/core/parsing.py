"""Reading what a visitor typed or sent: whole numbers from query parameters and posted ids, and text
free of control characters. One place, so every page and form answers bad input the same way (a
field error or the default, never a 500).

`str.isdigit()` and `int()` accept more than ASCII digits: « ² » passes `isdigit()` and breaks `int()`,
« ٣ » (Arabic-Indic three) is read as 3. An id is ASCII digits, nothing else."""

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The largest primary key a bigint column holds; anything larger cannot name a row.
MAX_PRIMARY_KEY = 2**63 - 1

_ASCII_INTEGER = re.compile(r"-?[0-9]{1,25}")
# C0 controls and DEL, C1 controls, lone surrogates (they cannot be encoded for the database) and
# the byte-order mark / noncharacters used to smuggle input. Tab, newline and carriage return are
# allowed only where the text may span lines (textareas, imported notes).
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_FORBIDDEN_SINGLE_LINE = re.compile(f"[{_CONTROL}\t\n\r]")
_FORBIDDEN_MULTILINE = re.compile(f"[{_CONTROL}]")

CONTROL_CHARACTERS_MESSAGE = _("This text contains control characters (such as a NUL byte) that are not allowed.")


def parse_int(value: object, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """The whole number written in ASCII digits (an optional leading minus sign, surrounding spaces
    ignored), or None: for anything else (Unicode digits, decimals, empty), and for a number outside
    [minimum, maximum] when those are given."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _ASCII_INTEGER.fullmatch(text):
        return None
    number = int(text)
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number


def parse_id(value: object) -> int | None:
    """A primary key from a query parameter or a posted field: a positive ASCII whole number a
    bigint column can hold, or None."""
    return parse_int(value, minimum=1, maximum=MAX_PRIMARY_KEY)


def parse_ids(values: list[str]) -> list[int]:
    """The valid ids among posted values (`request.POST.getlist(...)`), in order, without repeats."""
    ids: list[int] = []
    for value in values:
        pk = parse_id(value)
        if pk is not None and pk not in ids:
            ids.append(pk)
    return ids


def page_number(request) -> int:
    """The `?page=` of a list: a positive ASCII whole number, else 1 (the paginator clamps a page
    past the end to the last one)."""
    return parse_int(request.GET.get("page"), minimum=1, maximum=MAX_PRIMARY_KEY) or 1


def parse_choice(value: object, choices: Iterable[tuple[Any, Any]]) -> str | None:
    """A query parameter naming one of the choices' values, else None: nothing else a visitor types
    (NUL bytes, unknown values) reaches a database filter."""
    allowed = {str(choice_value) for choice_value, _label in choices}
    return value if isinstance(value, str) and value in allowed else None


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """Whether the text holds characters no field accepts: NUL and other control characters, lone
    surrogates; tab, newline and carriage return too unless the text may span lines."""
    pattern = _FORBIDDEN_MULTILINE if multiline else _FORBIDDEN_SINGLE_LINE
    return pattern.search(text) is not None


class ControlCharactersValidator:
    """Field validator: refuses text with control characters (see `has_control_characters`)."""

    code = "control_characters"

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and has_control_characters(value, multiline=self.multiline):
            raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharactersValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((type(self), self.multiline))
