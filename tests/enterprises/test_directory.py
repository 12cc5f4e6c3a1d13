"""The network's directory of member enterprises: filters, search, sorting, pagination, CSV export."""

import csv
import io
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ceiq.core.fiscal import FiscalYear
from enterprises.models import Sector, Trade
from tests.factories.enterprises import (
    EnterpriseFactory,
    FundingAgreementFactory,
    recognise_fully,
    region,
    sector,
    trade,
)

pytestmark = pytest.mark.django_db

LIST = reverse("enterprises:list")


@pytest.fixture
def network_client(users, client_for):
    return client_for(users["network"])


@pytest.fixture
def spread(enterprise, other_enterprise):
    """Atelier A (Montréal, manufacturing, woodworking, active), Atelier B (Québec, food, caterer,
    suspended), and a Sherbrooke thrift store that is a former member."""
    enterprise.sectors.set([sector("manufacturing")])
    enterprise.trades.set([trade("woodworking")])
    other_enterprise.region = region("03")
    other_enterprise.status = "suspended"
    other_enterprise.city = "Québec"
    other_enterprise.save()
    other_enterprise.sectors.set([sector("food")])
    other_enterprise.trades.set([trade("caterer"), trade("cook-assistant")])
    thrift = EnterpriseFactory(
        name="Friperie C", slug="friperie-c", region=region("05"), status="former", city="Sherbrooke", neq="1234567890"
    )
    thrift.sectors.set([sector("retail"), sector("services")])
    return enterprise, other_enterprise, thrift


def _names(response):
    return [e.name for e in response.context["enterprises"]]


def test_lists_every_enterprise_by_name(network_client, spread):
    response = network_client.get(LIST)
    assert _names(response) == ["Atelier A", "Atelier B", "Friperie C"]
    assert response.context["page"].paginator.count == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "region:03"}, ["Atelier B"]),
        ({"sector": "sector:food"}, ["Atelier B"]),
        ({"sector": "sector:retail"}, ["Friperie C"]),
        ({"trade": "trade:caterer"}, ["Atelier B"]),
        ({"status": "former"}, ["Friperie C"]),
        ({"status": "active"}, ["Atelier A"]),
        ({"q": "sherb"}, ["Friperie C"]),
        ({"q": "1234 567 890"}, ["Friperie C"]),
        ({"q": "atelier", "status": "suspended"}, ["Atelier B"]),
        ({"sort": "-name"}, ["Friperie C", "Atelier B", "Atelier A"]),
        ({"sort": "region"}, ["Atelier B", "Friperie C", "Atelier A"]),
    ],
)
def test_filters_search_and_sorting(network_client, spread, params, expected):
    resolved = {}
    for key, value in params.items():
        if isinstance(value, str) and ":" in value:
            kind, code = value.split(":")
            model = {"region": region, "sector": sector, "trade": trade}[kind]
            value = model(code).pk
        resolved[key] = value
    assert _names(network_client.get(LIST, resolved)) == expected


