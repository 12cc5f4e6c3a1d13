"""Browser journeys: a director asks for their enterprise's report, watches the progress bar while
the worker renders it, and downloads the PDF; network staff download the network report."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from reporting.models import ReportRun
from reporting.services import report_render
from reporting.tasks import render_report_run


@pytest.fixture
def demo_data(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())


def test_director_follows_the_progress_and_downloads_the_pdf(page, login, demo_data, monkeypatch):
    queued = []
    # Hold the task back (as if the worker were busy) so the page shows the progress bar.
    monkeypatch.setattr(render_report_run, "delay", queued.append)
    login("direction@demo.ceiq.ca")
    page.get_by_role("link", name="Rapports").first.click()
    expect(page.get_by_role("heading", name="Rapports annuels")).to_be_visible()
    page.get_by_label("Exercice financier").select_option("2025")
    page.get_by_label("Langue du rapport").select_option("fr")
    page.get_by_role("button", name="Produire le rapport").click()

    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.locator(".run-status")).to_contain_text("En attente")
    assert len(queued) == 1
    report_render(queued[0])  # the worker's job, done here

    download_link = page.get_by_role("link", name="Télécharger le PDF")
    expect(download_link).to_be_visible(timeout=10_000)  # htmx polled the status and swapped it in
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("ceiq-atelier-du-bois-2025-2026-fr")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    expect(page.locator("table")).to_contain_text("Marc Gagnon")  # listed with who asked


def test_network_staff_download_the_network_report(page, login, demo_data):
    login("reseau@demo.ceiq.ca")
    page.goto("/reports/")
    page.get_by_label("Portée").select_option("region")
    expect(page.get_by_label("Région")).to_be_visible()
    expect(page.get_by_label("Entreprise", exact=True)).to_be_hidden()
    page.get_by_label("Portée").select_option("network")
    expect(page.get_by_label("Région")).to_be_hidden()
    page.get_by_label("Exercice financier").select_option("2025")
    page.get_by_role("button", name="Produire le rapport").click()  # rendered in-process (eager)

    expect(page).to_have_url(re.compile(r"/reports/\?run=\d+$"))
    expect(page.locator(".run-status")).to_contain_text("Réseau du Collectif (CEIQ)")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    run = ReportRun.objects.get(scope="network")
    assert run.status == "succeeded" and run.checksum
