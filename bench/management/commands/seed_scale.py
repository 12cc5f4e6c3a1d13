"""`python manage.py seed_scale`: ten years of a 50-enterprise network, for the benchmark
(docs/performance.md). The generator is bench/seed/; this command runs it in one transaction.

A second run refuses unless `--force`, which first deletes the tagged scale rows (and everything
that points at them) in SQL.
"""

import time as clock

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bench.seed.generator import NetworkGenerator
from bench.seed.scale_rows import BENCH_ROLES, SCALE_PASSWORD, bench_email, scale_data_exists, wipe_scale_data
from bench.seed.writer import WRITE_ORDER


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