def test_a_filter_value_that_does_not_exist_shows_the_error_not_a_500(network_client, spread):
    response = network_client.get(LIST, {"region": "999999", "status": "nonsense"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_filter_choices_offer_only_active_reference_data(network_client, spread):
    Trade.objects.filter(code="caterer").update(is_active=False)
    Sector.objects.filter(code="culture").update(is_active=False)
    form = network_client.get(LIST).context["filter"].form
    assert not form.fields["trade"].queryset.filter(code="caterer").exists()
    assert form.fields["trade"].queryset.filter(code="woodworking").exists()
    assert not form.fields["sector"].queryset.filter(code="culture").exists()


def test_recognition_filter_and_badges(network_client, spread):
    atelier_a, atelier_b, thrift = spread
    recognise_fully(atelier_a)
    recognise_fully(atelier_b, assessed_on=date(2020, 1, 1))
    assert _names(network_client.get(LIST, {"recognition": "full"})) == ["Atelier A", "Atelier B"]
    assert _names(network_client.get(LIST, {"recognition": "incomplete"})) == ["Friperie C"]
    assert _names(network_client.get(LIST, {"recognition": "stale"})) == ["Atelier B"]
    content = network_client.get(LIST).content.decode()
    assert "Pleinement reconnue" in content
    assert "Évaluation de plus d’un an" in content or "Évaluation de plus d'un an" in content


def test_pagination_shows_25_a_page(network_client):
    EnterpriseFactory.create_batch(30)
    first = network_client.get(LIST)
    assert len(first.context["enterprises"]) == 25
    second = network_client.get(LIST, {"page": 2})
    assert len(second.context["enterprises"]) == 6  # 30 + the `enterprise` fixture
    assert network_client.get(LIST, {"page": "zzz"}).status_code == 200


def _make_rows(count):
    current = FiscalYear.current().start_year
    for enterprise in EnterpriseFactory.create_batch(count):
        enterprise.sectors.set([sector("food"), sector("retail")])
        enterprise.trades.set([trade("caterer")])
        FundingAgreementFactory(enterprise=enterprise, fiscal_year=current)
        recognise_fully(enterprise)


def test_directory_query_count_does_not_grow_with_rows(network_client, count_queries):
    _make_rows(5)
    _response, few = count_queries(network_client, LIST)
    _make_rows(20)
    response, many = count_queries(network_client, LIST)
    assert len(response.context["enterprises"]) == 25
    assert many == few
    assert many <= 14


def test_csv_export_has_the_filtered_rows_and_a_bounded_query_count(network_client, spread, count_queries):
    atelier_a, _atelier_b, _thrift = spread
    FundingAgreementFactory(enterprise=atelier_a, fiscal_year=FiscalYear.current().start_year, participant_places=31)
    response = network_client.get(reverse("enterprises:export_csv"), {"region": region("06").pk})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Nom"
    assert len(rows) == 2
    assert rows[1][:3] == ["Atelier A", "", atelier_a.neq]
    assert "Fabrication" in rows[1]
    assert rows[1][-1] == "31"

    _make_rows(5)
    _response, few = count_queries(network_client, reverse("enterprises:export_csv"))
    _make_rows(30)
    _response, many = count_queries(network_client, reverse("enterprises:export_csv"))
    assert many == few


def test_csv_export_keeps_its_columns_and_neutralises_formulas(network_client, enterprise):
    """Same headers, values and file name as before it went through ceiq.core.exports; a cell a
    spreadsheet would run as a formula is written as text."""
    enterprise.legal_name = '=HYPERLINK("http://evil.example","clic")'
    enterprise.member_since = date(2010, 4, 1)
    enterprise.save()
    recognise_fully(enterprise)
    response = network_client.get(reverse("enterprises:export_csv"))
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="entreprises-{today}.csv"'
    assert response.content.startswith("\ufeff".encode())
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == [
        "Nom",
        "Raison sociale",
        "NEQ",
        "Code de région",
        "Région",
        "Adresse",
        "Ville",
        "Code postal",
        "Téléphone",
        "Courriel",
        "Site Web",
        "Secteurs",
        "Métiers offerts",
        "Membre depuis",
        "Statut",
        "Pleinement reconnue",
        "Plus ancienne évaluation en vigueur",
        f"Places {FiscalYear.current()}",
    ]
    assert row[1] == '\'=HYPERLINK("http://evil.example","clic")'
    assert row[13] == "2010-04-01"
    assert row[15] == "oui"
    assert row[-1] == ""


def test_pages_speak_english_when_chosen(network_client, spread):
    network_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = network_client.get(LIST).content.decode()
    assert "Member enterprises" in text and "Export (CSV)" in text
    detail = network_client.get(reverse("enterprises:detail", args=["atelier-a"])).content.decode()
    assert "Trades offered" in detail
    dashboard = network_client.get("/").content.decode()
    assert "Enterprises by region" in dashboard


def test_pages_do_not_overlap_when_the_sort_key_ties(network_client):
    EnterpriseFactory.create_batch(40, region=region("06"))
    names = []
    for page in (1, 2):
        names += _names(network_client.get(LIST, {"sort": "region", "page": page}))
    assert len(names) == len(set(names)) == 41
