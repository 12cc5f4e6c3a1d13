import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from ceiq.core.fiscal import FiscalYear
from ceiq.core.templatetags.portal import format_money

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_french_is_the_default_even_for_an_english_browser(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="fr-CA">' in body
    assert "Mot de passe oublié" in body


@pytest.mark.django_db
def test_language_switcher_gives_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    body = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en-CA">' in body
    assert "Forgot your password?" in body


def test_money_and_dates_in_quebec_formats():
    with translation.override("fr"):
        assert format_money(Decimal("12345.67")) == "12\u00a0345,67\u00a0$"
    with translation.override("en"):
        assert format_money(Decimal("12345.67")) == "$12,345.67"


def test_fiscal_year_runs_april_to_march():
    year = FiscalYear(2025)
    assert (year.start, year.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert FiscalYear.containing(date(2026, 3, 31)) == year
    assert FiscalYear.containing(date(2026, 4, 1)) == FiscalYear(2026)
    assert str(year) == "2025-2026"


def _catalogues():
    return sorted(ROOT.glob("**/locale/fr/LC_MESSAGES/django.po"))


def test_every_french_catalogue_is_complete():
    catalogues = [p for p in _catalogues() if ".venv" not in p.parts]
    assert ROOT / "locale/fr/LC_MESSAGES/django.po" in catalogues
    for catalogue in catalogues:
        result = subprocess.run(
            ["msgfmt", "--statistics", "-o", "/dev/null", str(catalogue)], capture_output=True, text=True, check=True
        )
        assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, (catalogue, result.stderr)
