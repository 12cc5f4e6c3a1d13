"""Issue 16, hole 5: one person could lock everyone out (behind the reverse proxy every client had
the proxy's address, so the per-address limit was one limit for all), or lock an owner out of their
own account (five wrong passwords from anywhere). Now: the client's address behind the trusted proxy
count, limits per (account, address) and per address, an account ceiling that slows, never locks,
and a password reset that clears them."""

import re
import time

import pytest
from django.urls import reverse

from ceiq.core.client import client_address
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
NEW_PASSWORD = "Un-nouveau-mot-de-passe-sûr-42"


@pytest.fixture
def behind_one_proxy(settings):
    settings.CEIQ_TRUSTED_PROXY_COUNT = 1
    return settings


@pytest.fixture
def owner(make_user, enterprise):
    return make_user("director", enterprise, email="proprio@example.org")


def _login(client, address, email="proprio@example.org", password="mauvais-mot-de-passe", forwarded=None):
    """A login POST arriving through the proxy from `address` (the proxy appends it)."""
    chain = f"{forwarded}, {address}" if forwarded else address
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=chain,
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_client_address_is_read_behind_the_trusted_proxies(rf, settings):
    settings.CEIQ_TRUSTED_PROXY_COUNT = 1
    assert client_address(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")) == "203.0.113.5"
    # What the client wrote itself (left of what the proxy appended) is never believed.
    forged = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    assert client_address(forged) == "203.0.113.5"
    settings.CEIQ_TRUSTED_PROXY_COUNT = 2
    assert client_address(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.1")) == "203.0.113.5"
    # A header shorter than the proxy chain or not an address: the connection's own address.
    assert client_address(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")) == PROXY
    settings.CEIQ_TRUSTED_PROXY_COUNT = 1
    assert client_address(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="pas-une-adresse")) == PROXY


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_limit(client, owner, settings):
    settings.CEIQ_TRUSTED_PROXY_COUNT = 0
    for attempt in range(5):
        _login(client, f"203.0.113.{attempt + 10}")  # a new forged address each time, same connection
    response = _login(client, "203.0.113.99", password=PASSWORD)
    assert not _logged_in(client)
    assert "Trop de tentatives" in response.content.decode()


def test_five_wrong_passwords_from_one_address_do_not_lock_the_owner_elsewhere(client, owner, behind_one_proxy):
    for _attempt in range(5):
        _login(client, "203.0.113.5")
    blocked = _login(client, "203.0.113.5", password=PASSWORD)
    assert not _logged_in(client)
    assert "Trop de tentatives" in blocked.content.decode()
    _login(client, "198.51.100.7", password=PASSWORD)  # the owner, at home, through the same proxy
    assert _logged_in(client)


def test_one_address_trying_many_accounts_is_stopped_but_others_are_not(
    client, make_user, enterprise, behind_one_proxy
):
    behind_one_proxy.ACCOUNT_RATE_LIMITS = {"login_failed": "6/m/ip,5/300s/key"}
    for number in range(6):
        _login(client, "203.0.113.5", email=f"personne{number}@example.org")
    make_user("counsellor", enterprise, email="autre@example.org")
    blocked = _login(client, "203.0.113.5", email="autre@example.org", password=PASSWORD)
    assert not _logged_in(client)
    assert "Trop de tentatives" in blocked.content.decode()
    _login(client, "198.51.100.7", email="autre@example.org", password=PASSWORD)
    assert _logged_in(client)


def test_the_account_ceiling_slows_unknown_addresses_with_a_growing_delay(client, owner, behind_one_proxy):
    behind_one_proxy.CEIQ_LOGIN_ACCOUNT_CEILING = 4
    behind_one_proxy.CEIQ_LOGIN_SLOWDOWN_BASE_SECONDS = 1
    for attempt in range(4):  # from four addresses, under every per-address limit
        _login(client, f"203.0.113.{attempt + 10}")
    slowed = _login(client, "203.0.113.50", password=PASSWORD)
    assert not _logged_in(client)
    assert re.search(r"Réessayez dans 1 minute", slowed.content.decode())
    time.sleep(1.1)  # the first delay (1 s) passed: one more try is allowed
    _login(client, "203.0.113.51")
    assert "Réessayez dans" in _login(client, "203.0.113.52").content.decode()
    time.sleep(1.1)  # the delay doubled (2 s): still waiting
    assert "Réessayez dans" in _login(client, "203.0.113.52").content.decode()
    time.sleep(1.0)
    _login(client, "203.0.113.53", password=PASSWORD)  # slowed, never locked
    assert _logged_in(client)


def test_the_account_ceiling_never_slows_the_owner_at_an_address_they_used(client, owner, behind_one_proxy):
    behind_one_proxy.CEIQ_LOGIN_ACCOUNT_CEILING = 3
    _login(client, "198.51.100.7", password=PASSWORD)
    client.logout()
    for attempt in range(10):
        _login(client, f"203.0.113.{attempt + 10}")
    assert "Réessayez dans" in _login(client, "203.0.113.60", password=PASSWORD).content.decode()
    _login(client, "198.51.100.7", password=PASSWORD)
    assert _logged_in(client)


def test_a_successful_password_reset_clears_the_limits(client, owner, behind_one_proxy, mailoutbox):
    for _attempt in range(5):
        _login(client, "203.0.113.5")
    client.post(reverse("account_reset_password"), {"email": "proprio@example.org"}, REMOTE_ADDR=PROXY)
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body).group(1)
    set_password_url = client.get(link).url
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    _login(client, "203.0.113.5", password=NEW_PASSWORD)
    assert _logged_in(client)
