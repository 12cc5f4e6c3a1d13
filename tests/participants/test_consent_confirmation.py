"""Withdrawing a consent asks first: the page says which employers lose access, nothing changes
until the person confirms, and the message repeats the consequence."""

import pytest
from django.urls import reverse

from employers.models import Referral
from participants.models import Consent
from tests.factories.employers import EmployerFactory, JobOpeningFactory, ReferralFactory
from tests.factories.participants import InternshipFactory, ParticipantFactory, PathwayFactory, with_consents

pytestmark = pytest.mark.django_db


def _sharing(participant):
    return Consent.objects.filter(participant=participant, purpose="employer_sharing", withdrawn_at__isnull=True)


def test_withdrawal_names_the_employers_and_waits_for_confirmation(users, client_for, enterprise, employer):
    participant = with_consents(ParticipantFactory(enterprise=enterprise))
    ReferralFactory(participant=participant, opening=JobOpeningFactory(employer=employer))
    InternshipFactory(
        pathway=PathwayFactory(participant=participant), employer=EmployerFactory(name="Ébénisterie Nord")
    )
    EmployerFactory(name="Employeur sans lien")
    client = client_for(users["coordinator"])
    url = reverse("participants:consent_withdraw", args=[participant.pk, "employer_sharing"])

    file_page = client.get(reverse("participants:detail", args=[participant.pk])).content.decode()
    assert f'href="{url}"' in file_page
    page = client.get(url).content.decode()
    assert "Ces employeurs perdent immédiatement l’accès au profil" in page
    assert "Employeur A" in page and "Ébénisterie Nord" in page
    assert "Employeur sans lien" not in page
    assert _sharing(participant).exists()
    assert Referral.objects.visible_to(users["employer"]).exists()

    response = client.post(url, follow=True)
    content = response.content.decode()
    assert "retiré" in content
    assert "Ces employeurs ne voient plus le profil\u00a0: Employeur A, Ébénisterie Nord." in content
    assert not _sharing(participant).exists()
    users["employer"].__dict__.pop("employer_ids", None)
    assert not Referral.objects.visible_to(users["employer"]).exists()


def test_withdrawing_another_purpose_says_it_can_be_given_again(users, client_for, enterprise):
    participant = with_consents(ParticipantFactory(enterprise=enterprise))
    url = reverse("participants:consent_withdraw", args=[participant.pk, "reporting"])
    page = client_for(users["coordinator"]).get(url).content.decode()
    assert "Reddition de comptes à Emploi-Québec" in page
    assert "pourra être enregistré si la personne le donne de nouveau" in page
    assert "employeur" not in page.split("<main", 1)[-1].lower().split("</main>")[0]
    assert Consent.objects.filter(participant=participant, purpose="reporting", withdrawn_at__isnull=True).exists()
