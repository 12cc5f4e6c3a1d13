"""The 7 recognition criteria: network staff assess them; fully recognised = the latest assessment of
each criterion is "met"; assessments older than a year are flagged."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise, RecognitionAssessment, RecognitionCriterion
from tests.factories.enterprises import RecognitionAssessmentFactory, recognise_fully

pytestmark = pytest.mark.django_db


def _annotated(enterprise):
    return Enterprise.objects.with_recognition().get(pk=enterprise.pk)


def test_all_seven_criteria_met_is_fully_recognised(enterprise):
    recognise_fully(enterprise)
    annotated = _annotated(enterprise)
    assert (annotated.recognition_met, annotated.recognition_assessed) == (7, 7)
    assert annotated.is_fully_recognised
    assert not annotated.has_stale_assessment
    assert list(Enterprise.objects.fully_recognised()) == [enterprise]


def test_the_latest_assessment_of_a_criterion_wins(enterprise):
    recognise_fully(enterprise, assessed_on=date(2025, 1, 10))
    # A later "partially met" on one criterion withdraws full recognition…
    RecognitionAssessmentFactory(
        enterprise=enterprise, criterion="partner_network", assessed_on=date(2025, 6, 1), result="partially_met"
    )
    assert _annotated(enterprise).recognition_met == 6
    assert not _annotated(enterprise).is_fully_recognised
    # …an older "not met" entered afterwards (backfill) changes nothing…
    RecognitionAssessmentFactory(
        enterprise=enterprise, criterion="mission", assessed_on=date(2024, 1, 1), result="not_met"
    )
    assert _annotated(enterprise).recognition_met == 6
    # …and a newer "met" restores it.
    RecognitionAssessmentFactory(enterprise=enterprise, criterion="partner_network", assessed_on=date(2025, 9, 1))
    assert _annotated(enterprise).is_fully_recognised


def test_six_criteria_is_not_fully_recognised(enterprise):
    for criterion in RecognitionCriterion.values[:6]:
        RecognitionAssessmentFactory(enterprise=enterprise, criterion=criterion)
    annotated = _annotated(enterprise)
    assert (annotated.recognition_met, annotated.recognition_assessed) == (6, 6)
    assert not annotated.is_fully_recognised


def test_an_assessment_older_than_a_year_is_flagged(enterprise, other_enterprise):
    today = timezone.localdate()
    recognise_fully(enterprise, assessed_on=today - timedelta(days=100))
    RecognitionAssessmentFactory(enterprise=enterprise, criterion="mission", assessed_on=today - timedelta(days=400))
    recognise_fully(other_enterprise, assessed_on=today - timedelta(days=400))
    # Enterprise A's old "mission" assessment was superseded (its latest is 100 days old): not stale.
    assert not _annotated(enterprise).has_stale_assessment
    assert _annotated(other_enterprise).has_stale_assessment
    assert list(Enterprise.objects.with_stale_assessment()) == [other_enterprise]


def test_network_staff_record_an_assessment(users, client_for, enterprise):
    url = reverse("enterprises:recognition", args=[enterprise.slug])
    response = client_for(users["network"]).post(
        url, {"criterion": "mission", "assessed_on": "2026-09-01", "result": "met", "evidence": "Rapport 2025"}
    )
    assert response.status_code == 302
    assessment = RecognitionAssessment.objects.get(enterprise=enterprise)
    assert (assessment.criterion, assessment.result, assessment.assessed_by) == ("mission", "met", users["network"])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"assessed_on": "2999-01-01"}, "assessed_on", "dans le futur"),
        ({"criterion": "charm"}, "criterion", "valide"),
        ({"result": ""}, "result", "obligatoire"),
    ],
)
def test_bad_assessment_is_refused_in_french(users, client_for, enterprise, changes, field, message):
    data = {"criterion": "mission", "assessed_on": "2026-09-01", "result": "met", **changes}
    response = client_for(users["network"]).post(reverse("enterprises:recognition", args=[enterprise.slug]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not RecognitionAssessment.objects.exists()


@pytest.mark.parametrize("role", ["director", "coordinator", "counsellor", "supervisor"])
def test_staff_read_their_recognition_but_cannot_assess(users, client_for, enterprise, role):
    recognise_fully(enterprise)
    client = client_for(users[role])
    page = client.get(reverse("enterprises:recognition", args=[enterprise.slug]))
    assert page.status_code == 200
    assert page.context["fully_recognised"] is True
    assert page.context["form"] is None
    data = {"criterion": "mission", "assessed_on": "2026-09-01", "result": "not_met"}
    assert client.post(reverse("enterprises:recognition", args=[enterprise.slug]), data).status_code == 403
    assert RecognitionAssessment.objects.count() == 7


def test_recognition_page_query_count_does_not_grow(users, client_for, enterprise, count_queries):
    client = client_for(users["network"])
    url = reverse("enterprises:recognition", args=[enterprise.slug])
    recognise_fully(enterprise, assessed_on=date(2024, 1, 1))
    _response, few = count_queries(client, url)
    for year in range(2010, 2020):
        recognise_fully(enterprise, assessed_on=date(year, 1, 1))
    response, many = count_queries(client, url)
    assert len(response.context["history"]) == 77
    assert many == few
