"""Law 25 access and portability: a person's data as JSON, CSV and a readable PDF, logged."""

import csv
import io
import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ceiq.audit.models import AccessAction, AccessLog
from participants.models import GroupAttendance, Internship, PathwayPhase, PathwayTransition, Qualification
from tests.factories.employers import JobOpeningFactory, PlacementFactory, ReferralFactory
from tests.factories.participants import (
    EvaluationFactory,
    FollowUpFactory,
    GroupSessionFactory,
    ParticipantFactory,
    PathwayFactory,
    PostPathwayFollowUpFactory,
    with_consents,
)

pytestmark = pytest.mark.django_db


def _person(enterprise, employer, pathways=1):
    participant = with_consents(
        ParticipantFactory(
            enterprise=enterprise,
            first_name="Maëlle",
            last_name="Tremblay",
            email="maelle@example.org",
            phone="514 555-0199",
            street_address="4321 rue Fabre",
            external_id=f"EXT-77-{pathways}",
            strengths_summary="Minutieuse et fiable",
        )
    )
    for index in range(pathways):
        pathway = PathwayFactory(
            participant=participant,
            enterprise=enterprise,
            start_date=date(2020 + index, 1, 6),
            status="completed",
            actual_end_date=date(2020 + index, 7, 3),
            exit_outcome="job",
            exit_notes=f"Sortie vers l'emploi {index}",
        )
        PathwayTransition.objects.create(
            pathway=pathway, from_status="active", to_status="completed", effective_date=date(2020 + index, 7, 3)
        )
        PathwayPhase.objects.create(pathway=pathway, phase="production", start_date=date(2020 + index, 2, 1))
        EvaluationFactory(pathway=pathway, evaluated_on=date(2020 + index, 3, 1), comments=f"Progrès nets {index}")
        FollowUpFactory(
            participant=participant,
            pathway=pathway,
            summary=f"Logement trouvé {index}",
            confidential_notes=f"Secret psychosocial {index}",
        )
        PostPathwayFollowUpFactory(pathway=pathway, months_after=3, notes=f"Toujours en poste {index}")
        Internship.objects.create(
            pathway=pathway, employer=employer, start_date=date(2020 + index, 5, 1), evaluation=f"Stage réussi {index}"
        )
        Qualification.objects.create(
            participant=participant,
            pathway=pathway,
            kind="safety_card",
            title=f"Carte ASP {index}",
            obtained_on=date(2020 + index, 4, 1),
        )
        ReferralFactory(
            participant=participant,
            opening=JobOpeningFactory(employer=employer, title=f"Poste {index}"),
            employer_feedback=f"Très bonne entrevue {index}",
        )
        PlacementFactory(participant=participant, employer=employer, job_title=f"Ébéniste {index}")
        session = GroupSessionFactory(enterprise=enterprise, title=f"Atelier stress {index}")
        GroupAttendance.objects.create(session=session, participant=participant)
    return participant


def _url(participant, fmt=None):
    url = reverse("privacy:participant_export", args=[participant.pk])
    return f"{url}?format={fmt}" if fmt else url


def test_the_page_offers_three_formats_and_logs_nothing(users, client_for, enterprise, employer):
    participant = _person(enterprise, employer)
    body = client_for(users["coordinator"]).get(_url(participant)).content.decode()
    for fmt in ("json", "csv", "pdf"):
        assert f"?format={fmt}" in body
    assert not AccessLog.objects.exists()


