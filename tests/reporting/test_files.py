"""Stored files are never public (issue 16, hole 4): no route serves MEDIA_ROOT, in any settings
(the demo's DEBUG included); the only way to a report's PDF is the download view, which checks
permission and logs the access; the name on disk is random and says nothing of the report."""

import importlib
from datetime import date

import pytest
from django.contrib import admin
from django.urls import clear_url_caches, reverse

import ceiq.urls
from ceiq.audit.models import AccessLog
from reporting.models import ReportRun
from reporting.services import report_render
from tests.factories.participants import ParticipantFactory, PathwayFactory


@pytest.fixture
def debug_urls(settings):
    """The URLs as the demo and local settings build them (DEBUG on)."""
    login = admin.site.login
    settings.DEBUG = True
    importlib.reload(ceiq.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(ceiq.urls)
    clear_url_caches()
    admin.site.login = login  # ceiq.urls wrapped it again on each import: once is what it was


@pytest.fixture
def rendered(enterprise, users):
    PathwayFactory(participant=ParticipantFactory(enterprise=enterprise), start_date=date(2025, 6, 2))
    run = ReportRun.objects.create(
        scope="enterprise", enterprise=enterprise, fiscal_year=2025, language="fr", requested_by=users["director"]
    )
    run = report_render(run.pk)
    assert run.is_downloadable
    return run


def _anonymous_media_answers(client, run) -> list[int]:
    name = run.pdf.name
    return [client.get(f"/media/{name}").status_code, client.get(f"/media/{name.rsplit('/', 1)[0]}/").status_code]


def test_no_settings_serve_a_stored_report_to_anyone_without_the_view(client, rendered, debug_urls):
    assert _anonymous_media_answers(client, rendered) == [404, 404]


def test_the_test_settings_serve_no_stored_file_either(client, rendered):
    assert _anonymous_media_answers(client, rendered) == [404, 404]


def test_the_stored_name_is_random_and_the_download_keeps_a_readable_name(client_for, users, rendered, enterprise):
    stored = rendered.pdf.name.rsplit("/", 1)[-1]
    for guessable in (enterprise.slug, "2025", "-fr-", str(rendered.pk) + ".pdf"):
        assert guessable not in stored
    assert len(stored.removesuffix(".pdf")) >= 32  # 128 random bits
    other = ReportRun.objects.create(scope="enterprise", enterprise=enterprise, fiscal_year=2025, language="fr")
    assert report_render(other.pk).pdf.name != rendered.pdf.name

    response = client_for(users["director"]).get(reverse("reporting:download", args=[rendered.pk]))
    assert response.status_code == 200
    assert f'filename="ceiq-{enterprise.slug}-2025-2026-fr-{rendered.pk}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(action="download_report", object_id=str(rendered.pk)).count() == 1


def test_behind_nginx_the_view_still_decides_and_nginx_sends_the_bytes(client, client_for, users, rendered, settings):
    settings.CEIQ_DOWNLOAD_ACCEL_PREFIX = "/protected-media/"
    url = reverse("reporting:download", args=[rendered.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page, no file
    assert client_for(users["supervisor"]).get(url).status_code == 403
    assert "X-Accel-Redirect" not in client_for(users["supervisor"]).get(url)

    response = client_for(users["director"]).get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{rendered.pdf.name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")
    assert AccessLog.objects.filter(action="download_report", object_id=str(rendered.pk)).count() == 1
