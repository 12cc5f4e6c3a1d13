# ruff: noqa: S608 - the hand-written SQL formats in only this module's constants and choice values
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
from django.db import connection, transaction
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
# The hand-written SQL baseline for the whole report: the same figures as compute_indicators
# --------------------------------------------------------------------------------------------

# What compute_indicators returns for the network, computed by hand in five statements, one per
# section (pathways, retention, profile, barriers, activity with agreements), each shaped the way
# one would write it without the ORM: one pass of conditional sums per table, the people served
# deduplicated once. Choice lists are expanded into the SQL (as anyone writing it would type them).
# Portable: PostgreSQL and SQLite (only the date arithmetic differs, see _DIALECT).

_DIALECT = {
    "postgresql": {
        "days": "({a} - {b})",
        "least": "LEAST({a}, {b})",
        "greatest": "GREATEST({a}, {b})",
        "yyyymmdd": "CAST(to_char({d}, 'YYYYMMDD') AS integer)",
    },
    "sqlite": {
        "days": "CAST(julianday({a}) - julianday({b}) AS INTEGER)",
        "least": "MIN({a}, {b})",
        "greatest": "MAX({a}, {b})",
        "yyyymmdd": "CAST(strftime('%%Y%%m%%d', {d}) AS INTEGER)",
    },
}

_SERVED_PATHWAYS = (
    "SELECT participant_id, start_date FROM participants_pathway"
    " WHERE status <> 'planned' AND start_date <= %(end)s"
    " AND (actual_end_date IS NULL OR actual_end_date >= %(start)s)"
)


def _quoted(values) -> str:
    return ", ".join("'" + str(value).replace("'", "''") + "'" for value in values)


def _sums(column: str, values, prefix: str, condition: str = "1 = 1") -> str:
    return ",\n    ".join(
        f"SUM(CASE WHEN {condition} AND {column} = '{value}' THEN 1 ELSE 0 END) AS {prefix}__{value or 'blank'}"
        for value in values
    )


