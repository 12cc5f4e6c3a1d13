"""A built-in template library (settings TEMPLATES builtins) whose `date` filter replaces Django's:
the same formats, with the first of the month written « 1er » in French (« 1er avril 2026 »)
wherever a template writes `{{ day|date:"DATE_FORMAT" }}`."""

from django import template
from django.utils import dateformat

from ceiq.core.figures import format_date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter, through ceiq.core.figures.format_date."""
    if value in (None, ""):
        return ""
    try:
        return format_date(value, arg)
    except AttributeError:
        try:
            return dateformat.format(value, arg)
        except AttributeError:
            return ""
