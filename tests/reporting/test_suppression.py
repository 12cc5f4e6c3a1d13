"""In reports that group enterprises, a rate cannot give away a small count: the example found was
« Sorties < 5 » printed next to « Taux d'insertion 66,7 % » (2 of 3). One rule, `show_share`,
used by the PDF sections, the per-enterprise table, the exports and the network dashboard."""

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ceiq.core.figures import format_percent
from ceiq.core.fiscal import FiscalYear
from reporting.exports import figure_rows
from reporting.indicators import compute_enterprise_rows, compute_indicators
from reporting.presentation import SMALL_CELL, enterprise_rows, report_sections, show_share
from tests.factories.enterprises import EnterpriseFactory

from .test_figures import two_of_three

FY = FiscalYear(2025)


def test_exits_under_five_mask_the_integration_rate_and_the_gap(db):
    enterprise = EnterpriseFactory(name="Petite friperie", slug="petite")
    two_of_three(enterprise)  # 3 exits, 2 to a job
    indicators = compute_indicators(fiscal_year=FY)
    with translation.override("fr"):
        sections = report_sections(indicators, suppress=True)
        summary = {row.key: row.value for row in sections["summary"]}
        targets = {row.key: row.value for row in sections["targets"]}
        rows = enterprise_rows(compute_enterprise_rows(fiscal_year=FY), suppress=True)
        exported = {
            (label, value)
            for _section, label, value in figure_rows(
                {"indicators": indicators, "enterprise_rows": compute_enterprise_rows(fiscal_year=FY)}, suppress=True
            )
        }
        own = {row.key: row.value for row in report_sections(indicators, suppress=False)["summary"]}
    assert summary["exits"] == "< 5"
    assert summary["integration_rate"] == "masqué"
    assert targets["integration_gap"] == "masqué" and targets["fill_rate"] == "masqué"  # 3 served
    assert rows[0]["exits"] == "< 5" and rows[0]["integration_rate"] == "masqué"
    assert ("Taux d'insertion", "masqué") in exported
    assert ("Petite friperie — Taux d'insertion", "masqué") in exported
    assert "66,7\u00a0%" not in {value for _label, value in exported}
    # The enterprise's own report masks nothing.
    assert own["integration_rate"] == "66,7\u00a0%"


@given(
    numerator=st.integers(min_value=0, max_value=40),
    extra=st.integers(min_value=0, max_value=40),
    suppress=st.booleans(),
)
def test_a_share_is_shown_only_when_both_counts_reach_the_threshold(numerator, extra, suppress):
    denominator = numerator + extra
    rate = numerator / denominator if denominator else None
    with translation.override("fr"):
        shown = show_share(rate, numerator, denominator, suppress=suppress)
        if suppress and (numerator < SMALL_CELL or denominator < SMALL_CELL):
            assert shown == "masqué" and shown.number is None
        else:
            assert shown == format_percent(rate)
