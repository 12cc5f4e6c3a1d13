"""Issue 15: a coordinator downloads the import template, fills it, uploads a file with one bad row,
reads the error with the closest accepted values, fixes it, previews and applies."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from participants.models import Participant


@pytest.fixture
def demo_data(reference_data):
    call_command("seed_demo", stdout=io.StringIO())


def _filled(template: bytes, trade: str) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    header = [str(cell.value).split(" (")[0] for cell in sheet[1]]
    values = {"external_id": "NAV-1", "first_name": "Noémie", "last_name": "Navigateur", "trade": trade}
    values |= {"start_date": "2026-01-12", "status": "Actif"}
    sheet.append([values.get(column) for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(page, content: bytes):
    page.locator("#id_file").set_input_files(
        {"name": "modele.xlsx", "mimeType": "application/octet-stream", "buffer": content}
    )
    page.get_by_role("button", name="Prévisualiser l'importation").click()
    page.wait_for_load_state()


def test_template_bad_row_fix_preview_apply(page, login, demo_data):
    login("coordination@demo.ceiq.ca")
    page.goto("/participants/import/")
    with page.expect_download() as download_info:
        page.get_by_test_id("import-template").click()
    template = Path(download_info.value.path()).read_bytes()

    _upload(page, _filled(template, "Menuiserie"))
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("Menuiserie")
    expect(errors).to_contain_text("woodworking")
    expect(page.get_by_test_id("import-apply")).to_have_count(0)

    _upload(page, _filled(template, "woodworking"))
    expect(page.get_by_test_id("import-summary")).to_contain_text("Aperçu")
    assert not Participant.objects.filter(external_id="NAV-1").exists()
    page.get_by_role("button", name="Appliquer l'importation").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text(re.compile(r"1 participant·e·s créé"))
    assert Participant.objects.get(external_id="NAV-1").pathways.get().status == "active"
