"""Every figure is rounded half-up before it is written (never truncated), gaps are in percentage
points, French dates say « 1er », and names go into CSS strings as typed (ceiq/core/figures.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from ceiq.core.figures import format_date, format_money, format_number, format_percent, format_points
from ceiq.core.templatetags.portal import css_string

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("rate", "french", "english"),
    [
        (2000 / 2700, f"74,1{NBSP}%", "74.1%"),  # number_format(decimal_pos=1) printed 74,0
        (2 / 3, f"66,7{NBSP}%", "66.7%"),
        (0.7405, f"74,1{NBSP}%", "74.1%"),  # exactly half: up
        (0.74049, f"74,0{NBSP}%", "74.0%"),
        (1, f"100,0{NBSP}%", "100.0%"),
        (None, "—", "—"),
    ],
)
def test_percentages_are_rounded_half_up(rate, french, english):
    with translation.override("fr"):
        assert format_percent(rate) == french
    with translation.override("en"):
        assert format_percent(rate) == english


def test_money_is_rounded_half_up_in_both_languages():
    with translation.override("fr"):
        assert format_money(Decimal("12345.675")) == f"12{NBSP}345,68{NBSP}$"
        assert format_money(12345.675) == f"12{NBSP}345,68{NBSP}$"  # a float reads as written
        assert format_money(Decimal("-0.005")) == f"-0,01{NBSP}$"
    with translation.override("en"):
        assert format_money(Decimal("12345.675")) == "$12,345.68"
        assert format_money(Decimal("-3.5")) == "-$3.50"


def test_averages_and_counts():
    with translation.override("fr"):
        assert format_number(26.45, 1) == "26,5"
        assert format_number(2700) == f"2{NBSP}700"
        assert format_number(None) == "—"
        assert format_number(26.45, 1).number == Decimal("26.5")


@pytest.mark.parametrize(
    ("gap", "french", "english"),
    [
        (-0.008, f"−0,8{NBSP}point de pourcentage", f"−0.8{NBSP}percentage points"),
        (-0.0075, f"−0,8{NBSP}point de pourcentage", f"−0.8{NBSP}percentage points"),
        (0.0199, f"+2,0{NBSP}points de pourcentage", f"+2.0{NBSP}percentage points"),
        (0.01, f"+1,0{NBSP}point de pourcentage", f"+1.0{NBSP}percentage point"),
        (-0.125, f"−12,5{NBSP}points de pourcentage", f"−12.5{NBSP}percentage points"),
        (0, f"0,0{NBSP}point de pourcentage", f"0.0{NBSP}percentage points"),
    ],
)
def test_gaps_are_in_percentage_points(gap, french, english):
    with translation.override("fr"):
        assert format_points(gap) == french
    with translation.override("en"):
        assert format_points(gap) == english


def test_french_dates_say_premier_on_the_first_of_the_month():
    with translation.override("fr"):
        assert format_date(date(2026, 4, 1)) == "1er avril 2026"
        assert format_date(date(2026, 4, 2)) == "2 avril 2026"
        assert format_date(date(2026, 12, 1), "MONTH_DAY_FORMAT") == "1er décembre"
        assert format_date(date(2026, 4, 1), "j/m/Y") == "1/04/2026"  # numeric: no « er »
        assert format_date(date(2026, 4, 1), "\\j\\o\\u\\r j F") == "jour 1er avril"
    with translation.override("en"):
        assert format_date(date(2026, 4, 1)) == "April 1, 2026"


def test_the_date_filter_of_every_template_says_premier():
    template = Template(
        '{% load i18n %}{% blocktranslate with date=day|date:"DATE_FORMAT" %}'
        "Generated on {{ date }}{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context({"day": date(2026, 12, 1)})) == "Produit le 1er décembre 2026"
        assert Template('{{ day|date:"Y-m-d" }}').render(Context({"day": date(2026, 12, 1)})) == "2026-12-01"
        assert Template("{{ day|date }}").render(Context({"day": None})) == ""


def test_money_and_percent_filters_in_a_page():
    template = Template("{% load portal %}{{ amount|money }} · {{ rate|percent }}")
    with translation.override("fr"):
        html = template.render(Context({"amount": Decimal("12345.675"), "rate": Decimal(2) / Decimal(3)}))
    assert html == f"12{NBSP}345,68{NBSP}$ · 66,7{NBSP}%"


def test_css_strings_keep_names_as_typed_and_cannot_close_the_stylesheet():
    assert css_string("Capitale-Nationale") == '"Capitale-Nationale"'
    assert css_string("L'Écho & Cie") == '"L\\27 Écho \\26  Cie"'
    assert "<" not in css_string("</style><script>")
    assert css_string('a"b\\c') == '"a\\22 b\\5c c"'
