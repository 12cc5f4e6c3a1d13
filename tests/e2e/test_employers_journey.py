"""An employer posts an opening; a coordinator matches and refers two candidates; the employer sees
only their consented profiles, declines one with a reason and hires the other."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from employers.models import JobOpening, Placement, Referral
from enterprises.models import Region, Trade
from participants.models import Participant


@pytest.fixture
def demo_data(reference_data):
    call_command("seed_demo", stdout=io.StringIO())


def _logout(page):
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_employer_posts_coordinator_refers_employer_declines_one_and_hires_the_other(page, login, demo_data):
    # 1. The employer contact posts an opening from their dashboard.
    login("employeur@demo.ceiq.ca")
    page.get_by_role("link", name="Publier une offre d'emploi").click()
    page.locator("#id_title").fill("Ébéniste de production")
    page.locator("#id_trade").select_option(str(Trade.objects.get(code="woodworking").pk))
    page.locator("#id_region").select_option(str(Region.objects.get(code="06").pk))
    page.locator("#id_positions").fill("2")
    page.locator("#id_start_date").fill("2027-01-11")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert-success")).to_contain_text("Offre d'emploi enregistrée")
    opening = JobOpening.objects.get(title="Ébéniste de production")
    _logout(page)

    # 2. The coordinator matches and refers two candidates.
    login("coordination@demo.ceiq.ca")
    page.goto(reverse("employers:opening_detail", args=[opening.pk]))
    page.get_by_role("link", name="Trouver des candidatures").click()
    matching = page.locator("[data-testid=matching]")
    expect(matching).to_contain_text("Même métier")
    expect(matching).not_to_contain_text("Olivier Gauthier")  # no consent to share
    page.get_by_label("Proposer Kevin Bergeron").check()
    page.get_by_label("Proposer Émilie Caron").check()
    page.get_by_role("button", name="Proposer les personnes sélectionnées").click()
    expect(page.locator(".alert-success")).to_contain_text("2 candidature(s)")
    _logout(page)

    # 3. The employer sees only the consented profiles of those two.
    login("employeur@demo.ceiq.ca")
    expect(page.locator("[data-testid=panel-new-candidates]")).to_contain_text("Kevin B.")
    page.goto(reverse("employers:opening_detail", args=[opening.pk]))
    candidates = page.locator("[data-testid=candidates]")
    expect(candidates).to_contain_text("Kevin B.")
    expect(candidates).to_contain_text("Émilie C.")
    expect(candidates.locator("tbody tr")).to_have_count(2)
    main = page.locator("main")
    for secret in ["Bergeron", "Caron", "514-555", "Aide sociale", "Olivier"]:
        expect(main).not_to_contain_text(secret)

    # 4. Declines one with a reason.
    candidates.locator("tr", has_text="Émilie C.").get_by_role("link", name="Voir le profil").click()
    expect(page.locator("[data-testid=candidate-profile]")).to_contain_text("Sens de l'organisation")
    page.get_by_role("link", name="Refuser").click()
    page.locator("#id_decline_reason").select_option("availability")
    page.locator("#id_comment").fill("Nous cherchons quelqu'un pour le quart de soir.")
    page.get_by_role("button", name="Refuser la candidature").click()
    expect(page.locator(".alert-success")).to_contain_text("refusée")

    # 5. Hires the other.
    page.locator("[data-testid=candidates] tr", has_text="Kevin B.").get_by_role("link", name="Voir le profil").click()
    page.get_by_role("link", name="Embaucher").click()
    page.locator("#id_hourly_wage").fill("20.50")
    page.locator("#id_weekly_hours").fill("40")
    page.get_by_role("button", name="Enregistrer l'embauche").click()
    expect(page.locator(".alert-success")).to_contain_text("Embauche enregistrée")
    expect(page.locator("[data-testid=placement-job-title]")).to_have_text("Ébéniste de production")

    kevin = Participant.objects.get(external_id="DEMO-EMP-1")
    emilie = Participant.objects.get(external_id="DEMO-EMP-4")
    assert Referral.objects.get(opening=opening, participant=emilie).decline_reason == "availability"
    assert Referral.objects.get(opening=opening, participant=kevin).status == "hired"
    placement = Placement.objects.get(referral__opening=opening)
    assert placement.participant == kevin
    assert kevin.pathways.order_by("-start_date").first().exit_outcome == "job"
    _logout(page)

    # 6. The hire shows on the enterprise side: on the placement page and on the participant's file.
    login("coordination@demo.ceiq.ca")
    page.goto(reverse("employers:placement_detail", args=[placement.pk]))
    expect(page.locator("main")).to_contain_text("Kevin Bergeron")
    expect(page.locator("[data-testid=placement-job-title]")).to_have_text("Ébéniste de production")
    page.goto(reverse("participants:detail", args=[kevin.pk]))
    expect(page.locator("main")).to_contain_text("Ébéniste de production")
