"""Emploi-Québec agreements: one per enterprise and fiscal year, amounts never negative, clear French
errors and nothing saved on bad input."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from ceiq.core.fiscal import FiscalYear
from enterprises.models import AGREEMENT_FIELDS, FundingAgreement
from enterprises.services import agreement_create
from tests.factories.enterprises import FundingAgreementFactory

pytestmark = pytest.mark.django_db

DUPLICATE = "Cette entreprise a déjà une entente pour cet exercice financier."


@pytest.fixture
def network_client(users, client_for):
    return client_for(users["network"])


def _form(**changes):
    data = {
        "fiscal_year": FiscalYear.current().start_year,
        "participant_places": "24",
        "target_integration_percent": "72,5",
        "wages_amount": "450 000,00",
        "supervision_amount": "110000",
        "insertion_costs_amount": "90 000,50 $",
        "standard_pathway_weeks": "27",
        "signed_on": "2026-04-15",
        "notes": "Signée au bureau régional.",
    }
    data.update(changes)
    return data


def test_network_staff_record_an_agreement_with_french_amounts(network_client, enterprise):
    url = reverse("enterprises:agreement_create", args=[enterprise.slug])
    response = network_client.post(url, _form())
    assert response.status_code == 302
    agreement = FundingAgreement.objects.get(enterprise=enterprise)
    assert agreement.fiscal_year == FiscalYear.current().start_year
    assert agreement.target_integration_rate == Decimal("0.7250")
    assert agreement.wages_amount == Decimal("450000.00")
    assert agreement.insertion_costs_amount == Decimal("90000.50")
    assert agreement.total_amount == Decimal("650000.50")
    listing = network_client.get(reverse("enterprises:agreement_list", args=[enterprise.slug])).content.decode()
    assert "650\u00a0000,50\u00a0$" in listing
    assert "72,5\u00a0%" in listing


def test_standard_pathway_length_defaults_to_27_weeks(network_client, enterprise):
    form = network_client.get(reverse("enterprises:agreement_create", args=[enterprise.slug])).context["form"]
    assert form["standard_pathway_weeks"].value() == 27
    assert form["fiscal_year"].value() == FiscalYear.current().start_year


def test_a_second_agreement_for_the_same_year_is_a_french_form_error(network_client, enterprise):
    existing = FundingAgreementFactory(enterprise=enterprise, fiscal_year=2025, participant_places=10)
    response = network_client.post(
        reverse("enterprises:agreement_create", args=[enterprise.slug]), _form(fiscal_year=2025)
    )
    assert response.status_code == 200
    assert DUPLICATE in response.context["form"].errors["fiscal_year"]
    assert DUPLICATE in response.content.decode()
    assert FundingAgreement.objects.filter(enterprise=enterprise).count() == 1
    existing.refresh_from_db()
    assert existing.participant_places == 10


def test_editing_an_agreement_into_another_agreements_year_is_refused(network_client, enterprise):
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=2024)
    agreement = FundingAgreementFactory(enterprise=enterprise, fiscal_year=2025)
    url = reverse("enterprises:agreement_edit", args=[enterprise.slug, agreement.pk])
    response = network_client.post(url, _form(fiscal_year=2024))
    assert response.status_code == 200
    assert DUPLICATE in response.context["form"].errors["fiscal_year"]
    agreement.refresh_from_db()
    assert agreement.fiscal_year == 2025
    # Saving it under its own year works.
    assert network_client.post(url, _form(fiscal_year=2025, participant_places="31")).status_code == 302
    agreement.refresh_from_db()
    assert agreement.participant_places == 31


def test_the_same_year_in_another_enterprise_is_fine(network_client, enterprise, other_enterprise):
    FundingAgreementFactory(enterprise=other_enterprise, fiscal_year=2025)
    response = network_client.post(
        reverse("enterprises:agreement_create", args=[enterprise.slug]), _form(fiscal_year=2025)
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"wages_amount": "-1"}, "wages_amount", "Un montant ne peut pas être négatif."),
        ({"supervision_amount": "-0,01"}, "supervision_amount", "Un montant ne peut pas être négatif."),
        ({"insertion_costs_amount": "-5 000"}, "insertion_costs_amount", "Un montant ne peut pas être négatif."),
        ({"wages_amount": "beaucoup"}, "wages_amount", "Saisissez un montant en dollars"),
        ({"target_integration_percent": "120"}, "target_integration_percent", "100"),
        ({"participant_places": "0"}, "participant_places", "1"),
        ({"standard_pathway_weeks": "0"}, "standard_pathway_weeks", "1"),
        ({"fiscal_year": "1999"}, "fiscal_year", "valide"),
    ],
)
def test_bad_agreement_input_is_refused_in_french(network_client, enterprise, changes, field, message):
    response = network_client.post(reverse("enterprises:agreement_create", args=[enterprise.slug]), _form(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not FundingAgreement.objects.exists()


def test_the_database_enforces_one_agreement_per_enterprise_and_year(enterprise):
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingAgreement.objects.create(
            enterprise=enterprise,
            fiscal_year=2025,
            participant_places=1,
            target_integration_rate=Decimal("0.5"),
            wages_amount=0,
            supervision_amount=0,
            insertion_costs_amount=0,
        )


def test_the_database_refuses_negative_amounts(enterprise):
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingAgreementFactory(enterprise=enterprise, wages_amount=Decimal("-1"))


def test_the_service_turns_a_duplicate_into_a_validation_error(users, enterprise):
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=2025)
    duplicate = FundingAgreementFactory.build(enterprise=enterprise, fiscal_year=2025)
    data = {name: getattr(duplicate, name) for name in AGREEMENT_FIELDS}
    with pytest.raises(ValidationError) as error:
        agreement_create(actor=users["network"], enterprise=enterprise, data=data)
    assert DUPLICATE in error.value.message_dict["fiscal_year"]


def test_staff_read_agreements_but_do_not_write_them(users, client_for, enterprise):
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=2025, notes="Note de l'entente")
    client = client_for(users["director"])
    listing = client.get(reverse("enterprises:agreement_list", args=[enterprise.slug]))
    assert "Note de l&#x27;entente" in listing.content.decode()
    assert listing.context["can_manage"] is False
    response = client.post(reverse("enterprises:agreement_create", args=[enterprise.slug]), _form())
    assert response.status_code == 403
    assert FundingAgreement.objects.count() == 1


def test_agreement_list_query_count_does_not_grow(users, client_for, enterprise, count_queries):
    client = client_for(users["coordinator"])
    url = reverse("enterprises:agreement_list", args=[enterprise.slug])
    for year in range(2020, 2023):
        FundingAgreementFactory(enterprise=enterprise, fiscal_year=year)
    _response, few = count_queries(client, url)
    for year in range(2000, 2020):
        FundingAgreementFactory(enterprise=enterprise, fiscal_year=year)
    response, many = count_queries(client, url)
    assert len(response.context["agreements"]) == 23
    assert many == few
    assert many <= 12


def test_an_agreement_form_posted_back_unchanged_saves_the_same_values(network_client, enterprise):
    """What the edit form shows (French decimals, percent) reads back to the same agreement."""
    agreement = FundingAgreementFactory(
        enterprise=enterprise,
        fiscal_year=2025,
        target_integration_rate=Decimal("0.7250"),
        wages_amount=Decimal("450000.50"),
        signed_on="2025-04-01",
    )
    url = reverse("enterprises:agreement_edit", args=[enterprise.slug, agreement.pk])
    html = network_client.get(url).content.decode()
    shown = dict(re.findall(r'name="(\w+)" value="([^"]*)"', html))
    assert shown["wages_amount"] == "450000,50"
    assert shown["target_integration_percent"] == "72,5"
    data = {**shown, "fiscal_year": "2025", "notes": ""}
    data.pop("csrfmiddlewaretoken", None)
    response = network_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    refreshed = FundingAgreement.objects.get(pk=agreement.pk)
    assert refreshed.target_integration_rate == Decimal("0.7250")
    assert refreshed.wages_amount == Decimal("450000.50")
    assert refreshed.signed_on == agreement.signed_on or str(refreshed.signed_on) == "2025-04-01"
