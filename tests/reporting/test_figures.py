"""The report's figures as a funder reads them: rounded half-up (never truncated) in the page, the
PDF text, the CSV and the XLSX; gaps in percentage points; names printed as typed; « 1er »."""

import csv
import io
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from ceiq.core.fiscal import FiscalYear
from reporting.exports import figure_rows
from reporting.indicators import compute_indicators
from reporting.pdf import render_report_pdf
from tests.factories.enterprises import EnterpriseFactory, FundingAgreementFactory
from tests.factories.participants import ParticipantFactory, PathwayFactory

from .test_views import _run

FY = FiscalYear(2025)
NBSP = "\u00a0"
NAME = "Friperie Sainte-Anne & L'Écho"


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _enterprise_pdf_text(enterprise, language: str) -> str:
    pdf = render_report_pdf(
        indicators=compute_indicators(fiscal_year=FY, enterprise=enterprise),
        scope_label=enterprise.name,
        fiscal_year=FY,
        language=language,
    )
    return pdf_text(pdf)


def two_of_three(enterprise, fiscal_year=FY, end=None):
    """Three exits in the year, two of them to a job: an integration rate of 2/3."""
    for outcome in ("job", "job", "job_search"):
        PathwayFactory(
            participant=ParticipantFactory(enterprise=enterprise),
            start_date=fiscal_year.start,
            status="completed",
            actual_end_date=end or date(fiscal_year.start_year, 10, 3),
            exit_outcome=outcome,
        )
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=fiscal_year.start_year, participant_places=8)


@pytest.fixture
def echo(db):
    enterprise = EnterpriseFactory(name=NAME, slug="echo")
    two_of_three(enterprise)
    return enterprise


def test_pdf_rounds_half_up_prints_the_gap_in_points_and_the_name_as_typed(echo):
    text = _enterprise_pdf_text(echo, "fr")
    assert f"66,7{NBSP}%" in text  # 2 ÷ 3
    assert f"66,6{NBSP}%" not in text
    assert f"−8,3{NBSP}points de pourcentage" in text  # 66,67 % − 75,00 % target
    assert f"Confidentiel — {NAME} — 2025-2026" in text  # the running footer
    assert "u002D" not in text and "\\" not in text
    assert "1er avril 2025" in text  # the fiscal year's first day
    assert "Dénominateur : Les sorties de l'exercice, toutes situations comprises" in text  # methodology


def test_pdf_in_english_writes_percentage_points(echo):
    text = _enterprise_pdf_text(echo, "en")
    assert "66.7%" in text
    assert f"−8.3{NBSP}percentage points" in text
    assert f"Confidential — {NAME} — 2025-2026" in text


def test_pdf_says_produced_on_the_first(echo, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 12, 1))
    assert "Produit le 1er décembre 2026" in _enterprise_pdf_text(echo, "fr")


def test_csv_and_xlsx_carry_the_rounded_rate(echo, users, client_for, enterprise):
    two_of_three(enterprise)
    run = _run(enterprise)
    client = client_for(users["director"])

    response = client.get(reverse("reporting:export", args=[run.pk]), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Résultats de l'exercice", "Taux d'insertion", f"66,7{NBSP}%"] in rows
    assert ["Entente avec Emploi-Québec", "Écart avec la cible", f"−8,3{NBSP}points de pourcentage"] in rows

    response = client.get(reverse("reporting:export", args=[run.pk]), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {(row[0].value, row[1].value): row[2] for row in sheet.iter_rows(min_row=3)}
    rate = cells[("Résultats de l'exercice", "Taux d'insertion")]
    assert rate.data_type == "n" and rate.value == pytest.approx(0.667) and rate.number_format == "0.0%"
    served = cells[("Résultats de l'exercice", "Personnes servies")]
    assert served.value == 3 and served.number_format == "#,##0"


def test_a_masked_count_stays_the_text_less_than_five_in_the_xlsx(echo):
    snapshot = {"indicators": compute_indicators(fiscal_year=FY), "enterprise_rows": None}
    rows = {(section, label): value for section, label, value in figure_rows(snapshot, suppress=True)}
    exits = rows[("Résultats de l'exercice", "Sorties")]
    assert exits == "< 5" and exits.number is None


def test_the_dashboard_page_shows_the_rounded_rate_and_the_gap_in_points(users, client_for, enterprise):
    cache.clear()
    current = FiscalYear.current()
    two_of_three(enterprise, current, end=timezone.localdate())
    html = client_for(users["director"]).get(reverse("dashboard")).content.decode()
    assert f"66,7{NBSP}%" in html
    assert f"−8,3{NBSP}points de pourcentage" in html
