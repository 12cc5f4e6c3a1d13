"""The participant's file by role (issue acceptance 1): confidential notes only for counsellors, every
reading logged; intake profile never for supervisors; other enterprises and employers get 404."""

import pytest
from django.urls import reverse

from ceiq.audit.models import AccessLog
from participants.models import Barrier
from tests.factories.participants import (
    ParticipantFactory,
    PathwayFactory,
    with_consents,
)
from tests.factories.participants import participant_with_history as history

pytestmark = pytest.mark.django_db

SECRET = "SECRET-NOTE-"


@pytest.fixture
def participant(enterprise, users):
    person = history(enterprise, counsellor=users["counsellor"], supervisor=users["supervisor"], label="A", rows=2)
    person.barriers.add(Barrier.objects.get(code="addiction"))
    return person


def _pages(participant):
    pathway = participant.pathways.first()
    return [
        reverse("participants:detail", args=[participant.pk]),
        reverse("participants:list"),
        reverse("participants:pathway_list"),
        reverse("participants:export_csv"),
        reverse("participants:pathway_export_csv"),
        reverse("participants:edit", args=[participant.pk]),
        reverse("participants:follow_up_create", args=[participant.pk]),
        reverse("participants:evaluation_create", args=[participant.pk]),
        reverse("participants:pathway_transition", args=[pathway.pk, "exit"]),
        reverse("participants:group_session_list"),
    ]


def test_counsellor_reads_confidential_notes_and_each_reading_is_logged(users, client_for, participant):
    client = client_for(users["counsellor"])
    url = reverse("participants:detail", args=[participant.pk])
    for expected in (1, 2):
        response = client.get(url)
        assert response.status_code == 200
        assert f"{SECRET}A-0" in response.content.decode()
        assert AccessLog.objects.filter(action="read_confidential_notes", user=users["counsellor"]).count() == expected
    assert AccessLog.objects.filter(action="read_participant_file", object_id=str(participant.pk)).count() == 2


@pytest.mark.parametrize("role", ["director", "coordinator", "supervisor"])
def test_other_roles_never_receive_confidential_notes(users, client_for, participant, role):
    client = client_for(users[role])
    for url in _pages(participant):
        response = client.get(url)
        assert SECRET not in response.content.decode(), url
    assert not AccessLog.objects.filter(action="read_confidential_notes").exists()


@pytest.mark.parametrize("role", ["director", "coordinator"])
def test_team_reads_the_summary_but_not_the_notes(users, client_for, participant, role):
    content = client_for(users[role]).get(reverse("participants:detail", args=[participant.pk])).content.decode()
    assert "Résumé A 0" in content
    assert "confidential-notes" not in content
    assert AccessLog.objects.filter(action="read_participant_file", user=users[role]).count() == 1


