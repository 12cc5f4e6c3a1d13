"""docs/conventions.md ("Reads", "404 or 403") on the enterprise itself: another tenant's object is
a 404, a missing permission inside one's own tenant is a 403."""

import pytest
from django.urls import reverse

from tests.factories.enterprises import FundingAgreementFactory, MembershipFactory, PartnerFactory, sector, trade

pytestmark = pytest.mark.django_db

DETAIL_STATUS = {
    "network": 200,
    "director": 200,
    "coordinator": 200,
    "counsellor": 200,
    "supervisor": 200,
    "employer": 404,
}


@pytest.mark.parametrize("role", list(DETAIL_STATUS))
def test_enterprise_detail_by_role(users, client_for, enterprise, role):
    response = client_for(users[role]).get(reverse("enterprises:detail", args=[enterprise.slug]))
    assert response.status_code == DETAIL_STATUS[role]


@pytest.mark.parametrize("role", ["director", "coordinator", "counsellor", "supervisor"])
def test_foreign_enterprise_is_a_404(users, client_for, other_enterprise, role):
    client = client_for(users[role])
    assert client.get(reverse("enterprises:detail", args=[other_enterprise.slug])).status_code == 404
    assert client.get(reverse("enterprises:edit", args=[other_enterprise.slug])).status_code == 404


@pytest.mark.parametrize("role", ["director", "coordinator", "counsellor", "supervisor"])
def test_editing_own_enterprise_needs_network_staff(users, client_for, enterprise, role):
    client = client_for(users[role])
    assert client.get(reverse("enterprises:edit", args=[enterprise.slug])).status_code == 403
    response = client.post(reverse("enterprises:edit", args=[enterprise.slug]), {"name": "Pirate"})
    assert response.status_code == 403
    enterprise.refresh_from_db()
    assert enterprise.name == "Atelier A"


def test_network_staff_edit_and_bad_neq_is_refused_in_french(users, client_for, enterprise):
    client = client_for(users["network"])
    form = {
        "name": "Atelier A renommé",
        "slug": enterprise.slug,
        "neq": "12345",
        "region": enterprise.region_id,
        "postal_code": "h2x1y4",
        "status": "active",
    }
    response = client.post(reverse("enterprises:edit", args=[enterprise.slug]), form)
    assert response.status_code == 200
    assert "10 chiffres" in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.name == "Atelier A"

    response = client.post(reverse("enterprises:edit", args=[enterprise.slug]), {**form, "neq": "1160000099"})
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.postal_code) == ("Atelier A renommé", "H2X 1Y4")


def test_enterprise_detail_query_count_is_bounded(users, client_for, enterprise, django_assert_max_num_queries):
    client = client_for(users["director"])
    # 13 = session, user, memberships, employer memberships, the user's roles once more (User.role_in runs
    # on the unwrapped user, whose cache the context middleware seeds on the lazy wrapper only), the
    # enterprise with its counts, sectors, trades, current agreement, change history, session save.
    with django_assert_max_num_queries(13):
        client.get(reverse("enterprises:detail", args=[enterprise.slug]))


def test_enterprise_detail_query_count_does_not_grow(users, client_for, enterprise, count_queries):
    client = client_for(users["director"])
    url = reverse("enterprises:detail", args=[enterprise.slug])
    _response, few = count_queries(client, url)
    enterprise.sectors.set([sector("food"), sector("retail"), sector("services")])
    enterprise.trades.set([trade("caterer"), trade("woodworking"), trade("cashier")])
    for year in range(2010, 2026):
        FundingAgreementFactory(enterprise=enterprise, fiscal_year=year)
    PartnerFactory.create_batch(10, enterprise=enterprise)
    MembershipFactory.create_batch(10, enterprise=enterprise)
    response, many = count_queries(client, url)
    assert many == few
    assert len(response.context["history"]) == 15
