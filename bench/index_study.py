# ruff: noqa: S608 - the statements format in only this module's constants
"""Index study (PostgreSQL, `manage.py bench --index-study`): each candidate index is timed with and
without it on the current data. Run it on a benchmark database, never on production: creating or
dropping an index locks its table for the seconds of the measurement."""

import statistics
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from bench.indicators_sql import NETWORK_FIGURES_SQL, STATUS_PARAMS
from ceiq.core.fiscal import FiscalYear
from enterprises.models import Enterprise

Params = dict[str, Any]


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
        " AND (p.status IN (%(status_active)s, %(status_suspended)s)"
        " OR (p.status = %(status_completed)s AND p.actual_end_date >= %(today)s - 365))"
        " AND EXISTS (SELECT 1 FROM participants_consent c WHERE c.participant_id = p.participant_id"
        " AND c.purpose = 'employer_sharing' AND c.withdrawn_at IS NULL)",
    ),
]


def _median_seconds(cursor: CursorWrapper, sql: str, params: Params, repeat: int) -> float:
    cursor.execute(sql, params)  # warm-up
    cursor.fetchall()
    samples = []
    for _round in range(repeat):
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _plan(cursor: CursorWrapper, sql: str, params: Params) -> str:
    cursor.execute("EXPLAIN (COSTS OFF) " + sql, params)
    lines = [row[0].strip() for row in cursor.fetchall()]
    scans = [line.lstrip("-> ").split("  ")[0] for line in lines if "Scan" in line]
    return "; ".join(scans) or lines[0]


def _index_exists(cursor: CursorWrapper, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
    return cursor.fetchone() is not None


def _measure_candidate(cursor: CursorWrapper, candidate: IndexCandidate, params: Params, repeat: int) -> Params:
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


def _measure_existing(cursor: CursorWrapper, candidate: IndexCandidate, params: Params, repeat: int) -> Params:
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


def index_study(params: Params, repeat: int = 20) -> list[Params]:
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


def index_study_params(fiscal_year: FiscalYear, enterprise: Enterprise) -> Params:
    """The candidates' query parameters: the year, today, and the bench enterprise, its region and first trade."""
    return {
        "start": fiscal_year.start,
        "end": fiscal_year.end,
        "today": timezone.localdate(),
        "enterprise": enterprise.pk,
        "region": enterprise.region_id,
        "trade": enterprise.trades.order_by("pk").values_list("pk", flat=True).first(),
        **STATUS_PARAMS,
    }
