"""Matching on a known dataset: exact order, explained scores, never without consent or across enterprises."""

from datetime import date

import pytest
from django.utils import timezone, translation

from employers.matching import candidates_for_opening, openings_for_participant
from tests.factories.employers import JobOpeningFactory, PlacementFactory, candidate
from tests.factories.enterprises import region, trade
from tests.factories.participants import PathwayFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)
START = date(2026, 4, 1)


def _active(planned_end, trade_code="woodworking"):
    return {"trade": trade(trade_code), "start_date": date(2025, 9, 1), "planned_end_date": planned_end}


def _ended(actual_end, outcome="job_search", trade_code="woodworking", status="completed"):
    return {
        "trade": trade(trade_code),
        "start_date": date(2025, 6, 1),
        "planned_end_date": date(2026, 1, 10),
        "actual_end_date": actual_end,
        "status": status,
        "exit_outcome": outcome,
    }


@pytest.fixture
def dataset(enterprise, other_enterprise):
    """enterprise is in region 06 (Montréal). Letters name the people; comments give the expected score."""
    montreal, quebec, estrie = region("06"), region("03"), region("05")
    people = {
        "A": candidate(enterprise, first_name="A", region=montreal, pathway=_active(date(2026, 3, 20))),  # 100
        "B": candidate(enterprise, first_name="B", region=quebec, pathway=_active(date(2026, 3, 10))),  # 70
        "C": candidate(  # same sector, enterprise region: 70
            enterprise, first_name="C", region=None, pathway=_active(date(2026, 3, 25), "industrial-painter")
        ),
        "D": candidate(enterprise, first_name="D", region=montreal, pathway=_ended(date(2026, 1, 15))),  # 100
        "E": candidate(enterprise, first_name="E", region=montreal, pathway=_active(date(2026, 4, 20))),  # 90
        "F": candidate(  # other sector, other region: 20
            enterprise, first_name="F", region=estrie, pathway=_active(date(2026, 3, 15), "cook-assistant")
        ),
        # Never proposed:
        "no-consent": candidate(enterprise, consent=False, region=montreal, pathway=_active(date(2026, 3, 20))),
        "other-enterprise": candidate(other_enterprise, region=montreal, pathway=_active(date(2026, 3, 20))),
        "hired": candidate(enterprise, region=montreal, pathway=_ended(date(2026, 1, 15))),
        "far-end": candidate(enterprise, region=montreal, pathway=_active(date(2026, 6, 30))),
        "school": candidate(enterprise, region=montreal, pathway=_ended(date(2026, 1, 15), outcome="school")),
        "withdrawn": candidate(enterprise, region=montreal, pathway=_active(date(2026, 3, 20))),
    }
    PlacementFactory(participant=people["hired"])
    people["withdrawn"].consents.filter(purpose="employer_sharing").update(withdrawn_at=timezone.now())
    # M: an old ended pathway and a newer active one (industrial painter, ends 10 April): one row, 60.
    old = _ended(date(2024, 12, 1)) | {"start_date": date(2024, 6, 1), "planned_end_date": date(2024, 12, 1)}
    people["M"] = candidate(enterprise, first_name="M", region=montreal, pathway=old)
    PathwayFactory(
        participant=people["M"],
        trade=trade("industrial-painter"),
        start_date=date(2025, 10, 1),
        planned_end_date=date(2026, 4, 10),
    )
    return people


def test_candidates_are_ranked_in_a_fixed_explained_order(dataset, enterprise, employer):
    opening = JobOpeningFactory(employer=employer, trade=trade("woodworking"), region=region("06"), start_date=START)
    candidates = candidates_for_opening(opening, enterprise, today=TODAY, weeks=8)
    ids = {person.pk: letter for letter, person in dataset.items()}
    assert [(ids[c.participant_id], c.score) for c in candidates] == [
        ("D", 100),
        ("A", 100),
        ("E", 90),
        ("B", 70),
        ("C", 70),
        ("M", 60),
        ("F", 20),
    ]
    # Deterministic: same answer twice.
    assert candidates == candidates_for_opening(opening, enterprise, today=TODAY, weeks=8)


def test_each_candidate_comes_with_translated_reasons(dataset, enterprise, employer):
    opening = JobOpeningFactory(employer=employer, trade=trade("woodworking"), region=region("06"), start_date=START)
    with translation.override("en"):
        by_id = {c.participant_id: c for c in candidates_for_opening(opening, enterprise, today=TODAY)}
    assert by_id[dataset["C"].pk].reasons == (
        "Another trade of the same sector (+20)",
        "The enterprise is in the opening's region (+30)",
        "Available from March 25, 2026, by the start date (+20)",
    )
    assert by_id[dataset["E"].pk].reasons[2] == (
        "Available from April 20, 2026, less than four weeks after the start date (+10)"
    )
    with translation.override("fr"):
        french = candidates_for_opening(opening, enterprise, today=TODAY)[0]
    assert french.reasons[0].startswith("Même métier")


def test_matching_never_proposes_without_consent_or_from_another_enterprise(dataset, enterprise, employer):
    opening = JobOpeningFactory(employer=employer, start_date=START)
    proposed = {c.participant_id for c in candidates_for_opening(opening, enterprise, today=TODAY, weeks=52)}
    for excluded in ("no-consent", "other-enterprise", "hired", "school", "withdrawn"):
        assert dataset[excluded].pk not in proposed, excluded
    assert dataset["far-end"].pk in proposed  # only the horizon kept it out before


def test_the_horizon_limits_active_pathways(dataset, enterprise, employer):
    opening = JobOpeningFactory(employer=employer, start_date=START)
    proposed = {c.participant_id for c in candidates_for_opening(opening, enterprise, today=TODAY, weeks=3)}
    assert dataset["A"].pk in proposed and dataset["E"].pk not in proposed and dataset["D"].pk in proposed


def test_openings_for_a_participant_are_ranked_the_same_way(enterprise, users, employer):
    participant = candidate(enterprise, region=region("06"), pathway=_active(date(2026, 3, 20)))
    best = JobOpeningFactory(employer=employer, title="best", trade=trade("woodworking"), region=region("06"))
    best.start_date = START
    best.save()
    same_trade_elsewhere = JobOpeningFactory(
        employer=employer, title="quebec", trade=trade("woodworking"), region=region("03"), start_date=date(2026, 3, 25)
    )
    sector_no_date = JobOpeningFactory(
        employer=employer, title="painter", trade=trade("industrial-painter"), region=region("06"), start_date=None
    )
    unrelated = JobOpeningFactory(
        employer=employer, title="cook", trade=trade("cook-assistant"), region=region("05"), start_date=date(2026, 5, 1)
    )
    JobOpeningFactory(employer=employer, title="filled", status="filled")
    fit, matches = openings_for_participant(participant, user=users["coordinator"], today=TODAY)
    assert fit.eligible
    assert [(m.opening_id, m.score) for m in matches] == [
        (best.pk, 100),
        (same_trade_elsewhere.pk, 70),
        (sector_no_date.pk, 70),
        (unrelated.pk, 20),
    ]


def test_a_participant_without_consent_is_not_eligible(enterprise, users):
    participant = candidate(enterprise, consent=False)
    fit, _matches = openings_for_participant(participant, user=users["coordinator"])
    assert not fit.eligible and fit.problems
