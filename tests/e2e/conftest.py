"""Browser tests: Playwright drives the system's Chromium (Debian package), headless, against
pytest-django's live server. No browser is ever downloaded."""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from enterprises.models import Region, Sector, Trade
from enterprises.reference_data import seed_reference_data
from participants.models import Barrier
from participants.reference_data import seed_barriers

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run scripts/system-deps.sh test (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests flush the database: put the migrations' reference data back."""
    seed_reference_data(Region, Sector, Trade)
    seed_barriers(Barrier)


@pytest.fixture
def page(browser, live_server, reference_data):
    context = browser.new_context(base_url=live_server.url, locale="fr-CA")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):
    def do_login(email, password="Demo-CEIQ-2026!"):
        page.goto("/accounts/login/")
        page.get_by_label("Courriel").fill(email)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        return page

    return do_login
