"""Acceptance 1: confidential notes reach counsellors only — checked on every participants URL, in
every response (HTML, CSV, JSON), for every other role, on own and foreign objects."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.security import matrix_participants
from tests.security.matrix import Tenant, _tenant
from tests.security.test_canary import response_text

pytestmark = pytest.mark.django_db

NOTE = "Note confidentielle CANARY-"


@pytest.fixture
def tenants(db):
    network = UserFactory(is_network_staff=True)
    built = []
    for label in ("A", "B"):
        tenant: Tenant = _tenant(label, network)
        matrix_participants.build(tenant)
        built.append(tenant)
    return built


def _get_routes():
    return [route for route in matrix_participants.ROUTES if route.get is not None]


@pytest.mark.parametrize("role", ["network", "director", "coordinator", "supervisor", "employer"])
def test_no_response_carries_confidential_notes(tenants, role):
    own, foreign = tenants
    client = Client()
    client.force_login(own.users[role])
    for route in _get_routes():
        for tenant in (own, foreign):
            response = client.get(reverse(route.name, args=route.args(tenant)))
            assert NOTE not in response_text(response), (route.name, tenant.label)  # HTML, CSV, XLSX, PDF


def test_the_counsellor_does_read_them_on_the_file(tenants):
    own, foreign = tenants
    client = Client()
    client.force_login(own.users["counsellor"])
    content = client.get(reverse("participants:detail", args=[own.objects["participant"].pk])).content.decode()
    assert f"{NOTE}A" in content
    assert client.get(reverse("participants:detail", args=[foreign.objects["participant"].pk])).status_code == 404
