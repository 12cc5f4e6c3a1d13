import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from ceiq.core.views import error_500

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database(client, settings):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        assert response.json()["checks"]["broker"] == "ok"


def test_404_page_is_in_the_portal_layout_and_in_french(client_for, users):
    response = client_for(users["director"]).get("/nowhere/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page introuvable" in body and "Tableau de bord" in body


def test_500_page_is_friendly(settings):
    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Nothing you saved before was lost" in response.content.decode() or "rien de ce" in response.content.decode()


def test_pages_with_personal_data_are_not_cached_and_csp_has_no_inline_scripts(client_for, users):
    response = client_for(users["director"]).get(reverse("dashboard"))
    assert "no-store" in response["Cache-Control"]
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in response.content.decode()


def test_static_vendor_assets_are_served_locally():
    client = Client()
    for path in ["/static/vendor/bootstrap-5.3.9/css/bootstrap.min.css", "/static/vendor/htmx-2.0.11/htmx.min.js"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert len(b"".join(response.streaming_content)) > 1000
        response.close()
