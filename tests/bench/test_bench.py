"""bench: runs on a tiny seed_scale network (on SQLite and on PostgreSQL: run the suite with and
without DATABASE_URL), writes its JSON, and reads compute_indicators at its real keys: a renamed
key fails here."""

import copy
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Q

from bench import indicators as bench_indicators
from bench.index_study import INDEX_CANDIDATES
from bench.indicators import (
    NOT_FIGURES,
    compare_core_figures,
    compare_reports,
    core_figures_of,
    figure_paths,
    figures_agree,
    report_section_of,
)
from bench.indicators_sql import network_figures_sql, network_report_sql
from bench.pdf import measure_pdf
from bench.seed.scale_rows import BENCH_ROLES
from bench.timing import percentile
from ceiq.core.fiscal import FiscalYear
from participants.models import Pathway
from reporting.indicators import compute_indicators

PAGE_NAMES = [
    "about",
    *["dashboard"] * len(BENCH_ROLES),
    "participants:list",
    "participants:pathway_list",
    "participants:detail",
    "employers:opening_list",
    "employers:matching",
    "employers:candidate_list",
    "reporting:report_page",
]


@pytest.fixture
def tiny_network(db):
    call_command(
        "seed_scale",
        *["--enterprises", "2", "--years", "2", "--participants-per-year", "40", "--employers", "20"],
        stdout=io.StringIO(),
    )


@pytest.fixture
def fiscal_year():
    return FiscalYear.current().previous


def run_bench(tmp_path, *extra):
    out = io.StringIO()
    output = tmp_path / "bench.json"
    call_command("bench", "--repeat", "2", "--indicator-repeat", "1", "--output", str(output), *extra, stdout=out)
    return json.loads(output.read_text(encoding="utf-8")), out.getvalue(), output


def test_bench_measures_every_page_the_indicators_and_the_pdf(tiny_network, tmp_path, fiscal_year):
    results, printed, output = run_bench(tmp_path)

    baseline = results["pages"][0]
    assert baseline["label"].startswith("baseline") and baseline["url"] == "/about/"
    assert baseline["status_code"] == 200
    assert baseline["ratio"] == 1.0 and baseline["median_ms"] > 0 and len(baseline["samples_ms"]) == 2
    assert baseline["queries"] >= 1
    dashboards = [page for page in results["pages"] if page["url_name"] == "dashboard"]
    assert {page["role"] for page in dashboards} == {
        "network",
        "director",
        "coordinator",
        "counsellor",
        "supervisor",
        "employer",
    }
    assert [page["url_name"] for page in results["pages"]] == PAGE_NAMES
    for page in results["pages"]:
        assert page["status_code"] == 200, page
        assert page["queries"] >= 1 and page["p95_ms"] >= page["median_ms"] > 0
        assert page["database_ms"] >= 0
    assert "baseline: about" in printed and "× baseline" in printed and "db ms" in printed
    summary = output.with_suffix(".md").read_text(encoding="utf-8")
    assert "| baseline: about |" in summary and "Machine:" in summary
    assert results["machine"]["nproc"] >= 1 and results["machine"]["database"]
    assert results["dataset"]["participants"] == results["dataset"]["pathways"] > 50

    indicators = results["indicators"]
    assert indicators["sql_figures"]["exits"] > 0
    assert indicators["median_ms"] > 0 and indicators["ratio"] > 0
    assert indicators["comparison"]["agree"], indicators["comparison"]
    assert indicators["comparison"]["verdict"] == "agree (11 figures compared)"
    assert indicators["report_comparison"]["agree"], indicators["report_comparison"]
    assert indicators["breakdown"]["queries"] > 1 and indicators["breakdown"]["core_query_ms"] is not None
    assert set(indicators["sections"]) == {"pathways", "retention", "profile", "activity"}
    assert results["pdf"] == {
        "method": "reporting.pdf.render_report_pdf",
        "fiscal_year": fiscal_year.start_year,
        "seconds": results["pdf"]["seconds"],
        "bytes": results["pdf"]["bytes"],
    }
    assert results["pdf"]["seconds"] > 0 and results["pdf"]["bytes"] > 1000
    assert "figures agree" in printed and "(goal < 15 s)" in printed


