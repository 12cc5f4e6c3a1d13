"""Headers and production settings: check --deploy passes, CSP without inline scripts, HSTS,
no-store on pages with personal data, secure HttpOnly cookies, framing denied, referrer policy."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories.accounts import PASSWORD
from tests.factories.participants import ParticipantFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "CEIQ_REQUIRE_MFA",
]


def _production_environment():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CEIQ_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "ceiq.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": "",
            "REDIS_URL": "",
        }
    )
    return env


@pytest.fixture(scope="module")
def production_settings():
    """The security settings as the production module computes them (in a separate process)."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=_production_environment(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_check_deploy_passes_with_the_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_environment(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_environment()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_make_cookies_secure_and_require_mfa(production_settings):
    assert production_settings["DEBUG"] is False
    assert production_settings["SESSION_COOKIE_SECURE"] and production_settings["SESSION_COOKIE_HTTPONLY"]
    assert production_settings["CSRF_COOKIE_SECURE"] and production_settings["CSRF_COOKIE_HTTPONLY"]
    assert production_settings["LANGUAGE_COOKIE_SECURE"]
    assert production_settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert production_settings["CEIQ_REQUIRE_MFA"] is True


def test_production_responses_carry_hsts_and_secure_httponly_cookies(production_settings, make_user, enterprise):
    overrides = {k: v for k, v in production_settings.items() if k not in {"DEBUG", "CEIQ_REQUIRE_MFA"}}
    with override_settings(**overrides):
        client = Client()
        # Plain HTTP is redirected to HTTPS.
        insecure = client.get(reverse("account_login"))
        assert insecure.status_code == 301 and insecure.url.startswith("https://")
        response = client.get(reverse("account_login"), secure=True)
        assert response.status_code == 200
        hsts = response["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
        csrf_cookie = response.cookies["csrftoken"]
        assert csrf_cookie["secure"] and csrf_cookie["httponly"]
        user = make_user("director", enterprise, email="secure@example.org")
        login = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, secure=True)
        assert login.status_code == 302
        session_cookie = login.cookies[django_settings.SESSION_COOKIE_NAME]
        assert session_cookie["secure"] and session_cookie["httponly"]
        assert session_cookie["samesite"] == "Lax"


@pytest.fixture
def logged_in(client_for, make_user, enterprise):
    return client_for(make_user("director", enterprise))


def _pages(enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    return [
        reverse("dashboard"),
        reverse("invitation_list"),
        reverse("access_log_list"),
        reverse("privacy:incident_list"),
        reverse("privacy:incident_create"),
        reverse("privacy:participant_export", args=[participant.pk]),
        reverse("privacy:participant_export", args=[participant.pk]) + "?format=json",
        reverse("privacy:participant_export", args=[participant.pk]) + "?format=csv",
    ]


def test_pages_with_personal_data_are_never_cached(logged_in, enterprise):
    for url in _pages(enterprise):
        response = logged_in.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_security_headers_on_every_page(logged_in, client, enterprise):
    pages = [(logged_in, url) for url in _pages(enterprise)] + [(Client(), reverse("account_login"))]
    for http, url in pages:
        response = http.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'", url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert directives["frame-ancestors"] == "'none'", url
        assert directives["object-src"] == "'none'", url


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def test_html_pages_have_no_inline_scripts_the_policy_would_refuse(logged_in, enterprise):
    pages = [url for url in _pages(enterprise) if "format=" not in url]
    for url in [*pages, reverse("mfa_index")]:
        body = logged_in.get(url).content.decode()
        assert not INLINE_SCRIPT.search(body), url
        assert not INLINE_HANDLER.search(body), url
        assert "javascript:" not in body, url
