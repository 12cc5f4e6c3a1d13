"""The forms behind the daily tool: intake, pathway transitions, evaluations, group workshops; bad input
gives a French message and saves nothing."""

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import Placement
from participants.models import Barrier, GroupSession, Participant, Pathway
from participants.services import post_pathway_follow_ups_schedule
from tests.factories.employers import EmployerFactory
from tests.factories.enterprises import trade
from tests.factories.participants import INTAKE_FORM, ParticipantFactory, PathwayFactory, participant_with_history

pytestmark = pytest.mark.django_db

SCORES = dict.fromkeys(
    ["punctuality", "quality", "productivity", "teamwork", "safety", "self_confidence", "motivation", "autonomy"], "2"
)


def test_intake_records_barriers_and_consents(users, client_for, enterprise):
    response = client_for(users["coordinator"]).post(
        reverse("participants:create"),
        {
            **INTAKE_FORM,
            "barriers": [Barrier.objects.get(code="housing").pk],
            "is_immigrant": "false",
            "consents": ["processing", "reporting"],
        },
    )
    participant = Participant.objects.get(last_name="Gagnon")
    assert response.status_code == 302
    assert participant.enterprise == enterprise
    assert list(participant.barriers.values_list("code", flat=True)) == ["housing"]
    assert set(participant.consents.values_list("purpose", "notice_version")) == {
        ("processing", "2026-01"),
        ("reporting", "2026-01"),
    }


def test_intake_refuses_a_future_birth_date_in_french(users, client_for):
    response = client_for(users["coordinator"]).post(
        reverse("participants:create"),
        {"first_name": "Léa", "last_name": "Gagnon", "birth_date": "2099-01-01", "gender": "woman"},
    )
    assert response.status_code == 200
    assert "ne peut pas être dans le futur" in response.content.decode()
    assert not Participant.objects.exists()


def test_pathway_created_started_and_refused_a_second_start(users, client_for, enterprise):
    client = client_for(users["coordinator"])
    participant = ParticipantFactory(enterprise=enterprise)
    response = client.post(
        reverse("participants:pathway_create", args=[participant.pk]),
        {"trade": trade().pk, "start_date": "2026-01-12", "weekly_hours": "20"},
    )
    assert response.status_code == 302
    pathway = participant.pathways.get()
    assert pathway.planned_end_date == date(2026, 1, 12) + timedelta(weeks=27)
    client.post(
        reverse("participants:pathway_transition", args=[pathway.pk, "start"]), {"effective_date": "2026-01-12"}
    )
    pathway.refresh_from_db()
    assert pathway.status == "active"

    # A later pathway (pathways of one person never overlap), planned while the first still runs.
    other = PathwayFactory(participant=participant, status="planned", start_date=date(2026, 8, 3))
    response = client.post(
        reverse("participants:pathway_transition", args=[other.pk, "start"]), {"effective_date": "2026-08-03"}
    )
    assert response.status_code == 200
    assert "a déjà un parcours actif" in response.content.decode()
    other.refresh_from_db()
    assert other.status == "planned"


def test_exit_before_start_is_refused_in_french(users, client_for, enterprise):
    pathway = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise), start_date=date(2025, 6, 2))
    response = client_for(users["coordinator"]).post(
        reverse("participants:pathway_transition", args=[pathway.pk, "exit"]),
        {"status": "completed", "end_date": "2025-05-01", "exit_outcome": "job"},
    )
    assert response.status_code == 200
    assert "ne peut pas se terminer avant" in response.content.decode()
    pathway.refresh_from_db()
    assert pathway.status == "active"