def test_bench_skips_the_pdf_when_asked(tiny_network, tmp_path, fiscal_year):
    results, printed, _output = run_bench(tmp_path, "--skip-pdf")
    assert results["pdf"] == {"skipped": True, "fiscal_year": fiscal_year.start_year}
    assert "skipped (--skip-pdf)" in printed


def test_the_network_pdf_is_a_real_pdf(tiny_network, fiscal_year):
    pdf = measure_pdf(fiscal_year)
    assert pdf["bytes"] > 1000 and pdf["seconds"] > 0


def test_hand_written_sql_matches_the_orm(tiny_network, fiscal_year):
    figures = network_figures_sql(fiscal_year)

    pathways = Pathway.objects.exclude(status="planned")
    served = pathways.served_between(fiscal_year.start, fiscal_year.end)
    exits = pathways.filter(
        status__in=["completed", "dropped_out"], actual_end_date__range=(fiscal_year.start, fiscal_year.end)
    )
    assert figures["participants_served"] == served.values("participant").distinct().count() > 0
    assert figures["new_starts"] == pathways.filter(start_date__range=(fiscal_year.start, fiscal_year.end)).count()
    assert figures["exits"] == exits.count() > 0
    assert figures["completions"] == exits.filter(status="completed").count()
    assert figures["dropouts"] == exits.filter(status="dropped_out").count()
    assert figures["outcome_job"] == exits.filter(exit_outcome="job").count()
    assert figures["outcome_unknown"] == exits.filter(Q(exit_outcome="") | Q(exit_outcome="unknown")).count()
    integrated = exits.filter(exit_outcome__in=["job", "school"]).count()
    assert figures["integration_rate"] == pytest.approx(integrated / exits.count())
    assert (
        sum(figures[f"outcome_{kind}"] for kind in ("job", "school", "job_search", "other", "unknown"))
        == (figures["exits"])
    )


def test_core_figures_are_read_at_their_keys_in_compute_indicators(tiny_network, fiscal_year):
    indicators = compute_indicators(fiscal_year=fiscal_year)
    sql_figures = network_figures_sql(fiscal_year)

    comparison = compare_core_figures(sql_figures, indicators)
    assert comparison["agree"], comparison
    assert comparison["verdict"] == "agree (11 figures compared)"
    assert core_figures_of(indicators)["outcome_job"] == indicators["outcomes"]["job"] == sql_figures["outcome_job"]

    wrong = copy.deepcopy(indicators)
    wrong["dropouts"] += 1
    assert compare_core_figures(sql_figures, wrong)["verdict"] == "DIFFER on dropouts"

    for keys in bench_indicators.CORE_FIGURE_KEYS.values():  # every key the core comparison reads
        renamed = copy.deepcopy(indicators)
        holder = renamed
        for key in keys[:-1]:
            holder = holder[key]
        holder[f"{keys[-1]}_renamed"] = holder.pop(keys[-1])
        with pytest.raises(KeyError):
            compare_core_figures(sql_figures, renamed)


def test_hand_written_report_gives_every_figure_of_compute_indicators(tiny_network, fiscal_year):
    """The indicator goal compares like with like: the hand-written SQL computes the whole report,
    and every one of its figures equals compute_indicators' at the same path, both ways."""
    timings = {}
    sql_report = network_report_sql(fiscal_year, timings)
    comparison = compare_reports(sql_report, compute_indicators(fiscal_year=fiscal_year))

    assert comparison["agree"], comparison
    assert comparison["missing"] == [] and comparison["uncovered"] == []
    assert comparison["compared"] > 80
    assert set(timings) == {"pathways", "retention", "profile", "barriers", "activity"}
    assert sql_report["exits"] > 0 and sql_report["profile"]["total"] == sql_report["participants_served"]
    assert sql_report["activity"]["follow_ups"] > 0


