"""MFA and sessions: staff need a second factor (also right after a password reset), a TOTP code
works once, idle and absolute session lifetimes end sessions, deactivation ends access at the next
request, and the admin has no login of its own (it uses the rate-limited portal login)."""

import re
import time
import types
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ceiq.accounts.middleware import SESSION_STARTED_KEY
from enterprises.models import Membership
from tests.factories.accounts import PASSWORD, InvitationFactory
from tests.factories.participants import ParticipantFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nouveau-Mot-De-Passe-2026!"


@pytest.fixture
def require_mfa(settings):
    settings.CEIQ_REQUIRE_MFA = True


@pytest.fixture
def frozen_totp_clock(monkeypatch):
    """allauth's TOTP reads time.time(): pin it so a code stays in one 30-second window."""
    clock = types.SimpleNamespace(now=1_800_000_000.0)
    monkeypatch.setattr(totp_auth, "time", types.SimpleNamespace(time=lambda: clock.now))
    return clock


def _code(secret, clock):
    return format_hotp_value(hotp_value(secret, int(clock.now) // 30))


def _reset_password(client, email, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body).group(1)
    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key into the session
    set_password_url = response.url
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.parametrize("login_on_reset", [False, True])
def test_staff_without_mfa_must_set_it_up_right_after_a_password_reset(
    require_mfa, settings, make_user, enterprise, mailoutbox, login_on_reset
):
    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = login_on_reset
    user = make_user("director", enterprise, email="reset@example.org")
    participant = ParticipantFactory(enterprise=enterprise)
    client = Client()
    _reset_password(client, user.email, mailoutbox)
    if not login_on_reset:
        assert _login(client, user.email, NEW_PASSWORD).status_code == 302
    assert "_auth_user_id" in client.session
    for url in (
        reverse("dashboard"),
        reverse("invitation_list"),
        reverse("access_log_list"),
        reverse("privacy:participant_export", args=[participant.pk]),
        reverse("privacy:participant_export", args=[participant.pk]) + "?format=json",
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("mfa_activate_totp"), url


@pytest.mark.parametrize("login_on_reset", [False, True])
def test_staff_with_totp_must_give_a_code_after_a_password_reset(
    require_mfa, settings, make_user, enterprise, mailoutbox, frozen_totp_clock, login_on_reset
):
    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = login_on_reset
    user = make_user("coordinator", enterprise, email="totp-reset@example.org")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    response = _reset_password(client, user.email, mailoutbox)
    if not login_on_reset:
        response = _login(client, user.email, NEW_PASSWORD)
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": _code(secret, frozen_totp_clock)})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_totp_code_works_only_once(make_user, enterprise, frozen_totp_clock):
    user = make_user("counsellor", enterprise, email="once@example.org")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    code = _code(secret, frozen_totp_clock)

    first = Client()
    assert _login(first, user.email, PASSWORD).url == reverse("mfa_authenticate")
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert first.get(reverse("dashboard")).status_code == 200

    # Same code, same 30-second window, another browser: refused.
    second = Client()
    assert _login(second, user.email, PASSWORD).url == reverse("mfa_authenticate")
    refused = second.post(reverse("mfa_authenticate"), {"code": code})
    assert refused.status_code == 200
    assert "_auth_user_id" not in second.session
    assert second.get(reverse("dashboard")).status_code == 302

    # The refusal was about the replay: the next window's code is accepted.
    frozen_totp_clock.now += 30
    assert second.post(reverse("mfa_authenticate"), {"code": _code(secret, frozen_totp_clock)}).status_code == 302
    assert second.get(reverse("dashboard")).status_code == 200


def test_a_wrong_totp_code_is_refused(make_user, enterprise, frozen_totp_clock):
    user = make_user("director", enterprise, email="wrong@example.org")
    TOTP.activate(user, generate_totp_secret())
    client = Client()
    _login(client, user.email, PASSWORD)
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_director_without_mfa_cannot_invite_but_can_accept_an_invitation(
    require_mfa, client_for, make_user, enterprise
):
    client = client_for(make_user("director", enterprise))
    assert client.get(reverse("invitation_list")).url == reverse("mfa_activate_totp")
    invitation = InvitationFactory(enterprise=enterprise)
    assert client.get(reverse("invitation_accept", args=[invitation.token])).status_code in (200, 410)


# --- Sessions ----------------------------------------------------------------------------------


def _session(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_idle_sessions_expire_and_each_request_renews_the_idle_timeout(client_for, make_user, enterprise):
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.SESSION_COOKIE_AGE <= 60 * 60
    client = client_for(make_user("coordinator", enterprise))
    assert client.get(reverse("dashboard")).status_code == 200

    # Almost idle for too long: one request pushes the expiry a full idle period ahead.
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() + timedelta(seconds=30))
    assert client.get(reverse("dashboard")).status_code == 200
    renewed = _session(client).expire_date
    assert renewed >= timezone.now() + timedelta(seconds=django_settings.SESSION_COOKIE_AGE - 60)

    # Idle past the timeout: the session is gone, the next request goes to the login page.
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_sessions_end_after_their_absolute_lifetime_even_when_active(settings, client_for, make_user, enterprise):
    settings.CEIQ_SESSION_ABSOLUTE_SECONDS = 3600
    client = client_for(make_user("director", enterprise))
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    assert abs(session[SESSION_STARTED_KEY] - time.time()) < 60

    session[SESSION_STARTED_KEY] = int(time.time()) - 3500  # still inside the lifetime
    session.save()
    assert client.get(reverse("dashboard")).status_code == 200

    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 3601
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_absolute_lifetime_counts_from_the_login(settings, client, make_user, enterprise):
    settings.CEIQ_SESSION_ABSOLUTE_SECONDS = 3600
    user = make_user("coordinator", enterprise, email="lifetime@example.org")
    before = time.time()
    _login(client, user.email, PASSWORD)
    assert client.get(reverse("dashboard")).status_code == 200
    assert before - 1 <= client.session[SESSION_STARTED_KEY] <= time.time()


def test_a_deactivated_user_loses_access_at_the_next_request(client_for, make_user, enterprise):
    user = make_user("director", enterprise)
    client = client_for(user)
    assert client.get(reverse("dashboard")).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_a_deactivated_membership_loses_access_at_the_next_request(client_for, make_user, enterprise):
    user = make_user("counsellor", enterprise)
    participant = ParticipantFactory(enterprise=enterprise, first_name="Visible")
    client = client_for(user)
    url = reverse("privacy:participant_export", args=[participant.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("enterprises:detail", args=[enterprise.slug])).status_code == 200
    Membership.objects.filter(user=user).update(is_active=False)
    assert client.get(url).status_code == 404
    assert client.get(reverse("enterprises:detail", args=[enterprise.slug])).status_code == 404
    assert enterprise.name not in client.get(reverse("dashboard")).content.decode()


# --- Admin login -------------------------------------------------------------------------------


def test_the_admin_login_is_the_portal_login(client, make_user):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    admin = make_user("network", email="admin@example.org", is_staff=True, is_superuser=True)
    # Posting credentials to the admin does not log in: only the portal's login form does.
    response = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_rate_limited_like_the_rest(client, make_user):
    admin = make_user("network", email="admin-limit@example.org", is_staff=True, is_superuser=True)
    login_url = client.get("/admin/login/?next=/admin/").url
    for _attempt in range(5):
        client.post(login_url, {"login": admin.email, "password": "wrong-password"})
    response = client.post(login_url, {"login": admin.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_an_admin_logs_in_through_the_portal_and_reaches_the_admin(client, make_user):
    admin = make_user("network", email="admin-ok@example.org", is_staff=True, is_superuser=True)
    login_url = client.get("/admin/login/?next=/admin/").url
    response = client.post(login_url, {"login": admin.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
