# ruff: noqa: S608 - the hand-written SQL formats in only this module's constants and choice values
"""The hand-written SQL baseline of the network indicators (docs/performance.md).

`network_figures_sql` computes the core figures in one statement; `network_report_sql` computes the
whole report `reporting.indicators.compute_indicators` returns for the network — the same keys for
the same figures — in five statements, one per section (pathways, retention, profile, barriers,
activity with agreements), each shaped the way one would write it without the ORM: one pass of
conditional sums per table, the people served deduplicated once. Choice lists are expanded into
the SQL (as anyone writing it would type them). Portable: PostgreSQL and SQLite (only the date
arithmetic differs, see _DIALECT).
"""

import time
from datetime import datetime, timedelta
from datetime import time as day_time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from ceiq.core.fiscal import FiscalYear
from employers.models import EmployerKind
from participants.choices import EMPLOYED_SITUATIONS, DropoutReason, Gender, IncomeSource, PathwayStatus, Schooling

Row = dict[str, Any]

# The pathway statuses the statements compare with, passed as parameters (declared once in
# participants.choices).
STATUS_PARAMS: dict[str, str] = {f"status_{status.value}": status.value for status in PathwayStatus}

# --------------------------------------------------------------------------------------------
# The core figures in one statement
# --------------------------------------------------------------------------------------------

# One statement over participants_pathway, portable (PostgreSQL and SQLite: CASE rather than FILTER).
# Served: a pathway (not merely planned) active on at least one day of the year. Exits: completed or
# dropped out with an end date in the year. Integration rate = (job + return to school) ÷ exits.
NETWORK_FIGURES_SQL = """
WITH year_pathways AS (
    SELECT participant_id, start_date, actual_end_date, status, exit_outcome,
           CASE WHEN status IN (%(status_completed)s, %(status_dropped_out)s)
                 AND actual_end_date BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END AS is_exit
    FROM participants_pathway
    WHERE status <> %(status_planned)s
      AND start_date <= %(end)s
      AND (actual_end_date IS NULL OR actual_end_date >= %(start)s)
)
SELECT
    COUNT(DISTINCT participant_id) AS participants_served,
    SUM(CASE WHEN start_date BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END) AS new_starts,
    SUM(is_exit) AS exits,
    SUM(CASE WHEN is_exit = 1 AND status = %(status_completed)s THEN 1 ELSE 0 END) AS completions,
    SUM(CASE WHEN is_exit = 1 AND status = %(status_dropped_out)s THEN 1 ELSE 0 END) AS dropouts,
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


def network_figures_sql(fiscal_year: FiscalYear) -> dict[str, int | float | None]:
    """The core network figures for one fiscal year in one hand-written query."""
    with connection.cursor() as cursor:
        cursor.execute(NETWORK_FIGURES_SQL, {"start": fiscal_year.start, "end": fiscal_year.end, **STATUS_PARAMS})
        columns = [column[0] for column in cursor.description]
        row = cursor.fetchone()
    figures: dict[str, int | float | None] = {}
    for name, value in zip(columns, row, strict=True):
        if name == "integration_rate":
            figures[name] = None if value is None else float(value)
        else:
            figures[name] = int(value or 0)
    return figures


# --------------------------------------------------------------------------------------------
# The whole report in five statements
# --------------------------------------------------------------------------------------------

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

# Served: started by the year's end, or by today for the current year (%(cap)s).
_SERVED_PATHWAYS = (
    "SELECT participant_id, start_date FROM participants_pathway"
    " WHERE status <> %(status_planned)s AND start_date <= %(cap)s"
    " AND (actual_end_date IS NULL OR actual_end_date >= %(start)s)"
)


def _quoted(values: Any) -> str:
    return ", ".join("'" + str(value).replace("'", "''") + "'" for value in values)


def _sums(column: str, values: Any, prefix: str, condition: str = "1 = 1") -> str:
    return ",\n    ".join(
        f"SUM(CASE WHEN {condition} AND {column} = '{value}' THEN 1 ELSE 0 END) AS {prefix}__{value or 'blank'}"
        for value in values
    )


def report_sql_statements() -> dict[str, str]:
    """{section: SQL} for the current database vendor."""
    d = _DIALECT.get(connection.vendor, _DIALECT["postgresql"])
    overlap = d["days"].format(
        a=d["least"].format(a="COALESCE(actual_end_date, %(cap)s)", b="%(end)s"),
        b=d["greatest"].format(a="start_date", b="%(start)s"),
    )
    age_key = f"{d['yyyymmdd'].format(d='f.first_start')} - {d['yyyymmdd'].format(d='pp.birth_date')}"
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
    # Exits to a job whose follow-up at m months is due (the date has passed) or already recorded.
    due_counts = ",\n    ".join(
        f"SUM(CASE WHEN is_exit = 1 AND exit_outcome = 'job' AND (actual_end_date <= %(due_{months})s"
        " OR EXISTS (SELECT 1 FROM participants_postpathwayfollowup f WHERE f.pathway_id = year_pathways.id"
        f" AND f.months_after = {int(months)} AND f.situation <> '')) THEN 1 ELSE 0 END) AS due_{months}"
        for months in settings.CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS
    )
    # Only constants of this module and the models' choice values are formatted into the SQL.
    return {
        "pathways": f"""
