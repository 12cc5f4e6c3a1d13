"""Ten years of a 50-enterprise network, generated in memory with one `random.Random(seed)` and
written through BulkWriter (bench/seed/writer.py). This module makes the accounts, enterprises,
agreements, employers and openings; bench/seed/participants.py and bench/seed/employment.py the
participants and their history."""

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError, OutputWrapper
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from bench.seed.participants import ParticipantHistory
from bench.seed.scale_rows import SCALE_DOMAIN, SCALE_PASSWORD, SCALE_SLUG_PREFIX, bench_email
from bench.seed.vocabulary import (
    EMPLOYER_WORDS,
    ENTERPRISE_KINDS,
    FIRST_NAMES,
    LAST_NAMES,
    REGION_CITIES,
    REGION_WEIGHTS,
    STAFF_ROLES,
    Picker,
    add_months,
    postal_code,
)
from bench.seed.writer import WRITE_ORDER, BulkWriter, historical_timestamps
from ceiq.accounts.models import User
from ceiq.accounts.roles import EnterpriseRole
from ceiq.core.fiscal import FiscalYear
from employers.models import Employer, EmployerKind, EmployerMembership, EmployerSize, JobOpening, OpeningStatus
from enterprises.models import Enterprise, FundingAgreement, Membership, Region, Sector, Trade
from participants.models import Barrier


class NetworkGenerator(ParticipantHistory):
    def __init__(
        self,
        *,
        enterprises: int,
        years: int,
        participants_per_year: int,
        employers: int,
        seed: int,
        batch_size: int,
        stdout: OutputWrapper,
    ) -> None:
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

    def run(self) -> Counter:
        self.writer.allocate_primary_keys()
        self.load_reference_data()
        with historical_timestamps():
            self.make_users_and_enterprises()
            self.make_employers_and_openings()
            for enterprise in self.enterprises:
                self.make_enterprise_participants(enterprise)
            self.make_bench_referrals()
            self.writer.flush()
        self.writer.reset_sequences()
        return self.writer.counts

    def analyze(self) -> None:
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
    def load_reference_data(self) -> None:
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
    def make_user(
        self, email: str, first_name: str, last_name: str, *, is_network_staff: bool = False, joined: date | None = None
    ) -> User:
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

    def make_users_and_enterprises(self) -> None:
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
            staff: defaultdict[str, list[User]] = defaultdict(list)
            for prefix, role in STAFF_ROLES:
                user = self.make_user(
                    f"{prefix}.{slug}@{SCALE_DOMAIN}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                )
                self.writer.add(Membership(user_id=user.pk, enterprise_id=enterprise.pk, role=role))
                staff[role].append(user)
            self.staff[enterprise.pk] = staff

        first = self.enterprises[0]
        for bench_role in EnterpriseRole.values:
            user = self.make_user(bench_email(bench_role), "Banc", bench_role.capitalize())
            self.bench_users[bench_role] = user
            self.writer.add(Membership(user_id=user.pk, enterprise_id=first.pk, role=bench_role))
            self.staff[first.pk][bench_role].append(user)

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
    def make_employers_and_openings(self) -> None:
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
