"""Retention: `purge_expired` is a dry run by default; `--wet-run` anonymizes the people whose last
pathway ended more than CEIQ_RETENTION_YEARS ago, and a past fiscal year's figures stay identical."""

import io
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from ceiq.core.fiscal import FiscalYear
from ceiq.privacy.services import coarsened_birth_date
from employers.models import Referral
from participants.models import Barrier, Evaluation, FollowUp, Participant, Pathway, PostPathwayFollowUp
from reporting.indicators import compute_indicators
from tests.factories.employers import ReferralFactory
from tests.factories.participants import (
    EvaluationFactory,
    FollowUpFactory,
    ParticipantFactory,
    PathwayFactory,
    PostPathwayFollowUpFactory,
)

pytestmark = pytest.mark.django_db

PAST_YEAR = FiscalYear(2015)
AGE_BANDS = [(16, 24), (25, 35), (36, 54), (55, 200)]


def _age(birth, day):
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _band(birth, day):
    if birth is None:
        return "unknown"
    age = _age(birth, day)
    return next((f"{low}-{high}" for low, high in AGE_BANDS if low <= age <= high), "under-16")


def own_figures(fiscal_year: FiscalYear, enterprise=None) -> dict:
    """The indicators' inputs for a fiscal year, computed with aggregates over pathways."""
    pathways = Pathway.objects.served_between(fiscal_year.start, fiscal_year.end)
    if enterprise is not None:
        pathways = pathways.filter(enterprise=enterprise)
    exits = pathways.filter(actual_end_date__range=(fiscal_year.start, fiscal_year.end))
    starts = pathways.filter(start_date__range=(fiscal_year.start, fiscal_year.end))
    figures = {
        "served": pathways.count(),
        "participants": pathways.values("participant").distinct().count(),
        "starts": starts.count(),
        "exits": exits.count(),
        "by_status": dict(exits.values_list("status").annotate(n=Count("pk")).order_by("status")),
        "by_outcome": dict(exits.values_list("exit_outcome").annotate(n=Count("pk")).order_by("exit_outcome")),
        "by_dropout": dict(exits.values_list("dropout_reason").annotate(n=Count("pk")).order_by("dropout_reason")),
        "average_days": exits.aggregate(days=Avg(F("actual_end_date") - F("start_date")))["days"],
        "weekly_hours": str(pathways.aggregate(hours=Avg("weekly_hours"))["hours"]),
    }
    for field in ("gender", "schooling_at_intake", "income_source_at_intake", "is_immigrant", "region_id"):
        rows = starts.values_list(f"participant__{field}").annotate(n=Count("pk")).order_by(f"participant__{field}")
        figures[field] = dict(rows)
    figures["barriers"] = dict(
        Barrier.objects.annotate(
            n=Count("participants__pathways", filter=Q(participants__pathways__in=starts.values("pk")))
        ).values_list("code", "n")
    )
    bands: dict = {}
    for birth, start in starts.values_list("participant__birth_date", "start_date"):
        bands[_band(birth, start)] = bands.get(_band(birth, start), 0) + 1
    figures["age_bands_at_start"] = bands
    figures["follow_ups"] = FollowUp.objects.filter(met_on__range=(fiscal_year.start, fiscal_year.end)).count()
    figures["evaluations"] = Evaluation.objects.filter(evaluated_on__range=(fiscal_year.start, fiscal_year.end)).count()
    figures["post_follow_ups"] = dict(
        PostPathwayFollowUp.objects.filter(pathway__in=exits.values("pk"))
        .values_list("situation")
        .annotate(n=Count("pk"))
        .order_by("situation")
    )
    return figures


def reporting_figures(fiscal_year, enterprise):
    """The reporting app's indicators for the enterprise and year, as the annual report shows them."""
    return compute_indicators(fiscal_year=fiscal_year, enterprise=enterprise)


