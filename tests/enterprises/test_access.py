"""Every page of the app × every role, on the user's own enterprise and on another one (acceptance 1).
The network-wide pages are network staff only (403 for everyone else); an enterprise's own pages are
read by its staff, another enterprise's pages are a 404, employers get 404."""

import pytest
from django.urls import reverse

from enterprises.models import Trade
from tests.factories.enterprises import FundingAgreementFactory, MembershipFactory, PartnerFactory

pytestmark = pytest.mark.django_db

ROLES = ["network", "director", "coordinator", "counsellor", "supervisor", "employer"]
READ_OWN = {"network": 200, "director": 200, "coordinator": 200, "counsellor": 200, "supervisor": 200, "employer": 404}
NETWORK_ONLY = {
    "network": 200,
    "director": 403,
    "coordinator": 403,
    "counsellor": 403,
    "supervisor": 403,
    "employer": 403,
}
NETWORK_WRITES = {**NETWORK_ONLY, "employer": 404}
DIRECTOR_WRITES = {**NETWORK_WRITES, "director": 200}


@pytest.fixture
def objects(enterprise, other_enterprise):
    made = {}
    for label, target in (("own", enterprise), ("foreign", other_enterprise)):
        made[label] = {
            "enterprise": target,
            "agreement": FundingAgreementFactory(enterprise=target),
            "partner": PartnerFactory(enterprise=target),
            "membership": MembershipFactory(enterprise=target, role="supervisor"),
        }
    return made


ENTERPRISE_PAGES = [
    ("enterprises:detail", lambda o: [o["enterprise"].slug], READ_OWN),
    ("enterprises:recognition", lambda o: [o["enterprise"].slug], READ_OWN),
    ("enterprises:agreement_list", lambda o: [o["enterprise"].slug], READ_OWN),
    ("enterprises:partner_list", lambda o: [o["enterprise"].slug], READ_OWN),
    ("enterprises:staff", lambda o: [o["enterprise"].slug], READ_OWN),
    ("enterprises:edit", lambda o: [o["enterprise"].slug], NETWORK_WRITES),
    ("enterprises:agreement_create", lambda o: [o["enterprise"].slug], NETWORK_WRITES),
    ("enterprises:agreement_edit", lambda o: [o["enterprise"].slug, o["agreement"].pk], NETWORK_WRITES),
    ("enterprises:partner_create", lambda o: [o["enterprise"].slug], DIRECTOR_WRITES),
    ("enterprises:partner_edit", lambda o: [o["enterprise"].slug, o["partner"].pk], DIRECTOR_WRITES),
    ("enterprises:membership_edit", lambda o: [o["enterprise"].slug, o["membership"].pk], DIRECTOR_WRITES),
]

NETWORK_PAGES = [
    ("enterprises:list", []),
    ("enterprises:create", []),
    ("enterprises:export_csv", []),
    ("enterprises:reference_list", ["regions"]),
    ("enterprises:reference_list", ["sectors"]),
    ("enterprises:reference_list", ["trades"]),
    ("enterprises:reference_create", ["trades"]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "expected"), ENTERPRISE_PAGES, ids=[p[0] for p in ENTERPRISE_PAGES])
def test_enterprise_pages_by_role(users, client_for, objects, role, name, args, expected):
    client = client_for(users[role])
    own = client.get(reverse(name, args=args(objects["own"])))
    assert own.status_code == expected[role]
    foreign = client.get(reverse(name, args=args(objects["foreign"])))
    assert foreign.status_code == (200 if role == "network" else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args"), NETWORK_PAGES, ids=[f"{p[0]}-{p[1]}" for p in NETWORK_PAGES])
def test_network_pages_by_role(users, client_for, role, name, args):
    response = client_for(users[role]).get(reverse(name, args=args))
    assert response.status_code == NETWORK_ONLY[role]
    if hasattr(response, "streaming_content"):
        response.close()


def test_reference_edit_by_role(users, client_for):
    trade = Trade.objects.get(code="woodworking")
    for role in ROLES:
        response = client_for(users[role]).get(reverse("enterprises:reference_edit", args=["trades", trade.pk]))
        assert response.status_code == NETWORK_ONLY[role], role


def test_anonymous_is_sent_to_the_login_page(client, enterprise):
    for url in [reverse("enterprises:list"), reverse("enterprises:detail", args=[enterprise.slug])]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_unknown_reference_kind_is_a_404(users, client_for):
    assert client_for(users["network"]).get("/enterprises/reference/planets/").status_code == 404


POST_ACTIONS = [
    # name, args, data, expected status per role on the user's own enterprise
    (
        "enterprises:membership_deactivate",
        lambda o: [o["enterprise"].slug, o["membership"].pk],
        {},
        {**NETWORK_WRITES, "network": 302, "director": 302},
    ),
    (
        "enterprises:membership_reactivate",
        lambda o: [o["enterprise"].slug, o["membership"].pk],
        {},
        {**NETWORK_WRITES, "network": 302, "director": 302},
    ),
    (
        "enterprises:partner_delete",
        lambda o: [o["enterprise"].slug, o["partner"].pk],
        {},
        {**NETWORK_WRITES, "network": 302, "director": 302},
    ),
    (
        "enterprises:recognition",
        lambda o: [o["enterprise"].slug],
        {"criterion": "mission", "assessed_on": "2026-01-05", "result": "met"},
        {**NETWORK_WRITES, "network": 302},
    ),
    (
        "enterprises:staff",
        lambda o: [o["enterprise"].slug],
        {"email": "quelqu.un@example.org", "role": "supervisor"},
        {**NETWORK_WRITES, "network": 302, "director": 302},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "data", "expected"), POST_ACTIONS, ids=[p[0] for p in POST_ACTIONS])
def test_write_actions_by_role(users, client_for, objects, role, name, args, data, expected):
    client = client_for(users[role])
    own = client.post(reverse(name, args=args(objects["own"])), data)
    assert own.status_code == expected[role]
    foreign = client.post(reverse(name, args=args(objects["foreign"])), data)
    assert foreign.status_code == (302 if role == "network" else 404)
