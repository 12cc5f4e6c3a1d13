"""`compute_indicators` for the network against the hand-written SQL of the same figures.

The comparison reads compute_indicators' result at its real keys: every figure of the hand-written
report must be found at the same path with the same value, and every figure of compute_indicators
must be one the hand-written report computes. A renamed key is a difference, never skipped.
"""

from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection

from bench.indicators_sql import network_figures_sql, network_report_sql, report_sql_statements
from bench.timing import QueryTimer, median_ms, timed
from ceiq.core.fiscal import FiscalYear
from reporting.indicators import compute_indicators

# Where compute_indicators keeps each figure of the one-statement core query (NETWORK_FIGURES_SQL).
CORE_FIGURE_KEYS: dict[str, tuple[str, ...]] = {
    "participants_served": ("participants_served",),
    "new_starts": ("new_starts",),
    "exits": ("exits",),
    "completions": ("completions",),
    "dropouts": ("dropouts",),
    **{f"outcome_{kind}": ("outcomes", kind) for kind in ("job", "school", "job_search", "other", "unknown")},
    "integration_rate": ("integration_rate",),
}
# What compute_indicators returns besides figures: the year and the day it was computed.
NOT_FIGURES = ("fiscal_year", "period", "computed_on")
# Rates are rounded to 4 decimals by compute_indicators; the core statement's rate is not rounded.
RATE_TOLERANCE = 0.0001
REPORT_SECTIONS = ("pathways", "retention", "profile", "activity")


def core_figures_of(indicators: dict[str, Any]) -> dict[str, Any]:
    """The core figures read at their keys in compute_indicators' result (KeyError if one is renamed)."""
    figures = {}
    for name, keys in CORE_FIGURE_KEYS.items():
        value: Any = indicators
        for key in keys:
            value = value[key]
        figures[name] = value
    return figures


def figures_agree(expected: Any, found: Any) -> bool:
    if expected is None or found is None:
        return expected is None and found is None
    if isinstance(expected, float | Decimal) or isinstance(found, float | Decimal):
        return abs(float(expected) - float(found)) <= RATE_TOLERANCE
    return bool(expected == found)


def compare_core_figures(sql_figures: dict[str, Any], indicators: dict[str, Any]) -> dict[str, Any]:
    """The core statement's figures against compute_indicators' (same figures, read at their keys)."""
    found = core_figures_of(indicators)
    rows = [
        {
            "figure": name,
            "sql": sql_figures[name],
            "indicators": found[name],
            "agree": figures_agree(sql_figures[name], found[name]),
        }
        for name in CORE_FIGURE_KEYS
    ]
    differing = [row["figure"] for row in rows if not row["agree"]]
    verdict = f"DIFFER on {', '.join(differing)}" if differing else f"agree ({len(rows)} figures compared)"
    return {"verdict": verdict, "agree": not differing, "figures": rows}


def figure_paths(value: Any, prefix: str = "") -> dict[str, Any]:
    """{"profile.gender.woman": 2, "retention.0.recorded": 5, …}: every leaf of the report's dicts
    and lists (the JSON-serialisable shape compute_indicators returns) at its dotted path."""
    if isinstance(value, dict):
        items = [(str(key), item) for key, item in value.items()]
    elif isinstance(value, list):
        items = [(str(index), item) for index, item in enumerate(value)]
    else:
        return {prefix: value}
    paths: dict[str, Any] = {}
    for key, item in items:
        paths.update(figure_paths(item, f"{prefix}.{key}" if prefix else key))
    return paths


