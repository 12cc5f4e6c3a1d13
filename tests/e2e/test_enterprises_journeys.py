"""Browser journeys of the enterprises app (acceptance 3): network staff create an enterprise and its
agreement through the pages; a director invites a coordinator who accepts and lands on the dashboard."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ceiq.accounts.models import Invitation
from ceiq.core.fiscal import FiscalYear
from enterprises.models import Enterprise, FundingAgreement, Membership


@pytest.fixture
def demo_data(reference_data):
    call_command("seed_demo", stdout=io.StringIO())


def test_network_staff_create_an_enterprise_and_its_agreement(page, login, demo_data):
    login("reseau@demo.ceiq.ca")
    page.get_by_role("link", name="Entreprises", exact=True).click()
    expect(page.get_by_role("heading", name="Entreprises membres")).to_be_visible()
    page.get_by_role("link", name="Nouvelle entreprise").click()

    page.locator("#id_name").fill("Atelier des Îles")
    page.locator("#id_neq").fill("1190 000 001")
    page.locator("#id_region").select_option(label="11 – Gaspésie–Îles-de-la-Madeleine")
    page.locator("#id_city").fill("Cap-aux-Meules")
    page.locator("#id_postal_code").fill("g4t 1a1")
    page.locator("#id_sectors").select_option(label=["Fabrication"])
    page.locator("#id_trades").select_option(label=["Ébénisterie et transformation du bois"])
    page.locator("#id_member_since").fill("2024-04-01")
    # A wrong NEQ first: a French message, nothing saved.
    page.locator("#id_neq").fill("119")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("10 chiffres")
    page.locator("#id_neq").fill("1190 000 001")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.locator("main")).to_contain_text("Entreprise créée.")
    expect(page.get_by_role("heading", name="Atelier des Îles")).to_be_visible()
    expect(page.locator("main")).to_contain_text("G4T 1A1")
    page.get_by_role("link", name="Ententes", exact=True).click()
    page.get_by_role("link", name="Nouvelle entente").click()
    current = FiscalYear.current()
    page.locator("#id_fiscal_year").select_option(label=str(current))
    page.locator("#id_participant_places").fill("18")
    page.locator("#id_target_integration_percent").fill("70")
    page.locator("#id_wages_amount").fill("400 000,00")
    page.locator("#id_supervision_amount").fill("100000")
    page.locator("#id_insertion_costs_amount").fill("85 000,50")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.locator("main")).to_contain_text("Entente enregistrée.")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text(str(current))
    expect(row).to_contain_text("585\u00a0000,50\u00a0$")
    expect(row).to_contain_text("70,0\u00a0%")
    expect(row).to_contain_text("27 semaines")

    enterprise = Enterprise.objects.get(neq="1190000001")
    assert enterprise.slug == "atelier-des-iles"
    assert FundingAgreement.objects.get(enterprise=enterprise).fiscal_year == current.start_year


def test_a_director_invites_a_coordinator_who_lands_on_the_dashboard(page, login, demo_data, browser, live_server):
    login("direction@demo.ceiq.ca")
    page.get_by_role("link", name="Équipe", exact=True).first.click()
    expect(page.get_by_role("heading", name="Inviter une personne")).to_be_visible()
    page.locator("#id_email").fill("nouvelle.coordo@example.org")
    page.locator("#id_role").select_option(label="Coordonnateur·trice")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.locator("main")).to_contain_text(
        "Invitation créée pour nouvelle.coordo@example.org. Son courriel est en file d'attente et partira sous peu."
    )
    expect(page.locator("main")).to_contain_text("Invitations en attente")

    invitation = Invitation.objects.get(email="nouvelle.coordo@example.org")
    assert invitation.role == "coordinator"
    invitee_context = browser.new_context(base_url=live_server.url, locale="fr-CA")
    try:
        invitee = invitee_context.new_page()
        invitee.goto(f"/invitations/{invitation.token}/")
        expect(invitee.locator("main")).to_contain_text("Atelier du Bois")
        invitee.locator("#id_first_name").fill("Camille")
        invitee.locator("#id_last_name").fill("Lavoie")
        invitee.locator("#id_password1").fill("Un-mot-de-passe-solide-42")
        invitee.locator("#id_password2").fill("Un-mot-de-passe-solide-42")
        invitee.get_by_role("button", name="Créer mon compte").click()
        expect(invitee).to_have_url(re.compile(r"^http://[^/]+/$"))
        expect(invitee.get_by_role("heading", name="Atelier du Bois")).to_be_visible()
        expect(invitee.get_by_test_id("dashboard-role")).to_contain_text("Coordonnateur·trice")
    finally:
        invitee_context.close()

    membership = Membership.objects.get(user__email="nouvelle.coordo@example.org")
    assert (membership.enterprise.slug, membership.role, membership.is_active) == (
        "atelier-du-bois",
        "coordinator",
        True,
    )
    # The director sees the new coordinator in the team.
    page.reload()
    expect(page.locator("main")).to_contain_text("Camille Lavoie")


def test_a_deactivated_coordinator_loses_the_enterprise_at_the_next_page(page, login, demo_data, browser, live_server):
    coordinator_context = browser.new_context(base_url=live_server.url, locale="fr-CA")
    try:
        coordinator = coordinator_context.new_page()
        coordinator.goto("/accounts/login/")
        coordinator.get_by_label("Courriel").fill("coordination@demo.ceiq.ca")
        coordinator.get_by_label("Mot de passe").fill("Demo-CEIQ-2026!")
        coordinator.get_by_role("button", name="Se connecter").click()
        expect(coordinator.get_by_role("heading", name="Atelier du Bois")).to_be_visible()

        login("direction@demo.ceiq.ca")
        page.goto("/enterprises/atelier-du-bois/staff/")
        row = page.locator("tr", has_text="coordination@demo.ceiq.ca")
        row.get_by_role("button", name="Désactiver").click()
        expect(page.locator("main")).to_contain_text("Julie Roy n'a plus accès à cette entreprise.")

        coordinator.reload()
        expect(coordinator.get_by_role("heading", name="Aucun accès pour le moment")).to_be_visible()
        coordinator.goto("/enterprises/atelier-du-bois/")
        expect(coordinator.locator("main")).to_contain_text("introuvable")
    finally:
        coordinator_context.close()
