"""Every demo role logs in through the real login form and reaches its own dashboard."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

DEMO_ROLES = [
    ("reseau@demo.ceiq.ca", "Tableau de bord du réseau"),
    ("direction@demo.ceiq.ca", "Directeur·trice"),
    ("coordination@demo.ceiq.ca", "Coordonnateur·trice"),
    ("intervention@demo.ceiq.ca", "Intervenant·e"),
    ("supervision@demo.ceiq.ca", "Superviseur·e"),
    ("employeur@demo.ceiq.ca", "Tableau de bord employeur"),
]


@pytest.fixture
def demo_data(reference_data):
    call_command("seed_demo", stdout=io.StringIO())


def test_each_demo_role_logs_in_and_reaches_its_dashboard(page, login, demo_data):
    for email, marker in DEMO_ROLES:
        login(email)
        expect(page.locator("main")).to_contain_text(marker)
        expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
        page.get_by_role("button", name="Se déconnecter").click()
        expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_wrong_password_shows_a_french_error(page, login, demo_data):
    login("direction@demo.ceiq.ca", password="mauvais-mot-de-passe")
    expect(page.locator("main .alert-danger")).to_contain_text("incorrect")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_language_switcher_switches_to_english_and_back(page, login, demo_data):
    login("coordination@demo.ceiq.ca")
    page.locator("#language-switcher").select_option("en")
    expect(page.get_by_role("link", name="Dashboard", exact=True)).to_be_visible()
    page.locator("#language-switcher").select_option("fr")
    expect(page.get_by_role("link", name="Tableau de bord", exact=True)).to_be_visible()