WITH year_pathways AS (
    SELECT id, participant_id, start_date, actual_end_date, status, exit_outcome, dropout_reason,
           CASE WHEN status IN (%(status_completed)s, %(status_dropped_out)s)
                 AND actual_end_date BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END AS is_exit
    FROM participants_pathway
    WHERE start_date <= %(end)s AND (actual_end_date IS NULL OR actual_end_date >= %(start)s)
)
SELECT
    COUNT(DISTINCT CASE WHEN status <> %(status_planned)s AND start_date <= %(cap)s THEN participant_id END)
        AS participants_served,
    SUM(CASE WHEN status <> %(status_planned)s AND start_date BETWEEN %(start)s AND %(cap)s THEN 1 ELSE 0 END)
        AS new_starts,
    SUM(is_exit) AS exits,
    SUM(CASE WHEN is_exit = 1 AND status = %(status_completed)s THEN 1 ELSE 0 END) AS completions,
    SUM(CASE WHEN is_exit = 1 AND status = %(status_dropped_out)s THEN 1 ELSE 0 END) AS dropouts,
    SUM(CASE WHEN is_exit = 1 THEN {d["days"].format(a="actual_end_date", b="start_date")} END) AS length_days,
    SUM(CASE WHEN status <> %(status_planned)s AND start_date <= %(cap)s THEN {overlap} + 1 END) AS participation_days,
    {_sums("exit_outcome", ["job", "school", "job_search", "other"], "outcome", "is_exit = 1")},
    {_sums("dropout_reason", [*DropoutReason.values, ""], "reason", "is_exit = 1 AND status = %(status_dropped_out)s")},
    {due_counts}
FROM year_pathways
""",
        "retention": f"""
SELECT f.months_after,
       COUNT(*) AS recorded,
       SUM(CASE WHEN f.situation IN ({_quoted(EMPLOYED_SITUATIONS)}) THEN 1 ELSE 0 END) AS employed,
       SUM(CASE WHEN f.situation = 'unreachable' THEN 1 ELSE 0 END) AS unreachable
FROM participants_postpathwayfollowup f
JOIN participants_pathway p ON p.id = f.pathway_id
WHERE p.status IN (%(status_completed)s, %(status_dropped_out)s) AND p.exit_outcome = 'job'
  AND p.actual_end_date BETWEEN %(start)s AND %(end)s AND f.situation <> ''
GROUP BY f.months_after ORDER BY f.months_after
""",
        "profile": f"""
