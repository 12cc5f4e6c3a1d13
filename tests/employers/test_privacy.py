"""Field-level privacy (acceptance 1): an employer sees the consented profile and nothing else."""

import csv
import io
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ceiq.accounts.context import SESSION_KEY
from ceiq.audit.models import AccessAction, AccessLog
from employers.models import Referral
from employers.services import referral_propose
from participants.models import Barrier
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
from tests.factories.participants import EvaluationFactory, FollowUpFactory, PostPathwayFollowUpFactory

pytestmark = pytest.mark.django_db

SECRETS = [
    "Zyxwvuts",  # last name (only "Z." may show)
    "1987",  # birth year
    "514-555-0199",
    "secret.candidate@example.org",
    "4242 rue des Secrets",
    "Villesecrète",
    "H9Z 9Z9",
    "Aide sociale",
    "social_assistance",
    "BARRIERE-CANARY",
    "SUIVI-CANARY",
    "CONFIDENTIEL-CANARY",
    "EVALUATION-CANARY",
    "SORTIE-CANARY",
    "STAGE-EVAL-CANARY",
    "POST-SUIVI-CANARY",
    "NONREFERE-CANARY",
]
ALLOWED = ["Mélodie Z.", "Sait lire des plans", "Carte ASP Construction"]


@pytest.fixture
def world(enterprise, employer, users):
    barrier = Barrier.objects.create(code="canary", name_fr="BARRIERE-CANARY", name_en="BARRIERE-CANARY")
    person = candidate(
        enterprise,
        first_name="Mélodie",
        last_name="Zyxwvuts",
        birth_date=date(1987, 7, 29),
        phone="514-555-0199",
        email="secret.candidate@example.org",
        street_address="4242 rue des Secrets",
        city="Villesecrète",
        postal_code="H9Z 9Z9",
        income_source_at_intake="social_assistance",
        strengths_summary="Sait lire des plans",
        available_from=date(2026, 5, 4),
        pathway={"exit_notes": "SORTIE-CANARY"},
    )
    person.barriers.add(barrier)
    pathway = person.pathways.get()
    QualificationFactory(participant=person, pathway=pathway, title="Carte ASP Construction")
    FollowUpFactory(participant=person, summary="SUIVI-CANARY", confidential_notes="CONFIDENTIEL-CANARY")
    EvaluationFactory(pathway=pathway, comments="EVALUATION-CANARY")
    PostPathwayFollowUpFactory(pathway=pathway, notes="POST-SUIVI-CANARY")
    InternshipFactory(pathway=pathway, employer=employer, evaluation="STAGE-EVAL-CANARY")
    candidate(enterprise, first_name="NONREFERE-CANARY", last_name="Autre")  # consented, never referred
    opening = JobOpeningFactory(employer=employer, title="Ébéniste", positions=2)
    referral = ReferralFactory(opening=opening, participant=person)
    placement = PlacementFactory(participant=person, employer=employer, referral=None, job_title="Ébéniste")
    check_in = RetentionCheckInFactory(placement=placement)
    return {"person": person, "opening": opening, "referral": referral, "placement": placement, "check_in": check_in}


def _employer_pages(world, employer):
    return [
        reverse("dashboard"),
        reverse("employers:list"),
        reverse("employers:detail", args=[employer.pk]),
        reverse("employers:export_csv"),
        reverse("employers:opening_list"),
        reverse("employers:opening_detail", args=[world["opening"].pk]),
        reverse("employers:referral_detail", args=[world["referral"].pk]),
        reverse("employers:referral_decline", args=[world["referral"].pk]),
        reverse("employers:referral_hire", args=[world["referral"].pk]),
        reverse("employers:candidate_list"),
        reverse("employers:candidate_export_csv"),
        reverse("employers:internship_list"),
        reverse("employers:placement_detail", args=[world["placement"].pk]),
        reverse("employers:checkin_answer", args=[world["check_in"].pk]),
    ]


def _assert_no_secret(text, where):
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked in {where}"


def test_every_employer_page_and_csv_shows_only_the_consented_profile(client_for, users, employer, world):
    client = client_for(users["employer"])
    seen_allowed = set()
    for url in _employer_pages(world, employer):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        _assert_no_secret(text, url)
        seen_allowed |= {value for value in ALLOWED if value in text}
    assert seen_allowed == set(ALLOWED)