def report_sql_statements() -> dict[str, str]:
    """{section: SQL} for the current database vendor."""
    from employers.models import EmployerKind
    from participants.choices import EMPLOYED_SITUATIONS, DropoutReason, Gender, IncomeSource, Schooling

    d = _DIALECT.get(connection.vendor, _DIALECT["postgresql"])
    overlap = d["days"].format(
        a=d["least"].format(a="COALESCE(actual_end_date, %(cap)s)", b="%(end)s"),
        b=d["greatest"].format(a="start_date", b="%(start)s"),
    )
    age_key = f"{d['yyyymmdd'].format(d='s.start_date')} - {d['yyyymmdd'].format(d='pp.birth_date')}"
    bands = {
        "band_16_24": "age_key < 250000",
        "band_25_35": "age_key >= 250000 AND age_key < 360000",
        "band_36_54": "age_key >= 360000 AND age_key < 550000",
        "band_55": "age_key >= 550000",
    }
    band_counts = ", ".join(
        f"COUNT(DISTINCT CASE WHEN birth_date IS NOT NULL AND {condition} THEN participant_id END) AS {name}"
        for name, condition in bands.items()
    )
    # Only constants of this module and the models' choice values are formatted into the SQL.
    return {
        "pathways": f"""
WITH year_pathways AS (
    SELECT participant_id, start_date, actual_end_date, status, exit_outcome, dropout_reason,
           CASE WHEN status IN ('completed', 'dropped_out')
                 AND actual_end_date BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END AS is_exit
    FROM participants_pathway
    WHERE start_date <= %(end)s AND (actual_end_date IS NULL OR actual_end_date >= %(start)s)
)
SELECT
    COUNT(DISTINCT CASE WHEN status <> 'planned' THEN participant_id END) AS participants_served,
    SUM(CASE WHEN status <> 'planned' AND start_date >= %(start)s THEN 1 ELSE 0 END) AS new_starts,
    SUM(is_exit) AS exits,
    SUM(CASE WHEN is_exit = 1 AND status = 'completed' THEN 1 ELSE 0 END) AS completions,
    SUM(CASE WHEN is_exit = 1 AND status = 'dropped_out' THEN 1 ELSE 0 END) AS dropouts,
    SUM(CASE WHEN is_exit = 1 THEN {d["days"].format(a="actual_end_date", b="start_date")} END) AS length_days,
    SUM(CASE WHEN status <> 'planned' AND start_date <= %(cap)s THEN {overlap} + 1 END) AS participation_days,
    {_sums("exit_outcome", ["job", "school", "job_search", "other"], "outcome", "is_exit = 1")},
    {_sums("dropout_reason", [*DropoutReason.values, ""], "reason", "is_exit = 1 AND status = 'dropped_out'")}
FROM year_pathways
""",
        "retention": f"""
SELECT f.months_after,
       COUNT(*) AS recorded,
       SUM(CASE WHEN f.situation IN ({_quoted(EMPLOYED_SITUATIONS)}) THEN 1 ELSE 0 END) AS employed,
       SUM(CASE WHEN f.situation = 'unreachable' THEN 1 ELSE 0 END) AS unreachable
FROM participants_postpathwayfollowup f
JOIN participants_pathway p ON p.id = f.pathway_id
WHERE p.status IN ('completed', 'dropped_out') AND p.exit_outcome = 'job'
  AND p.actual_end_date BETWEEN %(start)s AND %(end)s AND f.situation <> ''
GROUP BY f.months_after ORDER BY f.months_after
""",
        "profile": f"""
WITH served AS ({_SERVED_PATHWAYS}),
ages AS (
    SELECT s.participant_id, pp.birth_date, {age_key} AS age_key
    FROM served s JOIN participants_participant pp ON pp.id = s.participant_id
)
SELECT * FROM (
    SELECT COUNT(DISTINCT participant_id) AS total,
           {band_counts},
           COUNT(DISTINCT CASE WHEN birth_date IS NULL THEN participant_id END) AS band_unknown
    FROM ages
) a CROSS JOIN (
    SELECT SUM(CASE WHEN is_immigrant THEN 1 ELSE 0 END) AS immigrants,
    {_sums("gender", [*Gender.values, ""], "gender")},
    {_sums("schooling_at_intake", [*Schooling.values, ""], "schooling")},
    {_sums("income_source_at_intake", [*IncomeSource.values, ""], "income_source")}
    FROM participants_participant WHERE id IN (SELECT participant_id FROM served)
) p
""",
        "barriers": f"""
SELECT b.code, COUNT(*) AS n
FROM participants_participant_barriers pb JOIN participants_barrier b ON b.id = pb.barrier_id
WHERE pb.participant_id IN (SELECT participant_id FROM ({_SERVED_PATHWAYS}) served)
GROUP BY b.code ORDER BY b.code
""",
        "activity": f"""
SELECT * FROM (
    SELECT
        (SELECT COUNT(*) FROM participants_followup WHERE met_on BETWEEN %(start)s AND %(end)s) AS follow_ups,
        (SELECT COUNT(*) FROM participants_evaluation WHERE evaluated_on BETWEEN %(start)s AND %(end)s)
            AS evaluations,
        (SELECT COUNT(*) FROM participants_groupsession WHERE held_on BETWEEN %(start)s AND %(end)s)
            AS group_sessions,
        (SELECT COUNT(*) FROM participants_internship WHERE start_date BETWEEN %(start)s AND %(end)s)
            AS internships,
        (SELECT COUNT(*) FROM participants_internship WHERE start_date BETWEEN %(start)s AND %(end)s
            AND led_to_hire) AS internships_led_to_hire,
        (SELECT COUNT(*) FROM enterprises_fundingagreement WHERE fiscal_year = %(year)s) AS agreements,
        (SELECT SUM(participant_places) FROM enterprises_fundingagreement WHERE fiscal_year = %(year)s)
            AS places,
        (SELECT SUM(participant_places * target_integration_rate) FROM enterprises_fundingagreement
            WHERE fiscal_year = %(year)s) AS weighted_target
) counts CROSS JOIN (
    SELECT COUNT(*) AS group_attendances, COUNT(DISTINCT a.participant_id) AS group_attendees
    FROM participants_groupattendance a JOIN participants_groupsession s ON s.id = a.session_id
    WHERE s.held_on BETWEEN %(start)s AND %(end)s AND a.present
) attendance CROSS JOIN (
    SELECT {_sums("e.kind", EmployerKind.values, "referrals")},
    {_sums("e.kind", EmployerKind.values, "hired_referrals", "r.status = 'hired'")}
    FROM employers_referral r JOIN employers_jobopening o ON o.id = r.opening_id
    JOIN employers_employer e ON e.id = o.employer_id
    WHERE r.proposed_at >= %(day_start)s AND r.proposed_at < %(day_end)s
) referrals CROSS JOIN (
    SELECT {_sums("e.kind", EmployerKind.values, "hires")}
    FROM employers_placement h JOIN employers_employer e ON e.id = h.employer_id
    WHERE h.start_date BETWEEN %(start)s AND %(end)s
) hires
""",
    }


