"""seed_demo gives participants in every pathway state, spread over three fiscal years (acceptance 6)."""

import io

import pytest
from django.core.management import call_command

from ceiq.core.fiscal import FiscalYear
from participants.choices import PathwayStatus
from participants.models import (
    Evaluation,
    FollowUp,
    GroupAttendance,
    GroupSession,
    Participant,
    Pathway,
    PostPathwayFollowUp,
)

pytestmark = pytest.mark.django_db


def _counts():
    return [
        model.objects.count()
        for model in (Participant, Pathway, Evaluation, FollowUp, GroupSession, GroupAttendance, PostPathwayFollowUp)
    ]


def test_demo_covers_every_state_and_three_fiscal_years_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    assert all(first), first
    assert set(Pathway.objects.values_list("status", flat=True)) == set(PathwayStatus.values)
    current = FiscalYear.current()
    years = {current, current.previous, current.previous.previous}
    served = {year for year in years if Pathway.objects.served_between(year.start, year.end).exists()}
    assert served == years
    exits = {
        FiscalYear.containing(day)
        for day in Pathway.objects.exclude(actual_end_date=None).values_list("actual_end_date", flat=True)
    }
    assert years <= exits
    assert FollowUp.objects.exclude(confidential_notes="").exists()
    assert PostPathwayFollowUp.objects.exclude(done_on=None).exists()
    assert PostPathwayFollowUp.objects.filter(done_on=None).exists()
    bois = Participant.objects.filter(enterprise__slug="atelier-du-bois")
    assert bois.count() > Participant.objects.exclude(enterprise__slug="atelier-du-bois").count() > 0
    finishers = Participant.objects.filter(pathways__status="completed")
    assert not finishers.filter(strengths_summary="").exists()
    assert not finishers.filter(available_from=None).exists()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