def test_the_email_to_the_employer_holds_only_the_consented_profile(
    users, enterprise, employer, world, django_capture_on_commit_callbacks
):
    opening = JobOpeningFactory(employer=employer, title="Second poste")
    with django_capture_on_commit_callbacks(execute=True):
        referral_propose(
            actor=users["coordinator"], opening=opening, enterprise=enterprise, participant_ids=[world["person"].pk]
        )
    assert [m.to for m in mail.outbox] == [[users["employer"].email]]
    message = mail.outbox[0]
    _assert_no_secret(message.subject + message.body, "email")
    assert "Mélodie Z." in message.body and "Sait lire des plans" in message.body
    assert "Carte ASP Construction" in message.body
    referral = Referral.objects.get(opening=opening)
    assert reverse("employers:referral_detail", args=[referral.pk]) in message.body


def test_another_employer_gets_404_on_the_opening_candidate_and_hire(client_for, make_user, world):
    stranger = make_user("employer", EmployerFactory(name="Autre employeur"))
    client = client_for(stranger)
    for url in [
        reverse("employers:opening_detail", args=[world["opening"].pk]),
        reverse("employers:opening_edit", args=[world["opening"].pk]),
        reverse("employers:referral_detail", args=[world["referral"].pk]),
        reverse("employers:referral_hire", args=[world["referral"].pk]),
        reverse("employers:placement_detail", args=[world["placement"].pk]),
        reverse("employers:checkin_answer", args=[world["check_in"].pk]),
        reverse("employers:detail", args=[world["opening"].employer_id]),
    ]:
        assert client.get(url).status_code == 404, url
    text = client.get(reverse("employers:candidate_list")).content.decode()
    assert "Mélodie" not in text


def test_a_participant_never_referred_is_invisible_to_the_employer(client_for, users, enterprise, world):
    client = client_for(users["employer"])
    other = candidate(enterprise, first_name="Invisible")
    assert client.get(reverse("employers:participant_openings", args=[other.pk])).status_code == 404
    for url in [reverse("employers:candidate_list"), reverse("dashboard")]:
        assert "Invisible" not in client.get(url).content.decode()


def test_withdrawing_consent_removes_every_referral_from_the_employer_at_once(client_for, users, employer, world):
    client = client_for(users["employer"])
    assert "Mélodie Z." in client.get(reverse("employers:candidate_list")).content.decode()
    world["person"].consents.filter(purpose="employer_sharing").update(withdrawn_at=timezone.now())
    for url in [reverse("employers:candidate_list"), reverse("dashboard"), reverse("employers:internship_list")]:
        assert "Mélodie" not in client.get(url).content.decode(), url
    opening_page = client.get(reverse("employers:opening_detail", args=[world["opening"].pk])).content.decode()
    assert "Mélodie" not in opening_page
    assert client.get(reverse("employers:referral_detail", args=[world["referral"].pk])).status_code == 404
    assert client.get(reverse("employers:placement_detail", args=[world["placement"].pk])).status_code == 404
    response = client.get(reverse("employers:candidate_export_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert len(rows) == 1  # the header only


def test_reading_a_candidate_profile_is_recorded_in_the_access_log(client_for, users, world):
    client_for(users["employer"]).get(reverse("employers:referral_detail", args=[world["referral"].pk]))
    entry = AccessLog.objects.get(action=AccessAction.READ_CANDIDATE_PROFILE)
    assert entry.user == users["employer"]
    assert entry.object_id == str(world["referral"].pk)
    assert entry.enterprise_id == world["referral"].enterprise_id


def test_control_the_same_record_shows_its_full_name_to_the_enterprise_staff(client_for, users, world):
    """The secrets are really in the record: the enterprise's coordinator sees the full name."""
    text = client_for(users["coordinator"]).get(reverse("employers:referral_detail", args=[world["referral"].pk]))
    assert "Zyxwvuts" in text.content.decode()


def test_a_person_both_coordinator_and_employer_contact_sees_the_employer_page_in_the_employer_context(
    client, users, employer, world
):
    both = users["coordinator"]
    EmployerMembershipFactory(user=both, employer=employer)
    client.force_login(both)
    url = reverse("employers:referral_detail", args=[world["referral"].pk])
    assert "Zyxwvuts" in client.get(url).content.decode()  # enterprise context: the staff page
    session = client.session
    session[SESSION_KEY] = f"employer:{employer.pk}"
    session.save()
    text = client.get(url).content.decode()
    _assert_no_secret(text, "referral page in the employer context")
    assert "Mélodie Z." in text
