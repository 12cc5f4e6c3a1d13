"""Referrals: propose → seen → interview → hired | declined | withdrawn, logged, with emails after commit."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from employers.models import OpeningStatus, Placement, Referral, ReferralTransition
from employers.services import referral_notify_employer
from participants.models import PathwayTransition, PostPathwayFollowUp
from tests.factories.employers import EmployerMembershipFactory, JobOpeningFactory, ReferralFactory, candidate

pytestmark = pytest.mark.django_db


def _statuses(referral):
    return list(referral.transitions.order_by("at", "pk").values_list("from_status", "to_status"))


def test_a_coordinator_proposes_candidates_and_the_employer_contacts_get_an_email(
    client_for, users, enterprise, employer, opening, django_capture_on_commit_callbacks
):
    EmployerMembershipFactory(employer=employer, user__email="second.contact@example.org")
    first, second = candidate(enterprise, first_name="Ana"), candidate(enterprise, first_name="Bob")
    client = client_for(users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("employers:referral_create", args=[opening.pk]), {"participant": [first.pk, second.pk]}
        )
    assert response.status_code == 302
    referrals = Referral.objects.filter(opening=opening).order_by("participant_id")
    assert [r.status for r in referrals] == ["proposed", "proposed"]
    assert all(r.proposed_by == users["coordinator"] and r.enterprise == enterprise for r in referrals)
    assert _statuses(referrals[0]) == [("", "proposed")]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([users["employer"].email, "second.contact@example.org"] * 2)
    assert all(opening.title in m.subject for m in mail.outbox)
    # Idempotent: a second delivery of the task sends nothing more.
    assert referral_notify_employer(actor=users["coordinator"], referral_id=referrals[0].pk) == 0
    assert len(mail.outbox) == 4


def test_no_referral_without_consent_or_from_another_enterprise(
    client_for, users, enterprise, other_enterprise, opening
):
    client = client_for(users["coordinator"])
    for person in [candidate(enterprise, consent=False), candidate(other_enterprise)]:
        response = client.post(reverse("employers:referral_create", args=[opening.pk]), {"participant": [person.pk]})
        assert response.status_code == 302
    assert not Referral.objects.exists()


def test_a_counsellor_cannot_propose(client_for, users, consented, opening):
    response = client_for(users["counsellor"]).post(
        reverse("employers:referral_create", args=[opening.pk]), {"participant": [consented.pk]}
    )
    assert response.status_code == 403
    assert not Referral.objects.exists()


def test_the_employer_opening_the_candidates_marks_them_seen(client_for, users, consented, opening):
    referral = ReferralFactory(opening=opening, participant=consented)
    client = client_for(users["employer"])
    client.get(reverse("employers:opening_detail", args=[opening.pk]))
    referral.refresh_from_db()
    assert referral.status == "seen"
    transition = referral.transitions.get()
    assert (transition.from_status, transition.to_status, transition.by) == ("proposed", "seen", users["employer"])
    client.get(reverse("employers:opening_detail", args=[opening.pk]))
    assert referral.transitions.count() == 1


def test_the_employer_interviews_then_declines_with_a_reason(client_for, users, consented, opening):
    referral = ReferralFactory(opening=opening, participant=consented)
    client = client_for(users["employer"])
    client.post(reverse("employers:referral_interview", args=[referral.pk]))
    response = client.post(reverse("employers:referral_decline", args=[referral.pk]), {"comment": "x"})
    assert response.status_code == 200 and "decline_reason" in response.context["form"].errors
    client.post(
        reverse("employers:referral_decline", args=[referral.pk]),
        {"decline_reason": "skills", "comment": "Manque d'expérience en finition."},
    )
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "skills")
    assert referral.employer_feedback == "Manque d'expérience en finition."
    assert _statuses(referral) == [("proposed", "interview"), ("interview", "declined")]
    # Closed: no more actions.
    assert client.post(reverse("employers:referral_interview", args=[referral.pk])).status_code == 403


def test_hiring_creates_the_placement_closes_the_pathway_and_fills_the_opening(client_for, users, consented, opening):
    referral = ReferralFactory(opening=opening, participant=consented, proposed_by=users["coordinator"])
    client = client_for(users["employer"])
    response = client.post(
        reverse("employers:referral_hire", args=[referral.pk]),
        {
            "job_title": "Aide-ébéniste",
            "employment_type": "full_time",
            "hourly_wage": "19.50",
            "weekly_hours": "37.5",
            "start_date": "2026-01-12",
        },
    )
    placement = Placement.objects.get()
    assert response.status_code == 302 and response.url == reverse("employers:placement_detail", args=[placement.pk])
    assert (placement.participant, placement.employer, placement.referral) == (consented, opening.employer, referral)
    assert placement.hourly_wage == Decimal("19.50") and placement.start_date == date(2026, 1, 12)
    referral.refresh_from_db()
    assert referral.status == "hired"
    pathway = consented.pathways.get()
    assert (pathway.status, pathway.exit_outcome, pathway.actual_end_date) == ("completed", "job", date(2026, 1, 12))
    assert PathwayTransition.objects.filter(pathway=pathway, to_status="completed").exists()
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.FILLED  # one position, one hire
    page = client.get(reverse("employers:placement_detail", args=[placement.pk])).content.decode()
    assert "Aide-ébéniste" in page


def test_an_opening_with_positions_left_stays_open(client_for, users, enterprise, employer):
    opening = JobOpeningFactory(employer=employer, positions=2)
    referral = ReferralFactory(opening=opening, participant=candidate(enterprise))
    client_for(users["employer"]).post(
        reverse("employers:referral_hire", args=[referral.pk]),
        {"job_title": "Aide", "employment_type": "part_time", "start_date": "2026-02-02"},
    )
    opening.refresh_from_db()
    assert opening.status == "open"


def test_a_bad_hire_form_shows_french_errors_and_saves_nothing(client_for, users, consented, opening):
    referral = ReferralFactory(opening=opening, participant=consented)
    response = client_for(users["employer"]).post(
        reverse("employers:referral_hire", args=[referral.pk]),
        {"job_title": "", "employment_type": "full_time", "hourly_wage": "-3", "start_date": "pas une date"},
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Placement.objects.exists()


def test_withdrawing_hides_the_candidate_from_the_employer(client_for, users, consented, opening):
    referral = ReferralFactory(opening=opening, participant=consented)
    client_for(users["coordinator"]).post(
        reverse("employers:referral_withdraw", args=[referral.pk]), {"note": "A trouvé un autre emploi"}
    )
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    assert ReferralTransition.objects.get(referral=referral).note == "A trouvé un autre emploi"
    employer_client = client_for(users["employer"])
    assert employer_client.get(reverse("employers:referral_detail", args=[referral.pk])).status_code == 404


def test_a_hire_closes_the_pathway_crediting_the_employer(client_for, users, consented, opening):
    """The employer records the hire; the pathway is closed with the outcome "job" with the rights of
    the coordinator who proposed the candidate, the transition credits the employer contact who hired
    (issue 14: who did it), and its post-pathway follow-ups are scheduled."""
    referral = ReferralFactory(opening=opening, participant=consented, proposed_by=users["coordinator"])
    client_for(users["employer"]).post(
        reverse("employers:referral_hire", args=[referral.pk]),
        {"job_title": "Aide", "employment_type": "full_time", "start_date": "2026-02-02"},
    )
    pathway = consented.pathways.get()
    assert (pathway.status, pathway.exit_outcome, pathway.actual_end_date) == ("completed", "job", date(2026, 2, 2))
    transition = PathwayTransition.objects.get(pathway=pathway, to_status="completed")
    assert transition.by == users["employer"]
    assert PostPathwayFollowUp.objects.filter(pathway=pathway).count() == 3


def test_a_coordinator_proposes_from_the_participants_openings_page(client_for, users, consented, opening):
    client = client_for(users["coordinator"])
    page_url = reverse("employers:participant_openings", args=[consented.pk])
    response = client.get(page_url)
    assert [m.opening_id for m in response.context["matches"]] == [opening.pk]
    response = client.post(
        reverse("employers:referral_create", args=[opening.pk]),
        {"participant": consented.pk, "from": "participant", "next": page_url},
    )
    assert response.url == page_url
    assert Referral.objects.get().participant == consented
    assert client.get(page_url).context["matches"][0].referral_status == "proposed"


def test_the_enterprise_follows_its_referrals_and_never_another_enterprises(
    client_for, users, enterprise, other_enterprise, opening
):
    # The supervisor sees the referrals of the people they supervise (issue 16: never the others').
    supervised = candidate(enterprise, first_name="Nôtre", pathway={"supervisor": users["supervisor"]})
    ours = ReferralFactory(opening=opening, participant=supervised, status="interview")
    ReferralFactory(opening=opening, participant=candidate(other_enterprise, first_name="Étrangère"))
    client = client_for(users["supervisor"])
    response = client.get(reverse("employers:referral_list"))
    assert list(response.context["page"]) == [ours]
    assert list(client.get(reverse("employers:referral_list"), {"status": "hired"}).context["page"]) == []
    assert list(client.get(reverse("employers:referral_list"), {"q": "nôtre"}).context["page"]) == [ours]
