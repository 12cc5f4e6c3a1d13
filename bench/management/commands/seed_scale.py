"""`python manage.py seed_scale`: ten years of a 50-enterprise network, for the benchmark.

Everything is generated in memory with one `random.Random(seed)` and written with `bulk_create`
in large batches, with explicit primary keys for the rows other rows point at: the number of
queries depends on the number of batches, not on the number of rows, and no per-row `save()` or
signal runs (django-auditlog is not triggered, which is what we want for synthetic history).

Scale rows are tagged: enterprise slugs start with `scale-`, user and employer e-mails end with
`scale.ceiq.ca`. A second run refuses unless `--force`, which first deletes the tagged rows (and
everything that points at them) in SQL.
"""

import random
import time as clock
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.db.models.deletion import get_candidate_relations_to_delete
from django.utils import timezone
from django.utils.text import slugify

from ceiq.accounts.models import User
from ceiq.accounts.roles import EnterpriseRole
from ceiq.core.fiscal import FiscalYear
from employers.models import (
    DeclineReason,
    Employer,
    EmployerKind,
    EmployerMembership,
    EmployerSize,
    EmploymentType,
    JobOpening,
    OpeningStatus,
    Placement,
    Referral,
    ReferralStatus,
    ReferralTransition,
    RetentionCheckIn,
)
from enterprises.models import Enterprise, FundingAgreement, Membership, Region, Sector, Trade
from participants.choices import (
    DropoutReason,
    ExitOutcome,
    FollowUpTopic,
    Gender,
    GroupTopic,
    IncomeSource,
    PathwayStatus,
    Phase,
    PostPathwaySituation,
    PreferredLanguage,
    QualificationKind,
    ReferralSource,
    Schooling,
)
from participants.models import (
    Barrier,
    Consent,
    Evaluation,
    FollowUp,
    GroupAttendance,
    GroupSession,
    Internship,
    Participant,
    Pathway,
    PathwayPhase,
    PathwayTransition,
    PostPathwayFollowUp,
    Qualification,
)

SCALE_DOMAIN = "scale.ceiq.ca"
SCALE_SLUG_PREFIX = "scale-"
SCALE_PASSWORD = "Scale-CEIQ-2026!"  # noqa: S105 - printed on purpose: synthetic benchmark accounts
BENCH_ROLES = ["network", *EnterpriseRole.values, "employer"]


def bench_email(role: str) -> str:
    return f"bench.{role}@{SCALE_DOMAIN}"


def scale_data_exists() -> bool:
    return (
        Enterprise.objects.filter(slug__startswith=SCALE_SLUG_PREFIX).exists()
        or User.objects.filter(email__endswith=SCALE_DOMAIN).exists()
    )


# --------------------------------------------------------------------------------------------
# Writing: per-model buffers flushed with bulk_create, parents before children.
# --------------------------------------------------------------------------------------------

# Insert order: a model only points at models before it.
WRITE_ORDER = [
    User,
    Enterprise,
    Enterprise.sectors.through,
    Enterprise.trades.through,
    FundingAgreement,
    Membership,
    Employer,
    EmployerMembership,
    JobOpening,
    Participant,
    Participant.barriers.through,
    Consent,
    Pathway,
    PathwayTransition,
    PathwayPhase,
    Evaluation,
    FollowUp,
    GroupSession,
    GroupAttendance,
    Qualification,
    Internship,
    PostPathwayFollowUp,
    Referral,
    ReferralTransition,
    Placement,
    RetentionCheckIn,
]
# Rows other rows point at get explicit primary keys (allocated after the current maximum).
EXPLICIT_PK_MODELS = [User, Enterprise, Employer, JobOpening, Participant, Pathway, GroupSession, Referral, Placement]


