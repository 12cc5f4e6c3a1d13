"""Indicators on a hand-built dataset whose expected numbers are written here (fiscal year 2025:
1 April 2025 – 31 March 2026)."""

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ceiq.core.fiscal import FiscalYear
from participants.models import Barrier, GroupAttendance
from reporting.indicators import compute_enterprise_rows, compute_indicators
from tests.factories.employers import EmployerFactory, JobOpeningFactory, PlacementFactory, ReferralFactory
from tests.factories.enterprises import EnterpriseFactory, FundingAgreementFactory, region, sector
from tests.factories.participants import (
    EvaluationFactory,
    FollowUpFactory,
    GroupSessionFactory,
    ParticipantFactory,
    PathwayFactory,
    PostPathwayFollowUpFactory,
)

FY = FiscalYear(2025)


def person(enterprise, born, **fields):
    return ParticipantFactory(enterprise=enterprise, birth_date=born, **fields)


def pathway(participant, start, status, end=None, **fields):
    return PathwayFactory(participant=participant, start_date=start, status=status, actual_end_date=end, **fields)


@pytest.fixture
def dataset(db):
    home = EnterpriseFactory(name="Atelier maison", slug="maison", region=region("06"))
    home.sectors.add(sector("manufacturing"))
    other = EnterpriseFactory(name="Cuisine autre", slug="autre", region=region("03"))
    other.sectors.add(sector("food"))
    addiction = Barrier.objects.get(code="addiction")

    # P1: a pathway spanning two fiscal years, completed, left for a job; born 2000-01-15 → 24 at start.
    p1 = person(home, date(2000, 1, 15), gender="man")
    p1.barriers.add(addiction)
    a = pathway(p1, date(2025, 1, 6), "completed", date(2025, 7, 11), exit_outcome="job")
    PostPathwayFollowUpFactory(pathway=a, months_after=3, due_on=date(2025, 10, 11), situation="employed_same")
    PostPathwayFollowUpFactory(pathway=a, months_after=6, due_on=date(2026, 1, 11), situation="unreachable")
    PostPathwayFollowUpFactory(pathway=a, months_after=12, due_on=date(2026, 7, 11), situation="")
    # P2: suspended (still open), immigrant with a secondary diploma, 39 at start.
    p2 = person(home, date(1985, 6, 1), is_immigrant=True, schooling_at_intake="secondary")
    b = pathway(p2, date(2025, 5, 5), "suspended")
    # P3: a drop-out for health reasons, 21 at start.
    p3 = person(home, date(2004, 3, 31))
    p3.barriers.add(addiction)
    c = pathway(p3, date(2025, 9, 1), "dropped_out", date(2025, 11, 14), dropout_reason="health")
    c.exit_outcome = "job_search"
    c.save()
    # P4: no birth date; exit on 31 March to school.
    p4 = person(home, None, gender="non_binary")
    d = pathway(p4, date(2025, 10, 6), "completed", date(2026, 3, 31), exit_outcome="school")
    # P5: only planned → not served.
    pathway(person(home, date(1965, 2, 1)), date(2026, 2, 2), "planned")
    # P6: ended in the previous fiscal year → not served.
    pathway(person(home, date(1990, 1, 1)), date(2024, 5, 1), "completed", date(2025, 3, 31), exit_outcome="job")
    # P7: started two weeks before the year's end, 55 on the day → 55+.
    p7 = person(home, date(1970, 5, 5), income_source_at_intake="employment_insurance")
    pathway(p7, date(2026, 3, 16), "active")
    # P8: completed without a recorded outcome; 35 on the start day → 25–35.
    p8 = person(home, date(1990, 6, 16))
    pathway(p8, date(2025, 6, 16), "completed", date(2025, 12, 19))

    # Activity.
    FollowUpFactory(participant=p2, pathway=b, met_on=date(2025, 7, 10))
    FollowUpFactory(participant=p2, pathway=b, met_on=date(2026, 3, 31))
    FollowUpFactory(participant=p2, pathway=b, met_on=date(2025, 3, 20))  # previous year
    session = GroupSessionFactory(enterprise=home, held_on=date(2025, 9, 3))
    GroupAttendance.objects.create(session=session, participant=p2, present=True)
    GroupAttendance.objects.create(session=session, participant=p3, present=True)
    GroupAttendance.objects.create(session=session, participant=p8, present=False)
    GroupSessionFactory(enterprise=home, held_on=date(2026, 4, 1))  # next year
    EvaluationFactory(pathway=b, evaluated_on=date(2025, 8, 1))
    EvaluationFactory(pathway=b, evaluated_on=date(2026, 4, 2))  # next year
    private = EmployerFactory(kind="private")
    social = EmployerFactory(kind="social_economy")
    d.internships.create(employer=social, start_date=date(2026, 1, 12), led_to_hire=True)
    hired = ReferralFactory(opening=JobOpeningFactory(employer=private), participant=p1, status="hired")
    proposed = ReferralFactory(opening=JobOpeningFactory(employer=social), participant=p3)
    in_year = datetime(2025, 6, 20, 10, 0, tzinfo=timezone.get_current_timezone())
    type(hired).objects.filter(pk__in=[hired.pk, proposed.pk]).update(proposed_at=in_year)
    PlacementFactory(participant=p1, pathway=a, employer=private, start_date=date(2025, 7, 14))

    FundingAgreementFactory(enterprise=home, fiscal_year=2025, participant_places=10, target_integration_rate="0.75")
    FundingAgreementFactory(enterprise=home, fiscal_year=2024, participant_places=99, target_integration_rate="0.10")

    # Another enterprise: one person served, left for a job.
    q1 = person(other, date(1999, 9, 9))
    pathway(q1, date(2025, 4, 7), "completed", date(2025, 8, 1), exit_outcome="job")
    FundingAgreementFactory(enterprise=other, fiscal_year=2025, participant_places=30, target_integration_rate="0.55")
    return home, other


