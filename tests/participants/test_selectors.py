"""The participant's file as a selector: who gets it (404 for another enterprise, 403 inside one's own
without the right), what each role receives, and the access log written where access is granted."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from ceiq.accounts.models import User
from ceiq.audit.models import AccessLog
from participants import selectors
from participants.choices import PathwayStatus
from participants.models import Pathway
from tests.factories.participants import ParticipantFactory, PathwayFactory
from tests.factories.participants import participant_with_history as history

pytestmark = pytest.mark.django_db

SECRET = "SECRET-NOTE-"


def _fresh(user):
    """The user as a new request loads it (roles are cached on the instance)."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def person(enterprise, users):
    return history(enterprise, counsellor=users["counsellor"], supervisor=users["supervisor"], label="A", rows=2)


def test_another_enterprise_file_is_a_404(make_user, other_enterprise, person):
    with pytest.raises(Http404):
        selectors.participant_file(user=make_user("coordinator", other_enterprise), pk=person.pk)
    assert not AccessLog.objects.exists()


def test_a_supervisor_not_supervising_the_person_is_refused(users, enterprise):
    other = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise)).participant
    with pytest.raises(PermissionDenied):
        selectors.participant_file(user=users["supervisor"], pk=other.pk)
    assert not AccessLog.objects.exists()


def test_the_counsellor_reading_notes_is_logged_with_the_address(users, person):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    file = selectors.participant_file(user=users["counsellor"], pk=person.pk, request=request)
    assert file.rights.can_read_notes
    assert any(SECRET in entry.follow_up.confidential_notes for entry in file.follow_ups)
    logs = AccessLog.objects.filter(user=users["counsellor"], object_id=str(person.pk))
    assert sorted(logs.values_list("action", flat=True)) == ["read_confidential_notes", "read_participant_file"]
    assert set(logs.values_list("ip_address", flat=True)) == {"192.0.2.7"}


def test_the_coordinator_gets_summaries_without_notes(users, person):
    file = selectors.participant_file(user=users["coordinator"], pk=person.pk)
    assert not file.rights.can_read_notes
    assert [entry.follow_up.summary for entry in file.follow_ups] == ["Résumé A 1", "Résumé A 0"]
    assert all("confidential_notes" in entry.follow_up.get_deferred_fields() for entry in file.follow_ups)
    assert file.history  # managers see who changed the file
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["read_participant_file"]


def test_the_supervisor_gets_their_pathways_and_nothing_of_the_intake(users, enterprise, person):
    ended = {"start_date": date(2023, 1, 9), "actual_end_date": date(2023, 7, 14)}
    PathwayFactory(participant=person, status=PathwayStatus.COMPLETED, **ended)
    file = selectors.participant_file(user=users["supervisor"], pk=person.pk)
    assert [card.pathway.supervisor for card in file.pathways] == [users["supervisor"]]
    assert (file.follow_ups, file.placements, file.referrals, file.history) == ([], [], [], [])
    assert not (file.rights.can_view_intake_profile or file.rights.can_manage_pathways)
    assert all(card.buttons == [] for card in file.pathways)
    assert len(file.evaluations) == 2


def test_the_file_offers_a_new_pathway_only_without_an_open_one(users, enterprise, person):
    assert selectors.participant_file(user=users["coordinator"], pk=person.pk).has_open_pathway
    person.pathways.update(status=PathwayStatus.COMPLETED)
    assert not selectors.participant_file(user=_fresh(users["coordinator"]), pk=person.pk).has_open_pathway


def _rights(value):
    return selectors.FileRights(**dict.fromkeys(selectors.FileRights.__dataclass_fields__, value))


# An open pathway: its status move, then the recording pages, ending it and editing it.
OPEN_PATHWAY_BUTTONS = [
    ("Next phase", "btn-outline-secondary", "phase"),
    ("Record an internship", "btn-outline-secondary", "internships/new"),
    ("End the pathway", "btn-outline-danger", "exit"),
    ("Edit", "btn-outline-primary", "edit"),
]
EXPECTED_BUTTONS = {
    PathwayStatus.PLANNED: [("Start", "btn-success", "start"), ("Edit", "btn-outline-primary", "edit")],
    PathwayStatus.ACTIVE: [("Suspend", "btn-outline-warning", "suspend"), *OPEN_PATHWAY_BUTTONS],
    PathwayStatus.SUSPENDED: [("Resume", "btn-outline-success", "resume"), *OPEN_PATHWAY_BUTTONS],
    PathwayStatus.COMPLETED: [],
    PathwayStatus.DROPPED_OUT: [],
}


@pytest.mark.parametrize("status", list(PathwayStatus))
def test_pathway_buttons_follow_the_state_machine_in_the_order_of_the_card(status):
    pathway = Pathway(pk=7, status=status)
    with translation.override("en"):
        buttons = [(str(b.label), b.style, b.url) for b in selectors.pathway_buttons(pathway, _rights(True))]
    expected = EXPECTED_BUTTONS[status]
    assert [(label, style) for label, style, _url in buttons] == [(label, style) for label, style, _path in expected]
    assert [url for _label, _style, url in buttons] == [f"/participants/pathways/7/{path}/" for *_, path in expected]
    assert selectors.pathway_buttons(pathway, _rights(False)) == []
