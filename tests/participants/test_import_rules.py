"""Issue 15, parts 1 and 2: an import goes through the services and the pathway's state machine; a row
that contradicts what the portal holds is a row error with the reason, and a person anonymized at the
end of the retention period is never re-created."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from ceiq.privacy.models import Tombstone
from participants.importing import import_participants
from participants.models import Participant, Pathway, PathwayTransition, PostPathwayFollowUp
from participants.services import pathway_exit
from tests.factories.enterprises import MembershipFactory
from tests.factories.participants import ParticipantFactory, PathwayFactory

pytestmark = pytest.mark.django_db

HEADER = "external_id,first_name,last_name,trade,start_date,actual_end_date,status,exit_outcome,dropout_reason"


def _import(lines, enterprise):
    actor = MembershipFactory(enterprise=enterprise, role="coordinator").user
    text = "\n".join([HEADER, *lines])
    return import_participants(io.BytesIO(text.encode()), filename="import.csv", enterprise=enterprise, actor=actor)


def _errors(report):
    return [(error.row, error.column) for error in report.errors]


def test_a_reimport_after_an_exit_leaves_the_exit_intact_and_reports_the_row(enterprise):
    pathway = PathwayFactory(
        participant=ParticipantFactory(enterprise=enterprise, external_id="E1"),
        status="active",
        start_date=date(2025, 1, 6),
    )
    counsellor = MembershipFactory(enterprise=enterprise, role="coordinator").user
    pathway_exit(actor=counsellor, pathway=pathway, end_date=date(2025, 6, 20), status="completed", exit_outcome="job")
    before = (PathwayTransition.objects.count(), PostPathwayFollowUp.objects.count())
    trade = pathway.trade.code

    # The old file still says « active »: the exit made in the portal stays, the row says why.
    report = _import([f"E1,Eva,Roy,{trade},2025-01-06,,active,,"], enterprise)
    assert _errors(report) == [(2, "status")]
    assert "fermé dans le portail" in report.errors[0].message or "closed in the portal" in report.errors[0].message
    # A corrected file that changes the exit (another date, another outcome) is refused the same way.
    assert _errors(_import([f"E1,Eva,Roy,{trade},2025-01-06,2025-05-02,completed,job,"], enterprise)) == [
        (2, "actual_end_date")
    ]
    assert _errors(_import([f"E1,Eva,Roy,{trade},2025-01-06,2025-06-20,completed,school,"], enterprise)) == [
        (2, "exit_outcome")
    ]
    pathway.refresh_from_db()
    assert (pathway.status, pathway.actual_end_date, pathway.exit_outcome) == ("completed", date(2025, 6, 20), "job")
    assert (PathwayTransition.objects.count(), PostPathwayFollowUp.objects.count()) == before
    # The file that repeats the exit as the portal holds it imports (the person is updated).
    report = _import([f"E1,Eva-Marie,Roy,{trade},2025-01-06,2025-06-20,completed,job,"], enterprise)
    assert report.ok, report.errors
    assert Participant.objects.get(external_id="E1").first_name == "Eva-Marie"
    assert (PathwayTransition.objects.count(), PostPathwayFollowUp.objects.count()) == before


def test_a_blank_outcome_or_drop_out_reason_is_an_error_not_a_default(enterprise):
    report = _import(
        [
            "B1,Ana,Roy,woodworking,2024-01-08,2024-06-28,completed,,",  # no outcome
            "B2,Ben,Roy,woodworking,2024-01-08,2024-03-01,dropped_out,job_search,",  # no reason
            "B3,Cloé,Roy,woodworking,2024-01-08,2024-03-01,dropped_out,unknown,other",  # said: accepted
        ],
        enterprise,
    )
    assert _errors(report) == [(2, "exit_outcome"), (3, "dropout_reason")]
    assert not Participant.objects.exists()


def test_an_imported_pathway_moves_through_the_services(enterprise):
    report = _import(["S1,Sam,Roy,woodworking,2025-09-01,,suspended,,"], enterprise)
    assert report.ok, report.errors
    pathway = Pathway.objects.get(participant__external_id="S1")
    assert pathway.status == "suspended"
    moves = list(pathway.transitions.order_by("pk").values_list("from_status", "to_status", "effective_date"))
    today = timezone.localdate()
    assert moves == [
        ("", "planned", date(2025, 9, 1)),
        ("planned", "active", date(2025, 9, 1)),
        ("active", "suspended", max(today, date(2025, 9, 1))),
    ]
    assert pathway.phases.count() == 1  # started as the page starts it: the intake phase is open
    # Re-importing it as active resumes it; as ended, ends it with its follow-ups scheduled.
    assert _import(["S1,Sam,Roy,woodworking,2025-09-01,,active,,"], enterprise).ok
    assert _import(["S1,Sam,Roy,woodworking,2025-09-01,2026-03-06,dropped_out,job_search,moved"], enterprise).ok
    pathway.refresh_from_db()
    assert (pathway.status, pathway.dropout_reason) == ("dropped_out", "moved")
    assert pathway.post_follow_ups.count() == 3


def _purge_after_retention(settings, enterprise):
    """A person whose last pathway ended long ago, anonymized by the retention job."""
    settings.CEIQ_RETENTION_YEARS = 1
    assert _import(
        [
            "P1,Paule,Gagnon,woodworking,2019-01-07,2019-07-05,completed,job,",
            "P1,Paule,Gagnon,woodworking,2020-01-06,2020-03-06,dropped_out,other,moved",
        ],
        enterprise,
    ).ok
    call_command("purge_expired", "--wet-run", stdout=io.StringIO())
    return Participant.objects.get(anonymized_at__isnull=False)


def test_a_reimport_after_a_purge_creates_no_one(settings, enterprise, other_enterprise):
    anonymized = _purge_after_retention(settings, enterprise)
    tombstone = Tombstone.objects.get()
    # The tombstone keeps neither the external id nor the name: a keyed hash and the date.
    assert "P1" not in tombstone.key and tombstone.anonymized_on == timezone.localdate()
    counts = (Participant.objects.count(), Pathway.objects.count())

    report = _import(
        [
            "P1,Paule,Gagnon,woodworking,2019-01-07,2019-07-05,completed,job,",
            "P1,Paule,Gagnon,woodworking,2020-01-06,2020-03-06,dropped_out,other,moved",
            "N1,Nadia,Roy,woodworking,2025-01-06,,active,,",
        ],
        enterprise,
    )
    assert _errors(report) == [(2, "external_id"), (3, "external_id")]
    assert "anonymi" in report.errors[0].message and str(timezone.localdate().year) in report.errors[0].message
    assert (Participant.objects.count(), Pathway.objects.count()) == counts
    assert not Participant.objects.filter(first_name="Paule").exists()
    anonymized.refresh_from_db()
    assert anonymized.first_name == "Anonyme"
    # The key includes the enterprise: another enterprise's P1 is another person.
    assert _import(["P1,Pierre,Roy,woodworking,2025-01-06,,active,,"], other_enterprise).ok


def test_past_pathways_import_while_the_person_has_a_current_one_in_the_portal(enterprise):
    current = PathwayFactory(
        participant=ParticipantFactory(enterprise=enterprise, external_id="H1"),
        status="active",
        start_date=date(2025, 9, 1),
    )
    report = _import(["H1,Hugo,Roy,woodworking,2023-01-09,2023-07-07,dropped_out,job_search,moved"], enterprise)
    assert report.ok, report.errors
    past = Pathway.objects.get(participant=current.participant, start_date=date(2023, 1, 9))
    assert (past.status, past.actual_end_date, past.dropout_reason) == ("dropped_out", date(2023, 7, 7), "moved")
    assert list(past.transitions.order_by("pk").values_list("from_status", "to_status", "effective_date")) == [
        ("", "planned", date(2023, 1, 9)),
        ("planned", "active", date(2023, 1, 9)),
        ("active", "dropped_out", date(2023, 7, 7)),
    ]
    assert list(past.phases.values_list("start_date", "end_date")) == [(date(2023, 1, 9), date(2023, 7, 7))]
    assert past.post_follow_ups.count() == 3
    current.refresh_from_db()
    assert current.status == "active"
