"""Dashboard panels: the network's (enterprises by region and sector, agreements of the current fiscal
year, recognition status) and the enterprise's own agreement."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from ceiq.core.fiscal import FiscalYear
from tests.factories.enterprises import (
    EnterpriseFactory,
    FundingAgreementFactory,
    recognise_fully,
    region,
    sector,
)

pytestmark = pytest.mark.django_db


def _panel(response, template):
    for panel in response.context["panels"]:
        if panel.template == template:
            return panel.context
    raise AssertionError(f"no panel {template}")


@pytest.fixture
def network(users, enterprise, other_enterprise):
    current = FiscalYear.current().start_year
    enterprise.sectors.set([sector("manufacturing"), sector("retail")])
    other_enterprise.region = region("03")
    other_enterprise.save()
    other_enterprise.sectors.set([sector("food")])
    EnterpriseFactory(region=region("03"), status="former").sectors.set([sector("food")])
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=current, participant_places=20)
    FundingAgreementFactory(enterprise=other_enterprise, fiscal_year=current, participant_places=30)
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=current - 1, participant_places=99)
    recognise_fully(enterprise)
    recognise_fully(other_enterprise, assessed_on=timezone.localdate() - timedelta(days=500))
    return users


def test_network_dashboard_panels(network, client_for):
    response = client_for(network["network"]).get("/")
    regions = _panel(response, "enterprises/_panel_network_regions.html")["regions"]
    assert {(r.code, r.enterprise_count) for r in regions} == {("03", 1), ("06", 1)}  # former members left out
    sectors = {
        s.code: s.enterprise_count for s in _panel(response, "enterprises/_panel_network_sectors.html")["sectors"]
    }
    assert sectors["food"] == 1 and sectors["manufacturing"] == 1 and sectors["retail"] == 1 and sectors["culture"] == 0
    agreements = _panel(response, "enterprises/_panel_network_agreements.html")
    assert agreements["totals"]["places"] == 50
    assert agreements["totals"]["count"] == 2
    assert {a.enterprise.slug for a in agreements["agreements"]} == {"atelier-a", "atelier-b"}
    status = _panel(response, "enterprises/_panel_network_recognition.html")["status"]
    assert (status["total"], status["fully"], status["stale"], status["never"]) == (2, 2, 1, 0)
    text = response.content.decode()
    assert "Entreprises par région" in text and "Entreprises par secteur" in text
    assert "État de la reconnaissance" in text


def test_network_dashboard_query_count_does_not_grow(network, client_for, count_queries):
    client = client_for(network["network"])
    cache.clear()  # the reporting panel caches its figures: measure both requests uncached
    _response, few = count_queries(client, "/")
    current = FiscalYear.current().start_year
    for enterprise in EnterpriseFactory.create_batch(20, region=region("16")):
        enterprise.sectors.set([sector("services")])
        FundingAgreementFactory(enterprise=enterprise, fiscal_year=current)
        recognise_fully(enterprise)
    cache.clear()
    response, many = count_queries(client, "/")
    assert many == few
    assert _panel(response, "enterprises/_panel_network_agreements.html")["totals"]["count"] == 22


@pytest.mark.parametrize("role", ["director", "coordinator", "counsellor", "supervisor"])
def test_enterprise_dashboard_shows_its_own_agreement_only(network, client_for, enterprise, role):
    response = client_for(network[role]).get("/")
    panel = _panel(response, "enterprises/_panel_agreement.html")
    assert panel["agreement"].enterprise == enterprise
    assert panel["agreement"].participant_places == 20
    templates = {p.template for p in response.context["panels"]}
    assert "enterprises/_panel_network_regions.html" not in templates


def test_employer_dashboard_has_no_enterprise_panel(network, client_for):
    response = client_for(network["employer"]).get("/")
    assert not [p for p in response.context["panels"] if p.template.startswith("enterprises/")]