def compare_reports(sql_report: dict[str, Any], indicators: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the hand-written report against the same path in compute_indicators', and
    every figure of compute_indicators covered by the hand-written report."""
    expected = figure_paths(sql_report)
    found = figure_paths({key: value for key, value in indicators.items() if key not in NOT_FIGURES})
    missing = [path for path in expected if path not in found]
    uncovered = [path for path in found if path not in expected]
    differing = [
        {"path": path, "sql": value, "indicators": found[path]}
        for path, value in expected.items()
        if path in found and not figures_agree(value, found[path])
    ]
    compared = len(expected) - len(missing)
    problems = (
        [row["path"] for row in differing]
        + [f"{path} (absent from compute_indicators)" for path in missing]
        + [f"{path} (not in the hand-written report)" for path in uncovered]
    )
    if problems:
        verdict = f"DIFFER on {len(problems)} of {len(expected)} figures: " + ", ".join(problems)
    else:
        verdict = f"agree ({compared} figures compared)"
    return {
        "verdict": verdict,
        "agree": not problems,
        "compared": compared,
        "differing": differing,
        "missing": missing,
        "uncovered": uncovered,
    }


def report_section_of(sql: str) -> str:
    """Which report section an ORM query of compute_indicators belongs to (by the tables it reads)."""
    if "participants_postpathwayfollowup" in sql:
        return "retention"
    if "participants_participant" in sql or "participants_barrier" in sql:
        return "profile"
    tables = (
        "participants_followup",
        "participants_evaluation",
        "participants_groupsession",
        "participants_internship",
    )
    if any(table in sql for table in (*tables, "employers_", "enterprises_fundingagreement")):
        return "activity"
    return "pathways"


def query_breakdown(fiscal_year: FiscalYear) -> dict[str, Any]:
    """One more run of compute_indicators with every query timed: how many queries, their database
    time by section, the slowest, and the time of the query computing the core figures (the one
    comparable to the hand-written core statement: it aggregates `participants_served`)."""
    cache.clear()
    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        compute_indicators(fiscal_year=fiscal_year)
    queries = timer.queries
    core = [ms for ms, sql in queries if "participants_served" in sql]
    if not core:
        raise LookupError("compute_indicators no longer aggregates `participants_served` in one query.")
    sections = {section: {"ms": 0.0, "queries": 0} for section in REPORT_SECTIONS}
    for ms, sql in queries:
        section = sections[report_section_of(sql)]
        section["ms"] = round(section["ms"] + ms, 1)
        section["queries"] += 1
    return {
        "queries": len(queries),
        "sections": sections,
        "database_ms": round(sum(ms for ms, _sql in queries), 1),
        "core_query_ms": round(core[0], 1),
        "slowest": [{"ms": round(ms, 1), "sql": sql[:300]} for ms, sql in sorted(queries, reverse=True)[:5]],
    }


def _timed_rounds(fiscal_year: FiscalYear, repeat: int) -> dict[str, list[float]]:
    """Seconds per round of the core statement, the hand-written report (and each of its
    sections; barriers count with the profile) and compute_indicators, interleaved."""
    samples: dict[str, list[float]] = {name: [] for name in ("core", "report", "indicators", *REPORT_SECTIONS)}
    for _round in range(repeat):
        samples["core"].append(timed(network_figures_sql, fiscal_year)[0])
        timings: dict[str, float] = {}
        samples["report"].append(timed(network_report_sql, fiscal_year, timings)[0])
        for section in REPORT_SECTIONS:
            samples[section].append(timings[section] + (timings["barriers"] if section == "profile" else 0))
        cache.clear()  # time the computation, not a cached copy
        samples["indicators"].append(timed(compute_indicators, fiscal_year=fiscal_year)[0])
    return samples


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 2) if denominator else None


def measure_indicators(fiscal_year: FiscalYear, repeat: int) -> dict[str, Any]:
    """compute_indicators for the network against (1) the hand-written SQL computing the same
    report — every figure, five statements — which gives the ratio, section by section too, and
    (2) the single hand-written statement of the core figures, next to the ORM's own core query."""
    sql_figures = network_figures_sql(fiscal_year)  # the first calls warm up
    sql_report = network_report_sql(fiscal_year)
    indicators = compute_indicators(fiscal_year=fiscal_year)
    samples = _timed_rounds(fiscal_year, repeat)
    breakdown = query_breakdown(fiscal_year)
    result: dict[str, Any] = {
        "fiscal_year": fiscal_year.start_year,
        "fiscal_year_label": f"FY {fiscal_year}",
        "sql_figures": sql_figures,
        "comparison": compare_core_figures(sql_figures, indicators),
        "report_comparison": compare_reports(sql_report, indicators),
        "sql_statements": len(report_sql_statements()),
        "median_ms": median_ms(samples["indicators"]),
        "sql_median_ms": median_ms(samples["report"]),
        "core_sql_median_ms": median_ms(samples["core"]),
        "breakdown": breakdown,
        "sections": {
            section: {
                "sql_ms": median_ms(samples[section]),
                "orm_ms": breakdown["sections"][section]["ms"],
                "orm_queries": breakdown["sections"][section]["queries"],
            }
            for section in REPORT_SECTIONS
        },
    }
    result["ratio"] = _ratio(result["median_ms"], result["sql_median_ms"])
    result["core_ratio"] = _ratio(breakdown["core_query_ms"], result["core_sql_median_ms"])
    return result
