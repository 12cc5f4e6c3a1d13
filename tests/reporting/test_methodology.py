"""docs/indicators.md and the report's methodology page come from one source: every indicator has a
definition, a denominator and a small-cell rule, in French and English."""

from pathlib import Path

from django.utils import translation

from reporting.indicators import DEFINITIONS
from reporting.methodology import DENOMINATORS_AND_RULES, SMALL_CELLS_KEY, methodology_entries, methodology_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_every_indicator_has_a_denominator_and_a_small_cell_rule():
    assert set(DENOMINATORS_AND_RULES) == set(DEFINITIONS) - {SMALL_CELLS_KEY}
    with translation.override("fr"):
        entries = methodology_entries(suppress=True)
    assert [entry.key for entry in entries] == list(DEFINITIONS)
    served = entries[0]
    assert served.title == "Personnes servies"
    assert "Un parcours suspendu toute l'année compte" in served.definition
    assert served.denominator == "Aucun : un nombre de personnes."
    assert "« < 5 »" in served.small_cells
    with translation.override("en"):
        own = methodology_entries(suppress=False)  # an enterprise's own report masks nothing
    assert SMALL_CELLS_KEY not in [entry.key for entry in own]
    assert all(entry.small_cells == "" and entry.denominator for entry in own)


def test_docs_indicators_md_is_the_methodology_text():
    written = (ROOT / "docs/indicators.md").read_text(encoding="utf-8")
    assert written == methodology_markdown(), "docs/indicators.md is stale: run `python manage.py indicators_doc`"
    assert "### Integration rate" in written and "### Taux d'insertion" in written
    assert "first pathway served in the year" in written
