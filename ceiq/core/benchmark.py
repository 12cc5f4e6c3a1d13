"""The network-scale benchmark behind `manage.py bench` (see docs/performance.md).

Pages are requested in-process with Django's test client (no network, no web server): what is
measured is the server time of a request — middleware, view, queries and template — which is what
the indexes and query shapes change. Every page is compared to the baseline page `about` measured
in the same run, so the ratios hold across machines.

Pages, indicators and the PDF belong to apps merged at different times: everything is resolved at
run time and reported as "n/a (not available)" when it does not exist yet.
"""

import dataclasses
import math
import os
import platform
import re
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import django
from django.db import connection
from django.urls import NoReverseMatch, reverse

from ceiq.core.fiscal import FiscalYear

NOT_AVAILABLE = "n/a (not available)"

# --------------------------------------------------------------------------------------------
# The hand-written SQL baseline for the network indicators
# --------------------------------------------------------------------------------------------

CORE_FIGURES = [
    "participants_served",
    "new_starts",
    "exits",
    "completions",
    "dropouts",
    "outcome_job",
    "outcome_school",
    "outcome_job_search",
    "outcome_other",
    "outcome_unknown",
    "integration_rate",
]

# One statement over participants_pathway, portable (PostgreSQL and SQLite: CASE rather than FILTER).
# Served: a pathway (not merely planned) active on at least one day of the year. Exits: completed or
# dropped out with an end date in the year. Integration rate = (job + return to school) ÷ exits.
NETWORK_FIGURES_SQL = """
WITH year_pathways AS (
    SELECT participant_id, start_date, actual_end_date, status, exit_outcome,
           CASE WHEN status IN ('completed', 'dropped_out')
                 AND actual_end_date BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END AS is_exit
    FROM participants_pathway
    WHERE status <> 'planned'
      AND start_date <= %(end)s
      AND (actual_end_date IS NULL OR actual_end_date >= %(start)s)
)
SELECT
    COUNT(DISTINCT participant_id) AS participants_served,
    SUM(CASE WHEN start_date BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END) AS new_starts,
    SUM(is_exit) AS exits,
    SUM(CASE WHEN is_exit = 1 AND status = 'completed' THEN 1 ELSE 0 END) AS completions,
    SUM(CASE WHEN is_exit = 1 AND status = 'dropped_out' THEN 1 ELSE 0 END) AS dropouts,
    SUM(CASE WHEN is_exit = 1 AND exit_outcome = 'job' THEN 1 ELSE 0 END) AS outcome_job,
    SUM(CASE WHEN is_exit = 1 AND exit_outcome = 'school' THEN 1 ELSE 0 END) AS outcome_school,
    SUM(CASE WHEN is_exit = 1 AND exit_outcome = 'job_search' THEN 1 ELSE 0 END) AS outcome_job_search,
    SUM(CASE WHEN is_exit = 1 AND exit_outcome = 'other' THEN 1 ELSE 0 END) AS outcome_other,
    SUM(CASE WHEN is_exit = 1 AND (exit_outcome IS NULL OR exit_outcome IN ('', 'unknown')) THEN 1 ELSE 0 END)
        AS outcome_unknown,
    1.0 * SUM(CASE WHEN is_exit = 1 AND exit_outcome IN ('job', 'school') THEN 1 ELSE 0 END)
        / NULLIF(SUM(is_exit), 0) AS integration_rate
FROM year_pathways
"""


def network_figures_sql(fiscal_year: FiscalYear) -> dict:
    """The core network figures for one fiscal year in one hand-written query."""
    with connection.cursor() as cursor:
        cursor.execute(NETWORK_FIGURES_SQL, {"start": fiscal_year.start, "end": fiscal_year.end})
        columns = [column[0] for column in cursor.description]
        row = cursor.fetchone()
    figures = dict(zip(columns, row, strict=True))
    for name, value in figures.items():
        if name != "integration_rate":
            figures[name] = int(value or 0)
    rate = figures["integration_rate"]
    figures["integration_rate"] = None if rate is None else float(rate)
    return figures


# --------------------------------------------------------------------------------------------
# Reading the same figures out of whatever compute_indicators returns
# --------------------------------------------------------------------------------------------

