"""Withdrawing the consent to share with employers takes effect at once: the employer's scoped
queryset (which every employer page starts from) no longer returns the candidate."""

import pytest
from django.utils import timezone

from employers.models import Referral
from participants.models import Consent
from tests.factories.employers import JobOpeningFactory, ReferralFactory
from tests.factories.participants import ParticipantFactory, with_consents

pytestmark = pytest.mark.django_db


def test_employers_lose_the_candidate_as_soon_as_consent_is_withdrawn(users, enterprise, employer):
    participant = with_consents(ParticipantFactory(enterprise=enterprise))
    referral = ReferralFactory(participant=participant, opening=JobOpeningFactory(employer=employer))
    employer_user = users["employer"]
    assert list(Referral.objects.visible_to(employer_user)) == [referral]

    Consent.objects.filter(participant=participant, purpose="employer_sharing").update(withdrawn_at=timezone.now())
    employer_user.__dict__.pop("employer_ids", None)
    assert not Referral.objects.visible_to(employer_user).exists()
    # The enterprise still sees its own referral.
    assert list(Referral.objects.visible_to(users["coordinator"])) == [referral]


def test_without_any_consent_employers_see_nothing(users, enterprise, employer):
    participant = ParticipantFactory(enterprise=enterprise)
    ReferralFactory(participant=participant, opening=JobOpeningFactory(employer=employer))
    assert not Referral.objects.visible_to(users["employer"]).exists()