def test_json_export_holds_everything_collected_and_notes_for_counsellors(users, client_for, enterprise, employer):
    participant = _person(enterprise, employer)
    response = client_for(users["counsellor"]).get(_url(participant, "json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    identity = data["identity"]
    assert identity["first_name"] == "Maëlle" and identity["last_name"] == "Tremblay"
    assert identity["email"] == "maelle@example.org" and identity["phone"] == "514 555-0199"
    assert identity["street_address"] == "4321 rue Fabre" and identity["external_id"] == "EXT-77-1"
    assert identity["birth_date"] == "2003-05-17"
    assert identity["income_source_at_intake"] == "Aide sociale"
    assert identity["strengths_summary"] == "Minutieuse et fiable"
    assert len(data["consents"]) == 3 and all(c["given_at"] and c["notice_version"] for c in data["consents"])
    pathway = data["pathways"][0]
    assert pathway["exit_notes"] == "Sortie vers l'emploi 0"
    assert pathway["transitions"][0]["effective_date"] == "2020-07-03"
    assert pathway["phases"] and pathway["evaluations"][0]["comments"] == "Progrès nets 0"
    assert pathway["internships"][0]["evaluation"] == "Stage réussi 0"
    assert pathway["post_pathway_follow_ups"][0]["notes"] == "Toujours en poste 0"
    assert data["follow_ups"][0]["summary"] == "Logement trouvé 0"
    assert data["follow_ups"][0]["confidential_notes"] == "Secret psychosocial 0"
    assert data["confidential_notes_included"] is True
    assert data["qualifications"][0]["title"] == "Carte ASP 0"
    assert data["referrals"][0]["employer_feedback"] == "Très bonne entrevue 0"
    assert data["placements"][0]["job_title"] == "Ébéniste 0"
    assert data["group_sessions"][0]["present"] is True


@pytest.mark.parametrize("role", ["director", "coordinator"])
def test_confidential_notes_are_withheld_for_anyone_but_counsellors(users, client_for, enterprise, employer, role):
    participant = _person(enterprise, employer)
    client = client_for(users[role])
    for fmt in ("json", "csv", "pdf"):
        response = client.get(_url(participant, fmt))
        content = response.content.decode() if fmt != "pdf" else _pdf_text(response.content)
        assert "Secret psychosocial" not in content, fmt
    data = json.loads(client.get(_url(participant, "json")).content)
    assert data["confidential_notes_included"] is False
    assert "intervenant" in data["follow_ups"][0]["confidential_notes"]  # says they were withheld


def test_csv_export_has_one_line_per_value(users, client_for, enterprise, employer):
    participant = _person(enterprise, employer)
    participant.last_name = "=HYPERLINK(evil)"
    participant.save()
    response = client_for(users["counsellor"]).get(_url(participant, "csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = dict(csv.reader(io.StringIO(response.content.decode())))
    assert rows["identity.first_name"] == "Maëlle"
    assert rows["identity.last_name"] == "'=HYPERLINK(evil)"  # no formula reaches a spreadsheet
    assert rows["pathways[1].evaluations[1].comments"] == "Progrès nets 0"
    assert rows["follow_ups[1].confidential_notes"] == "Secret psychosocial 0"
    assert rows["placements[1].job_title"] == "Ébéniste 0"


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_transcript_is_readable(users, client_for, enterprise, employer):
    participant = _person(enterprise, employer)
    response = client_for(users["counsellor"]).get(_url(participant, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in ("Maëlle", "Tremblay", "4321 rue Fabre", "Progrès nets 0", "Secret psychosocial 0", "Carte ASP 0"):
        assert expected in text, expected
    assert "Parcours" in text and "Consentements" in text


def test_each_export_is_written_to_the_access_log(users, client_for, enterprise, employer):
    participant = _person(enterprise, employer)
    client = client_for(users["coordinator"])
    for fmt in ("json", "csv", "pdf"):
        client.get(_url(participant, fmt))
    entries = AccessLog.objects.filter(action=AccessAction.EXPORT_PARTICIPANT_DATA)
    assert entries.count() == 3
    entry = entries.first()
    assert entry.user == users["coordinator"] and entry.enterprise_id == enterprise.pk
    assert entry.object_type == "participants.participant" and entry.object_id == str(participant.pk)
    assert entry.at <= timezone.now()


@pytest.mark.parametrize(
    ("role", "status"), [("supervisor", 403), ("network", 404), ("employer", 404), ("anonymous", 302)]
)
def test_others_cannot_export(users, client, client_for, enterprise, employer, role, status):
    participant = _person(enterprise, employer)
    http = client if role == "anonymous" else client_for(users[role])
    for fmt in (None, "json", "pdf"):
        assert http.get(_url(participant, fmt)).status_code == status
    assert not AccessLog.objects.exists()


def test_another_enterprise_cannot_export(make_user, client_for, other_enterprise, enterprise, employer):
    participant = _person(enterprise, employer)
    stranger = make_user("counsellor", other_enterprise)
    assert client_for(stranger).get(_url(participant, "json")).status_code == 404


def test_an_unknown_format_shows_the_page_again(users, client_for, enterprise, employer):
    participant = _person(enterprise, employer)
    response = client_for(users["director"]).get(_url(participant, "xml"))
    assert response.status_code == 200
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_queries_do_not_grow_with_the_file(users, client_for, enterprise, employer, fmt):
    small = _person(enterprise, employer, pathways=1)
    large = _person(enterprise, employer, pathways=6)
    client = client_for(users["counsellor"])
    client.get(_url(small, fmt))
    counts = []
    for participant in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(participant, fmt)).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[1] == counts[0] <= 30, counts
