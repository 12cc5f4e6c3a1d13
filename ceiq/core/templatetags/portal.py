"""Québec formats in templates: money `12 345,67 $` in French, `$12,345.67` in English."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import translation
from django.utils.formats import number_format

register = template.Library()


def format_money(value, decimals: int = 2) -> str:
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    text = number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if (translation.get_language() or "fr").startswith("fr"):
        return f"{text}\u00a0$"
    if text.startswith("-"):
        return f"-${text[1:]}"
    return f"${text}"


def format_percent(value, decimals: int = 1) -> str:
    if value is None or value == "":
        return "—"
    number = number_format(Decimal(value) * 100, decimal_pos=decimals, use_l10n=True)
    if (translation.get_language() or "fr").startswith("fr"):
        return f"{number}\u00a0%"
    return f"{number}%"


register.filter("money", format_money)
register.filter("percent", format_percent)


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with some keys replaced (for sorting and pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
