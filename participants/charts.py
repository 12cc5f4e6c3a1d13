"""The evaluation progress chart, drawn on the server as SVG (no JavaScript chart library). The page
shows the same figures in a table for screen readers."""

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 40, 16, 40
AVERAGE_COLOUR = "#0d6efd"
CRITERION_COLOURS = ["#6c757d", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997", "#d63384", "#0dcaf0"]


def _x(index: int, count: int) -> float:
    if count == 1:
        return LEFT + (WIDTH - LEFT - RIGHT) / 2
    return LEFT + index * (WIDTH - LEFT - RIGHT) / (count - 1)


def _y(score: float) -> float:
    return TOP + (4 - score) * (HEIGHT - TOP - BOTTOM) / 3


def evaluation_chart_svg(evaluations, criteria) -> str:
    """evaluations in date order; criteria [(field name, label)]. Draws each criterion thinly and the
    average in bold, on a 1–4 scale."""
    evaluations = list(evaluations)
    if not evaluations:
        return ""
    count = len(evaluations)
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title">'
            '<title id="chart-title">{}</title>',
            WIDTH,
            HEIGHT,
            _("Evaluation scores over time (1 to 4)"),
        )
    ]
    for score in range(1, 5):
        y = _y(score)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#dee2e6" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#495057">{}</text>',
                LEFT,
                y,
                WIDTH - RIGHT,
                y,
                LEFT - 8,
                y + 4,
                score,
            )
        )
    for index, evaluation in enumerate(evaluations):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#495057">{}</text>',
                _x(index, count),
                HEIGHT - BOTTOM + 18,
                date_format(evaluation.evaluated_on, "SHORT_DATE_FORMAT"),
            )
        )
    for colour, (name, _label) in zip(CRITERION_COLOURS, criteria, strict=False):
        points = " ".join(f"{_x(i, count):.1f},{_y(getattr(e, name)):.1f}" for i, e in enumerate(evaluations))
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="1" stroke-opacity="0.5"/>', points, colour
            )
        )
    averages = [sum(getattr(e, name) for name, _label in criteria) / len(criteria) for e in evaluations]
    points = " ".join(f"{_x(i, count):.1f},{_y(a):.1f}" for i, a in enumerate(averages))
    parts.append(
        format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>', points, AVERAGE_COLOUR)
    )
    parts.append(
        format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="4" fill="{}"><title>{}</title></circle>',
            (
                (f"{_x(i, count):.1f}", f"{_y(a):.1f}", AVERAGE_COLOUR, f"{_('Average')} {a:.1f}")
                for i, a in enumerate(averages)
            ),
        )
    )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant closing tag
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part is escaped above