WITH served AS ({_SERVED_PATHWAYS}),
first_starts AS (SELECT participant_id, MIN(start_date) AS first_start FROM served GROUP BY participant_id),
ages AS (
    SELECT f.participant_id, pp.birth_date, {age_key} AS age_key
    FROM first_starts f JOIN participants_participant pp ON pp.id = f.participant_id
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


def report_params(fiscal_year: FiscalYear) -> dict[str, Any]:
    """The statements' parameters, adapted for the database (dates, aware datetimes of the year)."""
    zone = timezone.get_current_timezone()
    day_start = timezone.make_aware(datetime.combine(fiscal_year.start, day_time.min), zone)
    day_end = timezone.make_aware(datetime.combine(fiscal_year.end + timedelta(days=1), day_time.min), zone)
    ops = connection.ops
    return {
        "start": ops.adapt_datefield_value(fiscal_year.start),
        "end": ops.adapt_datefield_value(fiscal_year.end),
        "cap": ops.adapt_datefield_value(min(fiscal_year.end, timezone.localdate())),
        **{
            f"due_{months}": ops.adapt_datefield_value(timezone.localdate() - relativedelta(months=months))
            for months in settings.CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS
        },
        "year": fiscal_year.start_year,
        "day_start": ops.adapt_datetimefield_value(day_start),
        "day_end": ops.adapt_datetimefield_value(day_end),
        **STATUS_PARAMS,
    }


def _rows(cursor: CursorWrapper, sql: str, params: dict[str, Any]) -> list[Row]:
    cursor.execute(sql, params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _number(value: Any) -> int:
    return int(value or 0)  # SUM over no row is NULL


def _ratio(numerator: Any, denominator: Any) -> float | None:
    if not denominator:
        return None
    return float((Decimal(numerator) / Decimal(denominator)).quantize(Decimal("1e-10"), rounding=ROUND_HALF_UP))


def _weeks_of(days: Any, count: int = 1) -> float:
    if not days or not count:
        return 0.0
    return float((Decimal(days) / Decimal(count) / Decimal(7)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _with_blank_as_unknown(row: Row, prefix: str, choices: list[str]) -> dict[str, int]:
    """Counts by choice; a blank value counts as unknown (as compute_indicators does)."""
    counts = {choice: _number(row[f"{prefix}__{choice}"]) for choice in choices}
    if _number(row[f"{prefix}__blank"]):
        counts["unknown"] = counts.get("unknown", 0) + _number(row[f"{prefix}__blank"])
    return counts


def _pathway_figures(core: Row) -> dict[str, Any]:
    exits = _number(core["exits"])
    outcomes = {kind: _number(core[f"outcome__{kind}"]) for kind in ("job", "school", "job_search", "other")}
    outcomes["unknown"] = exits - sum(outcomes.values())
    # compute_indicators groups the drop-outs by reason: only the reasons that occur are keys.
    reasons = {
        reason: count for reason, count in _with_blank_as_unknown(core, "reason", DropoutReason.values).items() if count
    }
    return {
        "participants_served": _number(core["participants_served"]),
        "new_starts": _number(core["new_starts"]),
        "exits": exits,
        "completions": _number(core["completions"]),
        "dropouts": _number(core["dropouts"]),
        "dropout_reasons": reasons,
        "average_pathway_weeks": _weeks_of(core["length_days"], exits) if exits else None,
        "participation_weeks": _weeks_of(core["participation_days"]),
        "outcomes": outcomes,
        "integration_rate": _ratio(outcomes["job"] + outcomes["school"], exits),
    }


def _retention(rows: list[Row], job_exits: int, core: Row) -> list[dict[str, Any]]:
    by_month = {row["months_after"]: row for row in rows}
    retention = []
    for months in sorted(set(settings.CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS) | set(by_month)):
        row = by_month.get(months, {})
        recorded, employed, unreachable = (_number(row.get(k)) for k in ("recorded", "employed", "unreachable"))
        due = _number(core.get(f"due_{months}"))
        retention.append(
            {
                "months_after": months,
                "job_exits": job_exits,
                "due": due,
                "recorded": recorded,
                "not_recorded": due - recorded,
                "employed": employed,
                "unreachable": unreachable,
                "recorded_share": _ratio(recorded, due),
                "employed_share": _ratio(employed, recorded),
                "employed_share_of_due": _ratio(employed, due),
                "unreachable_share": _ratio(unreachable, recorded),
            }
        )
    return retention


def _profile(profile: Row, barrier_rows: list[Row]) -> dict[str, Any]:
    total = _number(profile["total"])
    bands = {
        "16-24": _number(profile["band_16_24"]),
        "25-35": _number(profile["band_25_35"]),
        "36-54": _number(profile["band_36_54"]),
        "55+": _number(profile["band_55"]),
        "unknown": _number(profile["band_unknown"]),
    }
    schooling = _with_blank_as_unknown(profile, "schooling", Schooling.values)
    immigrants = _number(profile["immigrants"])
    return {
        "total": total,
        "age_bands": bands,
        "youth_16_35": bands["16-24"] + bands["25-35"],
        "youth_16_35_share": _ratio(bands["16-24"] + bands["25-35"], total - bands["unknown"]),
        "gender": _with_blank_as_unknown(profile, "gender", Gender.values),
        "schooling": schooling,
        "no_secondary_diploma": schooling["no_secondary"],
        "no_secondary_diploma_share": _ratio(schooling["no_secondary"], total),
        "income_source": _with_blank_as_unknown(profile, "income_source", IncomeSource.values),
        "barriers": {row["code"]: _number(row["n"]) for row in barrier_rows},
        "immigrants": immigrants,
        "immigrants_share": _ratio(immigrants, total),
    }


def _activity(activity: Row) -> dict[str, Any]:
    by_kind = {
        kind: {
            "referrals": _number(activity[f"referrals__{kind}"]),
            "hired_referrals": _number(activity[f"hired_referrals__{kind}"]),
            "hires": _number(activity[f"hires__{kind}"]),
        }
        for kind in EmployerKind.values
    }
    counts = (
        "follow_ups",
        "group_sessions",
        "group_attendances",
        "group_attendees",
        "evaluations",
        "internships",
        "internships_led_to_hire",
    )
    return {
        **{name: _number(activity[name]) for name in counts},
        "referrals": sum(kind["referrals"] for kind in by_kind.values()),
        "hires": sum(kind["hires"] for kind in by_kind.values()),
        "by_employer_kind": by_kind,
    }


def _agreement(activity: Row, served: int, integration: float | None) -> dict[str, Any]:
    places = _number(activity["places"])
    agreements = _number(activity["agreements"])
    target = _ratio(Decimal(str(activity["weighted_target"] or 0)), places) if places else None
    return {
        "agreements": agreements,
        "participant_places": places if agreements else None,
        "participants_served": served,
        "places_gap": served - places if agreements else None,
        "fill_rate": _ratio(served, places),
        "target_integration_rate": target,
        "integration_rate": integration,
        "integration_gap": (
            float(Decimal(str(integration)) - Decimal(str(target)))
            if integration is not None and target is not None
            else None
        ),
    }


def network_report_sql(fiscal_year: FiscalYear, timings: dict[str, float] | None = None) -> dict[str, Any]:
    """The network's report for one fiscal year by hand-written SQL, in the shape compute_indicators
    returns (the same keys for the same figures). `timings`, if given, receives seconds per statement."""
    params = report_params(fiscal_year)
    rows = {}
    with connection.cursor() as cursor:
        for section, sql in report_sql_statements().items():
            started = time.perf_counter()
            rows[section] = _rows(cursor, sql, params)
            if timings is not None:
                timings[section] = time.perf_counter() - started
    pathways = _pathway_figures(rows["pathways"][0])
    activity = rows["activity"][0]
    return {
        **pathways,
        "retention": _retention(rows["retention"], pathways["outcomes"]["job"], rows["pathways"][0]),
        "profile": _profile(rows["profile"][0], rows["barriers"]),
        "activity": _activity(activity),
        "agreement": _agreement(activity, pathways["participants_served"], pathways["integration_rate"]),
    }