def _person(enterprise, *, birth, pathways, **fields):
    participant = ParticipantFactory(
        enterprise=enterprise,
        birth_date=birth,
        first_name=fields.pop("first_name", "Gabriel"),
        last_name=fields.pop("last_name", "Lavoie"),
        email="gabriel@example.org",
        phone="438 555-0101",
        street_address="99 boulevard Saint-Laurent",
        city="Montréal",
        postal_code="H2X 1Y4",
        external_id=fields.pop("external_id", ""),
        strengths_summary="Ponctuel et curieux",
        **fields,
    )
    participant.barriers.set(Barrier.objects.all()[:2])
    for start, end, status in pathways:
        pathway = PathwayFactory(
            participant=participant,
            start_date=start,
            actual_end_date=end,
            status=status,
            exit_outcome="job" if status == "completed" else ("" if end is None else "other"),
            dropout_reason="health" if status == "dropped_out" else "",
            exit_notes="Notes de sortie personnelles",
        )
        EvaluationFactory(pathway=pathway, evaluated_on=start, comments="Commentaire personnel")
        FollowUpFactory(
            participant=participant,
            pathway=pathway,
            met_on=start,
            summary="Résumé personnel",
            confidential_notes="Confidentiel personnel",
        )
        if end is not None:
            PostPathwayFollowUpFactory(pathway=pathway, due_on=end, situation="employed_same", notes="Notes")
    return participant


@pytest.fixture
def people(enterprise, settings):
    # A cutoff in 2019 whatever the day the tests run: 2015–2017 exits are past it, 2023 is not.
    settings.CEIQ_RETENTION_YEARS = timezone.localdate().year - 2019
    expired = [
        # Ended in fiscal 2015: 1 January of the birth year gives the same age at the start.
        _person(
            enterprise,
            birth=date(1995, 3, 10),
            pathways=[(date(2015, 5, 4), date(2015, 11, 6), "completed")],
            external_id="OLD-1",
        ),
        # Two old pathways, birthday between them: the real date must stay.
        _person(
            enterprise,
            birth=date(1990, 9, 15),
            pathways=[
                (date(2015, 9, 10), date(2015, 12, 1), "dropped_out"),
                (date(2016, 9, 20), date(2017, 3, 1), "completed"),
            ],
            gender="man",
            schooling_at_intake="secondary",
            is_immigrant=True,
        ),
    ]
    kept = [
        # Ended recently.
        _person(enterprise, birth=date(2001, 1, 2), pathways=[(date(2023, 4, 3), date(2023, 10, 6), "completed")]),
        # An old pathway, but an open one now.
        _person(
            enterprise,
            birth=date(1993, 6, 6),
            pathways=[(date(2015, 6, 1), date(2015, 12, 4), "completed"), (date(2026, 5, 4), None, "active")],
        ),
        # Planned, never ended.
        _person(enterprise, birth=date(2000, 2, 2), pathways=[(date(2015, 4, 6), None, "planned")]),
    ]
    ReferralFactory(participant=expired[0], employer_feedback="Retour de l'employeur personnel")
    return expired, kept


def test_dry_run_lists_and_changes_nothing(people):
    expired, kept = people
    before = list(Participant.objects.order_by("pk").values())
    out = io.StringIO()
    call_command("purge_expired", stdout=out)
    output = out.getvalue()
    for participant in expired:
        assert f"#{participant.pk} " in output
    for participant in kept:
        assert f"#{participant.pk} " not in output
    assert "Gabriel" not in output and "Lavoie" not in output  # no names copied into logs
    assert "2 people would be anonymized" in output
    assert list(Participant.objects.order_by("pk").values()) == before


