"""The intake and pathway forms read the formats of Québec and Canada, and a value too long is refused
with a message, never cut."""

import pytest
from django.urls import reverse

from participants.models import Participant
from tests.factories.enterprises import trade
from tests.factories.participants import INTAKE_FORM, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_intake_refuses_bad_formats_and_a_name_too_long(users, client_for):
    client = client_for(users["coordinator"])
    page = client.get(reverse("participants:create")).content.decode()
    assert "maxlength" not in page
    response = client.post(
        reverse("participants:create"),
        {**INTAKE_FORM, "first_name": "L" * 5000, "postal_code": "ABCDEFG", "phone": "abc"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["postal_code"] == ["Entrez un code postal canadien au format A1A 1A1."]
    assert "numéro de téléphone nord-américain" in errors["phone"][0]
    assert "au plus 100 caractères (actuellement 5000)" in errors["first_name"][0]
    assert "au plus 100 caractères" in response.content.decode()
    assert not Participant.objects.exists()


def test_intake_stores_formats_normalised(users, client_for):
    response = client_for(users["coordinator"]).post(
        reverse("participants:create"), {**INTAKE_FORM, "postal_code": "h2x1y4", "phone": "(514) 555-1234 poste 22"}
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert (participant.postal_code, participant.phone) == ("H2X 1Y4", "514 555-1234, poste 22")


def test_pathway_weekly_hours_stay_between_1_and_40(users, client_for, enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    client = client_for(users["coordinator"])
    url = reverse("participants:pathway_create", args=[participant.pk])
    for hours in ("200", "0"):
        response = client.post(url, {"trade": trade().pk, "start_date": "2026-01-12", "weekly_hours": hours})
        assert response.status_code == 200
        assert response.context["form"].errors["weekly_hours"] == ["Les heures par semaine sont entre 1 et 40."]
    assert not participant.pathways.exists()
    response = client.post(url, {"trade": trade().pk, "start_date": "2026-01-12", "weekly_hours": "40"})
    assert response.status_code == 302
    assert participant.pathways.get().weekly_hours == 40
