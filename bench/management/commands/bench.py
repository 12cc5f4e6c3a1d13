"""`python manage.py bench` (`make bench`): server time and query count of the main pages, network
indicators against a hand-written SQL query, and the network report PDF, on the seed_scale data.

See bench/ for what is measured and docs/performance.md for the results."""

import json
import warnings
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import override_settings

from bench.index_study import index_study, index_study_params
from bench.indicators import measure_indicators
from bench.machine import machine_description
from bench.pages import PLAIN_STATIC_STORAGE, bench_pages, manifest_available, measure_pages, page_result
from bench.pdf import measure_pdf
from bench.seed.scale_rows import bench_users
from bench.summary import extra_lines, index_study_lines, markdown_summary, page_rows, text_table
from bench.timing import median_ms
from ceiq.accounts.models import User
from ceiq.core.fiscal import FiscalYear
from employers.models import Employer, JobOpening, Placement, Referral
from enterprises.models import Enterprise, Membership
from participants.models import Evaluation, FollowUp, Participant, Pathway, PostPathwayFollowUp

DATASET = [
    ("enterprises", Enterprise),
    ("participants", Participant),
    ("pathways", Pathway),
    ("follow-ups", FollowUp),
    ("evaluations", Evaluation),
    ("post-pathway follow-ups", PostPathwayFollowUp),
    ("employers", Employer),
    ("openings", JobOpening),
    ("referrals", Referral),
    ("hires", Placement),
]


class Command(BaseCommand):
    help = "Benchmark the main pages, the network indicators and the report PDF on the seed_scale data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=30, help="Timed requests per page (after the warm-ups).")
        parser.add_argument("--warmup", type=int, default=2)
        parser.add_argument("--indicator-repeat", type=int, default=5)
        parser.add_argument("--fiscal-year", type=int, help="Start year of the fiscal year (default: the last closed).")
        parser.add_argument("--output", help="JSON file (default: bench-results/bench-<timestamp>.json).")
        parser.add_argument("--skip-pdf", action="store_true")
        parser.add_argument(
            "--index-study",
            action="store_true",
            help="PostgreSQL: time candidate indexes before/after (each created, measured and dropped).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["repeat"] < 1 or options["warmup"] < 1 or options["indicator_repeat"] < 1:
            raise CommandError("--repeat, --warmup and --indicator-repeat must be at least 1.")
        if options["index_study"] and connection.vendor != "postgresql":
            raise CommandError("--index-study needs PostgreSQL.")
        users = bench_users()
        fiscal_year = FiscalYear(options["fiscal_year"]) if options["fiscal_year"] else FiscalYear.current().previous
        started_at = datetime.now(UTC)
        output = Path(
            options["output"] or settings.BASE_DIR / "bench-results" / f"bench-{started_at:%Y%m%d-%H%M%S}.json"
        )
        with ExitStack() as stack:
            stack.enter_context(override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]))
            static_storage = "settings.STORAGES"
            if not manifest_available():
                stack.enter_context(override_settings(STORAGES=PLAIN_STATIC_STORAGE))
                static_storage = "StaticFilesStorage (no collectstatic manifest)"
            results: dict[str, Any] = {
                "run": {
                    "date": started_at.strftime("%Y-%m-%d %H:%M UTC"),
                    "repeat": options["repeat"],
                    "warmup": options["warmup"],
                    "indicator_repeat": options["indicator_repeat"],
                    "static_storage": static_storage,
                },
                "machine": machine_description(),
                "dataset": {name: model._base_manager.count() for name, model in DATASET},
            }
            results.update(self.measure_pages(users, options["repeat"], options["warmup"]))
            results["indicators"] = measure_indicators(fiscal_year, options["indicator_repeat"])
            results["pdf"] = (
                {"skipped": True, "fiscal_year": fiscal_year.start_year}
                if options["skip_pdf"]
                else measure_pdf(fiscal_year)
            )
            if options["index_study"]:
                director = Membership.objects.select_related("enterprise").get(user=users["director"])
                results["index_study"] = index_study(index_study_params(fiscal_year, director.enterprise))
        self.write_results(results, output)

    def measure_pages(self, users: dict[str, User], repeat: int, warmup: int) -> dict[str, Any]:
        pages = bench_pages(users)
        with warnings.catch_warnings():  # WhiteNoise's notice that STATIC_ROOT is missing: irrelevant here
            warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
            measure_pages(pages, users, repeat, warmup)
        baseline_ms = median_ms(next(page for page in pages if page.is_baseline).samples)
        return {"baseline_median_ms": baseline_ms, "pages": [page_result(page, baseline_ms) for page in pages]}

    def write_results(self, results: dict[str, Any], output: Path) -> None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        summary_path = output.with_suffix(".md")
        summary_path.write_text(markdown_summary(results), encoding="utf-8")
        self.stdout.write(text_table(page_rows(results)))
        self.stdout.write("")
        for line in extra_lines(results):
            self.stdout.write(line)
        if results.get("index_study"):
            self.stdout.write("")
            for line in index_study_lines(results["index_study"]):
                self.stdout.write(line)
        self.stdout.write(f"\nResults: {output}\nSummary: {summary_path}")