def test_exit_for_a_job_records_the_hire_and_schedules_follow_ups(users, client_for, enterprise):
    pathway = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise), start_date=date(2025, 6, 2))
    employer = EmployerFactory()
    response = client_for(users["coordinator"]).post(
        reverse("participants:pathway_transition", args=[pathway.pk, "exit"]),
        {
            "status": "completed",
            "end_date": "2025-12-05",
            "exit_outcome": "job",
            "placement_employer": employer.pk,
            "placement_job_title": "Aide-ébéniste",
            "placement_start_date": "2025-12-08",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get(pathway=pathway).employer == employer
    assert pathway.post_follow_ups.count() == 3
    content = client_for(users["coordinator"]).get(reverse("participants:detail", args=[pathway.participant_id]))
    assert "Aide-ébéniste" in content.content.decode()


def test_exit_with_partial_job_details_asks_for_the_rest(users, client_for, enterprise):
    pathway = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise))
    response = client_for(users["coordinator"]).post(
        reverse("participants:pathway_transition", args=[pathway.pk, "exit"]),
        {"status": "completed", "end_date": "2025-12-05", "exit_outcome": "job", "placement_job_title": "Aide"},
    )
    assert response.status_code == 200
    assert "Indiquez l'employeur" in html.unescape(response.content.decode())


def test_suspend_and_resume_through_the_pages(users, client_for, enterprise):
    pathway = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise), start_date=date(2025, 6, 2))
    client = client_for(users["coordinator"])
    client.post(
        reverse("participants:pathway_transition", args=[pathway.pk, "suspend"]),
        {"effective_date": "2025-07-01", "reason": "Santé"},
    )
    pathway.refresh_from_db()
    assert pathway.status == "suspended"
    client.post(
        reverse("participants:pathway_transition", args=[pathway.pk, "resume"]), {"effective_date": "2025-07-21"}
    )
    pathway.refresh_from_db()
    assert pathway.status == "active"
    assert client.get(reverse("participants:pathway_transition", args=[pathway.pk, "teleport"])).status_code == 404


def test_supervisor_evaluates_only_the_pathways_they_supervise(users, client_for, enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    theirs = PathwayFactory(participant=participant, supervisor=users["supervisor"])
    not_theirs = PathwayFactory(
        participant=participant, status="completed", start_date=date(2024, 1, 8), actual_end_date=date(2024, 6, 7)
    )
    client = client_for(users["supervisor"])
    url = reverse("participants:evaluation_create", args=[participant.pk])
    response = client.post(url, {"pathway": not_theirs.pk, "evaluated_on": "2025-08-01", **SCORES})
    assert response.status_code == 200
    assert not not_theirs.evaluations.exists()
    response = client.post(url, {"pathway": theirs.pk, "evaluated_on": "2025-08-01", **SCORES})
    assert response.status_code == 302
    assert theirs.evaluations.get().evaluator == users["supervisor"]


def test_group_workshop_with_attendance(users, client_for, enterprise, other_enterprise):
    present = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise, last_name="Présente")).participant
    absent = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise, last_name="Absente")).participant
    foreign = PathwayFactory(participant=ParticipantFactory(enterprise=other_enterprise)).participant
    client = client_for(users["counsellor"])
    form = {"topic": "stress", "held_on": "2025-09-03", "duration_minutes": 90, "facilitator": users["counsellor"].pk}
    response = client.post(reverse("participants:group_session_create"), {**form, "present": [foreign.pk]})
    assert response.status_code == 200
    assert not GroupSession.objects.exists()
    response = client.post(
        reverse("participants:group_session_create"), {**form, "present": [present.pk], "absent": [absent.pk]}
    )
    session = GroupSession.objects.get()
    assert response.status_code == 302
    assert dict(session.attendances.values_list("participant__last_name", "present")) == {
        "Présente": True,
        "Absente": False,
    }
    detail = client.get(reverse("participants:group_session_detail", args=[session.pk])).content.decode()
    assert "Présente" in detail
    listing = client.get(reverse("participants:group_session_list")).content.decode()
    assert "Gestion du stress" in listing or "Stress management" in listing


