"""Creating and editing an enterprise through the pages (network staff): validation in French, nothing
saved on bad input, never a 500."""

import pytest
from django.urls import reverse

from ceiq.core.fiscal import FiscalYear
from enterprises.models import Enterprise, Trade
from tests.factories.enterprises import FundingAgreementFactory, recognise_fully, region, sector, trade

pytestmark = pytest.mark.django_db

CREATE = reverse("enterprises:create")


@pytest.fixture
def network_client(users, client_for):
    return client_for(users["network"])


def _form(**changes):
    data = {
        "name": "Les Ateliers de la Côte",
        "slug": "",
        "legal_name": "Les Ateliers de la Côte inc.",
        "neq": "1180000001",
        "region": region("09").pk,
        "street_address": "12, rue du Port",
        "city": "Baie-Comeau",
        "postal_code": "g4z 1a1",
        "phone": "418 555-0101",
        "email": "info@ateliers-cote.example.ca",
        "website": "ateliers-cote.example.ca",
        "sectors": [sector("manufacturing").pk],
        "trades": [trade("woodworking").pk, trade("assistant-welder").pk],
        "member_since": "2019-04-01",
        "status": "active",
        "description": "Fabrication de meubles.",
    }
    data.update(changes)
    return data


def test_network_staff_create_an_enterprise(network_client):
    response = network_client.post(CREATE, _form())
    enterprise = Enterprise.objects.get(neq="1180000001")
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:detail", args=[enterprise.slug])
    assert enterprise.slug == "les-ateliers-de-la-cote"
    assert enterprise.postal_code == "G4Z 1A1"
    assert enterprise.website == "https://ateliers-cote.example.ca"
    assert set(enterprise.trades.values_list("code", flat=True)) == {"woodworking", "assistant-welder"}
    assert list(enterprise.sectors.values_list("code", flat=True)) == ["manufacturing"]
    page = network_client.get(response["Location"]).content.decode()
    assert "Les Ateliers de la Côte" in page and "1180000001" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"neq": "118000000"}, "neq", "10 chiffres"),
        ({"neq": "11800000AB"}, "neq", "10 chiffres"),
        ({"postal_code": "12345"}, "postal_code", "A1A 1A1"),
        ({"postal_code": "Z1A 1A1"}, "postal_code", "A1A 1A1"),
        ({"name": ""}, "name", "obligatoire"),
        ({"slug": "new"}, "slug", "réservé"),
        ({"region": ""}, "region", "obligatoire"),
        ({"email": "pas-un-courriel"}, "email", "courriel"),
    ],
)
def test_bad_input_shows_a_french_message_and_saves_nothing(network_client, changes, field, message):
    before = Enterprise.objects.count()
    response = network_client.post(CREATE, _form(**changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert message in response.content.decode()
    assert Enterprise.objects.count() == before


def test_a_neq_already_used_is_refused(network_client, enterprise):
    response = network_client.post(CREATE, _form(neq=enterprise.neq))
    assert response.status_code == 200
    assert "existe déjà" in " ".join(response.context["form"].errors["neq"])


def test_neq_may_be_typed_with_spaces(network_client):
    network_client.post(CREATE, _form(neq="1180 000 002"))
    assert Enterprise.objects.filter(neq="1180000002").exists()


def test_edit_keeps_an_inactive_trade_already_chosen(network_client, enterprise):
    enterprise.trades.set([trade("caterer")])
    Trade.objects.filter(code="caterer").update(is_active=False)
    form = network_client.get(reverse("enterprises:edit", args=[enterprise.slug])).context["form"]
    codes = set(form.fields["trades"].queryset.values_list("code", flat=True))
    assert "caterer" in codes
    assert not form.fields["trades"].queryset.filter(code="kitchen-helper", is_active=False).exists()


def test_detail_shows_profile_agreement_and_recognition(users, client_for, enterprise):

    FundingAgreementFactory(enterprise=enterprise, fiscal_year=FiscalYear.current().start_year, wages_amount="12345.67")
    recognise_fully(enterprise)
    content = client_for(users["supervisor"]).get(reverse("enterprises:detail", args=[enterprise.slug])).content
    text = content.decode()
    assert "Pleinement reconnue" in text
    assert "212\u00a0345,67\u00a0$" in text  # 12 345,67 + 110 000 + 90 000
    assert "Modifier" not in text  # only network staff edit the profile


def test_detail_shows_the_change_history_to_network_staff_and_the_director(users, client_for, enterprise):
    network = client_for(users["network"])
    form = _form(name="Atelier A renommé", slug=enterprise.slug, neq=enterprise.neq)
    assert network.post(reverse("enterprises:edit", args=[enterprise.slug]), form).status_code == 302
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=2025)
    url = reverse("enterprises:detail", args=[enterprise.slug])
    history = network.get(url).context["history"]
    assert history[0].record_label == f"{enterprise.name} 2025-2026"  # the agreement, newest first
    profile_changes = [entry for entry in history if entry.action == 1 and entry.record_label == "Profil"]
    assert {entry.actor for entry in profile_changes} == {users["network"]}
    assert "nom" in [label for entry in profile_changes for label in entry.field_labels]
    assert "Historique des modifications" in client_for(users["director"]).get(url).content.decode()
    assert client_for(users["coordinator"]).get(url).context["history"] is None