def test_enterprise_indicators(dataset):
    home, _other = dataset
    figures = compute_indicators(fiscal_year=FY, enterprise=home)

    assert figures["participants_served"] == 6
    assert figures["new_starts"] == 5
    assert figures["exits"] == 4
    assert figures["completions"] == 3
    assert figures["dropouts"] == 1
    assert figures["dropout_reasons"] == {"health": 1}
    # Lengths 186, 74, 176 and 186 days → 622 / 4 / 7.
    assert figures["average_pathway_weeks"] == 22.2
    # 888 days open during the year (the open pathways count to 31 March) → 126.9 weeks.
    assert figures["participation_weeks"] == 126.9
    assert figures["outcomes"] == {"job": 1, "school": 1, "job_search": 1, "other": 0, "unknown": 1}
    assert figures["integration_rate"] == 0.5

    retention = {row["months_after"]: row for row in figures["retention"]}
    assert retention[3]["job_exits"] == 1
    assert (retention[3]["recorded"], retention[3]["employed"], retention[3]["employed_share"]) == (1, 1, 1.0)
    assert (retention[6]["employed_share"], retention[6]["unreachable_share"]) == (0.0, 1.0)
    assert (retention[12]["recorded"], retention[12]["employed_share"]) == (0, None)

    profile = figures["profile"]
    assert profile["total"] == 6
    assert profile["age_bands"] == {"16-24": 2, "25-35": 1, "36-54": 1, "55+": 1, "unknown": 1}
    assert profile["youth_16_35_share"] == 0.6
    assert profile["gender"] == {"woman": 4, "man": 1, "non_binary": 1, "undisclosed": 0}
    assert profile["no_secondary_diploma_share"] == 0.8333333333
    assert profile["income_source"]["social_assistance"] == 5
    assert profile["income_source"]["employment_insurance"] == 1
    assert profile["barriers"] == {"addiction": 2}
    assert (profile["immigrants"], profile["immigrants_share"]) == (1, 0.1666666667)

    activity = figures["activity"]
    assert activity["follow_ups"] == 2
    assert (activity["group_sessions"], activity["group_attendances"], activity["group_attendees"]) == (1, 2, 2)
    assert activity["evaluations"] == 1
    assert (activity["internships"], activity["internships_led_to_hire"]) == (1, 1)
    assert activity["by_employer_kind"]["private"] == {"referrals": 1, "hired_referrals": 1, "hires": 1}
    assert activity["by_employer_kind"]["social_economy"] == {"referrals": 1, "hired_referrals": 0, "hires": 0}
    assert (activity["referrals"], activity["hires"]) == (2, 1)

    agreement = figures["agreement"]
    assert agreement["participant_places"] == 10
    assert agreement["places_gap"] == -4
    assert agreement["fill_rate"] == 0.6
    assert agreement["target_integration_rate"] == 0.75
    assert agreement["integration_gap"] == -0.25


