"""Widgets rendered in Python rather than through the form template engine.

Django renders a <select> by including one template per <option>: on the list pages the filter
forms' trade and counsellor selects (~70 options each) took a third of the page's time on the
benchmark (docs/performance.md). FastSelect writes the same HTML as django/forms/widgets/select.html
and select_option.html directly."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """Like django/forms/widgets/attrs.html: True → bare name, False → omitted."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.append(
                format_html_join(
                    "",
                    '\n  <option value="{}"{}>{}</option>\n',
                    ((option["value"], mark_safe(_attrs(option["attrs"])), option["label"]) for option in options),  # noqa: S308 - escaped by _attrs
                )
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part escaped above
