"""seed_demo: several enterprises in different regions and sectors, agreements for the current and
previous fiscal years, recognition and partners; idempotent."""

import io

import pytest
from django.core.management import call_command

from ceiq.core.fiscal import FiscalYear
from enterprises.models import Enterprise, FundingAgreement, Partner, RecognitionAssessment

pytestmark = pytest.mark.django_db


def test_seed_demo_spreads_enterprises_with_agreements_for_two_years():
    call_command("seed_demo", stdout=io.StringIO())
    enterprises = Enterprise.objects.all()
    assert enterprises.count() >= 8
    assert enterprises.values("region").distinct().count() >= 8
    assert Enterprise.sectors.through.objects.values("sector").distinct().count() == 7
    current = FiscalYear.current()
    for enterprise in enterprises:
        years = set(FundingAgreement.objects.filter(enterprise=enterprise).values_list("fiscal_year", flat=True))
        assert {current.start_year, current.previous.start_year} <= years, enterprise
    assert Enterprise.objects.fully_recognised().count() >= 5
    assert Enterprise.objects.with_stale_assessment().exists()
    assert Partner.objects.values("kind").distinct().count() >= 3
    counts = (RecognitionAssessment.objects.count(), Partner.objects.count(), FundingAgreement.objects.count())

    call_command("seed_demo", stdout=io.StringIO())
    assert (RecognitionAssessment.objects.count(), Partner.objects.count(), FundingAgreement.objects.count()) == counts
    assert Enterprise.objects.count() == enterprises.count()