_SUFFIX = r"(\.(value|count|total|n))?$"
FIGURE_PATTERNS = {
    "participants_served": [r"(^|\.)(participants_)?served" + _SUFFIX],
    "new_starts": [r"(^|\.)(new_)?starts" + _SUFFIX],
    "exits": [r"(^|\.)(exits|exits_total|total_exits)" + _SUFFIX],
    "completions": [r"(^|\.)(completions|completed)" + _SUFFIX],
    "dropouts": [r"(^|\.)(dropouts|drop_outs|dropped_out)" + _SUFFIX],
    "integration_rate": [r"(^|\.)integration_rate" + r"(\.(value|rate))?$"],
}
for _kind in ("job", "school", "job_search", "other", "unknown"):
    FIGURE_PATTERNS[f"outcome_{_kind}"] = [
        rf"(^|\.)(exit_)?outcomes?(_at_exit|_by_kind|_counts)?\.{_kind}" + _SUFFIX,
        rf"(^|\.)(exit_)?outcome_{_kind}" + _SUFFIX,
        rf"(^|\.)exits_{_kind}" + _SUFFIX,
    ]
_LABEL_KEYS = ("kind", "code", "key", "outcome", "name", "slug")


def flatten_figures(value, prefix: str = "", out: dict | None = None, depth: int = 0) -> dict:
    """{"dotted.path": number} for every number reachable in dicts, dataclasses, lists and objects."""
    out = {} if out is None else out
    if depth > 6:
        return out
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    elif hasattr(value, "_asdict"):
        value = value._asdict()
    if isinstance(value, bool) or value is None:
        return out
    if isinstance(value, int | float | Decimal):
        out[prefix.lower()] = value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            flatten_figures(item, f"{prefix}.{key}" if prefix else str(key), out, depth + 1)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            label = str(index)
            if isinstance(item, Mapping):
                label = next((str(item[k]) for k in _LABEL_KEYS if isinstance(item.get(k), str)), label)
            flatten_figures(item, f"{prefix}.{label}" if prefix else label, out, depth + 1)
    elif hasattr(value, "__dict__") and not callable(value):
        public = {k: v for k, v in vars(value).items() if not k.startswith("_")}
        flatten_figures(public, prefix, out, depth + 1)
    return out


def find_figure(flat: dict, name: str):
    """The least nested number whose path matches the figure's patterns (None if absent)."""
    for pattern in FIGURE_PATTERNS[name]:
        matches = sorted((path for path in flat if re.search(pattern, path)), key=lambda p: (p.count("."), p))
        if matches:
            return flat[matches[0]]
    return None


def figures_agree(name: str, expected, found) -> bool:
    if expected is None or found is None:
        return expected is None and found in (None, 0)
    if name == "integration_rate":
        expected, found = float(expected), float(found)
        return abs(expected - found) < 0.0006 or abs(expected * 100 - found) < 0.06
    return int(found) == int(expected)


def compare_figures(sql_figures: dict, indicators) -> dict:
    flat = flatten_figures(indicators)
    rows = []
    for name in CORE_FIGURES:
        found = find_figure(flat, name)
        expected = sql_figures.get(name)
        status = "not found" if found is None else ("agree" if figures_agree(name, expected, found) else "DIFFER")
        rows.append({"figure": name, "sql": expected, "indicators": _plain(found), "status": status})
    compared = [row for row in rows if row["status"] != "not found"]
    differing = [row for row in compared if row["status"] == "DIFFER"]
    if not compared:
        verdict = "not compared (no matching figures found)"
    elif differing:
        verdict = f"DIFFER on {', '.join(row['figure'] for row in differing)}"
    else:
        verdict = f"agree ({len(compared)}/{len(rows)} figures compared)"
    return {"verdict": verdict, "agree": bool(compared) and not differing, "figures": rows}


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 30 samples is the 29th smallest)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarize(samples: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 2),
        "min_ms": round(min(samples) * 1000, 2),
        "samples": len(samples),
    }


def timed(function: Callable, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


class QueryTimer:
    """`with connection.execute_wrapper(QueryTimer()) as timer`: each query's time, measured with
    perf_counter (Django's own query log rounds every query to the millisecond)."""

    def __init__(self):
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))

    @property
    def total_ms(self) -> float:
        return round(sum(ms for ms, _sql in self.queries), 1)


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    url_name: str
    role: str
    object_id: int | None = None  # for detail pages: tried as pk, id, <noun>_pk, <noun>_id, positional
    noun: str = ""
    query: str = ""
    fallback_url_name: str = ""
    is_baseline: bool = False
    url: str | None = None
    note: str = ""
    status_code: int | None = None
    queries: int | None = None
    database_samples: list[float] = field(default_factory=list)  # ms executing queries, per timed request
    samples: list[float] = field(default_factory=list)

    def resolve(self) -> str | None:
        for url_name in filter(None, [self.url_name, self.fallback_url_name]):
            url = reverse_flexibly(url_name, self.object_id, self.noun)
            if url is not None:
                if url_name != self.url_name:
                    self.note = f"fallback: {url_name}"
                self.url = url + (f"?{self.query}" if self.query else "")
                return self.url
        return None


