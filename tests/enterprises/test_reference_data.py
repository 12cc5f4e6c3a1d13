"""Reference data (regions, sectors, trades): seeded by migrations, edited by network staff."""

import pytest
from django.urls import reverse

from enterprises.models import Region, Sector, Trade
from tests.factories.enterprises import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_migrations_seed_17_regions_7_sectors_and_about_66_trades():
    assert list(Region.objects.values_list("code", flat=True)) == [f"{n:02d}" for n in range(1, 18)]
    assert Sector.objects.count() == 7
    assert 60 <= Trade.objects.count() <= 70


def test_network_staff_rename_and_deactivate_a_trade(users, client_for):
    trade = Trade.objects.get(code="caterer")
    url = reverse("enterprises:reference_edit", args=["trades", trade.pk])
    data = {"code": "changed", "name_fr": "Traiteur·euse", "name_en": "Caterer", "sector": trade.sector_id}
    response = client_for(users["network"]).post(url, data)  # is_active unchecked
    assert response.status_code == 302
    trade.refresh_from_db()
    assert (trade.code, trade.name_fr, trade.is_active) == ("caterer", "Traiteur·euse", False)


def test_network_staff_add_a_trade(users, client_for):
    data = {"code": "sign-making", "name_fr": "Fabrication d'enseignes", "name_en": "Sign making"}
    data |= {"sector": Sector.objects.get(code="manufacturing").pk, "is_active": "on"}
    response = client_for(users["network"]).post(reverse("enterprises:reference_create", args=["trades"]), data)
    assert response.status_code == 302
    assert Trade.objects.get(code="sign-making").sector.code == "manufacturing"


def test_a_duplicate_code_is_refused_in_french(users, client_for):
    data = {"code": "food", "name_fr": "Bouffe", "name_en": "Food", "is_active": "on"}
    response = client_for(users["network"]).post(reverse("enterprises:reference_create", args=["sectors"]), data)
    assert response.status_code == 200
    assert "existe déjà" in " ".join(response.context["form"].errors["code"])
    assert Sector.objects.count() == 7


@pytest.mark.parametrize("role", ["director", "coordinator", "counsellor", "supervisor", "employer"])
def test_others_cannot_edit_reference_data(users, client_for, role):
    region = Region.objects.get(code="06")
    url = reverse("enterprises:reference_edit", args=["regions", region.pk])
    response = client_for(users[role]).post(url, {"code": "06", "name_fr": "Pirate", "name_en": "Pirate"})
    assert response.status_code == 403
    region.refresh_from_db()
    assert region.name_fr == "Montréal"


def test_reference_list_query_count_is_bounded(users, client_for, count_queries):
    client = client_for(users["network"])
    url = reverse("enterprises:reference_list", args=["trades"])
    _response, few = count_queries(client, url)
    for enterprise in EnterpriseFactory.create_batch(10):
        enterprise.trades.set(Trade.objects.all()[:20])
    response, many = count_queries(client, url)
    assert many == few
    assert "Ébénisterie" in response.content.decode()
