"""Québec formats in templates: money `12 345,67 $` in French, `$12,345.67` in English; rates, gaps
in percentage points and CSS strings. The formatting itself lives in ceiq/core/figures.py."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from ceiq.core.figures import format_money, format_number, format_percent, format_points

register = template.Library()

__all__ = ["css_string", "format_money", "format_percent"]

# Characters kept as typed inside a CSS string; anything else ASCII is written as a CSS escape.
_CSS_PLAIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;()-_/")


def css_string(value) -> SafeString:
    """The value as a quoted CSS string (for `content:` in a stylesheet): quotes, backslashes,
    `<`, `&` and control characters become CSS escapes (`\\27 `), so « Capitale-Nationale » and
    « L'Écho & Cie » print as typed and nothing closes the `<style>` element."""
    escaped = "".join(
        char if char in _CSS_PLAIN or (ord(char) > 127 and char.isprintable()) else f"\\{ord(char):x} "
        for char in str(value)
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every character outside a safe set is escaped


register.filter("money", format_money)
register.filter("percent", format_percent)
register.filter("points", format_points)
register.filter("number", format_number)
register.filter("css_string", css_string)


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
