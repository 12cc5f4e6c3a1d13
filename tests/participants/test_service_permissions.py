"""Every participants service checks its actor itself (issue 11: one service contract). The services
are enumerated, so a new public service without a permission check fails here; the change history of a
write made outside any request (the import command) names the actor it was given."""

import importlib
import inspect
import io
import pkgutil
from datetime import date
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from ceiq.privacy import services as privacy_services
from ceiq.privacy.models import ConfidentialityIncident
from participants import services
from participants.importing import import_participants
from participants.models import Participant, Pathway
from tests.factories.employers import EmployerFactory
from tests.factories.enterprises import trade
from tests.factories.participants import (
    GroupSessionFactory,
    InternshipFactory,
    ParticipantFactory,
    PathwayFactory,
    PostPathwayFollowUpFactory,
)

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "participants-example.csv"


def public_services():
    """The public functions defined in the modules of the participants.services package (names a
    module imports from elsewhere, such as the schedule helpers, are not its own). Each one is also
    reachable from the package, where callers import it."""
    found = []
    for module_info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"{services.__name__}.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and function.__module__ == module.__name__:
                assert getattr(services, name, None) is function, f"participants.services does not export {name}"
                found.append((name, function))
    return sorted(found)


@pytest.fixture
def objects(enterprise):
    """One object of each kind a service works on, in `enterprise` (nobody supervises the pathway)."""
    participant = ParticipantFactory(enterprise=enterprise)
    pathway = PathwayFactory(participant=participant, status="active", start_date=date(2025, 6, 2), supervisor=None)
    ended = PathwayFactory(
        participant=ParticipantFactory(enterprise=enterprise),
        status="completed",
        start_date=date(2024, 6, 3),
        actual_end_date=date(2024, 12, 6),
    )
    return {
        "participant": participant,
        "enterprise": enterprise,
        "pathway": pathway,
        "session": GroupSessionFactory(enterprise=enterprise),
        "follow_up": PostPathwayFollowUpFactory(pathway=ended),
        "internship": InternshipFactory(pathway=pathway),
        # The other required arguments: valid values, so only the permission can refuse.
        "trade": trade(),
        "employer": EmployerFactory(),
        "purpose": "processing",
        "start_date": date(2025, 7, 1),
        "effective_date": date(2025, 7, 1),
        "end_date": date(2025, 12, 5),
        "status": "completed",
        "exit_outcome": "job_search",
        "phase": "production",
        "evaluated_on": date(2025, 7, 1),
        "met_on": date(2025, 7, 1),
        "duration_minutes": 45,
        "topic": "conflict",
        "held_on": date(2025, 7, 1),
        "kind": "attestation",
        "title": "Attestation",
        "obtained_on": date(2025, 7, 1),
        "done_on": date(2025, 1, 10),
        "situation": "seeking",
    }


def _arguments(function, objects, actor):
    """The function's keyword arguments: the actor, and a value for each required one."""
    arguments = {"actor": actor}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "actor" or parameter.kind is parameter.VAR_KEYWORD or parameter.default is not parameter.empty:
            continue
        assert name in objects, f"{function.__name__}: give this test a value for its argument “{name}”"
        arguments[name] = objects[name]
    return arguments


def test_every_public_service_takes_an_actor_keyword():
    assert len(public_services()) >= 18
    for name, function in public_services():
        parameter = inspect.signature(function).parameters.get("actor")
        assert parameter is not None and parameter.kind is parameter.KEYWORD_ONLY, name


@pytest.mark.parametrize("who", ["supervisor", "foreign_director", "employer", "network", "anonymous"])
def test_every_public_service_refuses_an_actor_without_the_right(who, users, make_user, objects):
    actor = {
        "supervisor": users["supervisor"],  # in the enterprise, but supervises none of these pathways
        "foreign_director": make_user("director"),  # every right, in another enterprise
        "employer": users["employer"],
        "network": users["network"],
        "anonymous": AnonymousUser(),
    }[who]
    before = (Participant.objects.count(), Pathway.objects.count(), LogEntry.objects.count())
    for name, function in public_services():
        with pytest.raises(PermissionDenied):
            function(**_arguments(function, objects, actor))
            pytest.fail(f"{name} accepted {who}")
    assert (Participant.objects.count(), Pathway.objects.count(), LogEntry.objects.count()) == before


def test_the_importer_refuses_an_actor_without_the_import_right(users, enterprise, make_user):
    for actor in (users["counsellor"], users["supervisor"], make_user("coordinator"), AnonymousUser()):
        with pytest.raises(PermissionDenied):
            import_participants(io.BytesIO(EXAMPLE.read_bytes()), filename="x.csv", enterprise=enterprise, actor=actor)
    assert not Participant.objects.exists()


def test_privacy_writes_check_their_actor(users, make_user, enterprise, other_enterprise):
    incident = ConfidentialityIncident.objects.create(
        enterprise=enterprise,
        description="Courriel au mauvais destinataire",
        occurred_on=date(2026, 1, 5),
        discovered_on=date(2026, 1, 6),
        people_concerned=1,
        risk_level="low",
    )
    for actor in (users["coordinator"], make_user("director"), AnonymousUser()):
        with pytest.raises(PermissionDenied):
            privacy_services.incident_update(actor=actor, incident=incident, description="Autre")
        with pytest.raises(PermissionDenied):
            privacy_services.incident_delete(actor=actor, incident=incident)
    with pytest.raises(PermissionDenied):  # a director files only under their own enterprise
        privacy_services.incident_create(actor=users["director"], enterprise=other_enterprise, description="x")
    # Anonymization: the retention rule is the permission (a current participant is never anonymized).
    with pytest.raises(PermissionDenied):
        privacy_services.participant_anonymize(actor=None, participant=ParticipantFactory(enterprise=enterprise))


def test_a_service_attributes_the_change_history_to_its_actor_outside_any_request(users, enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    services.participant_update(actor=users["coordinator"], participant=participant, city="Rimouski")
    pathway = services.pathway_create(
        actor=users["director"], participant=participant, trade=trade(), start_date=date(2025, 6, 2)
    )
    assert LogEntry.objects.get_for_object(participant).latest("timestamp").actor == users["coordinator"]
    assert LogEntry.objects.get_for_object(pathway).get().actor == users["director"]


def test_the_import_command_records_its_actor_in_the_change_history(users, enterprise):
    call_command(
        "import_participants", str(EXAMPLE), "--enterprise", enterprise.slug, "--actor", users["coordinator"].email
    )
    imported = Participant.objects.filter(enterprise=enterprise)
    assert imported.count() == 4
    entries = [entry for participant in imported for entry in LogEntry.objects.get_for_object(participant)]
    pathways = Pathway.objects.filter(participant__in=imported)
    entries += [entry for pathway in pathways for entry in LogEntry.objects.get_for_object(pathway)]
    assert len(entries) >= 8
    assert {entry.actor for entry in entries} == {users["coordinator"]}
    assert {t.by for p in pathways for t in p.transitions.all()} == {users["coordinator"]}