class BulkWriter:
    def __init__(self, batch_size: int, now: datetime):
        self.batch_size = batch_size
        self.now = now
        self.buffers: dict[type, list] = {model: [] for model in WRITE_ORDER}
        self.counts: Counter = Counter()
        self.next_pk: dict[type, int] = {}
        self.auto_time_fields = {
            model: [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
            + [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
            for model in WRITE_ORDER
        }

    def allocate_primary_keys(self):
        """One query per model: new rows get keys after the current maximum."""
        for model in EXPLICIT_PK_MODELS:
            self.next_pk[model] = (model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1

    def add(self, obj):
        model = type(obj)
        if model in self.next_pk and obj.pk is None:
            obj.pk = self.next_pk[model]
            self.next_pk[model] += 1
        for attname in self.auto_time_fields[model]:
            if getattr(obj, attname) is None:
                setattr(obj, attname, self.now)
        buffer = self.buffers[model]
        buffer.append(obj)
        if len(buffer) >= self.batch_size:
            self.flush(up_to=model)
        return obj

    def flush(self, up_to=None):
        for model in WRITE_ORDER:
            buffer = self.buffers[model]
            if buffer:
                model._base_manager.bulk_create(buffer, batch_size=self.batch_size)
                self.counts[model] += len(buffer)
                self.buffers[model] = []
            if model is up_to:
                return

    def reset_sequences(self):
        statements = connection.ops.sequence_reset_sql(no_style(), EXPLICIT_PK_MODELS)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


@contextmanager
def historical_timestamps():
    """Let bulk_create keep the created_at/updated_at values we set (auto_now would overwrite them)."""
    switched = []
    for model in WRITE_ORDER:
        for field in model._meta.concrete_fields:
            for flag in ("auto_now", "auto_now_add"):
                if getattr(field, flag, False):
                    setattr(field, flag, False)
                    switched.append((field, flag))
    try:
        yield
    finally:
        for field, flag in switched:
            setattr(field, flag, True)


def wipe_rows(queryset, depth=0):
    """Delete the queryset's rows in SQL, first deleting what points at them (cascade, protect)
    or clearing the pointer (set null): no rows loaded, no signals. For tagged synthetic data only."""
    if depth > 8:
        raise CommandError("Relations too deep to wipe the scale data.")
    model = queryset.model
    keys = queryset.values("pk")
    for relation in get_candidate_relations_to_delete(model._meta):
        dependents = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": keys})
        if relation.on_delete is models.DO_NOTHING:
            continue
        if relation.on_delete is models.SET_NULL:
            dependents.update(**{relation.field.name: None})
        else:
            wipe_rows(dependents, depth + 1)
    queryset._raw_delete(queryset.db)


def wipe_scale_data():
    wipe_rows(Enterprise._base_manager.filter(slug__startswith=SCALE_SLUG_PREFIX))
    wipe_rows(Employer._base_manager.filter(contact_email__endswith=SCALE_DOMAIN))
    wipe_rows(User._base_manager.filter(email__endswith=SCALE_DOMAIN))


# --------------------------------------------------------------------------------------------
# Vocabulary for plausible rows.
# --------------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Alexandre Amélie Anthony Audrey Benjamin Camille Catherine Charles Chloé Christopher David Émile Émilie "
    "Éric Félix Gabriel Gabrielle Guillaume Jacob Jade Jérémy Jessica Julien Justine Kevin Laurence Léa Logan "
    "Louis Marc-André Marie Mathieu Maxime Mélissa Mia Nathan Noémie Olivier Patrick Philippe Rosalie Samuel "
    "Sarah Simon Sophie Stéphanie Thomas Valérie Vincent William Xavier Yasmine Zoé Mamadou Fatou Ahmed Aïcha "
    "Nguyen Lina Omar Carlos Daniela Samira Jean-Philippe Karine Mikaël Océane Raphaël Sabrina Tristan Alicia"
).split()
LAST_NAMES = (
    "Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier Bélanger Lévesque "
    "Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu Cloutier Dubé Poirier Fournier Lapointe "
    "Leclerc Lefebvre Poulin Thibault St-Pierre Nadeau Martin Landry Martel Bédard Grenier Lessard Bernier "
    "Richard Michaud Hébert Desjardins Couture Turcotte Lachance Parent Blais Gosselin Savard Proulx Beaudoin "
    "Diallo Traoré Nguyen Haddad Benali Joseph Pierre Rodriguez Santos Cherif Kaur"
).split()
EMPLOYER_WORDS = {
    "food": ["Boulangerie", "Restaurant", "Traiteur", "Épicerie", "Fromagerie", "Aliments"],
    "retail": ["Quincaillerie", "Boutique", "Magasin", "Marché", "Librairie"],
    "wholesale": ["Distribution", "Entrepôts", "Transport", "Logistique"],
    "culture": ["Productions", "Théâtre", "Événements", "Studio"],
    "manufacturing": ["Meubles", "Usinage", "Plastiques", "Métal", "Portes et fenêtres", "Emballages"],
    "services": ["Entretien", "Paysagement", "Informatique", "Nettoyage", "Rénovations", "Garage"],
    "tourism": ["Hôtel", "Auberge", "Camping", "Pourvoirie", "Resto-bistro"],
}
ENTERPRISE_KINDS = [
    # sector, name stem, trades
    ("food", "Cuisine solidaire", ["cook-assistant", "kitchen-helper", "caterer", "dishwasher"]),
    ("food", "Boulangerie d'insertion", ["baker-assistant", "pastry-assistant", "food-service-attendant"]),
    ("food", "Resto-Pop", ["line-cook", "kitchen-helper", "waiter", "barista"]),
    ("retail", "Friperie", ["thrift-store-clerk", "textile-sorting", "cashier"]),
    ("retail", "Magasin solidaire", ["retail-sales-clerk", "furniture-restoration", "shelf-stocker"]),
    ("manufacturing", "Atelier du bois", ["woodworking", "cabinet-making", "industrial-painter"]),
    ("manufacturing", "Atelier de vélos", ["bicycle-repair", "assembler"]),
    ("manufacturing", "Métal-Action", ["assistant-welder", "metal-fabrication", "machine-operator"]),
    ("services", "Recyclo-Tech", ["computer-refurbishing", "electronics-recycling", "computer-support"]),
    ("services", "Entretien Plus", ["building-maintenance", "janitor", "commercial-cleaning"]),
    ("services", "Paysages verts", ["landscaping", "horticulture"]),
    ("wholesale", "Entrepôt solidaire", ["warehouse-clerk", "order-picker", "forklift-operator", "delivery-helper"]),
    ("tourism", "Auberge-école", ["housekeeping-attendant", "hotel-maintenance", "tourism-reception"]),
    ("culture", "Scène-Emploi", ["event-setup", "stage-technician-helper", "craft-production"]),
]
# 14 of the 17 regions have members; weights follow population.
REGION_WEIGHTS = {
    "06": 12,
    "03": 6,
    "16": 5,
    "13": 3,
    "14": 3,
    "15": 3,
    "05": 3,
    "07": 3,
    "04": 2,
    "02": 2,
    "12": 2,
    "17": 2,
    "01": 2,
    "08": 2,
}
REGION_CITIES = {
    "01": ("Rimouski", "G5L"),
    "02": ("Saguenay", "G7H"),
    "03": ("Québec", "G1K"),
    "04": ("Trois-Rivières", "G9A"),
    "05": ("Sherbrooke", "J1H"),
    "06": ("Montréal", "H2X"),
    "07": ("Gatineau", "J8X"),
    "08": ("Rouyn-Noranda", "J9X"),
    "09": ("Baie-Comeau", "G4Z"),
    "10": ("Chibougamau", "G8P"),
    "11": ("Gaspé", "G4X"),
    "12": ("Lévis", "G6V"),
    "13": ("Laval", "H7N"),
    "14": ("Joliette", "J6E"),
    "15": ("Saint-Jérôme", "J7Z"),
    "16": ("Longueuil", "J4K"),
    "17": ("Drummondville", "J2B"),
}
STAFF_ROLES = [
    ("director", EnterpriseRole.DIRECTOR),
    ("coordinator", EnterpriseRole.COORDINATOR),
    ("counsellor", EnterpriseRole.COUNSELLOR),
    ("counsellor2", EnterpriseRole.COUNSELLOR),
    ("supervisor", EnterpriseRole.SUPERVISOR),
    ("supervisor2", EnterpriseRole.SUPERVISOR),
]
FOLLOW_UP_SUMMARIES = [
    "Retour sur la semaine en production; bonne ponctualité.",
    "Discussion du plan de carrière et des objectifs de stage.",
    "Point sur la gestion du stress au travail.",
    "Démarches de logement en cours; suivi avec l'organisme partenaire.",
    "Préparation à l'entrevue d'embauche.",
    "Bilan des acquis et des défis depuis l'arrivée.",
]
CONFIDENTIAL_NOTES = [
    "Situation familiale difficile, à surveiller.",
    "Démarches en santé mentale avec le CLSC.",
    "Suivi en dépendance : rechute évoquée, plan revu.",
    "Dossier judiciaire en cours, audience prévue.",
]
STRENGTHS = [
    "Ponctuel·le, travaille bien en équipe, apprend vite les consignes de sécurité.",
    "Minutieux·se et fiable; a développé une belle autonomie en production.",
    "Excellent contact avec la clientèle, polyvalent·e.",
    "Capacité physique et constance; respecte les normes d'hygiène.",
]


def weighted(rng: random.Random, table: dict):
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


class Picker:
    """rng.choices with precomputed cumulative weights (fast for millions of draws)."""

    def __init__(self, rng: random.Random, table: dict):
        self.rng = rng
        self.keys = list(table)
        total = 0
        self.cumulative = []
        for key in self.keys:
            total += table[key]
            self.cumulative.append(total)

    def __call__(self):
        return self.rng.choices(self.keys, cum_weights=self.cumulative)[0]


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def postal_code(rng: random.Random, prefix: str) -> str:
    letters = "ABCEGHJKLMNPRSTVWXYZ"
    return f"{prefix} {rng.randint(0, 9)}{rng.choice(letters)}{rng.randint(0, 9)}"


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


class NetworkGenerator:
    def __init__(self, *, enterprises, years, participants_per_year, employers, seed, batch_size, stdout):
        self.enterprise_count = enterprises
        self.years = years
        self.participants_per_year = participants_per_year
        self.employer_count = employers
        self.rng = random.Random(seed)
        self.stdout = stdout
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.window_start = add_months(self.today, -12 * years)
        self.writer = BulkWriter(batch_size, self.now)
        self.post_months = list(settings.CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS)

    def at(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        moment = datetime.combine(day, time(hour, minute), tzinfo=self.tz)
        return min(moment, self.now)

    def run(self):
        self.writer.allocate_primary_keys()
        self.load_reference_data()
        with historical_timestamps():
            self.make_users_and_enterprises()
            self.make_employers_and_openings()
            for index, enterprise in enumerate(self.enterprises):
                self.make_enterprise_participants(index, enterprise)
            self.make_bench_referrals()
            self.writer.flush()
        self.writer.reset_sequences()
        return self.writer.counts

    def analyze(self):
        """Fresh planner statistics for the tables just filled (PostgreSQL; after the commit), and a
        VACUUM when not inside a transaction: it sets the visibility map, as autovacuum would have on
        a database ten years old, so counts can be index-only scans (autovacuum may be off, as on
        the benchmark machine: without it the year's follow-up count read 34,000 heap rows)."""
        if connection.vendor != "postgresql":
            return
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in WRITE_ORDER:
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")

    # ---- reference data -------------------------------------------------------------------
    def load_reference_data(self):
        self.regions = {r.code: r for r in Region.objects.all()}
        self.sectors = {s.code: s for s in Sector.objects.all()}
        self.trades = {t.code: t for t in Trade.objects.all()}
        self.trade_sector = {t.pk: t.sector_id for t in self.trades.values()}
        self.trade_names = {t.pk: t.name_fr for t in self.trades.values()}
        self.barriers = list(Barrier.objects.values_list("pk", flat=True))
        missing_regions = set(REGION_WEIGHTS) - set(self.regions)
        if missing_regions or not self.trades or not self.sectors:
            raise CommandError("Reference data is missing: run `manage.py migrate` first.")

    # ---- users, enterprises, agreements -------------------------------------------------
    def make_user(self, email, first_name, last_name, *, is_network_staff=False, joined=None):
        return self.writer.add(
            User(
                email=email,
                first_name=first_name,
                last_name=last_name,
                password=self.password_hash,
                is_network_staff=is_network_staff,
                is_active=True,
                date_joined=self.at(joined or self.window_start),
            )
        )

    def make_users_and_enterprises(self):
        rng = self.rng
        self.password_hash = make_password(SCALE_PASSWORD)  # hashed once, reused by every account
        for number in (1, 2):
            self.make_user(f"reseau.{number}@{SCALE_DOMAIN}", "Réseau", f"CEIQ {number}", is_network_staff=True)
        self.bench_users = {"network": self.make_user(bench_email("network"), "Banc", "Réseau", is_network_staff=True)}

        region_codes = list(REGION_WEIGHTS)
        region_picker = Picker(rng, REGION_WEIGHTS)
        self.enterprises = []
        self.enterprise_trades: dict[int, list[int]] = {}
        self.enterprise_weight: dict[int, float] = {}
        self.staff: dict[int, dict[str, list[User]]] = {}
        used_neq = set(Enterprise.objects.values_list("neq", flat=True))  # demo or real members may exist
        next_neq = 1199000000
        for index in range(self.enterprise_count):
            region_code = region_codes[index] if index < len(region_codes) else region_picker()
            sector_code, stem, trade_codes = ENTERPRISE_KINDS[index % len(ENTERPRISE_KINDS)]
            city, postal_prefix = REGION_CITIES[region_code]
            name = f"{stem} {city}" if index < len(ENTERPRISE_KINDS) * 2 else f"{stem} {city} {index + 1}"
            slug = f"{SCALE_SLUG_PREFIX}{index + 1:02d}-{slugify(name)}"[:80]
            while str(next_neq) in used_neq:
                next_neq += 1
            neq = str(next_neq)
            used_neq.add(neq)
            enterprise = self.writer.add(
                Enterprise(
                    name=name,
                    slug=slug,
                    legal_name=f"{name} (OBNL)",
                    neq=neq,
                    region_id=self.regions[region_code].pk,
                    street_address=f"{rng.randint(10, 9900)}, rue {rng.choice(LAST_NAMES)}",
                    city=city,
                    postal_code=postal_code(rng, postal_prefix),
                    phone=f"{rng.choice(['514', '418', '819', '450'])}-555-{rng.randint(1000, 9999)}",
                    email=f"info@{slug}.{SCALE_DOMAIN}",
                    member_since=date(rng.randint(1996, self.window_start.year), 4, 1),
                    description="Entreprise d'insertion membre du Collectif (données de charge).",
                    created_at=self.at(self.window_start),
                    updated_at=self.at(self.window_start),
                )
            )
            self.enterprises.append(enterprise)
            trades = [self.trades[code] for code in trade_codes if code in self.trades]
            self.enterprise_trades[enterprise.pk] = [t.pk for t in trades]
            self.enterprise_weight[enterprise.pk] = rng.uniform(0.5, 1.5)
            self.writer.add(
                Enterprise.sectors.through(enterprise_id=enterprise.pk, sector_id=self.sectors[sector_code].pk)
            )
            for trade in trades:
                self.writer.add(Enterprise.trades.through(enterprise_id=enterprise.pk, trade_id=trade.pk))
            staff = defaultdict(list)
            for prefix, role in STAFF_ROLES:
                user = self.make_user(
                    f"{prefix}.{slug}@{SCALE_DOMAIN}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                )
                self.writer.add(Membership(user_id=user.pk, enterprise_id=enterprise.pk, role=role))
                staff[role].append(user)
            self.staff[enterprise.pk] = staff

        first = self.enterprises[0]
        for role in EnterpriseRole.values:
            user = self.make_user(bench_email(role), "Banc", role.capitalize())
            self.bench_users[role] = user
            self.writer.add(Membership(user_id=user.pk, enterprise_id=first.pk, role=role))
            self.staff[first.pk][role].append(user)

        # Agreements for every fiscal year of the window.
        total_weight = sum(self.enterprise_weight.values())
        for enterprise in self.enterprises:
            share = self.enterprise_weight[enterprise.pk] / total_weight
            for fiscal_year in range(
                FiscalYear.containing(self.window_start).start_year, FiscalYear.current().start_year + 1
            ):
                places = max(4, round(self.participants_per_year * share * rng.uniform(0.9, 1.1)))
                self.writer.add(
                    FundingAgreement(
                        enterprise_id=enterprise.pk,
                        fiscal_year=fiscal_year,
                        participant_places=places,
                        target_integration_rate=Decimal(rng.choice(["0.6000", "0.6500", "0.7000", "0.7500"])),
                        wages_amount=Decimal(places * rng.randint(13000, 15500)),
                        supervision_amount=Decimal(places * rng.randint(2500, 3500)),
                        insertion_costs_amount=Decimal(places * rng.randint(2000, 3000)),
                        standard_pathway_weeks=rng.choice([26, 26, 27, 27, 27, 30]),
                        signed_on=FiscalYear(fiscal_year).start,
                    )
                )

    # ---- employers and openings -----------------------------------------------------------
    def make_employers_and_openings(self):
        rng = self.rng
        kind_picker = Picker(rng, {EmployerKind.PRIVATE: 70, EmployerKind.PUBLIC: 10, EmployerKind.SOCIAL_ECONOMY: 20})
        region_picker = Picker(rng, REGION_WEIGHTS)
        sector_codes = list(EMPLOYER_WORDS)
        # Trades worth hiring for in a region: those its enterprises train for.
        region_trades = defaultdict(set)
        for enterprise in self.enterprises:
            region_trades[enterprise.region_id].update(self.enterprise_trades[enterprise.pk])
        all_trades = [t.pk for t in self.trades.values()]
        first = self.enterprises[0]
        self.employers_by_region = defaultdict(list)
        self.openings_by_region = defaultdict(list)  # (start date, opening id, status)
        self.openings = {}
        window_days = (self.today - self.window_start).days
        for index in range(self.employer_count):
            region_id = first.region_id if index == 0 else self.regions[region_picker()].pk
            sector_code = rng.choice(sector_codes)
            kind = kind_picker()
            word = rng.choice(EMPLOYER_WORDS[sector_code])
            suffix = {"public": "(CIUSSS)" if sector_code == "services" else "(municipalité)"}.get(kind, "inc.")
            employer = self.writer.add(
                Employer(
                    name=f"{word} {rng.choice(LAST_NAMES)} {suffix}",
                    neq=f"22{index:08d}",
                    kind=kind,
                    sector_id=self.sectors[sector_code].pk,
                    region_id=region_id,
                    city=next(city for code, (city, _p) in REGION_CITIES.items() if self.regions[code].pk == region_id),
                    size=rng.choice(EmployerSize.values),
                    contact_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    contact_email=f"rh.{index + 1}@employeurs.{SCALE_DOMAIN}",
                    contact_phone=f"450-555-{rng.randint(1000, 9999)}",
                    created_at=self.at(self.window_start + timedelta(days=rng.randint(0, window_days // 2))),
                )
            )
            self.employers_by_region[region_id].append(employer.pk)
            if index == 0:
                self.bench_employer = employer
                user = self.make_user(bench_email("employer"), "Banc", "Employeur")
                self.bench_users["employer"] = user
                self.writer.add(EmployerMembership(user_id=user.pk, employer_id=employer.pk, job_title="Gérant·e"))
            elif index <= 100:
                user = self.make_user(f"contact.{index}@employeurs.{SCALE_DOMAIN}", rng.choice(FIRST_NAMES), "Contact")
                self.writer.add(EmployerMembership(user_id=user.pk, employer_id=employer.pk, job_title="RH"))
            trades_here = sorted(region_trades.get(region_id) or all_trades)
            opening_count = 3 if index == 0 else rng.choice([0, 1, 1, 1, 2, 2, 3])
            for number in range(opening_count):
                if index == 0:  # the bench employer: open needs on the first enterprise's trades
                    created = self.today - timedelta(days=10 + number * 7)
                    trade_id = self.enterprise_trades[first.pk][number % len(self.enterprise_trades[first.pk])]
                    status = OpeningStatus.OPEN
                else:
                    created = self.window_start + timedelta(days=rng.randint(0, window_days))
                    trade_id = rng.choice(trades_here) if rng.random() < 0.85 else rng.choice(all_trades)
                    age = (self.today - created).days
                    if age < 120:
                        status = OpeningStatus.OPEN if rng.random() < 0.85 else OpeningStatus.FILLED
                    else:
                        status = OpeningStatus.FILLED if rng.random() < 0.55 else OpeningStatus.CLOSED
                start = created + timedelta(days=rng.randint(14, 45))
                trade_name = self.trade_names[trade_id]
                opening = self.writer.add(
                    JobOpening(
                        employer_id=employer.pk,
                        title=trade_name,
                        trade_id=trade_id,
                        region_id=region_id,
                        positions=rng.choice([1, 1, 1, 2, 2, 3, 5]),
                        requirements="Bonne forme physique; disponibilité de jour.",
                        schedule=rng.choice(["Jour, 40 h/sem.", "Soir, 30 h/sem.", "Rotation, 35 h/sem."]),
                        hourly_wage=Decimal(f"{rng.randint(1650, 2450) / 100:.2f}"),
                        start_date=start,
                        status=status,
                        created_at=self.at(created, 9),
                        updated_at=self.at(min(created + timedelta(days=30), self.today), 9),
                    )
                )
                self.openings[opening.pk] = opening
                self.openings_by_region[region_id].append((start, opening.pk))
        for region_list in self.openings_by_region.values():
            region_list.sort()
        self.referred = set()  # (opening id, participant id)

    def opening_near(self, region_id, day: date, *, open_only=False):
        """An opening of the region starting within ±60 days of `day` (None if there is none)."""
        candidates = self.openings_by_region.get(region_id) or []
        low = bisect_left(candidates, (day - timedelta(days=60), 0))
        high = bisect_right(candidates, (day + timedelta(days=60), 1 << 62))
        if low >= high:
            return None
        opening = self.openings[candidates[self.rng.randrange(low, high)][1]]
        if open_only and opening.status != OpeningStatus.OPEN:
            return None
        return opening

    # ---- participants and everything about them ------------------------------------------
    def make_enterprise_participants(self, index, enterprise):  # noqa: C901 - one readable recipe
        rng = self.rng
        writer = self.writer
        total_weight = sum(self.enterprise_weight.values())
        share = self.enterprise_weight[enterprise.pk] / total_weight
        count = max(2, round(self.participants_per_year * self.years * share))
        staff = self.staff[enterprise.pk]
        counsellors = staff[EnterpriseRole.COUNSELLOR]
        supervisors = staff[EnterpriseRole.SUPERVISOR]
        coordinator = staff[EnterpriseRole.COORDINATOR][0]
        trades = self.enterprise_trades[enterprise.pk]
        window_days = (self.today - self.window_start).days
        city, postal_prefix = REGION_CITIES[next(c for c, r in self.regions.items() if r.pk == enterprise.region_id)]
        employers_here = self.employers_by_region.get(enterprise.region_id) or [self.bench_employer.pk]

        gender = Picker(rng, {Gender.MAN: 55, Gender.WOMAN: 42, Gender.NON_BINARY: 2, Gender.UNDISCLOSED: 1})
        age_band = Picker(rng, {(16, 24): 40, (25, 35): 30, (36, 54): 24, (55, 64): 6})
        schooling = Picker(
            rng,
            {
                Schooling.NO_SECONDARY: 55,
                Schooling.SECONDARY: 25,
                Schooling.VOCATIONAL: 8,
                Schooling.COLLEGE: 5,
                Schooling.UNIVERSITY: 2,
                Schooling.UNKNOWN: 5,
            },
        )
        income = Picker(
            rng,
            {
                IncomeSource.SOCIAL_ASSISTANCE: 55,
                IncomeSource.EMPLOYMENT_INSURANCE: 10,
                IncomeSource.NO_PUBLIC_SUPPORT: 25,
                IncomeSource.OTHER: 10,
            },
        )
        referral_source = Picker(
            rng,
            {choice: weight for choice, weight in zip(ReferralSource.values, [35, 20, 15, 8, 4, 8, 6, 4], strict=True)},
        )
        completer_outcome = Picker(
            rng,
            {
                ExitOutcome.JOB: 62,
                ExitOutcome.SCHOOL: 14,
                ExitOutcome.JOB_SEARCH: 15,
                ExitOutcome.OTHER: 5,
                ExitOutcome.UNKNOWN: 4,
            },
        )
        dropout_reason = Picker(
            rng,
            {
                DropoutReason.HEALTH: 18,
                DropoutReason.PERSONAL: 25,
                DropoutReason.JUSTICE: 5,
                DropoutReason.MOVED: 7,
                DropoutReason.LOST_CONTACT: 15,
                DropoutReason.DISMISSED: 10,
                DropoutReason.EARLY_JOB: 15,
                DropoutReason.OTHER: 5,
            },
        )
        pathway_weeks = Picker(rng, {26: 30, 27: 35, 28: 8, 29: 6, 30: 8, 32: 5, 35: 8})
        follow_up_topics = FollowUpTopic.values

        sessions_index = []  # (start, end or None, participant id) to draw group attendances
        for number in range(count):
            start = self.window_start + timedelta(days=rng.randint(0, window_days))
            if start.weekday() >= 5:
                start -= timedelta(days=start.weekday() - 4)
            planned = number < max(1, count // 150)  # a few people about to start
            if planned:
                start = self.today + timedelta(days=rng.randint(3, 25))
            low, high = age_band()
            birth = start - timedelta(days=rng.randint(low * 365 + 1, high * 365 + 300))
            first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            weeks = pathway_weeks()
            planned_end = start + timedelta(weeks=weeks)
            drops = rng.random() < 0.26
            end = (
                start + timedelta(days=rng.randint(7, weeks * 7 - 7))
                if drops
                else planned_end + timedelta(days=rng.randint(-3, 3))
            )
            ended = not planned and end < self.today
            if planned:
                status = PathwayStatus.PLANNED
            elif ended:
                status = PathwayStatus.DROPPED_OUT if drops else PathwayStatus.COMPLETED
            else:
                status = PathwayStatus.SUSPENDED if rng.random() < 0.04 else PathwayStatus.ACTIVE
            last_day = end if ended else self.today
            participant = writer.add(
                Participant(
                    enterprise_id=enterprise.pk,
                    first_name=first_name,
                    last_name=last_name,
                    birth_date=birth,
                    gender=gender(),
                    preferred_language=PreferredLanguage.FRENCH
                    if rng.random() < 0.88
                    else rng.choice([PreferredLanguage.ENGLISH, PreferredLanguage.OTHER]),
                    email=f"{slugify(first_name)}.{slugify(last_name)}{rng.randint(1, 999)}@courriel.example",
                    phone=f"{rng.choice(['514', '438', '418', '819', '450'])}-555-{rng.randint(1000, 9999)}",
                    street_address=f"{rng.randint(1, 9999)}, rue {rng.choice(LAST_NAMES)}",
                    city=city,
                    postal_code=postal_code(rng, postal_prefix),
                    region_id=enterprise.region_id,
                    schooling_at_intake=schooling(),
                    income_source_at_intake=income(),
                    referral_source=referral_source(),
                    is_immigrant=rng.random() < 0.18 if rng.random() < 0.93 else None,
                    privacy_notice_version=f"{max(start.year - start.year % 2, 2016)}-01",
                    strengths_summary=rng.choice(STRENGTHS)
                    if status == PathwayStatus.COMPLETED or (not ended and rng.random() < 0.5)
                    else "",
                    available_from=end if not drops else None,
                    created_at=self.at(start - timedelta(days=7)),
                    updated_at=self.at(min(last_day, self.today)),
                )
            )
            pid = participant.pk
            for barrier_id in rng.sample(self.barriers, k=min(len(self.barriers), rng.choice([0, 1, 1, 2, 2, 3]))):
                writer.add(Participant.barriers.through(participant_id=pid, barrier_id=barrier_id))
            consent_day = self.at(start - timedelta(days=7), 11)
            notice = participant.privacy_notice_version
            for purpose in ("processing", "reporting"):
                writer.add(
                    Consent(
                        participant_id=pid,
                        purpose=purpose,
                        notice_version=notice,
                        given_at=consent_day,
                        recorded_by_id=coordinator.pk,
                    )
                )
            if rng.random() < 0.82:
                withdrawn = self.at(start + timedelta(days=rng.randint(10, 120)), 15) if rng.random() < 0.05 else None
                writer.add(
                    Consent(
                        participant_id=pid,
                        purpose="employer_sharing",
                        notice_version=notice,
                        given_at=consent_day,
                        withdrawn_at=withdrawn,
                        recorded_by_id=coordinator.pk,
                    )
                )
            counsellor = rng.choice(counsellors)
            supervisor = rng.choice(supervisors)
            trade_id = rng.choice(trades)
            if status == PathwayStatus.COMPLETED:
                outcome = completer_outcome()
                reason = ""
            elif status == PathwayStatus.DROPPED_OUT:
                reason = dropout_reason()
                outcome = (
                    ExitOutcome.JOB
                    if reason == DropoutReason.EARLY_JOB
                    else rng.choice(
                        [ExitOutcome.JOB_SEARCH, ExitOutcome.OTHER, ExitOutcome.UNKNOWN, ExitOutcome.UNKNOWN]
                    )
                )
            else:
                outcome = reason = ""
            pathway = writer.add(
                Pathway(
                    participant_id=pid,
                    enterprise_id=enterprise.pk,
                    trade_id=trade_id,
                    start_date=start,
                    planned_end_date=planned_end,
                    actual_end_date=end if ended else None,
                    weekly_hours=Decimal(rng.choice([20, 25, 30, 35, 35, 35, 35])),
                    counsellor_id=counsellor.pk,
                    supervisor_id=supervisor.pk,
                    status=status,
                    dropout_reason=reason,
                    exit_outcome=outcome,
                    exit_notes="",
                    created_at=self.at(start - timedelta(days=7)),
                    updated_at=self.at(last_day),
                )
            )
            wid = pathway.pk
            if planned:
                writer.add(
                    PathwayTransition(
                        pathway_id=wid,
                        from_status="",
                        to_status=PathwayStatus.PLANNED,
                        at=self.now,
                        effective_date=self.today,
                        by_id=coordinator.pk,
                    )
                )
                continue
            sessions_index.append((start, last_day, pid))

            # History, phases, evaluations, follow-ups.
            writer.add(
                PathwayTransition(
                    pathway_id=wid,
                    from_status=PathwayStatus.PLANNED,
                    to_status=PathwayStatus.ACTIVE,
                    at=self.at(start, 8),
                    effective_date=start,
                    by_id=coordinator.pk,
                )
            )
            if status == PathwayStatus.SUSPENDED:
                suspended_on = self.today - timedelta(days=rng.randint(1, 20))
                suspended_on = max(suspended_on, start)
                writer.add(
                    PathwayTransition(
                        pathway_id=wid,
                        from_status=PathwayStatus.ACTIVE,
                        to_status=PathwayStatus.SUSPENDED,
                        at=self.at(suspended_on, 14),
                        effective_date=suspended_on,
                        by_id=coordinator.pk,
                        reason="Absence pour raison de santé.",
                    )
                )
            if ended:
                writer.add(
                    PathwayTransition(
                        pathway_id=wid,
                        from_status=PathwayStatus.ACTIVE,
                        to_status=status,
                        at=self.at(end, 16),
                        effective_date=end,
                        by_id=coordinator.pk,
                        reason=reason,
                    )
                )
            internship_start = start + timedelta(weeks=18)
            has_internship = internship_start + timedelta(days=14) <= last_day and rng.random() < 0.5
            phase_plan = [(Phase.INTAKE, start), (Phase.PRODUCTION, start + timedelta(weeks=4))]
            if has_internship:
                phase_plan.append((Phase.INTERNSHIP, internship_start))
            phase_plan.append((Phase.TRANSITION, planned_end - timedelta(weeks=3)))
            phase_plan = [(phase, day) for phase, day in phase_plan if day <= last_day]
            for position, (phase, day) in enumerate(phase_plan):
                next_day = (
                    phase_plan[position + 1][1] - timedelta(days=1)
                    if position + 1 < len(phase_plan)
                    else (end if ended else None)
                )
                writer.add(PathwayPhase(pathway_id=wid, phase=phase, start_date=day, end_date=next_day))
            for eval_number, week in enumerate((3, 9, 15, 21, 26)):
                day = start + timedelta(weeks=week, days=rng.randint(0, 4))
                if day > last_day:
                    break
                base = 1.6 + eval_number * 0.4
                scores = {
                    name: max(1, min(4, round(base + rng.uniform(-0.8, 0.8))))
                    for name in (
                        "punctuality",
                        "quality",
                        "productivity",
                        "teamwork",
                        "safety",
                        "self_confidence",
                        "motivation",
                        "autonomy",
                    )
                }
                writer.add(
                    Evaluation(
                        pathway_id=wid,
                        evaluated_on=day,
                        evaluator_id=supervisor.pk,
                        comments="Progrès constants." if eval_number else "Première évaluation.",
                        created_at=self.at(day, 15),
                        **scores,
                    )
                )
            day = start + timedelta(days=rng.randint(1, 6))
            while day <= last_day:
                notes = rng.choice(CONFIDENTIAL_NOTES) if rng.random() < 0.3 else ""
                writer.add(
                    FollowUp(
                        participant_id=pid,
                        pathway_id=wid,
                        counsellor_id=counsellor.pk,
                        met_on=day,
                        duration_minutes=rng.choice([30, 45, 45, 60, 60, 90]),
                        topics=rng.sample(follow_up_topics, k=rng.choice([1, 1, 2, 3])),
                        summary=rng.choice(FOLLOW_UP_SUMMARIES),
                        confidential_notes=notes,
                        created_at=self.at(day, 16),
                    )
                )
                day += timedelta(days=rng.randint(12, 20))
            if status == PathwayStatus.COMPLETED:
                writer.add(
                    Qualification(
                        participant_id=pid,
                        pathway_id=wid,
                        kind=QualificationKind.ATTESTATION,
                        title="Attestation de compétences (entreprise d'insertion)",
                        obtained_on=end,
                        issuer=enterprise.name,
                    )
                )
                sector_id = self.trade_sector[trade_id]
                if rng.random() < 0.45:
                    is_food = sector_id == self.sectors["food"].pk
                    writer.add(
                        Qualification(
                            participant_id=pid,
                            pathway_id=wid,
                            kind=QualificationKind.HYGIENE_CARD if is_food else QualificationKind.SAFETY_CARD,
                            title="Carte d'hygiène et salubrité (MAPAQ)" if is_food else "Carte ASP Construction",
                            obtained_on=start + timedelta(weeks=rng.randint(4, weeks - 1)),
                            issuer="MAPAQ" if is_food else "ASP Construction",
                        )
                    )

            # Workplace internship, referrals, hire, post-pathway follow-ups.
            hire_employer = None
            if has_internship:
                internship_employer = rng.choice(employers_here)
                led_to_hire = outcome == ExitOutcome.JOB and rng.random() < 0.35
                internship_end = internship_start + timedelta(days=rng.randint(14, 28))
                writer.add(
                    Internship(
                        pathway_id=wid,
                        employer_id=internship_employer,
                        start_date=internship_start,
                        end_date=internship_end if internship_end <= self.today else None,
                        employer_supervisor=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        evaluation="Stage concluant." if rng.random() < 0.8 else "Stage à reprendre.",
                        led_to_hire=led_to_hire,
                    )
                )
                if led_to_hire:
                    hire_employer = internship_employer
            near_end = not ended and (planned_end - self.today).days < 42
            if (ended and status == PathwayStatus.COMPLETED) or near_end:
                referral_day = (end if ended else self.today) - timedelta(days=rng.randint(5, 30))
                hired_referral = None
                for _attempt in range(rng.choice([0, 1, 1, 2])):
                    opening = self.opening_near(enterprise.region_id, referral_day, open_only=near_end)
                    if opening is None or (opening.pk, pid) in self.referred:
                        continue
                    wants_hire = (
                        ended
                        and outcome == ExitOutcome.JOB
                        and hire_employer is None
                        and hired_referral is None
                        and rng.random() < 0.5
                    )
                    if not ended:
                        final = rng.choice([ReferralStatus.PROPOSED, ReferralStatus.SEEN, ReferralStatus.INTERVIEW])
                    elif wants_hire:
                        final = ReferralStatus.HIRED
                    else:
                        final = rng.choice([ReferralStatus.DECLINED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN])
                    referral = self.make_referral(opening, pid, enterprise.pk, coordinator.pk, referral_day, final)
                    if final == ReferralStatus.HIRED:
                        hired_referral = referral
                        hire_employer = opening.employer_id
            else:
                hired_referral = None
            if ended and outcome == ExitOutcome.JOB:
                employer_id = hire_employer or rng.choice(employers_here)
                hire_day = min(end + timedelta(days=rng.randint(0, 21)), self.today)
                placement = writer.add(
                    Placement(
                        participant_id=pid,
                        pathway_id=wid,
                        enterprise_id=enterprise.pk,
                        employer_id=employer_id,
                        referral_id=hired_referral.pk
                        if hired_referral and hired_referral.opening.employer_id == employer_id
                        else None,
                        job_title=self.trade_names[trade_id],
                        employment_type=rng.choice(
                            [EmploymentType.FULL_TIME] * 6
                            + [EmploymentType.PART_TIME, EmploymentType.SEASONAL, EmploymentType.TEMPORARY]
                        ),
                        hourly_wage=Decimal(f"{rng.randint(1600, 2300) / 100:.2f}"),
                        weekly_hours=Decimal(rng.choice([25, 30, 35, 37.5, 40])),
                        start_date=hire_day,
                        created_by_id=coordinator.pk,
                        created_at=self.at(hire_day, 11),
                    )
                )
                check_day = hire_day + timedelta(days=90)
                if check_day <= self.today and rng.random() < 0.5:
                    writer.add(
                        RetentionCheckIn(
                            placement_id=placement.pk,
                            requested_on=check_day,
                            answered_at=self.at(check_day + timedelta(days=3), 10)
                            if check_day + timedelta(days=3) <= self.today
                            else None,
                            still_employed=rng.random() < 0.8,
                        )
                    )
            if ended:
                self.make_post_follow_ups(wid, end, outcome, coordinator.pk)
        self.make_group_sessions(enterprise, counsellors, sessions_index)

    def make_referral(self, opening, participant_id, enterprise_id, proposed_by_id, day, final):
        rng = self.rng
        self.referred.add((opening.pk, participant_id))
        path = {
            ReferralStatus.PROPOSED: [ReferralStatus.PROPOSED],
            ReferralStatus.SEEN: [ReferralStatus.PROPOSED, ReferralStatus.SEEN],
            ReferralStatus.INTERVIEW: [ReferralStatus.PROPOSED, ReferralStatus.SEEN, ReferralStatus.INTERVIEW],
            ReferralStatus.HIRED: [
                ReferralStatus.PROPOSED,
                ReferralStatus.SEEN,
                ReferralStatus.INTERVIEW,
                ReferralStatus.HIRED,
            ],
            ReferralStatus.DECLINED: [ReferralStatus.PROPOSED, ReferralStatus.SEEN, ReferralStatus.DECLINED],
            ReferralStatus.WITHDRAWN: [ReferralStatus.PROPOSED, ReferralStatus.WITHDRAWN],
        }[final]
        referral = self.writer.add(
            Referral(
                opening_id=opening.pk,
                participant_id=participant_id,
                enterprise_id=enterprise_id,
                status=final,
                decline_reason=rng.choice(DeclineReason.values) if final == ReferralStatus.DECLINED else "",
                employer_feedback="Candidature intéressante."
                if final in (ReferralStatus.INTERVIEW, ReferralStatus.HIRED)
                else "",
                proposed_by_id=proposed_by_id,
                proposed_at=self.at(day, 10),
                updated_at=self.at(min(day + timedelta(days=len(path) * 3), self.today), 10),
            )
        )
        referral.opening = opening
        previous = ""
        for step, status in enumerate(path):
            self.writer.add(
                ReferralTransition(
                    referral_id=referral.pk,
                    from_status=previous,
                    to_status=status,
                    at=self.at(min(day + timedelta(days=step * 3), self.today), 10),
                )
            )
            previous = status
        return referral

    def make_post_follow_ups(self, pathway_id, end, outcome, coordinator_id):
        rng = self.rng
        for months in self.post_months:
            due = add_months(end, months)
            done_on = situation = None
            # Older contacts were all made (some people unreachable); the last weeks' are partly overdue.
            if due <= self.today and ((self.today - due).days > 45 or rng.random() < 0.6):
                done_on = min(due + timedelta(days=rng.randint(0, 20)), self.today)
                if outcome == ExitOutcome.JOB:
                    situation = weighted(
                        rng,
                        {
                            PostPathwaySituation.EMPLOYED_SAME: 62,
                            PostPathwaySituation.EMPLOYED_OTHER: 16,
                            PostPathwaySituation.SEEKING: 8,
                            PostPathwaySituation.IN_SCHOOL: 2,
                            PostPathwaySituation.UNREACHABLE: 12,
                        },
                    )
                elif outcome == ExitOutcome.SCHOOL:
                    situation = weighted(
                        rng,
                        {
                            PostPathwaySituation.IN_SCHOOL: 75,
                            PostPathwaySituation.EMPLOYED_OTHER: 10,
                            PostPathwaySituation.UNREACHABLE: 15,
                        },
                    )
                else:
                    situation = weighted(
                        rng,
                        {
                            PostPathwaySituation.SEEKING: 40,
                            PostPathwaySituation.EMPLOYED_OTHER: 25,
                            PostPathwaySituation.UNREACHABLE: 35,
                        },
                    )
            self.writer.add(
                PostPathwayFollowUp(
                    pathway_id=pathway_id,
                    months_after=months,
                    due_on=due,
                    done_on=done_on,
                    situation=situation or "",
                    notes="Joint·e par téléphone." if done_on else "",
                    recorded_by_id=coordinator_id if done_on else None,
                )
            )

    def make_group_sessions(self, enterprise, counsellors, people):
        """About every two weeks, a workshop attended by some of the people on a pathway that day."""
        rng = self.rng
        if not people:
            return
        people.sort()
        topics = [
            GroupTopic.CONFLICT,
            GroupTopic.STRESS,
            GroupTopic.EMOTIONS,
            GroupTopic.PERSONAL_SKILLS,
            GroupTopic.JOB_SEARCH,
        ]
        starts = [start for start, _last, _pid in people]
        day = people[0][0] + timedelta(days=14)
        topic_index = 0
        while day <= self.today:
            # People whose pathway covers `day`: started within the last ~35 weeks and not ended before.
            low = bisect_left(starts, day - timedelta(weeks=36))
            high = bisect_right(starts, day)
            present = [pid for start, last, pid in people[low:high] if last >= day]
            if present:
                topic = topics[topic_index % len(topics)]
                topic_index += 1
                session = self.writer.add(
                    GroupSession(
                        enterprise_id=enterprise.pk,
                        topic=topic,
                        title=GroupTopic(topic).label,
                        held_on=day,
                        duration_minutes=rng.choice([60, 90, 90, 120]),
                        facilitator_id=rng.choice(counsellors).pk,
                    )
                )
                for pid in rng.sample(present, k=min(len(present), rng.randint(5, 12))):
                    self.writer.add(
                        GroupAttendance(session_id=session.pk, participant_id=pid, present=rng.random() < 0.87)
                    )
            day += timedelta(days=rng.randint(10, 18))

    def make_bench_referrals(self):
        """The bench employer's open openings get candidates from the first enterprise in every
        early state, so the employer pages have something to show."""
        first = self.enterprises[0]
        openings = [o for o in self.openings.values() if o.employer_id == self.bench_employer.pk]
        self.writer.flush()  # the pathways below are read back from the database (one query)
        recent = list(
            Pathway.objects.filter(enterprise_id=first.pk, status__in=[PathwayStatus.ACTIVE, PathwayStatus.COMPLETED])
            .order_by("-start_date")
            .values_list("participant_id", flat=True)[:12]
        )
        states = [
            ReferralStatus.PROPOSED,
            ReferralStatus.SEEN,
            ReferralStatus.INTERVIEW,
            ReferralStatus.DECLINED,
            ReferralStatus.WITHDRAWN,
        ]
        coordinator = self.staff[first.pk][EnterpriseRole.COORDINATOR][0]
        for position, participant_id in enumerate(recent):
            opening = openings[position % len(openings)]
            if (opening.pk, participant_id) in self.referred:
                continue
            self.make_referral(
                opening,
                participant_id,
                first.pk,
                coordinator.pk,
                self.today - timedelta(days=3),
                states[position % len(states)],
            )


class Command(BaseCommand):
    help = "Generate ten years of a 50-enterprise network with bulk inserts (for `manage.py bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=50)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument(
            "--participants-per-year", type=int, default=3100, help="New participants a year, network-wide."
        )
        parser.add_argument("--employers", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--force", action="store_true", help="Delete the existing scale data first.")

    def handle(self, *args, **options):
        if min(options["enterprises"], options["years"], options["employers"], options["participants_per_year"]) < 1:
            raise CommandError("--enterprises, --years, --employers and --participants-per-year must be at least 1.")
        started = clock.perf_counter()
        with transaction.atomic():
            if scale_data_exists():
                if not options["force"]:
                    raise CommandError("Scale data already exists in this database; use --force to replace it.")
                wipe_scale_data()
                self.stdout.write(f"Previous scale data deleted ({clock.perf_counter() - started:.1f} s).")
            generator = NetworkGenerator(
                enterprises=options["enterprises"],
                years=options["years"],
                participants_per_year=options["participants_per_year"],
                employers=options["employers"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                stdout=self.stdout,
            )
            generation_started = clock.perf_counter()
            counts = generator.run()
            generated = clock.perf_counter()
        committed = clock.perf_counter()  # PostgreSQL checks the deferred foreign keys at commit
        generator.analyze()
        elapsed = clock.perf_counter() - started
        total = sum(counts.values())
        for model in WRITE_ORDER:
            if counts[model]:
                self.stdout.write(f"  {model._meta.label:<40} {counts[model]:>9,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data ready: {total:,} rows in {elapsed:.1f} s. Password for every account: {SCALE_PASSWORD}"
            )
        )
        self.stdout.write(
            f"  generation and inserts {generated - generation_started:.1f} s, commit {committed - generated:.1f} s,"
            f" vacuum and analyze {clock.perf_counter() - committed:.1f} s"
        )
        for role in BENCH_ROLES:
            self.stdout.write(f"  bench {role:<12} {bench_email(role)}")
