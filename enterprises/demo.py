from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ceiq.accounts.demo import demo_user
from ceiq.accounts.roles import EnterpriseRole
from ceiq.core.fiscal import FiscalYear

from .models import (
    Enterprise,
    FundingAgreement,
    Membership,
    Partner,
    PartnerKind,
    RecognitionAssessment,
    RecognitionCriterion,
    RecognitionResult,
    Region,
    Sector,
    Trade,
)

ENTERPRISES = [
    # slug, name, neq, region, sectors, trades, city, postal code
    (
        "atelier-du-bois",
        "Atelier du Bois",
        "1160000001",
        "06",
        ["manufacturing"],
        ["woodworking", "industrial-painter"],
        "Montréal",
        "H2X 1Y4",
    ),
    (
        "cuisine-solidaire",
        "Cuisine solidaire de Québec",
        "1160000002",
        "03",
        ["food"],
        ["cook-assistant", "caterer"],
        "Québec",
        "G1K 3A1",
    ),
    (
        "friperie-estrie",
        "Friperie de l'Estrie",
        "1160000003",
        "05",
        ["retail"],
        ["thrift-store-clerk", "textile-sorting"],
        "Sherbrooke",
        "J1H 1A1",
    ),
    (
        "recyclo-tech",
        "Recyclo-Tech Outaouais",
        "1160000004",
        "07",
        ["services"],
        ["computer-refurbishing", "electronics-recycling"],
        "Gatineau",
        "J8X 2A1",
    ),
    # Further members, without demo logins, so the directory and the network dashboard have a spread.
    (
        "boulangerie-du-fjord",
        "Boulangerie du Fjord",
        "1160000005",
        "02",
        ["food"],
        ["baker-assistant", "pastry-assistant"],
        "Saguenay",
        "G7H 4A3",
    ),
    (
        "recup-mauricie",
        "Récup Mauricie",
        "1160000006",
        "04",
        ["services"],
        ["recycling-sorter", "appliance-repair"],
        "Trois-Rivières",
        "G9A 5H7",
    ),
    (
        "velo-laval",
        "Vélo-Atelier Laval",
        "1160000007",
        "13",
        ["manufacturing", "retail"],
        ["bicycle-repair", "retail-sales-clerk"],
        "Laval",
        "H7N 3W9",
    ),
    (
        "entrepot-chaudiere",
        "Entrepôt solidaire Chaudière-Appalaches",
        "1160000008",
        "12",
        ["wholesale"],
        ["warehouse-clerk", "order-picker", "forklift-operator"],
        "Lévis",
        "G6V 6Z3",
    ),
    (
        "scene-lanaudiere",
        "Scène et Montage Lanaudière",
        "1160000009",
        "14",
        ["culture"],
        ["event-setup", "stage-technician-helper"],
        "Joliette",
        "J6E 3Z9",
    ),
    (
        "auberge-gaspesie",
        "Auberge-école de la Gaspésie",
        "1160000010",
        "11",
        ["tourism", "food"],
        ["housekeeping-attendant", "waiter", "cook-assistant"],
        "Gaspé",
        "G4X 1A1",
    ),
]

PARTNERS = [
    # name, kind, nature
    (
        "Centre de formation professionnelle {region}",
        PartnerKind.TRAINING_CENTRE,
        "DEP offert en entreprise : modules de formation reconnus pour les travailleur·euse·s en formation.",
    ),
    (
        "Carrefour jeunesse-emploi {city}",
        PartnerKind.COMMUNITY,
        "Référencement de jeunes de 16 à 35 ans et accompagnement après le parcours.",
    ),
    (
        "Services Québec — bureau de {city}",
        PartnerKind.PUBLIC,
        "Entente de financement et référencement des personnes prestataires.",
    ),
]

STAFF = [
    # email, first, last, role, enterprise slug
    ("direction@demo.ceiq.ca", "Marc", "Gagnon", EnterpriseRole.DIRECTOR, "atelier-du-bois"),
    ("coordination@demo.ceiq.ca", "Julie", "Roy", EnterpriseRole.COORDINATOR, "atelier-du-bois"),
    ("intervention@demo.ceiq.ca", "Sophie", "Bouchard", EnterpriseRole.COUNSELLOR, "atelier-du-bois"),
    ("supervision@demo.ceiq.ca", "Luc", "Côté", EnterpriseRole.SUPERVISOR, "atelier-du-bois"),
    ("direction.cuisine@demo.ceiq.ca", "Isabelle", "Fortin", EnterpriseRole.DIRECTOR, "cuisine-solidaire"),
]


def seed(*, password: str):
    regions = {r.code: r for r in Region.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    trades = {t.code: t for t in Trade.objects.all()}
    current = FiscalYear.current()
    for index, (slug, name, neq, region, sector_codes, trade_codes, city, postal) in enumerate(ENTERPRISES):
        enterprise, created = Enterprise.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "legal_name": f"{name} inc.",
                "neq": neq,
                "region": regions[region],
                "city": city,
                "postal_code": postal,
                "street_address": f"{100 + index * 25}, rue Principale",
                "member_since": date(2005 + (index * 3) % 20, 4, 1),
                "email": f"info@{slug}.example.ca",
                "description": "Entreprise d'insertion membre du Collectif.",
            },
        )
        if created:
            enterprise.sectors.set([sectors[c] for c in sector_codes])
            enterprise.trades.set([trades[c] for c in trade_codes])
        for fiscal_year in (current.previous, current):
            FundingAgreement.objects.get_or_create(
                enterprise=enterprise,
                fiscal_year=fiscal_year.start_year,
                defaults={
                    "participant_places": 20 + index * 5,
                    "target_integration_rate": Decimal("0.7000") + Decimal(index) / 100,
                    "wages_amount": Decimal("480000.00") + index * 10000,
                    "supervision_amount": Decimal("120000.00"),
                    "insertion_costs_amount": Decimal("95000.00"),
                    "standard_pathway_weeks": 27 if index != 1 else 26,
                    "signed_on": fiscal_year.start,
                },
            )
        _seed_recognition(enterprise, index)
        _seed_partners(enterprise)
    accounts = []
    for email, first, last, role, slug in STAFF:
        user = demo_user(email, first_name=first, last_name=last, password=password)
        Membership.objects.get_or_create(
            user=user, enterprise=Enterprise.objects.get(slug=slug), defaults={"role": role}
        )
        accounts.append((f"{EnterpriseRole(role).label} / {slug}", email))
    return accounts


def _seed_recognition(enterprise, index):
    """All seven criteria assessed once (only the first time): most enterprises fully recognised, one
    with a criterion partially met, one whose assessments are more than a year old."""
    if enterprise.recognition_assessments.exists():
        return
    today = timezone.localdate()
    assessed_on = today - timedelta(days=420 if index == 2 else 45 + index * 10)
    rows = []
    for position, criterion in enumerate(RecognitionCriterion.values):
        partial = index == 3 and position == 6
        rows.append(
            RecognitionAssessment(
                enterprise=enterprise,
                criterion=criterion,
                assessed_on=assessed_on,
                result=RecognitionResult.PARTIALLY_MET if partial else RecognitionResult.MET,
                evidence="Visite de l'entreprise et rapport annuel." if not partial else "Partenariats à consolider.",
            )
        )
    RecognitionAssessment.objects.bulk_create(rows)


def _seed_partners(enterprise):
    for name, kind, nature in PARTNERS:
        Partner.objects.get_or_create(
            enterprise=enterprise,
            name=name.format(region=enterprise.region.name_fr, city=enterprise.city),
            defaults={"kind": kind, "nature": nature, "since": enterprise.member_since},
        )
