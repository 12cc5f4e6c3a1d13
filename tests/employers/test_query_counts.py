"""Bounded queries (acceptance 3): the openings list, matching and the employer portal cost the same
number of queries with 5 or 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers.models import ReferralTransition
from tests.factories.employers import (
    EmployerFactory,
    EmployerMembershipFactory,
    InternshipFactory,
    JobOpeningFactory,
    PlacementFactory,
    QualificationFactory,
    ReferralFactory,
    RetentionCheckInFactory,
    candidate,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


def _count(client, url):
    client.get(url)  # warm the session and the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _candidates(enterprise, employer, opening, count):
    for _ in range(count):
        person = candidate(enterprise, strengths_summary="Ponctuel")
        QualificationFactory(participant=person)
        QualificationFactory(participant=person, title="Carte SIMDUT")
        ReferralFactory(opening=opening, participant=person)
        InternshipFactory(pathway=person.pathways.get(), employer=employer)
        PlacementFactory(participant=person, employer=employer)


@pytest.mark.parametrize("role", ["coordinator", "employer", "network"])
def test_the_openings_list_is_bounded(client_for, users, enterprise, employer, role):
    client = client_for(users[role])
    url = reverse("employers:opening_list")
    opening = JobOpeningFactory(employer=employer)
    _candidates(enterprise, employer, opening, 2)
    JobOpeningFactory.create_batch(4, employer=employer)
    few = _count(client, url)
    JobOpeningFactory.create_batch(45, employer=employer)
    _candidates(enterprise, employer, opening, 5)
    assert _count(client, url) == few <= MAX_QUERIES


def test_the_enterprise_referral_list_is_bounded(client_for, users, enterprise, employer, opening):
    client = client_for(users["counsellor"])
    url = reverse("employers:referral_list")
    _candidates(enterprise, employer, opening, 5)
    few = _count(client, url)
    _candidates(enterprise, employer, JobOpeningFactory(employer=employer), 20)
    assert _count(client, url) == few <= MAX_QUERIES
    assert len(client.get(url).context["page"]) == 25


def test_the_matching_list_is_bounded(client_for, users, enterprise, employer, opening):
    client = client_for(users["coordinator"])
    url = reverse("employers:matching", args=[opening.pk])
    for _ in range(5):
        candidate(enterprise)
    few = _count(client, url)
    for _ in range(45):
        candidate(enterprise)
    many = _count(client, url)
    assert len(client.get(url).context["candidates"]) == 50
    assert many == few <= MAX_QUERIES


def test_the_participant_openings_list_is_bounded(client_for, users, enterprise, employer, consented):
    client = client_for(users["coordinator"])
    url = reverse("employers:participant_openings", args=[consented.pk])
    JobOpeningFactory.create_batch(5, employer=employer)
    few = _count(client, url)
    JobOpeningFactory.create_batch(45, employer=employer)
    assert _count(client, url) == few <= MAX_QUERIES


def test_the_employer_portal_is_bounded(client_for, users, enterprise, employer, opening):
    client = client_for(users["employer"])
    urls = [
        reverse("dashboard"),
        reverse("employers:candidate_list"),
        reverse("employers:candidate_export_csv"),
        reverse("employers:internship_list"),
        reverse("employers:opening_detail", args=[opening.pk]),
    ]
    _candidates(enterprise, employer, opening, 5)
    few = {url: _count(client, url) for url in urls}
    _candidates(enterprise, employer, opening, 20)
    many = {url: _count(client, url) for url in urls}
    assert many == few
    assert max(many.values()) <= MAX_QUERIES


def test_the_first_visit_marking_candidates_seen_is_bounded(client_for, users, enterprise, employer):
    client = client_for(users["employer"])
    counts = []
    for size in (3, 30):
        opening = JobOpeningFactory(employer=employer)
        _candidates(enterprise, employer, opening, size)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("employers:opening_detail", args=[opening.pk]))
        counts.append(len(queries))
        assert opening.referrals.filter(status="seen").count() == size
    assert counts[0] == counts[1] <= MAX_QUERIES + 5


def test_the_directory_and_its_csv_are_bounded(client_for, users, employer):
    client = client_for(users["director"])
    urls = [reverse("employers:list"), reverse("employers:export_csv")]
    EmployerFactory.create_batch(5)
    few = {url: _count(client, url) for url in urls}
    EmployerFactory.create_batch(45)
    assert {url: _count(client, url) for url in urls} == few


def test_the_detail_pages_are_bounded(client_for, users, enterprise, employer, opening):
    person = candidate(enterprise)
    referral = ReferralFactory(opening=opening, participant=person, status="interview")
    placement = PlacementFactory(participant=person, employer=employer)

    def grow(size):
        JobOpeningFactory.create_batch(size, employer=employer)
        EmployerMembershipFactory.create_batch(size, employer=employer)
        for _ in range(size):
            QualificationFactory(participant=person)
            ReferralTransition.objects.create(referral=referral, from_status="seen", to_status="interview")
            RetentionCheckInFactory(placement=placement, still_employed=True)
            ReferralFactory(opening=opening, participant=candidate(enterprise))

    pages = {
        "coordinator": [
            reverse("employers:detail", args=[employer.pk]),
            reverse("employers:opening_detail", args=[opening.pk]),
            reverse("employers:referral_detail", args=[referral.pk]),
            reverse("employers:placement_detail", args=[placement.pk]),
        ],
        "employer": [
            reverse("employers:referral_detail", args=[referral.pk]),
            reverse("employers:placement_detail", args=[placement.pk]),
        ],
    }
    grow(3)
    few = {(role, url): _count(client_for(users[role]), url) for role, urls in pages.items() for url in urls}
    grow(30)
    many = {(role, url): _count(client_for(users[role]), url) for role, urls in pages.items() for url in urls}
    assert many == few
    assert max(many.values()) <= MAX_QUERIES