def test_a_renamed_indicator_key_fails_the_report_comparison(tiny_network, fiscal_year):
    """Every figure compute_indicators returns, renamed in turn, is reported absent (never skipped)."""
    indicators = compute_indicators(fiscal_year=fiscal_year)
    sql_report = network_report_sql(fiscal_year)
    paths = [path for path in figure_paths(indicators) if path.split(".")[0] not in NOT_FIGURES]
    assert len(paths) > 80
    for path in paths:
        renamed = copy.deepcopy(indicators)
        *parents, last = path.split(".")
        holder = renamed
        for key in parents:
            holder = holder[int(key)] if isinstance(holder, list) else holder[key]
        holder[f"{last}_renamed"] = holder.pop(last)

        comparison = compare_reports(sql_report, renamed)

        assert not comparison["agree"], path
        assert comparison["missing"] == [path]
        assert f"{path} (absent from compute_indicators)" in comparison["verdict"]
        assert comparison["uncovered"] == [f"{'.'.join(parents + [last])}_renamed"]


def test_report_comparison_names_a_differing_figure():
    sql_report = {"exits": 4, "profile": {"gender": {"woman": 2, "man": 0}}, "integration_rate": 0.5}
    same = {"exits": 4, "profile": {"gender": {"woman": 2, "man": 0}}, "integration_rate": 0.5001}
    assert compare_reports(sql_report, same)["agree"]
    other = {"exits": 4, "profile": {"gender": {"woman": 3, "man": 0}}, "integration_rate": 0.5}
    comparison = compare_reports(sql_report, other)
    assert not comparison["agree"] and "profile.gender.woman" in comparison["verdict"]
    without_zero = {"exits": 4, "profile": {"gender": {"woman": 2}}, "integration_rate": 0.5}
    comparison = compare_reports(sql_report, without_zero)
    assert not comparison["agree"] and "profile.gender.man (absent from compute_indicators)" in comparison["verdict"]
    assert compare_reports(sql_report, {**same, "fiscal_year": 2025, "computed_on": "2026-04-01"})["agree"]
    assert not compare_reports(sql_report, {**same, "new_figure": 1})["agree"]
    assert figures_agree(0.75, 0.75) and not figures_agree(0.75, 0.7502) and not figures_agree(None, 0)
    assert report_section_of('SELECT 1 FROM "participants_followup"') == "activity"
    assert report_section_of('SELECT 1 FROM "participants_postpathwayfollowup"') == "retention"
    assert report_section_of('SELECT 1 FROM "participants_participant_barriers"') == "profile"
    assert report_section_of('SELECT 1 FROM "participants_pathway"') == "pathways"


def test_percentile_is_the_nearest_rank():
    assert percentile([float(n) for n in range(1, 31)], 0.95) == 29.0


def test_index_study_creates_measures_and_drops_each_candidate(tiny_network, tmp_path):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL"):
            run_bench(tmp_path, "--skip-pdf", "--index-study")
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's open transaction holds deferred checks
    results, printed, _output = run_bench(tmp_path, "--skip-pdf", "--index-study")
    study = results["index_study"]
    assert [row["candidate"] for row in study] == [c.name for c in INDEX_CANDIDATES]
    assert all(row["before_ms"] > 0 and row["after_ms"] > 0 for row in study)
    assert "bench_candidate_followup_met_on" in study[0]["plan_after"] or study[0]["plan_after"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_indexes WHERE indexname LIKE 'bench_candidate_%%'")
        assert cursor.fetchone()[0] == 0  # every candidate dropped again
        cursor.execute("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'follow_up_met_on'")
        assert cursor.fetchone()[0] == 1  # the schema's index, dropped only inside a rolled-back savepoint
    assert study[0]["in_schema"] and not study[-1]["in_schema"]
    assert "candidate index" in printed
