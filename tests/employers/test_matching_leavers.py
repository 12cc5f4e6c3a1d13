"""Matching proposes leavers of the last months only: the bound the bench justified
(docs/performance.md)."""

from datetime import date

from employers.matching import candidates_for_opening, months_before
from tests.factories.employers import JobOpeningFactory, candidate
from tests.factories.enterprises import trade


def test_matching_proposes_leavers_of_the_last_months_only(enterprise, settings):
    """A leaver still seeking work is a candidate for CEIQ_MATCHING_LEAVER_MONTHS (24 by default)
    after the end of the pathway."""
    today = date(2026, 3, 31)
    assert months_before(today, 24) == date(2024, 3, 31) and months_before(today, 1) == date(2026, 2, 28)
    woodworking = trade("woodworking")

    def leaver(first_name, ended):
        pathway = {
            "trade": woodworking,
            "start_date": ended.replace(year=ended.year - 1),
            "planned_end_date": ended,
            "actual_end_date": ended,
            "status": "completed",
            "exit_outcome": "job_search",
        }
        return candidate(enterprise, first_name=first_name, pathway=pathway)

    recent, edge, old = leaver("R", date(2025, 6, 1)), leaver("E", date(2024, 3, 31)), leaver("O", date(2024, 3, 30))
    opening = JobOpeningFactory(trade=woodworking)

    def proposed():
        return {c.participant_id for c in candidates_for_opening(opening, enterprise, today=today, weeks=8)}

    assert proposed() == {recent.pk, edge.pk}
    settings.CEIQ_MATCHING_LEAVER_MONTHS = None
    assert proposed() == {recent.pk, edge.pk, old.pk}
