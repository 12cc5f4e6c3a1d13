"""The PDF (WeasyPrint) and the SVG charts; the management commands."""

import json
import subprocess
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from ceiq.core.fiscal import FiscalYear
from reporting.charts import bar_chart
from reporting.indicators import compute_enterprise_rows, compute_indicators
from reporting.pdf import render_report_pdf
from tests.factories.enterprises import EnterpriseFactory, FundingAgreementFactory
from tests.factories.participants import ParticipantFactory, PathwayFactory

FY = FiscalYear(2025)


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def two_enterprises(db):
    big = EnterpriseFactory(name="Grande Friperie", slug="grande-friperie")
    small = EnterpriseFactory(name="Petit Atelier", slug="petit-atelier")
    for index in range(6):
        PathwayFactory(
            participant=ParticipantFactory(enterprise=big),
            start_date=date(2025, 5, 5),
            status="completed",
            actual_end_date=date(2025, 11, 7),
            exit_outcome="job" if index < 4 else "school",
        )
    PathwayFactory(participant=ParticipantFactory(enterprise=small), start_date=date(2025, 9, 1))
    FundingAgreementFactory(enterprise=big, fiscal_year=2025, participant_places=8)
    return big, small


def test_enterprise_report_in_french(two_enterprises, tmp_path):
    big, _small = two_enterprises
    pdf = render_report_pdf(
        indicators=compute_indicators(fiscal_year=FY, enterprise=big),
        scope_label=big.name,
        fiscal_year=FY,
        language="fr",
    )
    text = _text(pdf, tmp_path)
    assert "Grande Friperie" in text
    assert "Exercice financier 2025-2026" in text
    assert "Rapport annuel d'insertion" in text
    assert "Produit le" in text
    assert "page 1 de" in text
    assert "Méthodologie" in text and "Taux d'insertion = (sorties en emploi" in text
    assert "Confidentiel" in text
    # 6 exits, all to a job or school: every count is shown as is in an enterprise's own report.
    assert "100,0 %" in text
    assert "< 5" not in text


def test_network_report_in_english_masks_small_counts(two_enterprises, tmp_path):
    pdf = render_report_pdf(
        indicators=compute_indicators(fiscal_year=FY),
        scope_label="Network of the Collectif (CEIQ)",
        fiscal_year=FY,
        language="en",
        per_enterprise_rows=compute_enterprise_rows(fiscal_year=FY),
    )
    text = _text(pdf, tmp_path)
    assert "Annual integration report" in text
    assert "page 1 of" in text
    assert "Results by enterprise" in text
    assert "Grande Friperie" in text and "Petit Atelier" in text
    assert "< 5" in text  # the small enterprise's one person, the 2 returns to school…
    assert "Suppressed small counts" in text


def test_chart_has_a_title_a_data_table_and_hides_masked_bars():
    chart = bar_chart("Outcomes <b>", [("Job", 12), ("School", 3)], hide_bar=lambda n: n < 5, display=str)
    assert chart.svg.startswith("<svg") and 'role="img"' in chart.svg
    assert "Outcomes &lt;b&gt;" in chart.svg
    assert chart.svg.count("<rect") == 1
    assert chart.rows == [("Job", "12"), ("School", "3")]


def test_report_indicators_command_prints_json(two_enterprises, capsys):
    call_command("report_indicators", "--fiscal-year", "2025", "--enterprise", "grande-friperie")
    figures = json.loads(capsys.readouterr().out)
    assert figures["exits"] == 6
    assert figures["integration_rate"] == 1.0
    call_command("report_indicators", "--fiscal-year", "2025", "--region", "06")
    assert json.loads(capsys.readouterr().out)["participants_served"] == 7


def test_report_indicators_command_rejects_an_unknown_enterprise(db):
    with pytest.raises(CommandError, match="No enterprise"):
        call_command("report_indicators", "--fiscal-year", "2025", "--enterprise", "nope")


def test_generate_report_command_writes_the_network_pdf(two_enterprises, tmp_path):
    output = tmp_path / "network.pdf"
    call_command("generate_report", "--fiscal-year", "2025", "--language", "en", "--output", str(output))
    text = subprocess.run(["pdftotext", str(output), "-"], check=True, capture_output=True, text=True).stdout
    assert "Network of the Collectif (CEIQ)" in text
    assert "Results by enterprise" in text
