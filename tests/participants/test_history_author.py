"""Who did it: the file's change history names its author as « Prénom Nom (rôle, organisation) »."""

import pytest
from django.urls import reverse

from tests.factories.participants import INTAKE_FORM, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_the_history_names_the_author_with_role_and_enterprise(users, client_for, enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    coordinator = users["coordinator"]
    coordinator.first_name, coordinator.last_name = "Chantal", "Tremblay"
    coordinator.save()
    client = client_for(coordinator)
    client.post(reverse("participants:edit", args=[participant.pk]), {**INTAKE_FORM, "last_name": "Nouveau-Nom"})
    content = client.get(reverse("participants:detail", args=[participant.pk])).content.decode()
    history = content.split('data-testid="change-history"')[1].split("</ul>")[0]
    assert "Chantal Tremblay (Coordonnateur·trice, Atelier A)" in history
    assert "—" not in history
