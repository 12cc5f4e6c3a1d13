"""Law 25 register of confidentiality incidents: the regulation's fields, per enterprise and for
the network, kept at least five years, with its change history."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from ceiq.privacy.models import ConfidentialityIncident, IncidentRetentionError
from ceiq.privacy.services import incident_delete

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "description": "Liste de participant·es envoyée au mauvais employeur",
        "circumstances": "Erreur de destinataire dans un courriel",
        "occurred_on": "2026-01-08",
        "discovered_on": "2026-01-09",
        "people_concerned": "12",
        "information_kinds": ["identity", "contact"],
        "risk_level": "high",
        "risk_assessment": "Coordonnées et statut d'aide sociale : préjudice sérieux possible",
        "cai_notified_at": "2026-01-10T09:30",
        "people_notified_on": "2026-01-11",
        "measures_taken": "Demande de destruction, rappel de la procédure",
    }
    data.update(overrides)
    return data


def _incident(enterprise, **fields):
    values = {
        "enterprise": enterprise,
        "description": "Ordinateur portable volé",
        "discovered_on": date(2026, 2, 1),
        "people_concerned": 4,
        "risk_level": "medium",
        "risk_assessment": "Disque chiffré",
    }
    values.update(fields)
    return ConfidentialityIncident.objects.create(**values)


def test_a_director_records_an_incident_for_their_enterprise(users, client_for, enterprise, other_enterprise):
    client = client_for(users["director"])
    response = client.post(reverse("privacy:incident_create"), _form(enterprise=enterprise.pk))
    incident = ConfidentialityIncident.objects.get()
    assert response.status_code == 302 and response.url == reverse("privacy:incident_detail", args=[incident.pk])
    assert incident.enterprise == enterprise and incident.recorded_by == users["director"]
    assert incident.people_concerned == 12 and incident.information_kinds == ["identity", "contact"]
    assert incident.cai_notified_at is not None and incident.people_notified_on == date(2026, 1, 11)
    body = client.get(response.url).content.decode()
    assert "Liste de participant·es envoyée au mauvais employeur" in body
    # A director cannot file an incident under another enterprise.
    response = client.post(reverse("privacy:incident_create"), _form(enterprise=other_enterprise.pk))
    assert response.status_code == 200 and ConfidentialityIncident.objects.count() == 1


def test_network_staff_record_network_level_incidents(users, client_for):
    client = client_for(users["network"])
    response = client.post(reverse("privacy:incident_create"), _form(enterprise=""))
    assert response.status_code == 302
    assert ConfidentialityIncident.objects.get().enterprise is None


def test_list_shows_each_organization_its_own_register(users, client_for, enterprise, other_enterprise):
    _incident(enterprise, description="Incident de notre entreprise")
    _incident(other_enterprise, description="Incident ailleurs")
    _incident(None, description="Incident du réseau")
    director_page = client_for(users["director"]).get(reverse("privacy:incident_list")).content.decode()
    assert "Incident de notre entreprise" in director_page
    assert "Incident ailleurs" not in director_page and "Incident du réseau" not in director_page
    network_page = client_for(users["network"]).get(reverse("privacy:incident_list")).content.decode()
    for description in ("Incident de notre entreprise", "Incident ailleurs", "Incident du réseau"):
        assert description in network_page


def test_others_cannot_read_the_register(users, client_for, make_user, enterprise, other_enterprise):
    ours = _incident(enterprise)
    network_level = _incident(None)
    for role in ("coordinator", "counsellor", "supervisor", "employer"):
        client = client_for(users[role])
        assert client.get(reverse("privacy:incident_list")).status_code == 403
        expected = 404 if role == "employer" else 403
        assert client.get(reverse("privacy:incident_detail", args=[ours.pk])).status_code == expected
    director = client_for(users["director"])
    assert director.get(reverse("privacy:incident_detail", args=[network_level.pk])).status_code == 404
    stranger = client_for(make_user("director", other_enterprise))
    assert stranger.get(reverse("privacy:incident_detail", args=[ours.pk])).status_code == 404
    assert stranger.get(reverse("privacy:incident_edit", args=[ours.pk])).status_code == 404


def test_edits_are_kept_in_the_history(users, client_for, enterprise):
    incident = _incident(enterprise)
    client = client_for(users["director"])
    response = client.post(
        reverse("privacy:incident_edit", args=[incident.pk]),
        _form(enterprise=enterprise.pk, measures_taken="Mots de passe changés"),
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.measures_taken == "Mots de passe changés"
    entries = LogEntry.objects.get_for_object(incident)
    assert entries.filter(action=LogEntry.Action.UPDATE).exists()
    assert entries.filter(actor=users["director"]).exists()
    detail = client.get(reverse("privacy:incident_detail", args=[incident.pk])).content.decode()
    assert "Mots de passe changés" in detail


def test_impossible_dates_are_refused_with_a_message(users, client_for, enterprise):
    client = client_for(users["director"])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    for overrides in (
        {"discovered_on": future},
        {"occurred_on": "2026-01-20", "discovered_on": "2026-01-09"},
        {"people_concerned": "-4"},
        {"discovered_on": "2026-02-30"},
        {"information_kinds": ["unknown"]},
    ):
        response = client.post(reverse("privacy:incident_create"), _form(enterprise=enterprise.pk, **overrides))
        assert response.status_code == 200, overrides
        assert "invalid-feedback" in response.content.decode() or "alert-danger" in response.content.decode()
    assert not ConfidentialityIncident.objects.exists()


def test_incidents_are_kept_at_least_five_years(enterprise, users):
    recent = _incident(enterprise, discovered_on=timezone.localdate() - timedelta(days=5 * 365))
    with pytest.raises(IncidentRetentionError):
        incident_delete(actor=users["director"], incident=recent)
    with pytest.raises(IncidentRetentionError):
        ConfidentialityIncident.objects.all().delete()
    assert ConfidentialityIncident.objects.filter(pk=recent.pk).exists()
    old = _incident(enterprise, discovered_on=timezone.localdate() - timedelta(days=5 * 366 + 1))
    incident_delete(actor=users["director"], incident=old)
    assert not ConfidentialityIncident.objects.filter(pk=old.pk).exists()


def test_no_delete_action_is_offered(users, client_for, enterprise):
    incident = _incident(enterprise)
    body = client_for(users["director"]).get(reverse("privacy:incident_detail", args=[incident.pk])).content.decode()
    assert "delete" not in body.lower() and "supprimer" not in body.lower()

    assert ConfidentialityIncident not in admin.site._registry


@pytest.mark.parametrize("rows", [5, 50])
def test_register_pages_have_bounded_queries(users, client_for, enterprise, django_assert_max_num_queries, rows):
    incidents = [_incident(enterprise, description=f"Incident {n}") for n in range(rows)]
    client = client_for(users["director"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("privacy:incident_list")).status_code == 200
    client.post(
        reverse("privacy:incident_edit", args=[incidents[0].pk]), _form(enterprise=enterprise.pk, measures_taken="x")
    )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("privacy:incident_detail", args=[incidents[0].pk])).status_code == 200
