"""Import of existing records (issue acceptance 4): all or nothing, bad rows named, no duplicates."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from participants.importing import import_participants
from participants.models import Consent, Participant, Pathway, PathwayTransition, PostPathwayFollowUp
from participants.services import consent_withdraw
from tests.factories.enterprises import MembershipFactory
from tests.factories.participants import ParticipantFactory, PathwayFactory

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "participants-example.csv"


def _importer(enterprise):
    """A coordinator of `enterprise`: the import needs a person with the import right there."""
    membership = enterprise.memberships.filter(role="coordinator", is_active=True).select_related("user").first()
    return membership.user if membership else MembershipFactory(enterprise=enterprise, role="coordinator").user


def _import(text, enterprise, filename="import.csv", **options):
    options.setdefault("actor", _importer(enterprise))
    return import_participants(io.BytesIO(text.encode("utf-8")), filename=filename, enterprise=enterprise, **options)


def _counts():
    return (Participant.objects.count(), Pathway.objects.count(), Consent.objects.count())


def test_the_documented_example_imports_every_row(enterprise):
    report = _import(EXAMPLE.read_text(encoding="utf-8"), enterprise)
    assert report.ok, report.errors
    assert (report.rows, report.participants_created, report.pathways_created) == (5, 4, 4)
    marie = Participant.objects.get(enterprise=enterprise, external_id="EX-1001")
    assert marie.first_name == "Marie-Ève"
    assert set(marie.barriers.values_list("code", flat=True)) == {"no-work-history", "housing"}
    assert marie.is_immigrant is False
    assert set(marie.consents.values_list("purpose", flat=True)) == {"processing", "employer_sharing", "reporting"}
    past, current = marie.pathways.order_by("start_date")
    assert (past.status, past.actual_end_date, past.exit_outcome) == ("completed", date(2024, 11, 8), "job")
    assert past.post_follow_ups.count() == 3
    assert (current.status, current.weekly_hours, current.trade.code) == ("active", 30, "industrial-painter")
    assert current.planned_end_date == date(2025, 9, 8) + timedelta(weeks=27)
    dropped = Pathway.objects.get(participant__external_id="EX-1002")
    assert (dropped.status, dropped.dropout_reason, dropped.exit_outcome) == ("dropped_out", "health", "job_search")
    assert Participant.objects.get(external_id="EX-1004").pathways.count() == 0
    # Through the services and the state machine, as a pathway recorded on the pages.
    assert [(t.from_status, t.to_status, t.effective_date) for t in past.transitions.order_by("pk")] == [
        ("", "planned", date(2024, 5, 6)),
        ("planned", "active", date(2024, 5, 6)),
        ("active", "completed", date(2024, 11, 8)),
    ]


def test_reimporting_the_same_file_updates_instead_of_duplicating(enterprise, other_enterprise):
    text = EXAMPLE.read_text(encoding="utf-8")
    _import(text, enterprise)
    first = _counts(), PostPathwayFollowUp.objects.count(), PathwayTransition.objects.count()
    report = _import(text.replace("Jonathan", "Jonathan-Pierre"), enterprise)
    assert report.ok
    assert (report.participants_created, report.participants_updated) == (0, 4)
    assert (report.pathways_created, report.pathways_updated) == (0, 4)
    assert (_counts(), PostPathwayFollowUp.objects.count(), PathwayTransition.objects.count()) == first
    assert Participant.objects.get(enterprise=enterprise, external_id="EX-1002").first_name == "Jonathan-Pierre"
    # A consent withdrawn in the portal since is not given again by the old file.
    amina = Participant.objects.get(enterprise=enterprise, external_id="EX-1003")
    consent_withdraw(actor=_importer(enterprise), participant=amina, purpose="employer_sharing")
    assert _import(text, enterprise).ok
    assert not amina.consents.filter(purpose="employer_sharing", withdrawn_at__isnull=True).exists()
    # The external id is per enterprise: another enterprise gets its own people.
    assert _import(text, other_enterprise).participants_created == 4


def test_one_bad_row_imports_nothing_and_names_the_row_and_column(enterprise):
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("2025-01-13", "13 janvier")  # row 4: bad start date
    lines[4] = lines[4].replace(",woodworking,", ",soudure-sous-marine,")  # row 5: unknown trade
    report = _import("\n".join(lines), enterprise)
    assert not report.ok
    assert _counts() == (0, 0, 0)
    assert {(error.row, error.column) for error in report.errors} == {(4, "start_date"), (5, "trade")}
    assert "n'est pas une date" in report.errors[0].message or "not a date" in report.errors[0].message
    assert "rien n'a été importé" in report.summary or "nothing was imported" in report.summary


def test_rule_violations_are_reported(enterprise):
    header = "external_id,first_name,last_name,trade,start_date,actual_end_date,status,exit_outcome,dropout_reason"
    rows = [
        "A1,Ana,Lopez,woodworking,2025-01-06,2024-12-01,completed,job,",  # ends before it starts
        "A2,Ben,Roy,woodworking,2025-01-06,,dropped_out,other,moved",  # ended without exit date
        "A3,Cloé,Roy,woodworking,2025-01-06,,active,,",
        "A3,Cloé,Roy,woodworking,2025-06-02,,active,,",  # second open pathway
        ",Dan,Roy,woodworking,2025-01-06,,active,,",  # no external id
    ]
    report = _import("\n".join([header, *rows]), enterprise)
    assert {(error.row, error.column) for error in report.errors} == {
        (2, "actual_end_date"),
        (3, "actual_end_date"),
        (5, "status"),
        (6, "external_id"),
    }
    assert _counts() == (0, 0, 0)


def test_an_open_pathway_already_in_the_portal_blocks_a_new_open_one(enterprise):
    existing = PathwayFactory(
        participant=ParticipantFactory(enterprise=enterprise, external_id="Z9"), start_date=date(2025, 1, 6)
    )
    report = _import("external_id,first_name,last_name,trade,start_date\nZ9,Zoé,Roy,woodworking,2025-09-01", enterprise)
    assert [(error.row, error.column) for error in report.errors] == [(2, "status")]
    assert Pathway.objects.filter(participant=existing.participant).count() == 1


def test_a_missing_column_is_refused_and_an_extra_one_is_ignored_with_a_warning(enterprise):
    report = _import("first_name,last_name,shoe_size\nAna,Lopez,8", enterprise)
    assert {(error.row, error.column) for error in report.errors} == {(1, "external_id")}
    # Issue 15: an extra column (« Remarques ») no longer rejects the file; the warning names it.
    report = _import("external_id,first_name,last_name,Remarques,shoe_size\nR1,Ana,Lopez,à rappeler,8", enterprise)
    assert report.ok, report.errors
    assert Participant.objects.filter(external_id="R1").exists()
    assert len(report.warnings) == 1
    assert "remarques" in report.warnings[0] and "shoe_size" in report.warnings[0]


def test_dry_run_saves_nothing(enterprise):
    report = _import(EXAMPLE.read_text(encoding="utf-8"), enterprise, dry_run=True)
    assert report.ok and report.participants_created == 4
    assert _counts() == (0, 0, 0)


def test_xlsx_with_french_labels_and_date_cells(enterprise):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["external_id", "first_name", "last_name", "income_source_at_intake", "trade", "start_date", "weekly_hours"]
    )
    sheet.append([1234, "Ana", "Lopez", "Aide sociale", "woodworking", date(2025, 2, 3), 30.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = import_participants(buffer, filename="export.xlsx", enterprise=enterprise, actor=_importer(enterprise))
    assert report.ok, report.errors
    participant = Participant.objects.get(external_id="1234")
    assert participant.income_source_at_intake == "social_assistance"
    assert str(participant.pathways.get().weekly_hours) == "30.5"


def test_import_page_reports_errors_and_imports(enterprise, users, client_for):
    client = client_for(users["coordinator"])
    bad = SimpleUploadedFile("bad.csv", b"external_id,first_name,last_name,birth_date\nB1,Ana,Lopez,demain\n")
    response = client.post(reverse("participants:import"), {"file": bad})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="import-errors"' in content and "birth_date" in content
    assert not Participant.objects.exists()
    good = SimpleUploadedFile("good.csv", EXAMPLE.read_bytes())
    response = client.post(reverse("participants:import"), {"file": good})
    assert response.status_code == 200
    # Issue 15: the upload is a preview; applying imports the previewed file (by its checksum).
    assert not Participant.objects.exists()
    checksum = response.context["checksum"]
    assert 'data-testid="import-apply"' in response.content.decode()
    response = client.post(reverse("participants:import"), {"checksum": checksum})
    assert response.status_code == 200
    assert Participant.objects.filter(enterprise=enterprise).count() == 4
    not_csv = SimpleUploadedFile("notes.txt", b"hello")
    assert "CSV" in client.post(reverse("participants:import"), {"file": not_csv}).content.decode()


def test_management_command(enterprise, capsys):
    actor = ("--actor", _importer(enterprise).email)
    call_command("import_participants", str(EXAMPLE), "--enterprise", enterprise.slug, *actor, "--dry-run")
    assert not Participant.objects.exists()
    call_command("import_participants", str(EXAMPLE), "--enterprise", enterprise.slug, *actor)
    assert Participant.objects.count() == 4
    with pytest.raises(CommandError):
        call_command("import_participants", str(EXAMPLE), "--enterprise", "inconnue", *actor)


def test_management_command_needs_an_actor_with_the_import_right(enterprise, make_user):
    with pytest.raises(CommandError, match="actor"):
        call_command("import_participants", str(EXAMPLE), "--enterprise", enterprise.slug)
    with pytest.raises(CommandError, match="Unknown or inactive user"):
        call_command("import_participants", str(EXAMPLE), "--enterprise", enterprise.slug, "--actor", "nobody@x.ca")
    for user in (make_user("counsellor", enterprise), make_user("coordinator")):  # no right / another enterprise
        with pytest.raises(CommandError, match="may not import"):
            call_command("import_participants", str(EXAMPLE), "--enterprise", enterprise.slug, "--actor", user.email)
    assert not Participant.objects.exists()


def test_a_broken_xlsx_is_reported_not_a_crash(enterprise):
    report = import_participants(
        io.BytesIO(b"not a zip"), filename="broken.xlsx", enterprise=enterprise, actor=_importer(enterprise)
    )
    assert [(error.row, error.column) for error in report.errors] == [(1, "")]
    assert "XLSX" in report.errors[0].message


def test_a_semicolon_csv_from_excel_in_windows_1252(enterprise):
    text = "external_id;first_name;last_name;trade;start_date\r\nW1;Hélène;Côté;woodworking;2025-02-03\r\n"
    report = import_participants(
        io.BytesIO(text.encode("cp1252")), filename="excel.csv", enterprise=enterprise, actor=_importer(enterprise)
    )
    assert report.ok, report.errors
    assert Participant.objects.get(external_id="W1").last_name == "Côté"


def test_a_reimport_moves_a_pathway_only_as_the_state_machine_allows(enterprise):
    header = "external_id,first_name,last_name,trade,start_date,actual_end_date,status,exit_outcome"
    ended = "S1,Sam,Roy,woodworking,2024-09-02,2025-03-07,completed,job"
    assert _import("\n".join([header, ended]), enterprise).ok
    # planned → active → completed are moves of the machine; completed → active is not (an ended pathway is final).
    report = _import("\n".join([header, "S1,Sam,Roy,woodworking,2024-09-02,,active,"]), enterprise)
    assert [(error.row, error.column) for error in report.errors] == [(2, "status")]
    assert Pathway.objects.get(participant__external_id="S1").status == "completed"
    planned = PathwayFactory(
        participant=ParticipantFactory(enterprise=enterprise, external_id="S2"),
        status="planned",
        start_date=date(2025, 9, 1),
    )
    report = _import(f"{header}\nS2,Lou,Roy,{planned.trade.code},2025-09-01,2026-01-09,completed,school", enterprise)
    assert report.ok, report.errors
    assert Pathway.objects.get(pk=planned.pk).status == "completed"
