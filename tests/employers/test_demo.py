"""The demo holds employers of each kind, openings in several states, referrals in every state,
internships, hires and retention check-ins; seeding twice changes nothing."""

import pytest
from django.core.management import call_command

from employers.matching import candidates_for_opening
from employers.models import Employer, EmployerKind, JobOpening, Placement, Referral, ReferralStatus, RetentionCheckIn
from enterprises.models import Enterprise
from participants.models import Internship

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        model.objects.count() for model in (Employer, JobOpening, Referral, Placement, Internship, RetentionCheckIn)
    )


def test_the_demo_has_every_kind_and_state_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert set(Employer.objects.values_list("kind", flat=True)) == set(EmployerKind.values)
    assert set(JobOpening.objects.values_list("status", flat=True)) == {"open", "filled", "closed"}
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert Placement.objects.filter(referral__isnull=False).exists()
    assert Internship.objects.filter(employer__name="Meubles Laurentiens").count() >= 2
    assert RetentionCheckIn.objects.filter(answered_at__isnull=True).exists()
    assert RetentionCheckIn.objects.filter(still_employed=True).exists()


def test_the_demo_opening_has_candidates_but_never_the_one_without_consent():
    call_command("seed_demo")
    opening = JobOpening.objects.get(title="Aide-ébéniste")
    names = {c.full_name for c in candidates_for_opening(opening, Enterprise.objects.get(slug="atelier-du-bois"))}
    assert "Olivier Gauthier" not in names  # no consent
    assert "Alexandre Poirier" not in names  # hired already
    assert {"Kevin Bergeron", "Sarah Lévesque", "Émilie Caron"} <= names