def test_supervisor_sees_evaluations_but_no_intake_profile_or_follow_ups(users, client_for, participant):
    response = client_for(users["supervisor"]).get(reverse("participants:detail", args=[participant.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="evaluation-table"' in content
    assert 'data-testid="intake-profile"' not in content
    assert "Dépendance" not in content  # a barrier
    assert "Aide sociale" not in content and "Social assistance" not in content
    assert "Résumé A" not in content
    assert participant.email == "" or participant.email not in content


def test_supervisor_only_opens_files_of_people_they_supervise(users, client_for, enterprise):
    other = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise)).participant
    client = client_for(users["supervisor"])
    assert client.get(reverse("participants:detail", args=[other.pk])).status_code == 403
    listing = client.get(reverse("participants:list")).content.decode()
    assert other.last_name not in listing


@pytest.mark.parametrize("role", ["network", "employer"])
def test_network_staff_and_employers_get_no_individual_page(users, client_for, participant, role):
    client = client_for(users[role])
    for url in _pages(participant):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert SECRET not in response.content.decode()
    assert client.get(reverse("participants:detail", args=[participant.pk])).status_code == 404


@pytest.mark.parametrize("role", ["director", "coordinator", "counsellor", "supervisor"])
def test_staff_of_another_enterprise_get_404(make_user, other_enterprise, client_for, participant, role):
    client = client_for(make_user(role, other_enterprise))
    assert client.get(reverse("participants:detail", args=[participant.pk])).status_code == 404
    listing = client.get(reverse("participants:list")).content.decode()
    assert participant.last_name not in listing


def test_csv_exports_contain_no_follow_up_content(users, client_for, participant):
    client = client_for(users["counsellor"])
    for name in ("participants:export_csv", "participants:pathway_export_csv"):
        response = client.get(reverse(name))
        content = response.content.decode()
        assert response["Content-Type"].startswith("text/csv")
        assert participant.last_name in content
        assert SECRET not in content and "Résumé" not in content
    assert AccessLog.objects.filter(action="export_list").count() == 2


def test_coordinator_cannot_post_confidential_notes(users, client_for, participant):
    response = client_for(users["coordinator"]).post(
        reverse("participants:follow_up_create", args=[participant.pk]),
        {"met_on": "2025-08-01", "duration_minutes": 30, "confidential_notes": "Intrusion"},
    )
    assert response.status_code == 403
    assert not participant.follow_ups.filter(confidential_notes="Intrusion").exists()


def test_counsellor_records_a_follow_up_with_notes(users, client_for, participant):
    client = client_for(users["counsellor"])
    response = client.post(
        reverse("participants:follow_up_create", args=[participant.pk]),
        {
            "met_on": "2025-08-01",
            "duration_minutes": 30,
            "topics": ["housing", "finances"],
            "summary": "Point sur le logement",
            "confidential_notes": "Note privée",
        },
    )
    assert response.status_code == 302
    follow_up = participant.follow_ups.get(summary="Point sur le logement")
    assert (follow_up.confidential_notes, follow_up.counsellor) == ("Note privée", users["counsellor"])
    assert follow_up.topics == ["housing", "finances"]


def test_consents_are_withdrawn_and_given_from_the_file(users, client_for, enterprise):
    participant = with_consents(ParticipantFactory(enterprise=enterprise))
    client = client_for(users["coordinator"])
    response = client.post(reverse("participants:consent_withdraw", args=[participant.pk, "employer_sharing"]))
    assert response.status_code == 302
    assert not participant.consents.filter(purpose="employer_sharing", withdrawn_at__isnull=True).exists()
    client.post(reverse("participants:consent_give", args=[participant.pk, "employer_sharing"]))
    assert participant.consents.filter(purpose="employer_sharing", withdrawn_at__isnull=True).count() == 1
    assert client.get(reverse("participants:consent_give", args=[participant.pk, "reporting"])).status_code == 405


def test_managers_see_who_changed_the_file(users, client_for, enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    client = client_for(users["coordinator"])
    client.post(
        reverse("participants:edit", args=[participant.pk]),
        {
            "first_name": participant.first_name,
            "last_name": "Nouveau-Nom",
            "gender": "woman",
            "preferred_language": "fr",
            "schooling_at_intake": "no_secondary",
            "income_source_at_intake": "employment_insurance",
            "referral_source": "services_quebec",
        },
    )
    content = client.get(reverse("participants:detail", args=[participant.pk])).content.decode()
    history = content.split('data-testid="change-history"')[1].split("</ul>")[0]
    assert str(users["coordinator"]) in history
    assert "modification : nom" in history
    assert "Assurance-emploi" not in history  # field names only, never values
    supervisor_view = client_for(users["counsellor"]).get(reverse("participants:detail", args=[participant.pk]))
    assert "change-history" not in supervisor_view.content.decode()


def test_csv_cells_never_run_as_spreadsheet_formulas(users, client_for, enterprise):
    ParticipantFactory(enterprise=enterprise, last_name='=HYPERLINK("http://x.example")', first_name="@SUM(A1)")
    content = client_for(users["coordinator"]).get(reverse("participants:export_csv")).content.decode()
    assert "'=HYPERLINK" in content and "'@SUM" in content
