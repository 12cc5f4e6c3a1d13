"""Who is served and who is counted, on a hand-built dataset whose expected numbers are written
here (fiscal year 2025: 1 April 2025 – 31 March 2026): a person is counted once, in one age band;
a pathway starting after the period (or after today) serves no one yet; a pathway suspended all
year is served; retention shows the follow-ups due beside those recorded."""

import io
from datetime import date

import pytest
from django.utils import timezone
from pypdf import PdfReader

from ceiq.core.fiscal import FiscalYear
from reporting.indicators import compute_enterprise_rows, compute_indicators
from reporting.pdf import render_report_pdf
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.participants import ParticipantFactory, PathwayFactory, PostPathwayFollowUpFactory

FY = FiscalYear(2025)
NBSP = "\u00a0"


def today_is(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)


@pytest.fixture
def home(db):
    return EnterpriseFactory(name="Atelier compté", slug="compte")


def test_two_pathways_across_an_age_boundary_count_once_at_the_first_start(home, monkeypatch):
    today_is(monkeypatch, date(2026, 6, 1))
    # Born 1 August 2000: 24 at the first start (7 April 2025), 25 at the second (1 September 2025).
    twice = ParticipantFactory(enterprise=home, birth_date=date(2000, 8, 1))
    PathwayFactory(
        participant=twice, start_date=date(2025, 4, 7), status="dropped_out", actual_end_date=date(2025, 5, 30)
    )
    PathwayFactory(participant=twice, start_date=date(2025, 9, 1), status="active")
    # Born 10 October 1990: 34 when their pathway started in the previous year, 35 on 10 October 2025.
    carried = ParticipantFactory(enterprise=home, birth_date=date(1990, 10, 10))
    PathwayFactory(participant=carried, start_date=date(2025, 2, 3), status="active")
    PathwayFactory(participant=ParticipantFactory(enterprise=home, birth_date=None), start_date=date(2025, 5, 5))

    figures = compute_indicators(fiscal_year=FY, enterprise=home)
    assert figures["participants_served"] == 3
    assert figures["profile"]["total"] == 3
    assert figures["profile"]["age_bands"] == {"16-24": 1, "25-35": 1, "36-54": 0, "55+": 0, "unknown": 1}
    assert sum(figures["profile"]["age_bands"].values()) == figures["participants_served"]
    assert figures["profile"]["youth_16_35_share"] == 1.0


def test_a_pathway_starting_after_the_period_or_after_today_serves_no_one(home, monkeypatch):
    today_is(monkeypatch, date(2025, 10, 15))  # fiscal year 2025 is the current year
    PathwayFactory(participant=ParticipantFactory(enterprise=home), start_date=date(2025, 6, 2), status="active")
    tomorrow = PathwayFactory(
        participant=ParticipantFactory(enterprise=home), start_date=date(2025, 10, 16), status="active"
    )
    figures = compute_indicators(fiscal_year=FY, enterprise=home)
    assert (figures["participants_served"], figures["new_starts"]) == (1, 1)
    # 2 June → 15 October 2025: 136 days.
    assert figures["participation_weeks"] == 19.4
    assert compute_enterprise_rows(fiscal_year=FY)[0]["participants_served"] == 1

    # A year later the pathway has started; a previous year never sees one starting after its end.
    today_is(monkeypatch, date(2026, 6, 1))
    assert compute_indicators(fiscal_year=FY, enterprise=home)["participants_served"] == 2
    assert compute_indicators(fiscal_year=FY.previous, enterprise=home)["participants_served"] == 0
    tomorrow.start_date = date(2026, 4, 6)
    tomorrow.save()
    assert compute_indicators(fiscal_year=FY, enterprise=home)["participants_served"] == 1


def test_a_pathway_suspended_all_year_is_served_and_its_weeks_count(home, monkeypatch):
    today_is(monkeypatch, date(2026, 6, 1))
    PathwayFactory(participant=ParticipantFactory(enterprise=home), start_date=date(2024, 11, 4), status="suspended")
    figures = compute_indicators(fiscal_year=FY, enterprise=home)
    assert figures["participants_served"] == 1
    assert figures["new_starts"] == 0
    assert figures["participation_weeks"] == 52.1  # 365 days ÷ 7


@pytest.fixture
def eight_job_exits(home):
    """Eight exits to a job on 3 October 2025; one 3-month follow-up recorded (still employed)."""
    pathways = [
        PathwayFactory(
            participant=ParticipantFactory(enterprise=home),
            start_date=date(2025, 4, 7),
            status="completed",
            actual_end_date=date(2025, 10, 3),
            exit_outcome="job",
        )
        for _ in range(8)
    ]
    PostPathwayFollowUpFactory(pathway=pathways[0], months_after=3, due_on=date(2026, 1, 3), situation="employed_same")
    return pathways


def test_retention_shows_the_follow_ups_due_beside_those_recorded(home, eight_job_exits, monkeypatch):
    today_is(monkeypatch, date(2026, 5, 1))  # 3 and 6 months have passed since 3 October 2025, 12 have not
    retention = {row["months_after"]: row for row in compute_indicators(fiscal_year=FY, enterprise=home)["retention"]}
    three = retention[3]
    assert (three["due"], three["recorded"], three["not_recorded"]) == (8, 1, 7)
    assert (three["recorded_share"], three["employed_share"], three["employed_share_of_due"]) == (0.125, 1.0, 0.125)
    assert (retention[6]["due"], retention[6]["recorded"]) == (8, 0)
    assert (retention[12]["due"], retention[12]["recorded"], retention[12]["recorded_share"]) == (0, 0, None)


def test_the_pdf_prints_one_recorded_out_of_eight_due(home, eight_job_exits, monkeypatch):
    today_is(monkeypatch, date(2026, 5, 1))
    pdf = render_report_pdf(
        indicators=compute_indicators(fiscal_year=FY, enterprise=home),
        scope_label=home.name,
        fiscal_year=FY,
        language="fr",
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Suivis dus" in text and "Toujours en emploi, sur les suivis dus" in text
    # 3 months: 8 due, 1 recorded (12,5 % of due), still employed 100,0 % of recorded, 12,5 % of due.
    assert f"3 mois après la sortie 8 1 12,5{NBSP}% 100,0{NBSP}% 12,5{NBSP}% 0,0{NBSP}%" in text
