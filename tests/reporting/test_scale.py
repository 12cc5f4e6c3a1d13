"""The network's own published figure at full scale: 2,700 pathways ending in one fiscal year, 2,000
of them to a job or to school. The PDF must print 74,1 % (it printed 74,0 %) and 2 700."""

import io
from datetime import date, timedelta

from pypdf import PdfReader

from ceiq.core.fiscal import FiscalYear
from participants.models import Participant, Pathway
from reporting.indicators import compute_enterprise_rows, compute_indicators
from reporting.pdf import render_report_pdf
from tests.factories.enterprises import EnterpriseFactory, trade

FY = FiscalYear(2025)
NBSP = "\u00a0"
# 1 400 jobs + 600 returns to school = 2 000 integrated out of 2 700 exits.
OUTCOMES = ["job"] * 1400 + ["school"] * 600 + ["job_search"] * 500 + ["other"] * 200


def test_2700_exits_2000_integrated_print_74_1_percent_and_2_700(db):
    enterprises = [EnterpriseFactory(name=f"Entreprise {n}", slug=f"entreprise-{n}") for n in range(3)]
    people = Participant.objects.bulk_create(
        Participant(
            enterprise=enterprises[index % 3],
            first_name="Personne",
            last_name=f"N{index:04d}",
            birth_date=date(1995 + index % 10, 1 + index % 12, 1 + index % 28),
            gender="woman" if index % 2 else "man",
            schooling_at_intake="no_secondary",
            income_source_at_intake="social_assistance",
            referral_source="services_quebec",
            privacy_notice_version="2026-01",
        )
        for index in range(len(OUTCOMES))
    )
    job_trade = trade()
    Pathway.objects.bulk_create(
        Pathway(
            participant=person,
            enterprise=person.enterprise,
            trade=job_trade,
            start_date=date(2025, 4, 7) + timedelta(days=index % 60),
            planned_end_date=date(2025, 10, 13) + timedelta(days=index % 60),
            actual_end_date=date(2025, 10, 13) + timedelta(days=index % 150),
            status="dropped_out" if index % 9 == 0 else "completed",
            exit_outcome=outcome,
        )
        for index, (person, outcome) in enumerate(zip(people, OUTCOMES, strict=True))
    )

    indicators = compute_indicators(fiscal_year=FY)
    assert (indicators["exits"], indicators["participants_served"]) == (2700, 2700)
    assert indicators["outcomes"]["job"] + indicators["outcomes"]["school"] == 2000
    assert sum(indicators["profile"]["age_bands"].values()) == 2700

    pdf = render_report_pdf(
        indicators=indicators,
        scope_label="Réseau du Collectif (CEIQ)",
        fiscal_year=FY,
        language="fr",
        per_enterprise_rows=compute_enterprise_rows(fiscal_year=FY),
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert f"Taux d'insertion 74,1{NBSP}%" in text
    assert f"Taux d'insertion 74,0{NBSP}%" not in text  # (one enterprise's own 666/900 is 74,0 %)
    assert f"Sorties 2{NBSP}700" in text
    assert f"Personnes servies 2{NBSP}700" in text
