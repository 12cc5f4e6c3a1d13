"""`python manage.py bench` (`make bench`): server time and query count of the main pages, network
indicators against a hand-written SQL query, and the network report PDF, on the seed_scale data.

See bench/benchmark.py for what is measured and docs/performance.md for the results."""

import io
import json
import os
import statistics
import tempfile
import warnings
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from ceiq.accounts.models import User
from bench import benchmark
from bench.benchmark import NOT_AVAILABLE, Page, QueryTimer, summarize, timed
from ceiq.core.fiscal import FiscalYear
from bench.seed.scale_rows import BENCH_ROLES, bench_email
from employers.models import Employer, JobOpening, OpeningStatus, Placement, Referral
from enterprises.models import Enterprise, Membership
from participants.models import Evaluation, FollowUp, Participant, Pathway, PostPathwayFollowUp

PLAIN_STATIC_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


class Command(BaseCommand):
    help = "Benchmark the main pages, the network indicators and the report PDF on the seed_scale data."

    def add_arguments(self, parser):
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

    def handle(self, *args, **options):
        if options["repeat"] < 1 or options["warmup"] < 1 or options["indicator_repeat"] < 1:
            raise CommandError("--repeat, --warmup and --indicator-repeat must be at least 1.")
        users = {u.email: u for u in User.objects.filter(email__in=[bench_email(role) for role in BENCH_ROLES])}
        missing = [role for role in BENCH_ROLES if bench_email(role) not in users]
        if missing:
            raise CommandError(f"Benchmark users missing ({', '.join(missing)}): run `manage.py seed_scale` first.")
        self.users = {role: users[bench_email(role)] for role in BENCH_ROLES}
        fiscal_year = FiscalYear(options["fiscal_year"]) if options["fiscal_year"] else FiscalYear.current().previous
        started_at = datetime.now(UTC)
        output = Path(
            options["output"] or settings.BASE_DIR / "bench-results" / f"bench-{started_at:%Y%m%d-%H%M%S}.json"
        )

        with ExitStack() as stack:
            stack.enter_context(override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]))
            static_note = ""
            if not _manifest_available():
                stack.enter_context(override_settings(STORAGES=PLAIN_STATIC_STORAGE))
                static_note = "StaticFilesStorage (no collectstatic manifest)"
            results = {
                "run": {
                    "date": started_at.strftime("%Y-%m-%d %H:%M UTC"),
                    "repeat": options["repeat"],
                    "warmup": options["warmup"],
                    "indicator_repeat": options["indicator_repeat"],
                    "static_storage": static_note or "settings.STORAGES",
                },
                "machine": benchmark.machine_description(),
                "dataset": self.dataset_counts(),
            }
            pages = self.pages()
            with warnings.catch_warnings():  # WhiteNoise's notice that STATIC_ROOT is missing: irrelevant here
                warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
                self.measure_pages(pages, options["repeat"], options["warmup"])
            baseline = next(page for page in pages if page.is_baseline)
            results["baseline_median_ms"] = summarize(baseline.samples)["median_ms"] if baseline.samples else None
            results["pages"] = [self.page_result(page, results["baseline_median_ms"]) for page in pages]
            results["indicators"] = self.measure_indicators(fiscal_year, options["indicator_repeat"])
            results["pdf"] = (
                {"available": False, "error": "skipped (--skip-pdf)"}
                if options["skip_pdf"]
                else self.measure_pdf(fiscal_year)
            )
            results["pdf"]["fiscal_year"] = fiscal_year.start_year
            if options["index_study"]:
                results["index_study"] = self.index_study(fiscal_year)

        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        summary_path = output.with_suffix(".md")
        summary_path.write_text(benchmark.markdown_summary(results), encoding="utf-8")
        self.stdout.write(benchmark.text_table(benchmark.page_rows(results)))
        self.stdout.write("")
        for line in benchmark.extra_lines(results):
            self.stdout.write(line)
        if results.get("index_study"):
            self.stdout.write("")
            for line in benchmark.index_study_lines(results["index_study"]):
                self.stdout.write(line)
        self.stdout.write(f"\nResults: {output}\nSummary: {summary_path}")

    # ---- the data and the pages --------------------------------------------------------------
    def dataset_counts(self) -> dict:
        models = [
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
        return {name: model._base_manager.count() for name, model in models}

    def pages(self) -> list[Page]:
        membership = Membership.objects.select_related("enterprise").get(user=self.users["director"])
        enterprise = membership.enterprise
        trade_ids = list(enterprise.trades.order_by("pk").values_list("pk", flat=True))
        busiest_participant = (
            FollowUp.objects.filter(participant__enterprise=enterprise)
            .values("participant")
            .annotate(rows=Count("pk"))
            .order_by("-rows", "participant")
            .values_list("participant", flat=True)
            .first()
        )
        opening = (
            JobOpening.objects.filter(status=OpeningStatus.OPEN, region_id=enterprise.region_id, trade_id__in=trade_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        trade_query = f"status=active&trade={trade_ids[0]}" if trade_ids else "status=active"
        return [
            Page("baseline: about", "about", "director", is_baseline=True),
            *[Page("dashboard", "dashboard", role) for role in BENCH_ROLES],
            Page("participants list", "participants:list", "coordinator"),
            Page("pathways (active, one trade)", "participants:pathway_list", "coordinator", query=trade_query),
            Page("participant file", "participants:detail", "counsellor", busiest_participant, "participant"),
            Page("job openings", "employers:opening_list", "coordinator"),
            Page("matching for an opening", "employers:matching", "coordinator", opening, "opening"),
            Page("employer candidates", "employers:candidate_list", "employer", fallback_url_name="dashboard"),
            Page("report page", "reporting:report_page", "network"),
        ]

    def measure_pages(self, pages, repeat, warmup):
        clients = {}
        for role, user in self.users.items():
            clients[role] = Client(raise_request_exception=False)
            clients[role].force_login(user)
        available = [page for page in pages if page.resolve() is not None]
        for round_number in range(warmup):
            for page in available:
                last = round_number == warmup - 1
                with CaptureQueriesContext(connection) as queries:
                    response = clients[page.role].get(page.url)
                _close(response)
                if last:
                    page.queries = len(queries.captured_queries)
                    page.status_code = response.status_code
        for _round in range(repeat):  # round-robin: noise spreads over every page alike
            for page in available:
                timer = QueryTimer()  # a perf_counter pair per query: negligible next to a request
                with connection.execute_wrapper(timer):
                    seconds, response = timed(clients[page.role].get, page.url)
                _close(response)
                page.samples.append(seconds)
                page.database_samples.append(timer.total_ms)

    def page_result(self, page: Page, baseline_ms) -> dict:
        row = {"label": page.label, "url_name": page.url_name, "role": page.role, "available": page.url is not None}
        if page.url is None:
            row["note"] = NOT_AVAILABLE
            return row
        stats = summarize(page.samples)
        row.update(
            url=page.url,
            note=page.note,
            status_code=page.status_code,
            queries=page.queries,
            database_ms=round(statistics.median(page.database_samples), 1),
            ratio=round(stats["median_ms"] / baseline_ms, 2) if baseline_ms else None,
            samples_ms=[round(s * 1000, 2) for s in page.samples],
            **stats,
        )
        return row

    def index_study(self, fiscal_year) -> list[dict]:
        if connection.vendor != "postgresql":
            raise CommandError("--index-study needs PostgreSQL.")
        enterprise = Membership.objects.select_related("enterprise").get(user=self.users["director"]).enterprise
        params = {
            "start": fiscal_year.start,
            "end": fiscal_year.end,
            "today": timezone.localdate(),
            "enterprise": enterprise.pk,
            "region": enterprise.region_id,
            "trade": enterprise.trades.order_by("pk").values_list("pk", flat=True).first(),
        }
        return benchmark.index_study(params)

    # ---- indicators and PDF ------------------------------------------------------------------
    def measure_indicators(self, fiscal_year, repeat) -> dict:
        """compute_indicators for the network against (1) the hand-written SQL computing the same
        report — every figure, five statements — which gives the ratio, section by section too,
        and (2) the single hand-written statement of the core figures, next to the ORM's own
        core-figures query."""
        result = {"fiscal_year": fiscal_year.start_year, "fiscal_year_label": f"FY {fiscal_year}"}
        sql_figures = benchmark.network_figures_sql(fiscal_year)  # warm-up
        result["sql_figures"] = sql_figures
        sql_report = benchmark.network_report_sql(fiscal_year)  # warm-up
        compute = _indicator_function()
        if isinstance(compute, str):
            result.update(available=False, error=compute)
        else:
            try:
                indicators = compute(fiscal_year)  # warm-up
            except Exception as error:  # noqa: BLE001 - reported, the rest of the benchmark goes on
                result.update(available=False, error=f"{type(error).__name__}: {error}"[:300])
                compute = None
            else:
                result.update(
                    available=True,
                    comparison=benchmark.compare_figures(sql_figures, indicators),
                    report_comparison=benchmark.compare_reports(sql_report, indicators),
                )
        core_samples, report_samples, indicator_samples = [], [], []
        section_samples = {section: [] for section in benchmark.REPORT_SECTIONS}
        for _round in range(repeat):
            core_samples.append(timed(benchmark.network_figures_sql, fiscal_year)[0])
            timings = {}
            report_samples.append(timed(benchmark.network_report_sql, fiscal_year, timings)[0])
            for section in section_samples:
                section_samples[section].append(
                    timings.get(section, 0) + (timings.get("barriers", 0) if section == "profile" else 0)
                )
            if callable(compute):
                cache.clear()  # time the computation, not a cached copy
                indicator_samples.append(timed(compute, fiscal_year)[0])
        result["core_sql_median_ms"] = summarize(core_samples)["median_ms"]
        result["sql_median_ms"] = summarize(report_samples)["median_ms"]
        result["sql_statements"] = len(benchmark.report_sql_statements())
        if callable(compute):
            result["breakdown"] = _query_breakdown(compute, fiscal_year)
            result["sections"] = {
                section: {
                    "sql_ms": summarize(samples)["median_ms"],
                    "orm_ms": result["breakdown"]["sections"][section]["ms"],
                    "orm_queries": result["breakdown"]["sections"][section]["queries"],
                }
                for section, samples in section_samples.items()
            }
        if indicator_samples:
            result["median_ms"] = summarize(indicator_samples)["median_ms"]
            result["ratio"] = (
                round(result["median_ms"] / result["sql_median_ms"], 2) if result["sql_median_ms"] else None
            )
            core_ms = result["breakdown"]["core_query_ms"]
            result["core_ratio"] = (
                round(core_ms / result["core_sql_median_ms"], 2)
                if core_ms is not None and result["core_sql_median_ms"]
                else None
            )
        return result

    def measure_pdf(self, fiscal_year) -> dict:
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "report.pdf")
            try:
                if "generate_report" in get_commands():
                    method = "manage.py generate_report"
                    seconds, _ = timed(
                        call_command,
                        "generate_report",
                        "--fiscal-year",
                        str(fiscal_year.start_year),
                        "--output",
                        path,
                        stdout=io.StringIO(),
                    )
                    size = os.path.getsize(path) if os.path.exists(path) else None
                else:
                    method = "reporting.pdf.render_report_pdf"
                    try:
                        from reporting.pdf import render_report_pdf
                    except ImportError:
                        return {"available": False, "error": "no generate_report command nor reporting.pdf"}
                    compute = _indicator_function()
                    if isinstance(compute, str):
                        return {"available": False, "error": compute}
                    seconds, pdf = timed(_render_pdf, render_report_pdf, compute, fiscal_year)
                    size = len(pdf) if isinstance(pdf, bytes | bytearray) else None
            except Exception as error:  # noqa: BLE001 - reported, not fatal
                return {"available": False, "error": f"{type(error).__name__}: {error}"[:300]}
        return {"available": True, "method": method, "seconds": round(seconds, 3), "bytes": size}


def _query_breakdown(compute, fiscal_year) -> dict:
    """One more run with every query timed: how many queries, their database time, the slowest,
    and the time of the query computing the core figures (the one comparable to the hand-written SQL)."""
    cache.clear()
    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        compute(fiscal_year)
    queries = timer.queries
    core = [ms for ms, sql in queries if "participants_served" in sql]
    sections = {section: {"ms": 0.0, "queries": 0} for section in benchmark.REPORT_SECTIONS}
    for ms, sql in queries:
        section = sections[benchmark.report_section_of(sql)]
        section["ms"] = round(section["ms"] + ms, 1)
        section["queries"] += 1
    return {
        "queries": len(queries),
        "sections": sections,
        "database_ms": round(sum(ms for ms, _sql in queries), 1),
        "core_query_ms": round(core[0], 1) if core else None,
        "slowest": [{"ms": round(ms, 1), "sql": sql[:300]} for ms, sql in sorted(queries, reverse=True)[:5]],
    }


def _render_pdf(render_report_pdf, compute, fiscal_year):
    indicators = compute(fiscal_year)
    try:
        return render_report_pdf(indicators=indicators, scope_label="Réseau", fiscal_year=fiscal_year, language="fr")
    except TypeError:
        return render_report_pdf(indicators)


def _indicator_function():
    """compute(fiscal_year) for the network, or a string saying why it is not available."""
    try:
        from reporting.indicators import compute_indicators
    except ImportError as error:
        return f"reporting.indicators.compute_indicators not importable: {error}"

    def compute(fiscal_year):
        try:
            return compute_indicators(fiscal_year=fiscal_year)
        except TypeError:
            return compute_indicators(fiscal_year=fiscal_year, scope="network")

    return compute


def _close(response):
    """The test client has closed a plain response already; a streaming one is closed here the way
    the client does it: without request_finished closing the database connection. The whole run
    keeps one connection, as a server with persistent connections (CONN_MAX_AGE) would, so that
    opening a connection is not part of any page's cost."""
    if response.streaming:
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)


def _manifest_available() -> bool:
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        staticfiles_storage.url("css/portal.css")
    except ValueError:
        return False
    return True
