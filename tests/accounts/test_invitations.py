from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ceiq.accounts.models import Invitation, User
from ceiq.accounts.services import invitation_create
from enterprises.models import Membership
from tests.factories.accounts import InvitationFactory

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {
    "first_name": "Léa",
    "last_name": "Pelletier",
    "password1": "Un-mot-de-passe-sûr-42",
    "password2": "Un-mot-de-passe-sûr-42",
}


def test_director_invites_a_coordinator_who_gets_an_email(make_user, enterprise, django_capture_on_commit_callbacks):
    director = make_user("director", enterprise)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            actor=director, email="Lea@Example.org", kind="enterprise", role="coordinator", enterprise=enterprise
        )
    assert invitation.email == "lea@example.org"
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    assert mail.outbox[0].to == ["lea@example.org"]


def test_invitation_is_accepted_once_and_grants_the_role(client, enterprise):
    invitation = InvitationFactory(enterprise=enterprise, role="counsellor", email="lea@example.org")
    url = reverse("invitation_accept", args=[invitation.token])

    response = client.post(url, NEW_ACCOUNT)

    assert response.status_code == 302 and response.url == reverse("dashboard")
    user = User.objects.get(email="lea@example.org")
    assert Membership.objects.get(user=user, enterprise=enterprise).role == "counsellor"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # The dashboard now shows the enterprise: the new person is logged in.
    assert enterprise.name in client.get(reverse("dashboard")).content.decode()

    client.logout()
    second = client.post(url, {**NEW_ACCOUNT, "first_name": "Autre"})
    assert second.status_code == 410
    assert User.objects.filter(email="lea@example.org").count() == 1


def test_expired_invitation_cannot_be_used(client, enterprise):
    invitation = InvitationFactory(enterprise=enterprise, expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(reverse("invitation_accept", args=[invitation.token]), NEW_ACCOUNT)
    assert response.status_code == 410
    assert "expiré" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_revoked_invitation_cannot_be_used(client, enterprise):
    invitation = InvitationFactory(enterprise=enterprise, revoked_at=timezone.now())
    response = client.get(reverse("invitation_accept", args=[invitation.token]))
    assert response.status_code == 410


def test_weak_password_is_refused_with_a_french_message_and_nothing_is_created(client, enterprise):
    invitation = InvitationFactory(enterprise=enterprise)
    response = client.post(
        reverse("invitation_accept", args=[invitation.token]),
        {**NEW_ACCOUNT, "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_public_sign_up_is_impossible(client):
    page = client.get(reverse("account_signup"))
    assert "Inscriptions fermées" in page.content.decode() or page.status_code in (403, 404)
    client.post(
        reverse("account_signup"),
        {"email": "intrus@example.org", "password1": "Un-mot-de-passe-sûr-42", "password2": "Un-mot-de-passe-sûr-42"},
    )
    assert not User.objects.filter(email="intrus@example.org").exists()


def test_existing_user_accepts_a_second_role(client, make_user, enterprise, other_enterprise):
    counsellor = make_user("counsellor", enterprise, email="double@example.org")
    invitation = InvitationFactory(enterprise=other_enterprise, role="counsellor", email="double@example.org")
    client.force_login(counsellor)
    client.post(reverse("invitation_accept", args=[invitation.token]))
    assert set(Membership.objects.filter(user=counsellor).values_list("enterprise__slug", flat=True)) == {
        enterprise.slug,
        other_enterprise.slug,
    }


def test_coordinator_cannot_open_the_invitation_page(client_for, make_user, enterprise):
    response = client_for(make_user("coordinator", enterprise)).get(reverse("invitation_list"))
    assert response.status_code == 403


def test_director_cannot_invite_a_director_or_into_another_enterprise(
    client_for, make_user, enterprise, other_enterprise
):
    client = client_for(make_user("director", enterprise))
    client.post(
        reverse("invitation_list"),
        {"email": "x@example.org", "kind": "enterprise", "role": "director", "enterprise": enterprise.pk},
    )
    client.post(
        reverse("invitation_list"),
        {"email": "y@example.org", "kind": "enterprise", "role": "coordinator", "enterprise": other_enterprise.pk},
    )
    assert not Invitation.objects.exists()
