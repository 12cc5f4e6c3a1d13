"""Coordinators' and counsellors' daily journeys in a real browser (issue acceptance 5)."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from employers.models import Referral
from participants.choices import EVALUATION_CRITERIA
from participants.models import Consent, Participant, Pathway
from tests.factories.accounts import PASSWORD
from tests.factories.employers import EmployerFactory, JobOpeningFactory, ReferralFactory
from tests.factories.participants import InternshipFactory, ParticipantFactory, PathwayFactory, with_consents


@pytest.fixture
def demo_data(reference_data):
    call_command("seed_demo", stdout=io.StringIO())


def _submit(page):
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def _logout(page):
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_coordinator_does_an_intake_starts_a_pathway_and_records_an_evaluation(page, login, demo_data):
    login("coordination@demo.ceiq.ca")
    page.get_by_role("link", name="Participant·e·s", exact=True).click()
    page.get_by_role("link", name="Nouvel accueil").click()
    page.locator("#id_first_name").fill("Béatrice")
    page.locator("#id_last_name").fill("Essai-Navigateur")
    page.locator("#id_birth_date").fill("2002-03-14")
    # Every answer that becomes a figure is chosen (the intake preselects none of them).
    page.locator("#id_gender").select_option("woman")
    page.locator("#id_schooling_at_intake").select_option("no_secondary")
    page.locator("#id_income_source_at_intake").select_option("social_assistance")
    page.locator("#id_referral_source").select_option("services_quebec")
    page.get_by_label("Dépendance").check()
    page.locator("#id_consents input[value=processing]").check()
    page.locator("#id_consents input[value=reporting]").check()
    _submit(page)
    expect(page.locator("h1")).to_contain_text("Béatrice Essai-Navigateur")
    expect(page.locator("[data-testid=consent-processing]")).to_contain_text("Donné")

    page.get_by_role("link", name="Nouveau parcours").click()
    page.locator("#id_trade").select_option(label="Ébénisterie et transformation du bois")
    page.locator("#id_start_date").fill("2026-01-12")
    page.locator("#id_counsellor").select_option(label="Sophie Bouchard")
    _submit(page)
    expect(page.locator("[data-testid=pathway-status]")).to_have_text("Planifié")
    page.get_by_role("link", name="Démarrer", exact=True).click()
    _submit(page)
    expect(page.locator("[data-testid=pathway-status]")).to_have_text("Actif")
    expect(page.locator("[data-testid=transitions]")).to_contain_text("Julie Roy")

    page.get_by_role("link", name="Consigner une évaluation").click()
    page.locator("#id_evaluated_on").fill("2026-02-09")
    for criterion, _label in EVALUATION_CRITERIA:
        page.locator(f"input[name={criterion}][value='3']").check()
    _submit(page)
    expect(page.locator("[data-testid=evaluation-table]")).to_contain_text("3,0")
    expect(page.locator("#evaluations svg")).to_be_visible()
    participant = Participant.objects.get(last_name="Essai-Navigateur")
    assert participant.pathways.get().evaluations.count() == 1


def test_counsellor_note_stays_hidden_from_the_coordinator(page, login, demo_data):
    participant = Participant.objects.get(external_id="BOIS-002")
    file_url = f"/participants/{participant.pk}/"
    login("intervention@demo.ceiq.ca")
    page.goto(file_url)
    page.get_by_role("link", name="Consigner une rencontre de suivi").click()
    page.locator("#id_duration_minutes").fill("50")
    page.locator("#id_topics input[value=housing]").check()
    page.locator("#id_summary").fill("Résumé partagé avec l'équipe")
    page.locator("#id_confidential_notes").fill("NOTE-TRÈS-CONFIDENTIELLE")
    _submit(page)
    expect(page.locator("main")).to_contain_text("NOTE-TRÈS-CONFIDENTIELLE")
    _logout(page)

    login("coordination@demo.ceiq.ca")
    page.goto(file_url)
    expect(page.locator("main")).to_contain_text("Résumé partagé avec l'équipe")
    assert "NOTE-TRÈS-CONFIDENTIELLE" not in page.content()
    assert "NOTE-TRÈS-CONFIDENTIELLE" not in page.request.get("/participants/export.csv").text()


def test_closing_a_pathway_with_a_job_schedules_post_pathway_follow_ups(page, login, demo_data):
    pathway = Pathway.objects.get(participant__external_id="BOIS-003", status="active")
    login("coordination@demo.ceiq.ca")
    page.goto(f"/participants/{pathway.participant_id}/")
    page.get_by_role("link", name="Terminer le parcours").first.click()
    page.get_by_label("Terminé").check()
    page.locator("#id_exit_outcome").select_option("job")
    page.locator("#id_placement_employer").select_option(label="Meubles Laurentiens")
    page.locator("#id_placement_job_title").fill("Peintre industriel·le")
    page.locator("#id_placement_start_date").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    _submit(page)
    expect(page.locator(f"[data-testid=pathway-{pathway.pk}] [data-testid=pathway-status]")).to_have_text("Terminé")
    rows = page.locator("[data-testid=post-follow-ups] tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("[data-testid=post-follow-ups]")).to_contain_text("3 mois")
    expect(page.locator("#placements")).to_contain_text("Peintre industriel·le")


def test_withdrawing_a_consent_asks_first_and_employers_lose_access_only_then(
    page, login, make_user, enterprise, employer
):
    make_user("coordinator", enterprise, email="coordo-consent@example.org")
    employer_contact = make_user("employer", employer)
    participant = with_consents(ParticipantFactory(enterprise=enterprise, first_name="Maude", last_name="Essai"))
    ReferralFactory(participant=participant, opening=JobOpeningFactory(employer=employer))
    InternshipFactory(
        pathway=PathwayFactory(participant=participant), employer=EmployerFactory(name="Ébénisterie Nord")
    )
    login("coordo-consent@example.org", password=PASSWORD)
    page.goto(f"/participants/{participant.pk}/")
    page.locator("[data-testid=consent-employer_sharing]").get_by_role("link", name="Retirer…").click()
    expect(page.locator("h1")).to_contain_text("Retirer le consentement")
    expect(page.locator("[data-testid=employers-losing-access]")).to_contain_text("Employeur A")
    expect(page.locator("[data-testid=employers-losing-access]")).to_contain_text("Ébénisterie Nord")
    # Asking changed nothing: the employer still sees the candidate.
    assert Referral.objects.visible_to(employer_contact).exists()

    page.get_by_role("button", name="Retirer le consentement").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Ces employeurs ne voient plus le profil")
    expect(page.locator("[data-testid=consent-employer_sharing]")).to_contain_text("Non donné")
    assert not Consent.objects.filter(participant=participant, purpose="employer_sharing", withdrawn_at=None).exists()
    employer_contact.__dict__.pop("employer_ids", None)
    assert not Referral.objects.visible_to(employer_contact).exists()
