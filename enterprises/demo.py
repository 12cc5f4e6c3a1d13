from datetime import date
from decimal import Decimal

from ceiq.accounts.demo import demo_user
from ceiq.accounts.roles import EnterpriseRole
from ceiq.core.fiscal import FiscalYear

from .models import Enterprise, FundingAgreement, Membership, Region, Sector, Trade

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
                "member_since": date(2005 + index * 3, 4, 1),
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
    accounts = []
    for email, first, last, role, slug in STAFF:
        user = demo_user(email, first_name=first, last_name=last, password=password)
        Membership.objects.get_or_create(
            user=user, enterprise=Enterprise.objects.get(slug=slug), defaults={"role": role}
        )
        accounts.append((f"{EnterpriseRole(role).label} / {slug}", email))
    return accounts
