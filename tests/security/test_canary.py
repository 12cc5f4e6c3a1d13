"""Canary leak test: every builder of the permission matrix writes `CANARY-<tenant>` into the text
fields of what it creates. Every page, CSV, XLSX and PDF a user of tenant A can reach (each route
of the matrix the user may GET, the extra `queries` of the route, and the same-page links found in
the HTML: filters, sorting, pages, exports) must not contain tenant B's canary. Employers must also
never see the fields outside the consented profile (`tenant.objects["never_for_employers"]`)."""

import io
import re
from html import unescape

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PdfStreamError

from .matrix import STAFF_ROLES, all_routes, build_world

ROUTES = all_routes()
CANARY_ROLES = [*STAFF_ROLES, "employer"]
MAX_LINKS_PER_PAGE = 12
HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@pytest.fixture
def world(db):
    return build_world()


def _ok(expected) -> bool:
    return expected == 200 or (isinstance(expected, tuple) and 200 in expected)


def _readable_routes():
    return [route for route in ROUTES if route.get and any(_ok(route.get.get(role)) for role in CANARY_ROLES)]


def response_text(response) -> str:
    """The text a person would read in the response: HTML/CSV/JSON as text, XLSX cells, PDF text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if "pdf" in content_type or content[:5] == b"%PDF-":
        raw = content.decode("latin-1")  # text drawn uncompressed, and stand-in files of the matrix
        try:
            reader = PdfReader(io.BytesIO(content))
            return raw + "\n".join(page.extract_text() or "" for page in reader.pages)
        except (PdfReadError, PdfStreamError):
            return raw
    if "spreadsheetml" in content_type or content[:2] == b"PK":
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        try:
            return "\n".join(
                " ".join("" if cell is None else str(cell) for cell in row)
                for sheet in workbook.worksheets
                for row in sheet.iter_rows(values_only=True)
            )
        finally:
            workbook.close()
    return unescape(content.decode("utf-8", errors="replace"))


def _same_page_links(url: str, html: str) -> list[str]:
    path = url.split("?", 1)[0]
    links = []
    for href in HREF.findall(html):
        href = unescape(href)
        if href.startswith("?"):
            href = path + href
        if href.startswith(path + "?") and href not in links:
            links.append(href)
    return links[:MAX_LINKS_PER_PAGE]


def reachable_texts(client: Client, url: str, queries=()) -> dict[str, str]:
    """url → text for the page, its declared query variants, and the same-page links it shows."""
    texts = {}
    pending = [url, *(url + query for query in queries)]
    while pending:
        current = pending.pop(0)
        if current in texts:
            continue
        response = client.get(current)
        if response.status_code != 200:
            texts[current] = ""
            continue
        is_html = response.get("Content-Type", "").startswith("text/html")
        texts[current] = response_text(response)
        if is_html and current == url:
            pending.extend(link for link in _same_page_links(url, texts[current]) if link not in texts)
    return texts


@pytest.mark.parametrize("route", _readable_routes(), ids=[r.name for r in _readable_routes()])
def test_no_foreign_canary_on_any_page_or_download(world, route):
    own, foreign = world
    leaks = []
    for role in CANARY_ROLES:
        if not _ok(route.get.get(role)):
            continue
        client = Client()
        client.force_login(own.users[role])
        url = reverse(route.name, args=route.args(own))
        forbidden = [] if role in route.shared_with else [f"CANARY-{foreign.label}"]
        if role == "employer":
            forbidden += own.objects.get("never_for_employers", []) + foreign.objects.get("never_for_employers", [])
        for fetched, text in reachable_texts(client, url, route.queries).items():
            leaks += [f"{role} GET {fetched}: {value!r}" for value in forbidden if value in text]
    assert not leaks, "Leaked to another tenant or to an employer:\n" + "\n".join(leaks)


# --- The detector itself can fail ----------------------------------------------------------------


def test_the_canary_is_found_in_html_json_csv_and_pdf(world):
    own, foreign = world
    client = Client()
    client.force_login(own.users["counsellor"])
    url = reverse("privacy:participant_export", args=[own.objects["privacy_participant"].pk])
    texts = reachable_texts(client, url, ("?format=json", "?format=csv", "?format=pdf"))
    assert len(texts) == 4
    for fetched, text in texts.items():
        assert f"CANARY-{own.label}" in text, fetched
    # Network staff read every tenant's incidents: the same search sees tenant B's canary there.
    network = Client()
    network.force_login(own.users["network"])
    texts = reachable_texts(network, reverse("privacy:incident_detail", args=[foreign.objects["incident"].pk]))
    assert any(f"CANARY-{foreign.label}" in text for text in texts.values())


def test_the_canary_is_found_in_xlsx(db):

    workbook = Workbook()
    workbook.active.append(["Nom", "CANARY-B"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "CANARY-B" in response_text(response)