def _report_params(fiscal_year: FiscalYear) -> dict:
    from datetime import datetime, timedelta
    from datetime import time as day_time

    from django.utils import timezone

    zone = timezone.get_current_timezone()
    day_start = timezone.make_aware(datetime.combine(fiscal_year.start, day_time.min), zone)
    day_end = timezone.make_aware(datetime.combine(fiscal_year.end + timedelta(days=1), day_time.min), zone)
    ops = connection.ops
    return {
        "start": ops.adapt_datefield_value(fiscal_year.start),
        "end": ops.adapt_datefield_value(fiscal_year.end),
        "cap": ops.adapt_datefield_value(min(fiscal_year.end, timezone.localdate())),
        "year": fiscal_year.start_year,
        "day_start": ops.adapt_datetimefield_value(day_start),
        "day_end": ops.adapt_datetimefield_value(day_end),
    }


def _rows(cursor, sql: str, params: dict) -> list[dict]:
    cursor.execute(sql, params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _ratio(numerator, denominator):
    if not denominator:
        return None
    return float((Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), rounding="ROUND_HALF_UP"))


def _weeks_of(days, count=1):
    if not days or not count:
        return 0.0
    return float((Decimal(days) / Decimal(count) / Decimal(7)).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP"))


def network_report_sql(fiscal_year: FiscalYear, timings: dict | None = None) -> dict:
    """The network's report for one fiscal year by hand-written SQL, in the shape compute_indicators
    returns (the same keys for the same figures). `timings`, if given, receives seconds per statement."""
    from django.conf import settings

    from employers.models import EmployerKind
    from participants.choices import DropoutReason, Gender, IncomeSource, Schooling

    params = _report_params(fiscal_year)
    rows = {}
    with connection.cursor() as cursor:
        for section, sql in report_sql_statements().items():
            started = time.perf_counter()
            rows[section] = _rows(cursor, sql, params)
            if timings is not None:
                timings[section] = time.perf_counter() - started
    core, profile, activity = rows["pathways"][0], rows["profile"][0], rows["activity"][0]
    number = lambda value: int(value or 0)  # noqa: E731 - SUM over no row is NULL
    exits = number(core["exits"])
    outcomes = {kind: number(core[f"outcome__{kind}"]) for kind in ("job", "school", "job_search", "other")}
    outcomes["unknown"] = exits - sum(outcomes.values())
    reasons = {reason or "unknown": number(core[f"reason__{reason or 'blank'}"]) for reason in DropoutReason.values}
    if number(core["reason__blank"]):
        reasons["unknown"] = reasons.get("unknown", 0) + number(core["reason__blank"])
    integration = _ratio(outcomes["job"] + outcomes["school"], exits)
    by_month = {row["months_after"]: row for row in rows["retention"]}
    retention = []
    for months in sorted(set(settings.CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS) | set(by_month)):
        row = by_month.get(months, {})
        recorded, employed, unreachable = (number(row.get(k)) for k in ("recorded", "employed", "unreachable"))
        retention.append(
            {
                "months_after": months,
                "job_exits": outcomes["job"],
                "recorded": recorded,
                "employed": employed,
                "unreachable": unreachable,
                "employed_share": _ratio(employed, recorded),
                "unreachable_share": _ratio(unreachable, recorded),
            }
        )
    total = number(profile["total"])
    bands = {
        "16-24": number(profile["band_16_24"]),
        "25-35": number(profile["band_25_35"]),
        "36-54": number(profile["band_36_54"]),
        "55+": number(profile["band_55"]),
        "unknown": number(profile["band_unknown"]),
    }

    def grouped(prefix, choices):
        counts = {choice: number(profile[f"{prefix}__{choice}"]) for choice in choices}
        if number(profile[f"{prefix}__blank"]):
            counts["unknown"] = counts.get("unknown", 0) + number(profile[f"{prefix}__blank"])
        return counts

    schooling = grouped("schooling", Schooling.values)
    immigrants = number(profile["immigrants"])
    by_kind = {
        kind: {
            "referrals": number(activity[f"referrals__{kind}"]),
            "hired_referrals": number(activity[f"hired_referrals__{kind}"]),
            "hires": number(activity[f"hires__{kind}"]),
        }
        for kind in EmployerKind.values
    }
    places = number(activity["places"])
    agreements = number(activity["agreements"])
    target = _ratio(Decimal(str(activity["weighted_target"] or 0)), places) if places else None
    served = number(core["participants_served"])
    return {
        "participants_served": served,
        "new_starts": number(core["new_starts"]),
        "exits": exits,
        "completions": number(core["completions"]),
        "dropouts": number(core["dropouts"]),
        "dropout_reasons": reasons,
        "average_pathway_weeks": _weeks_of(core["length_days"], exits) if exits else None,
        "participation_weeks": _weeks_of(core["participation_days"]),
        "outcomes": outcomes,
        "integration_rate": integration,
        "retention": retention,
        "profile": {
            "total": total,
            "age_bands": bands,
            "youth_16_35": bands["16-24"] + bands["25-35"],
            "youth_16_35_share": _ratio(bands["16-24"] + bands["25-35"], total - bands["unknown"]),
            "gender": grouped("gender", Gender.values),
            "schooling": schooling,
            "no_secondary_diploma": schooling["no_secondary"],
            "no_secondary_diploma_share": _ratio(schooling["no_secondary"], total),
            "income_source": grouped("income_source", IncomeSource.values),
            "barriers": {row["code"]: number(row["n"]) for row in rows["barriers"]},
            "immigrants": immigrants,
            "immigrants_share": _ratio(immigrants, total),
        },
        "activity": {
            "follow_ups": number(activity["follow_ups"]),
            "group_sessions": number(activity["group_sessions"]),
            "group_attendances": number(activity["group_attendances"]),
            "group_attendees": number(activity["group_attendees"]),
            "evaluations": number(activity["evaluations"]),
            "internships": number(activity["internships"]),
            "internships_led_to_hire": number(activity["internships_led_to_hire"]),
            "referrals": sum(k["referrals"] for k in by_kind.values()),
            "hires": sum(k["hires"] for k in by_kind.values()),
            "by_employer_kind": by_kind,
        },
        "agreement": {
            "agreements": agreements,
            "participant_places": places if agreements else None,
            "participants_served": served,
            "places_gap": served - places if agreements else None,
            "fill_rate": _ratio(served, places),
            "target_integration_rate": target,
            "integration_rate": integration,
        },
    }


def compare_reports(sql_report: dict, indicators) -> dict:
    """Every number of the hand-written report against the same path in compute_indicators'."""
    expected = flatten_figures(sql_report)
    found = flatten_figures(indicators)
    differing, missing = [], []
    for path, value in expected.items():
        other = found.get(path)
        if other is None:
            if value:
                missing.append(path)
            continue
        if isinstance(value, float) or isinstance(other, float | Decimal):
            same = abs(float(value) - float(other)) < 0.00051
        else:
            same = int(value) == int(other)
        if not same:
            differing.append({"path": path, "sql": _plain(value), "indicators": _plain(other)})
    compared = len(expected) - len(missing)
    if differing or missing:
        verdict = f"DIFFER on {len(differing) + len(missing)} of {len(expected)} figures: " + ", ".join(
            [row["path"] for row in differing] + [f"{path} (absent)" for path in missing]
        )
    else:
        verdict = f"agree ({compared} figures compared)"
    return {"verdict": verdict, "agree": not differing and not missing, "compared": compared, "differing": differing}


REPORT_SECTIONS = ("pathways", "retention", "profile", "activity")


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
            f" vs hand-written SQL of the same report ({indicators.get('sql_statements')} statements)"
            f" {format_ms(indicators['sql_median_ms'])} ms → ratio {indicators['ratio']:.2f} (goal ≤ 2)"
            f" — report {indicators['report_comparison']['verdict']}"
        )
        breakdown = indicators.get("breakdown") or {}
        for section, row in (indicators.get("sections") or {}).items():
            ratio = f"{row['orm_ms'] / row['sql_ms']:.2f}" if row["sql_ms"] else "—"
            lines.append(
                f"  section {section}: ORM {row['orm_queries']} queries {format_ms(row['orm_ms'])} ms (database time)"
                f" vs hand-written {format_ms(row['sql_ms'])} ms → {ratio}"
            )
        if breakdown:
            core_ratio = indicators.get("core_ratio")
            lines.append(
                f"  core figures alone: the ORM's core query {format_ms(breakdown['core_query_ms'])} ms vs the"
                f" hand-written statement {format_ms(indicators['core_sql_median_ms'])} ms"
                + (f" → {core_ratio:.2f}" if core_ratio is not None else "")
                + f" — figures {indicators['comparison']['verdict']}"
            )
            slowest = breakdown["slowest"][0] if breakdown["slowest"] else None
            lines.append(
                f"  compute_indicators ran {breakdown['queries']} queries, {format_ms(breakdown['database_ms'])} ms"
                f" in the database"
                + (f"; slowest {format_ms(slowest['ms'])} ms: {slowest['sql'][:90]}…" if slowest else "")
            )
    else:
        lines.append(
            f"Network indicators {label}: {NOT_AVAILABLE} ({indicators.get('error', '')});"
            f" hand-written SQL alone {format_ms(indicators['sql_median_ms'])} ms"
            f" (core figures {format_ms(indicators.get('core_sql_median_ms'))} ms)"
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
            "Index study (median of 20 runs of the query; an index in the schema is timed with it, then"
            " dropped in a rolled-back transaction; a candidate is created, timed, dropped):",
            "",
            "| index | in schema | used by | without ms | with ms | speed-up | plan with |",
            "|---|---|---|---:|---:|---:|---|",
        ]
        for row in results["index_study"]:
            lines.append(
                f"| `{row['index']}` | {'yes' if row.get('in_schema') else 'no'} | {row['used_by']}"
                f" | {format_ms(row['before_ms'])} | {format_ms(row['after_ms'])} | ×{row['speedup']}"
                f" | {row['plan_after']} |"
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
    existing: str = ""  # the index already in the schema (a migration), if the candidate was adopted


INDEX_CANDIDATES = [
    IndexCandidate(
        "followup_met_on",
        "participants_followup",
        "(met_on)",
        'FollowUp: models.Index(fields=["met_on"])',
        "activity indicators (follow-ups in a fiscal year), network and region scopes",
        "SELECT COUNT(*), COUNT(DISTINCT participant_id) FROM participants_followup"
        " WHERE met_on BETWEEN %(start)s AND %(end)s",
        existing="follow_up_met_on",
    ),
    IndexCandidate(
        "evaluation_evaluated_on",
        "participants_evaluation",
        "(evaluated_on)",
        'Evaluation: models.Index(fields=["evaluated_on"])',
        "activity indicators (evaluations in a fiscal year)",
        "SELECT COUNT(*) FROM participants_evaluation WHERE evaluated_on BETWEEN %(start)s AND %(end)s",
        existing="evaluation_evaluated_on",
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
        existing="post_follow_up_open_due",
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
        existing="post_follow_up_open_due",
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


def _index_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
    return cursor.fetchone() is not None


def _measure_candidate(cursor, candidate: IndexCandidate, params: dict, repeat: int) -> dict:
    """Before/after of a candidate not in the schema: create it, analyse, time, drop it again."""
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
    return {"before": before, "after": after, "plan_before": before_plan, "plan_after": after_plan, "mode": "created"}


def _measure_existing(cursor, candidate: IndexCandidate, params: dict, repeat: int) -> dict:
    """Before/after of an index the schema has: time with it, then drop it inside a transaction,
    time without it, and roll back (PostgreSQL DDL is transactional: the index is never lost)."""
    after_plan = _plan(cursor, candidate.query, params)
    after = _median_seconds(cursor, candidate.query, params, repeat)
    with transaction.atomic():
        cursor.execute(f"DROP INDEX {candidate.existing}")
        before_plan = _plan(cursor, candidate.query, params)
        before = _median_seconds(cursor, candidate.query, params, repeat)
        transaction.set_rollback(True)
    return {"before": before, "after": after, "plan_before": before_plan, "plan_after": after_plan, "mode": "in schema"}


def index_study(params: dict, repeat: int = 20) -> list[dict]:
    """Before/after timings of each candidate index on the current data (PostgreSQL only).
    A candidate not in the schema is created, timed and dropped; one a migration added already
    (`existing`) is timed as it is, then without it (dropped in a rolled-back transaction)."""
    rows = []
    with connection.cursor() as cursor:
        for candidate in INDEX_CANDIDATES:
            if candidate.existing and _index_exists(cursor, candidate.existing):
                measured = _measure_existing(cursor, candidate, params, repeat)
            else:
                measured = _measure_candidate(cursor, candidate, params, repeat)
            before, after = measured["before"], measured["after"]
            rows.append(
                {
                    "candidate": candidate.name,
                    "index": f"{candidate.table} {candidate.columns}",
                    "proposal": candidate.proposal,
                    "used_by": candidate.used_by,
                    "in_schema": measured["mode"] == "in schema",
                    "before_ms": round(before * 1000, 2),
                    "after_ms": round(after * 1000, 2),
                    "speedup": round(before / after, 1) if after else None,
                    "plan_before": measured["plan_before"],
                    "plan_after": measured["plan_after"],
                }
            )
    return rows


def index_study_lines(rows: list[dict]) -> list[str]:
    table = [["candidate index", "before ms", "after ms", "speed-up", "plan after"]]
    for row in rows:
        table.append(
            [
                row["index"] + (" [in schema]" if row.get("in_schema") else ""),
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
