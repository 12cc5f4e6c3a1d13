"""No duplicates: one person follows one pathway at a time. The form says so in French; PostgreSQL
refuses an overlap even when the form and the service are bypassed; two submits at the same moment
create one pathway."""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from enterprises.models import Region, Sector, Trade
from enterprises.reference_data import seed_reference_data
from participants.models import Barrier, Participant, Pathway
from participants.reference_data import seed_barriers
from tests.factories.enterprises import trade
from tests.factories.participants import INTAKE_FORM, ParticipantFactory, PathwayFactory


@pytest.fixture
def reference_data():
    """Transactional tests flush the database: put the reference data back first."""
    seed_reference_data(Region, Sector, Trade)
    seed_barriers(Barrier)


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL: its exclusion constraint and two real connections"
)


@pytest.mark.django_db
def test_an_overlapping_pathway_is_refused_with_a_clear_message(users, client_for, enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    PathwayFactory(participant=participant, start_date=date(2025, 6, 2))  # until 2025-12-08
    client = client_for(users["coordinator"])
    url = reverse("participants:pathway_create", args=[participant.pk])
    response = client.post(url, {"trade": trade().pk, "start_date": "2025-11-03", "weekly_hours": "30"})
    assert response.status_code == 200
    assert "Ces dates chevauchent le parcours en" in response.content.decode()
    assert "du 2025-06-02 au 2025-12-08" in response.content.decode()
    assert participant.pathways.count() == 1

    response = client.post(url, {"trade": trade().pk, "start_date": "2025-12-15", "weekly_hours": "30"})
    assert response.status_code == 302
    assert participant.pathways.count() == 2


@pytest.mark.django_db
def test_a_pathway_moved_onto_another_is_refused(users, client_for, enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    PathwayFactory(
        participant=participant, start_date=date(2025, 6, 2), status="completed", actual_end_date=date(2025, 9, 5)
    )
    later = PathwayFactory(participant=participant, start_date=date(2026, 1, 12), status="planned")
    response = client_for(users["coordinator"]).post(
        reverse("participants:pathway_edit", args=[later.pk]),
        {"trade": later.trade.pk, "start_date": "2025-09-01", "weekly_hours": "30"},
    )
    assert response.status_code == 200
    assert "Ces dates chevauchent le parcours en" in response.content.decode()
    later.refresh_from_db()
    assert later.start_date == date(2026, 1, 12)


@on_postgresql
@pytest.mark.django_db
def test_postgresql_refuses_an_overlap_even_when_the_form_is_bypassed(enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    PathwayFactory(
        participant=participant, start_date=date(2025, 6, 2), status="completed", actual_end_date=date(2025, 9, 5)
    )
    with pytest.raises(IntegrityError, match="pathway_no_overlap_per_person"), transaction.atomic():
        PathwayFactory(participant=participant, start_date=date(2025, 9, 5), status="planned")
    PathwayFactory(participant=participant, start_date=date(2025, 9, 8), status="planned")
    assert participant.pathways.count() == 2


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_create_one_pathway(reference_data, users, enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    url = reverse("participants:pathway_create", args=[participant.pk])
    # Two forms (two tokens): the person's row lock and the overlap check keep one.
    data = {"trade": trade().pk, "start_date": "2026-01-12", "weekly_hours": "30"}
    assert _at_once(users["coordinator"], url, data) == [200, 302]
    assert Pathway.objects.filter(participant=participant).count() == 1


def _token(client, url):
    form = client.get(url).context["form"]
    return form.fields["form_token"].initial


@pytest.mark.django_db
def test_the_same_intake_form_sent_twice_records_one_person(users, client_for):
    client = client_for(users["coordinator"])
    url = reverse("participants:create")
    token = _token(client, url)
    first = client.post(url, {**INTAKE_FORM, "form_token": token})
    second = client.post(url, {**INTAKE_FORM, "form_token": token}, follow=True)
    participant = Participant.objects.get()
    assert first.url == second.redirect_chain[-1][0] == reverse("participants:detail", args=[participant.pk])
    assert "Ce formulaire avait déjà été envoyé" in second.content.decode()
    # A new form (a new token) records a new intake.
    client.post(url, {**INTAKE_FORM, "first_name": "Zoé", "form_token": _token(client, url)})
    assert Participant.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_form_can_be_corrected_and_sent_again(users, client_for):
    client = client_for(users["coordinator"])
    url = reverse("participants:create")
    token = _token(client, url)
    assert client.post(url, {**INTAKE_FORM, "birth_date": "2099-01-01", "form_token": token}).status_code == 200
    assert client.post(url, {**INTAKE_FORM, "form_token": token}).status_code == 302
    assert Participant.objects.count() == 1


def _at_once(user, url, data):
    """POST `data` to `url` from two clients (two database connections) at the same moment."""
    barrier = threading.Barrier(2)
    statuses = []

    def submit():
        client = Client()
        client.force_login(user)
        try:
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_intake_submits_at_once_create_one_person(reference_data, users, enterprise):
    token = "0123456789abcdef0123456789abcdef"  # the token of the form both tabs show
    statuses = _at_once(users["coordinator"], reverse("participants:create"), {**INTAKE_FORM, "form_token": token})
    assert statuses == [302, 302]
    assert Participant.objects.filter(enterprise=enterprise).count() == 1


@pytest.mark.django_db
def test_intake_warns_of_the_same_person_and_creates_only_when_asked(users, client_for, enterprise, other_enterprise):
    existing = ParticipantFactory(
        enterprise=enterprise, first_name="Léa", last_name="Gagnon", birth_date=date(2003, 2, 1)
    )
    ParticipantFactory(enterprise=other_enterprise, first_name="Zoé", last_name="Roy", birth_date=date(2003, 2, 1))
    client = client_for(users["coordinator"])
    url = reverse("participants:create")
    response = client.post(url, {**INTAKE_FORM, "first_name": "LEA", "last_name": " gagnon "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cette personne a peut-être déjà un dossier" in page
    assert reverse("participants:detail", args=[existing.pk]) in page
    assert 'type="checkbox" name="create_anyway"' in page
    assert Participant.objects.filter(enterprise=enterprise).count() == 1

    response = client.post(url, {**INTAKE_FORM, "first_name": "LEA", "last_name": " gagnon ", "create_anyway": "on"})
    assert response.status_code == 302
    assert Participant.objects.filter(enterprise=enterprise).count() == 2
    # Another enterprise's person with the same name and birth date is neither shown nor counted.
    response = client.post(url, {**INTAKE_FORM, "first_name": "Zoe", "last_name": "ROY"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_intake_page_carries_its_one_time_token(users, client_for):
    client = client_for(users["coordinator"])
    response = client.get(reverse("participants:create"))
    token = response.context["form"].fields["form_token"].initial
    assert f'name="form_token" value="{token}"' in response.content.decode()