def test_lists_filter_sort_and_search(users, client_for, enterprise):
    today = timezone.localdate()
    PathwayFactory(participant=ParticipantFactory(enterprise=enterprise, last_name="Actif-Xyz"), start_date=today)
    PathwayFactory(
        participant=ParticipantFactory(enterprise=enterprise, last_name="Sortie-Xyz"),
        status="completed",
        actual_end_date=today,
        start_date=today - timedelta(weeks=27),
    )
    client = client_for(users["coordinator"])
    content = client.get(reverse("participants:list"), {"status": "completed"}).content.decode()
    assert "Sortie-Xyz" in content and "Actif-Xyz" not in content
    content = client.get(reverse("participants:list"), {"q": "actif-xyz"}).content.decode()
    assert "Actif-Xyz" in content and "Sortie-Xyz" not in content
    content = client.get(reverse("participants:pathway_list"), {"status": ["active"], "sort": "-start_date"}).content
    assert "Actif-Xyz" in content.decode() and "Sortie-Xyz" not in content.decode()
    csv = client.get(reverse("participants:pathway_export_csv"), {"status": ["completed"]}).content.decode()
    assert "Sortie-Xyz" in csv and "Actif-Xyz" not in csv
    assert client.get(reverse("participants:pathway_list"), {"sort": "password"}).status_code == 200


def test_post_pathway_follow_up_is_recorded_from_its_page(users, client_for, enterprise):
    pathway = PathwayFactory(
        participant=ParticipantFactory(enterprise=enterprise),
        status="completed",
        start_date=date(2024, 6, 3),
        actual_end_date=date(2024, 12, 6),
    )
    follow_up = post_pathway_follow_ups_schedule(pathway=pathway)[0]
    response = client_for(users["coordinator"]).post(
        reverse("participants:post_follow_up_record", args=[follow_up.pk]),
        {"done_on": "2025-03-10", "situation": "employed_same", "notes": "Toujours en poste"},
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.situation == "employed_same"
    assert Pathway.objects.get(pk=pathway.pk).status == "completed"


def test_internship_recorded_then_completed_with_a_hire(users, client_for, enterprise):
    pathway = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise), start_date=date(2025, 6, 2))
    employer = EmployerFactory()
    client = client_for(users["coordinator"])
    response = client.post(
        reverse("participants:internship_create", args=[pathway.pk]),
        {"employer": employer.pk, "start_date": "2025-10-06", "employer_supervisor": "Contremaître"},
    )
    assert response.status_code == 302
    internship = pathway.internships.get()
    response = client.post(
        reverse("participants:internship_edit", args=[internship.pk]),
        {"employer": employer.pk, "start_date": "2025-10-06", "end_date": "2025-09-01"},
    )
    assert response.status_code == 200
    assert "ne peut pas se terminer avant" in html.unescape(response.content.decode())
    response = client.post(
        reverse("participants:internship_edit", args=[internship.pk]),
        {
            "employer": employer.pk,
            "start_date": "2025-10-06",
            "end_date": "2025-10-31",
            "evaluation": "Très bon stage",
            "led_to_hire": "on",
        },
    )
    assert response.status_code == 302
    internship.refresh_from_db()
    assert (internship.end_date, internship.led_to_hire) == (date(2025, 10, 31), True)


def test_attendance_is_corrected_after_the_workshop(users, client_for, enterprise):
    first = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise, last_name="Un")).participant
    second = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise, last_name="Deux")).participant
    session = GroupSession.objects.create(enterprise=enterprise, topic="conflict", held_on=date(2025, 9, 3))
    client = client_for(users["coordinator"])
    url = reverse("participants:group_session_attendance", args=[session.pk])
    assert client.post(url, {"present": [first.pk], "absent": [first.pk]}).status_code == 200
    assert client.post(url, {"present": [first.pk], "absent": [second.pk]}).status_code == 302
    assert dict(session.attendances.values_list("participant_id", "present")) == {first.pk: True, second.pk: False}
    assert client.post(url, {"present": [second.pk]}).status_code == 302
    assert dict(session.attendances.values_list("participant_id", "present")) == {second.pk: True}


def test_pages_in_english(users, client_for, enterprise):
    participant = participant_with_history(enterprise, counsellor=users["counsellor"], label="EN")
    client = client_for(users["counsellor"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("participants:detail", args=[participant.pk])).content.decode()
    assert "Follow-up meetings" in content and "Confidential notes" in content
    assert "Active" in client.get(reverse("participants:pathway_list")).content.decode()
