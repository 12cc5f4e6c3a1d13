from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from enterprises.models import (
    Enterprise,
    FundingAgreement,
    Membership,
    Partner,
    RecognitionAssessment,
    RecognitionCriterion,
    Region,
    Sector,
    Trade,
)


def region(code="06"):
    return Region.objects.get(code=code)


def sector(code="manufacturing"):
    return Sector.objects.get(code=code)


def trade(code="woodworking"):
    return Trade.objects.get(code=code)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"Entreprise d'insertion {n}")
    slug = factory.Sequence(lambda n: f"entreprise-{n}")
    neq = factory.Sequence(lambda n: f"{1170000000 + n}")
    region = factory.LazyFunction(region)
    city = "Montréal"
    postal_code = "H2X 1Y4"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    enterprise = factory.SubFactory(EnterpriseFactory)
    role = "coordinator"


class FundingAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingAgreement

    enterprise = factory.SubFactory(EnterpriseFactory)
    fiscal_year = 2025
    participant_places = 24
    target_integration_rate = Decimal("0.7500")
    wages_amount = Decimal("450000.00")
    supervision_amount = Decimal("110000.00")
    insertion_costs_amount = Decimal("90000.00")


class RecognitionAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecognitionAssessment

    enterprise = factory.SubFactory(EnterpriseFactory)
    criterion = "mission"
    assessed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    result = "met"
    evidence = "Rapport annuel et visite."


def recognise_fully(enterprise, *, assessed_on=None, result="met"):
    """One assessment of each of the 7 criteria, all with the same result."""
    day = assessed_on or timezone.localdate() - timedelta(days=30)
    return [
        RecognitionAssessmentFactory(enterprise=enterprise, criterion=criterion, assessed_on=day, result=result)
        for criterion in RecognitionCriterion.values
    ]


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = "community"
    nature = "Référencement de participant·e·s."
