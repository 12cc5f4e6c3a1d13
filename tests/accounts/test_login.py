import pytest
from django.urls import reverse

from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_by_email_lands_on_the_role_dashboard(client, make_user, enterprise):
    make_user("coordinator", enterprise, email="julie@example.org")
    response = client.post(reverse("account_login"), {"login": "julie@example.org", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Atelier A" in response.content.decode()
    assert "Coordonnateur·trice" in response.content.decode()


def test_login_is_rate_limited_after_repeated_failures(client, make_user, enterprise):
    make_user("director", enterprise, email="cible@example.org")
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": "cible@example.org", "password": "wrong-password"})
    response = client.post(reverse("account_login"), {"login": "cible@example.org", "password": PASSWORD})
    # Even the right password is refused while the limit holds, and the user is told so.
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "Trop de tentatives" in response.content.decode() or response.status_code == 429


def test_logout_ends_the_session(client, make_user, enterprise):
    client.force_login(make_user("director", enterprise))
    client.post(reverse("account_logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_reset_sends_an_email(client, make_user, enterprise, mailoutbox):
    make_user("director", enterprise, email="oubli@example.org")
    client.post(reverse("account_reset_password"), {"email": "oubli@example.org"})
    assert len(mailoutbox) == 1
    assert "oubli@example.org" in mailoutbox[0].to


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
