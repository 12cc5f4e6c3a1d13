"""How every figure the portal shows is written: counts, rates, averages, money, gaps and dates, in
the active language (Québec usage: `74,1 %`, `12 345,68 $`, `1er avril 2026`).

Numbers are rounded **half-up** (Decimal `ROUND_HALF_UP`) here, before they are formatted: Django's
`number_format(decimal_pos=…)` cuts extra digits off (74,07 → « 74,0 »), so it is only ever called
on a value already rounded to the digits it shows. A `Figure` is the text shown with the number
behind it, so that a spreadsheet export can write the number (with a number format) where a page
or a PDF writes the text.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import dateformat, formats, translation
from django.utils.translation import gettext as _

NO_BREAK_SPACE = "\u00a0"
MINUS = "\u2212"
PERCENT_FORMAT = "0.0%"
COUNT_FORMAT = "#,##0"
MONEY_FORMAT = '#,##0.00 "$"'


class Figure(str):
    """The text of a figure, carrying the number it shows (`None` when masked or missing) and the
    spreadsheet number format that writes that number as the text does."""

    number: Decimal | int | None
    number_format: str

    def __new__(cls, text: str, number: Decimal | int | None = None, number_format: str = "General") -> Figure:
        figure = super().__new__(cls, text)
        figure.number = number
        figure.number_format = number_format
        return figure


def _french() -> bool:
    return (translation.get_language() or "fr").startswith("fr")


def _decimal(value: Any) -> Decimal | None:
    """A Decimal read from the value's shortest text, so that the float 12345.675 is 12345.675 and
    not 12345.67499…"""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def half_up(value: Any, places: int) -> Decimal:
    """The value rounded half-up to `places` decimals: 74.05 → 74.1, 12345.675 → 12345.68."""
    number = _decimal(value)
    if number is None:
        raise ValueError(f"not a number: {value!r}")
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _grouped(number: Decimal | int, places: int) -> str:
    # The value is already rounded to `places`: number_format only writes it.
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_number(value: Any, places: int = 0) -> Figure:
    """A count or an average: `2 700`, `26,4`."""
    if _decimal(value) is None:
        return Figure("—")
    number = half_up(value, places)
    return Figure(_grouped(number, places), number, COUNT_FORMAT if places == 0 else "#,##0." + "0" * places)


def format_percent(rate: Any, places: int = 1) -> Figure:
    """A rate given as a fraction (0.7407…) shown as a percentage: `74,1 %` (`74.1%` in English)."""
    fraction = _decimal(rate)
    if fraction is None:
        return Figure("—")
    percent = half_up(fraction * 100, places)
    text = _grouped(percent, places)
    text = f"{text}{NO_BREAK_SPACE}%" if _french() else f"{text}%"
    return Figure(text, percent / 100, "0." + "0" * places + "%" if places else "0%")


def format_money(value: Any, places: int = 2) -> Figure:
    """`12 345,68 $` in French, `$12,345.68` in English."""
    amount = _decimal(value)
    if amount is None:
        return Figure("—" if value is None or value == "" else str(value))
    rounded = half_up(amount, places)
    text = _grouped(abs(rounded), places)
    sign = "-" if rounded < 0 else ""
    text = f"{sign}{text}{NO_BREAK_SPACE}$" if _french() else f"{sign}${text}"
    return Figure(text, rounded, MONEY_FORMAT)


def format_points(gap: Any, places: int = 1) -> Figure:
    """The gap between two rates (given as fractions) in percentage points, signed:
    « −0,8 point de pourcentage », « +2,0 points de pourcentage », "−0.8 percentage points"."""
    fraction = _decimal(gap)
    if fraction is None:
        return Figure("—")
    points = half_up(fraction * 100, places)
    number = _grouped(abs(points), places)
    sign = "+" if points > 0 else MINUS if points < 0 else ""
    # French: singular below 2 (« 1,5 point »); English: singular for exactly one.
    singular = abs(points) < 2 if _french() else abs(points) == 1
    unit = _("percentage point") if singular else _("percentage points")
    return Figure(f"{sign}{number}{NO_BREAK_SPACE}{unit}", points, '+0.0;"−"0.0;0.0')


MONTH_NAMES = set("EFMNb")  # format characters that write the month as a word


def _first_of_month(pattern: str) -> str:
    """The pattern with each day of the month (`j`, not escaped) written `1er`, when the month is
    written as a word (« 1er avril 2026 »; a numeric date such as 1/4/2026 is left alone)."""
    out = []
    escaped = False
    named_month = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "j":
            out.append("j\\e\\r")
        else:
            named_month = named_month or char in MONTH_NAMES
            out.append(char)
    return "".join(out) if named_month else pattern


def format_date(value: date | None, format_name: str | None = None) -> str:
    """A date (or datetime, already local) in a named format (`DATE_FORMAT`…) or a pattern; in
    French the first of the month is « 1er » (« 1er avril 2026 »)."""
    if value is None or value == "":
        return ""
    pattern = formats.get_format(format_name or "DATE_FORMAT")
    if _french() and getattr(value, "day", None) == 1:
        pattern = _first_of_month(pattern)
    return dateformat.format(value, pattern)