def test_wet_run_anonymizes_expired_people_only(people):
    expired, kept = people
    kept_before = {p.pk: p for p in Participant.objects.filter(pk__in=[p.pk for p in kept])}
    call_command("purge_expired", "--wet-run", stdout=io.StringIO())
    for participant in expired:
        participant.refresh_from_db()
        assert participant.anonymized_at is not None
        assert "Gabriel" not in participant.first_name and "Lavoie" not in participant.last_name
        for field in ("email", "phone", "street_address", "city", "postal_code", "external_id", "strengths_summary"):
            assert getattr(participant, field) == "", field
        assert not FollowUp.objects.filter(participant=participant).exclude(summary="", confidential_notes="").exists()
        assert not Evaluation.objects.filter(pathway__participant=participant).exclude(comments="").exists()
        assert not Pathway.objects.filter(participant=participant).exclude(exit_notes="").exists()
        assert not PostPathwayFollowUp.objects.filter(pathway__participant=participant).exclude(notes="").exists()
        assert not Referral.objects.filter(participant=participant).exclude(employer_feedback="").exists()
        # The change history held the erased values: gone too.
        assert not LogEntry.objects.get_for_object(participant).exists()
        # What the indicators need is kept.
        assert participant.barriers.count() == 2
        assert Pathway.objects.filter(participant=participant).exclude(status="").count() >= 1
    for participant in Participant.objects.filter(pk__in=[p.pk for p in kept]):
        before = kept_before[participant.pk]
        assert participant.anonymized_at is None
        assert (participant.first_name, participant.email) == (before.first_name, before.email)
    second = io.StringIO()
    call_command("purge_expired", "--wet-run", stdout=second)
    assert "0 people anonymized" in second.getvalue()


def test_past_fiscal_years_figures_are_identical_after_the_purge(people, enterprise):
    years = [PAST_YEAR, FiscalYear(2016), FiscalYear(2023)]
    before = {year: own_figures(year) for year in years}
    before_enterprise = own_figures(PAST_YEAR, enterprise)
    reporting_before = reporting_figures(PAST_YEAR, enterprise)
    assert before[PAST_YEAR]["served"] >= 3 and before[PAST_YEAR]["age_bands_at_start"]
    assert reporting_before["participants_served"] >= 3  # the report's figures are not empty
    call_command("purge_expired", "--wet-run", stdout=io.StringIO())
    assert Participant.objects.filter(anonymized_at__isnull=False).count() == 2
    for year in years:
        assert own_figures(year) == before[year], year
    assert own_figures(PAST_YEAR, enterprise) == before_enterprise
    assert reporting_figures(PAST_YEAR, enterprise) == reporting_before


def test_birth_dates_move_to_a_canonical_date_only_when_no_age_changes(people):
    expired, _kept = people
    call_command("purge_expired", "--wet-run", stdout=io.StringIO())
    moved, kept = (Participant.objects.get(pk=p.pk) for p in expired)
    assert moved.birth_date == date(1995, 1, 1)
    assert kept.birth_date == date(1990, 9, 15)


@pytest.mark.parametrize(
    ("birth", "starts", "expected"),
    [
        (date(1995, 3, 10), [date(2015, 5, 4)], date(1995, 1, 1)),
        (date(2000, 3, 15), [date(2020, 5, 1)], date(2000, 1, 1)),  # July 1 would make them 19
        (date(2000, 5, 10), [date(2020, 8, 1), date(2021, 9, 1)], date(2000, 7, 1)),
        (date(2000, 11, 30), [date(2020, 12, 1), date(2021, 11, 1)], date(2000, 11, 30)),
        (date(2000, 3, 15), [date(2020, 3, 20), date(2021, 3, 10)], date(2000, 3, 15)),  # no date fits
        (date(2004, 2, 29), [], date(2004, 7, 1)),
        (None, [date(2020, 1, 1)], None),
    ],
)
def test_canonical_birth_date_keeps_every_age_at_start(birth, starts, expected):
    result = coarsened_birth_date(birth, starts)
    assert result == expected
    if birth is not None:
        assert all(_age(result, start) == _age(birth, start) for start in starts)


def test_the_retention_period_is_a_setting(people, settings):
    expired, _kept = people
    settings.CEIQ_RETENTION_YEARS = timezone.localdate().year - 2014  # cutoff in 2014: nobody
    out = io.StringIO()
    call_command("purge_expired", "--wet-run", stdout=out)
    assert "0 people anonymized" in out.getvalue()
    assert not Participant.objects.filter(anonymized_at__isnull=False).exists()
    settings.CEIQ_RETENTION_YEARS = timezone.localdate().year - 2022  # cutoff in 2022
    call_command("purge_expired", "--wet-run", stdout=io.StringIO())
    # Ended in 2023, after the cutoff: still kept.
    assert Participant.objects.filter(anonymized_at__isnull=False).count() == len(expired)