def test_network_sums_places_and_weights_the_target(dataset):
    figures = compute_indicators(fiscal_year=FY)
    assert figures["participants_served"] == 7
    assert figures["exits"] == 5
    assert figures["integration_rate"] == 0.6
    # (10 × 0.75 + 30 × 0.55) ÷ 40
    assert figures["agreement"]["participant_places"] == 40
    assert figures["agreement"]["target_integration_rate"] == 0.6
    assert figures["agreement"]["integration_gap"] == 0.0


def test_region_and_sector_scopes(dataset):
    assert compute_indicators(fiscal_year=FY, region=region("03"))["participants_served"] == 1
    assert compute_indicators(fiscal_year=FY, region=region("06"))["participants_served"] == 6
    assert compute_indicators(fiscal_year=FY, sector=sector("food"))["exits"] == 1
    assert compute_indicators(fiscal_year=FY, sector=sector("manufacturing"))["exits"] == 4


def test_previous_year_sees_the_spanning_pathway_but_not_its_exit(dataset):
    home, _other = dataset
    figures = compute_indicators(fiscal_year=FY.previous, enterprise=home)
    # Pathway A (started January 2025) and the one ended 31 March 2025.
    assert figures["participants_served"] == 2
    assert figures["exits"] == 1
    assert figures["outcomes"]["job"] == 1
    assert figures["agreement"]["participant_places"] == 99


def test_empty_scope_has_blank_rates(db):
    figures = compute_indicators(fiscal_year=FY, enterprise=EnterpriseFactory())
    assert figures["exits"] == 0
    assert figures["integration_rate"] is None
    assert figures["average_pathway_weeks"] is None
    assert figures["agreement"]["participant_places"] is None
    assert figures["agreement"]["target_integration_rate"] is None


def test_enterprise_rows_of_the_network(dataset):
    rows = {row["slug"]: row for row in compute_enterprise_rows(fiscal_year=FY)}
    assert rows["maison"]["participants_served"] == 6
    assert rows["maison"]["integration_rate"] == 0.5
    assert rows["maison"]["participant_places"] == 10
    assert rows["autre"]["integration_rate"] == 1.0
    assert rows["autre"]["target_integration_rate"] == float(Decimal("0.55"))


def test_snapshot_is_json_serialisable(dataset):
    json.dumps(compute_indicators(fiscal_year=FY))


@pytest.mark.parametrize("rows", [5, 50])
def test_query_count_is_bounded(db, django_assert_max_num_queries, rows):
    home = EnterpriseFactory()
    for index in range(rows):
        participant = ParticipantFactory(enterprise=home)
        PathwayFactory(
            participant=participant,
            status="completed",
            actual_end_date=date(2025, 12, 1),
            exit_outcome="job" if index % 2 else "school",
        )
    with django_assert_max_num_queries(16):
        compute_indicators(fiscal_year=FY, enterprise=home)
    with django_assert_max_num_queries(16):
        compute_indicators(fiscal_year=FY)