def reverse_flexibly(url_name: str, object_id: int | None, noun: str) -> str | None:
    attempts: list[tuple[tuple, dict]] = [((), {})]
    if object_id is not None:
        keys = ["pk", "id"] + ([f"{noun}_pk", f"{noun}_id"] if noun else [])
        attempts = [((), {key: object_id}) for key in keys] + [((object_id,), {})] + attempts
    for args, kwargs in attempts:
        try:
            return reverse(url_name, args=args, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


# --------------------------------------------------------------------------------------------
# The machine and the database
# --------------------------------------------------------------------------------------------


def machine_description() -> dict:
    info = {
        "nproc": os.cpu_count(),
        "memory": _meminfo(),
        "cpu_model": _cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database_description(),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }
    info.update(_git())
    return info


def _meminfo() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    kib = int(line.split()[1])
                    return f"{kib / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def database_description() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
    return connection.vendor


def _git() -> dict:
    def run(*args):
        try:
            completed = subprocess.run(  # noqa: S603 - fixed arguments
                ["git", *args],  # noqa: S607 - git from PATH, informational only
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
                cwd=os.path.dirname(os.path.abspath(__file__)),
            )
        except (OSError, subprocess.SubprocessError):
            return ""
        return completed.stdout.strip()

    return {"git_branch": run("rev-parse", "--abbrev-ref", "HEAD"), "git_commit": run("rev-parse", "--short", "HEAD")}


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def format_ms(value) -> str:
    return "—" if value is None else f"{value:,.1f}"


def page_rows(results: dict) -> list[list[str]]:
    rows = [["page", "role", "url", "status", "median ms", "p95 ms", "queries", "db ms", "× baseline"]]
    for page in results["pages"]:
        if not page["available"]:
            rows.append([page["label"], page["role"], NOT_AVAILABLE, "", "", "", "", "", ""])
            continue
        rows.append(
            [
                page["label"] + (f" ({page['note']})" if page.get("note") else ""),
                page["role"],
                page["url"],
                str(page["status_code"]),
                format_ms(page["median_ms"]),
                format_ms(page["p95_ms"]),
                "" if page["queries"] is None else str(page["queries"]),
                format_ms(page.get("database_ms")),
                "" if page["ratio"] is None else f"{page['ratio']:.2f}",
            ]
        )
    return rows


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    numeric = {3, 4, 5, 6, 7, 8}
    lines = []
    for number, row in enumerate(rows):
        cells = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def extra_lines(results: dict) -> list[str]:
    lines = []
    indicators = results["indicators"]
    label = indicators["fiscal_year_label"]
    if indicators["available"]:
        lines.append(
            f"Network indicators {label}: compute_indicators median {format_ms(indicators['median_ms'])} ms"
            f" vs hand-written SQL {format_ms(indicators['sql_median_ms'])} ms"
            f" → ratio {indicators['ratio']:.2f} (goal ≤ 2) — figures {indicators['comparison']['verdict']}"
        )
        breakdown = indicators.get("breakdown") or {}
        if breakdown:
            slowest = breakdown["slowest"][0] if breakdown["slowest"] else None
            lines.append(
                f"  compute_indicators ran {breakdown['queries']} queries, {format_ms(breakdown['database_ms'])} ms"
                f" in the database; its core-figures query {format_ms(breakdown['core_query_ms'])} ms"
                + (f"; slowest {format_ms(slowest['ms'])} ms: {slowest['sql'][:90]}…" if slowest else "")
            )
    else:
        lines.append(
            f"Network indicators {label}: {NOT_AVAILABLE} ({indicators.get('error', '')});"
            f" hand-written SQL alone {format_ms(indicators['sql_median_ms'])} ms"
        )
    sql = indicators.get("sql_figures") or {}
    if sql:
        rate = sql.get("integration_rate")
        lines.append(
            "Hand-written SQL figures: "
            + ", ".join(f"{name} {sql[name]:,}" for name in CORE_FIGURES if name != "integration_rate")
            + (f", integration_rate {rate:.1%}" if rate is not None else "")
        )
    pdf = results["pdf"]
    if pdf["available"]:
        lines.append(
            f"Network report PDF {label} end to end ({pdf['method']}): {pdf['seconds']:.2f} s (goal < 15 s)"
            + (f", {pdf['bytes']:,} bytes" if pdf.get("bytes") else "")
        )
    else:
        lines.append(f"Network report PDF {label}: {NOT_AVAILABLE} ({pdf.get('error', '')})")
    return lines


def markdown_summary(results: dict) -> str:
    machine = results["machine"]
    run = results["run"]
    rows = page_rows(results)
    lines = [
        f"### Benchmark of {run['date']} ({machine.get('git_branch', '')} {machine.get('git_commit', '')})",
        "",
        f"- Machine: {machine['nproc']} CPU ({machine['cpu_model']}), {machine['memory']} RAM, {machine['os']}",
        f"- Database: {machine['database']}; Python {machine['python']}, Django {machine['django']};"
        f" load average at start {machine.get('load_average_at_start')}; static files: {run.get('static_storage')}",
        f"- Data: {', '.join(f'{count:,} {name}' for name, count in results['dataset'].items())}",
        f"- {run['repeat']} timed requests per page after {run['warmup']} warm-ups, pages interleaved; "
        f"baseline `about` median {format_ms(results['baseline_median_ms'])} ms",
        "",
        "| " + " | ".join(rows[0]) + " |",
        "|" + "|".join(["---"] * 3 + ["---:"] * 6) + "|",
    ]
    for row in rows[1:]:
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    lines.append("")
    lines.extend(f"  - {line.strip()}" if line.startswith("  ") else f"- {line}" for line in extra_lines(results))
    if results.get("index_study"):
        lines += [
            "",
            "Index study (each candidate created, timed, dropped; median of 20 runs of the query):",
            "",
            "| candidate index | used by | before ms | after ms | speed-up | plan after |",
            "|---|---|---:|---:|---:|---|",
        ]
        for row in results["index_study"]:
            lines.append(
                f"| `{row['index']}` | {row['used_by']} | {format_ms(row['before_ms'])} | {format_ms(row['after_ms'])}"
                f" | ×{row['speedup']} | {row['plan_after']} |"
            )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Index study (PostgreSQL): each candidate index is created, measured and dropped again
# --------------------------------------------------------------------------------------------


@dataclass
class IndexCandidate:
    name: str
    table: str
    columns: str  # what follows ON <table>: "(met_on)" or "(due_on) WHERE done_on IS NULL"
    proposal: str  # the models.Index to add to the app's Meta.indexes
    used_by: str
    query: str  # parameters: %(start)s %(end)s %(today)s %(enterprise)s %(region)s %(trade)s


INDEX_CANDIDATES = [
    IndexCandidate(
        "followup_met_on",
        "participants_followup",
        "(met_on)",
        'FollowUp: models.Index(fields=["met_on"])',
        "activity indicators (follow-ups in a fiscal year), network and region scopes",
        "SELECT COUNT(*), COUNT(DISTINCT participant_id) FROM participants_followup"
        " WHERE met_on BETWEEN %(start)s AND %(end)s",
    ),
    IndexCandidate(
        "evaluation_evaluated_on",
        "participants_evaluation",
        "(evaluated_on)",
        'Evaluation: models.Index(fields=["evaluated_on"])',
        "activity indicators (evaluations in a fiscal year)",
        "SELECT COUNT(*) FROM participants_evaluation WHERE evaluated_on BETWEEN %(start)s AND %(end)s",
    ),
    IndexCandidate(
        "postfollowup_open_due_on",
        "participants_postpathwayfollowup",
        "(due_on) WHERE done_on IS NULL",
        'PostPathwayFollowUp: models.Index(fields=["due_on"], condition=Q(done_on__isnull=True),'
        ' name="post_follow_up_open_due")',
        "overdue post-pathway follow-ups: daily notification task (network-wide) and dashboards",
        "SELECT f.id, f.due_on, p.enterprise_id FROM participants_postpathwayfollowup f"
        " JOIN participants_pathway p ON p.id = f.pathway_id"
        " WHERE f.done_on IS NULL AND f.due_on < %(today)s AND f.overdue_notified_at IS NULL ORDER BY f.due_on",
    ),
    IndexCandidate(
        "postfollowup_open_due_on_enterprise",
        "participants_postpathwayfollowup",
        "(due_on) WHERE done_on IS NULL",
        "(same index as above)",
        "enterprise dashboard: post-pathway follow-ups overdue or due this week",
        "SELECT f.id, f.due_on, f.months_after, p.participant_id FROM participants_postpathwayfollowup f"
        " JOIN participants_pathway p ON p.id = f.pathway_id"
        " WHERE p.enterprise_id = %(enterprise)s AND f.done_on IS NULL AND f.due_on < %(today)s + 7"
        " ORDER BY f.due_on LIMIT 20",
    ),
    IndexCandidate(
        "pathway_actual_end_date",
        "participants_pathway",
        "(actual_end_date)",
        'Pathway: models.Index(fields=["actual_end_date"])',
        "retention indicators: exits of a fiscal year joined to their post-pathway follow-ups",
        "SELECT f.months_after, f.situation, COUNT(*) FROM participants_postpathwayfollowup f"
        " JOIN participants_pathway p ON p.id = f.pathway_id"
        " WHERE p.actual_end_date BETWEEN %(start)s AND %(end)s AND p.exit_outcome = 'job'"
        " AND f.done_on IS NOT NULL GROUP BY 1, 2",
    ),
    IndexCandidate(
        "pathway_start_end_network",
        "participants_pathway",
        "(start_date, actual_end_date)",
        'Pathway: models.Index(fields=["start_date", "actual_end_date"])',
        "core network figures of a fiscal year (the hand-written baseline query)",
        NETWORK_FIGURES_SQL,
    ),
    IndexCandidate(
        "pathway_trade_status",
        "participants_pathway",
        "(trade_id, status)",
        'Pathway: models.Index(fields=["trade", "status"])',
        "matching: candidates of a trade in a region (open or recently completed pathways)",
        "SELECT p.participant_id FROM participants_pathway p"
        " JOIN enterprises_enterprise e ON e.id = p.enterprise_id"
        " WHERE p.trade_id = %(trade)s AND e.region_id = %(region)s"
        " AND (p.status IN ('active', 'suspended')"
        " OR (p.status = 'completed' AND p.actual_end_date >= %(today)s - 365))"
        " AND EXISTS (SELECT 1 FROM participants_consent c WHERE c.participant_id = p.participant_id"
        " AND c.purpose = 'employer_sharing' AND c.withdrawn_at IS NULL)",
    ),
]


def _median_seconds(cursor, sql: str, params: dict, repeat: int) -> float:
    cursor.execute(sql, params)  # warm-up
    cursor.fetchall()
    samples = []
    for _round in range(repeat):
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _plan(cursor, sql: str, params: dict) -> str:
    cursor.execute("EXPLAIN (COSTS OFF) " + sql, params)
    lines = [row[0].strip() for row in cursor.fetchall()]
    scans = [line.lstrip("-> ").split("  ")[0] for line in lines if "Scan" in line]
    return "; ".join(scans) or lines[0]


def index_study(params: dict, repeat: int = 20) -> list[dict]:
    """Before/after timings of each candidate index on the current data (PostgreSQL only).
    The index is created, the table analysed, the query timed, and the index dropped again."""
    rows = []
    with connection.cursor() as cursor:
        for candidate in INDEX_CANDIDATES:
            index_name = f"bench_candidate_{candidate.name}"[:63]
            before_plan = _plan(cursor, candidate.query, params)
            before = _median_seconds(cursor, candidate.query, params, repeat)
            cursor.execute(f"CREATE INDEX {index_name} ON {candidate.table} {candidate.columns}")
            try:
                cursor.execute(f"ANALYZE {candidate.table}")
                after_plan = _plan(cursor, candidate.query, params)
                after = _median_seconds(cursor, candidate.query, params, repeat)
            finally:
                cursor.execute(f"DROP INDEX IF EXISTS {index_name}")
                cursor.execute(f"ANALYZE {candidate.table}")
            rows.append(
                {
                    "candidate": candidate.name,
                    "index": f"{candidate.table} {candidate.columns}",
                    "proposal": candidate.proposal,
                    "used_by": candidate.used_by,
                    "before_ms": round(before * 1000, 2),
                    "after_ms": round(after * 1000, 2),
                    "speedup": round(before / after, 1) if after else None,
                    "plan_before": before_plan,
                    "plan_after": after_plan,
                }
            )
    return rows


def index_study_lines(rows: list[dict]) -> list[str]:
    table = [["candidate index", "before ms", "after ms", "speed-up", "plan after"]]
    for row in rows:
        table.append(
            [
                row["index"],
                format_ms(row["before_ms"]),
                format_ms(row["after_ms"]),
                f"×{row['speedup']}",
                row["plan_after"],
            ]
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    return [
        "  ".join(cell.ljust(widths[i]) if i in (0, 4) else cell.rjust(widths[i]) for i, cell in enumerate(r)).rstrip()
        for r in table
    ]
