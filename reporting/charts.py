"""Bar charts drawn as SVG on the server: the same markup goes into the PDF and the dashboards.
Each chart comes with its data table (for screen readers and for the printed report); no JS library."""

from dataclasses import dataclass, field
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 520
LABEL_WIDTH = 190
VALUE_WIDTH = 70
BAR_HEIGHT = 20
GAP = 8
COLOURS = ["#1f5f8b", "#2e8b57", "#c9732b", "#7a4f9a", "#6c757d", "#b03a48"]
_ids = count(1)


@dataclass
class BarChart:
    title: str
    rows: list = field(default_factory=list)  # (label, value shown, bar value or None)
    svg: SafeString = mark_safe("")
    id: str = ""


def bar_chart(title: str, items, *, display=str, hide_bar=lambda value: False, max_value=None) -> BarChart:
    """items: [(label, number)]. `display(number)` is the text shown (e.g. "< 5" or "42,0 %");
    `hide_bar(number)` draws no bar (a suppressed small count must not show its size)."""
    items = [(str(label), value) for label, value in items]
    numbers = [value or 0 for _label, value in items]
    top = max_value if max_value is not None else max(numbers + [0])
    chart_id = f"chart-{next(_ids)}"
    height = len(items) * (BAR_HEIGHT + GAP) + GAP
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'aria-labelledby="{chart_id}-title" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    rows = []
    for index, (label, value) in enumerate(items):
        y = GAP + index * (BAR_HEIGHT + GAP)
        shown = display(value)
        hidden = value is None or hide_bar(value)
        length = 0 if hidden or not top else round(bar_space * (value or 0) / top, 1)
        colour = COLOURS[index % len(COLOURS)]
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 6}" text-anchor="end" font-size="11" '
            f'font-family="sans-serif" fill="#212529">{escape(label)}</text>'
        )
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="{colour}" rx="2"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 4}" y="{y + BAR_HEIGHT - 6}" font-size="11" '
            f'font-family="sans-serif" fill="#212529">{escape(shown)}</text>'
        )
        rows.append((label, shown))
    parts.append("</svg>")
    return BarChart(title=title, rows=rows, svg=mark_safe("".join(parts)), id=chart_id)  # noqa: S308 - escaped above
