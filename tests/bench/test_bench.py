"""bench: runs on a tiny seed_scale network (on SQLite and on PostgreSQL: run the suite with and
without DATABASE_URL) and writes its JSON, with the baseline row and n/a rows for missing pages."""

import io
import json
import sys
import types
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import get_resolver

from bench import benchmark
from ceiq.core.fiscal import FiscalYear
from participants.models import Pathway


def url_name_exists(name: str) -> bool:
    namespace, _sep, short_name = name.rpartition(":")
    resolver = get_resolver()
    if namespace:
        if namespace not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[namespace][1]
    return bool(resolver.reverse_dict.getlist(short_name))


@pytest.fixture
def tiny_network(db):
    call_command(
        "seed_scale",
        *["--enterprises", "2", "--years", "2", "--participants-per-year", "40", "--employers", "20"],
        stdout=io.StringIO(),
    )


def run_bench(tmp_path, *extra):
    out = io.StringIO()
    output = tmp_path / "bench.json"
    call_command("bench", "--repeat", "2", "--indicator-repeat", "1", "--output", str(output), *extra, stdout=out)
    return json.loads(output.read_text(encoding="utf-8")), out.getvalue(), output


def test_bench_writes_json_with_the_baseline_and_na_rows(tiny_network, tmp_path):
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
    for page in results["pages"]:
        if url_name_exists(page["url_name"]):
            assert page["available"], page
            assert page["status_code"] != 500, page
            assert page["queries"] is not None and page["p95_ms"] >= page["median_ms"] > 0
            assert page["database_ms"] >= 0
        elif page["url_name"] == "employers:candidate_list":
            assert page["note"] == "fallback: dashboard" and page["available"]
        else:
            assert not page["available"] and page["note"] == "n/a (not available)", page
            assert "median_ms" not in page
    assert "baseline: about" in printed and "× baseline" in printed and "db ms" in printed
    if not all(page["available"] for page in results["pages"]):
        assert "n/a (not available)" in printed
    summary = output.with_suffix(".md").read_text(encoding="utf-8")
    assert "| baseline: about |" in summary and "Machine:" in summary
    assert results["machine"]["nproc"] >= 1 and results["machine"]["database"]
    assert results["dataset"]["participants"] == results["dataset"]["pathways"] > 50
    assert results["indicators"]["sql_figures"]["exits"] > 0
    if results["indicators"].get("available"):  # once reporting.indicators is merged: same figures
        assert results["indicators"]["comparison"]["agree"], results["indicators"]["comparison"]


def test_hand_written_sql_matches_the_orm(tiny_network):
    fiscal_year = FiscalYear.current().previous
    figures = benchmark.network_figures_sql(fiscal_year)

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


@dataclass
class FakeIndicators:
    participants_served: int
    new_starts: int
    exits: int
    completions: int
    dropouts: int
    outcomes: list
    integration_rate: float


def test_bench_times_indicators_and_pdf_when_they_exist(tiny_network, tmp_path, monkeypatch):
    """Stand-ins for reporting.indicators and reporting.pdf (the real ones merge later) prove the
    comparison and the PDF timing paths; one figure is made wrong to prove a difference shows."""

    dropout_offset = {"value": 0}

    def compute_indicators(*, fiscal_year):
        sql = benchmark.network_figures_sql(fiscal_year)
        return FakeIndicators(
            participants_served=sql["participants_served"],
            new_starts=sql["new_starts"],
            exits=sql["exits"],
            completions=sql["completions"],
            dropouts=sql["dropouts"] + dropout_offset["value"],
            outcomes=[{"kind": kind, "count": sql[f"outcome_{kind}"]} for kind in ("job", "school")],
            integration_rate=round(sql["integration_rate"] * 100, 1),
        )

    indicators_module = types.ModuleType("reporting.indicators")
    indicators_module.compute_indicators = compute_indicators
    pdf_module = types.ModuleType("reporting.pdf")
    pdf_module.render_report_pdf = lambda indicators: b"%PDF-1.7 fake"
    monkeypatch.setitem(sys.modules, "reporting.indicators", indicators_module)
    monkeypatch.setitem(sys.modules, "reporting.pdf", pdf_module)
    monkeypatch.setattr("bench.management.commands.bench.get_commands", lambda: {})

    results, printed, _output = run_bench(tmp_path)

    indicators = results["indicators"]
    assert indicators["available"] and indicators["median_ms"] > 0 and indicators["ratio"] > 0
    assert indicators["comparison"]["agree"], indicators["comparison"]
    assert indicators["comparison"]["verdict"].startswith("agree (8/11")
    assert indicators["breakdown"]["queries"] == 1 and indicators["breakdown"]["core_query_ms"] is not None
    assert results["pdf"] == {
        "available": True,
        "method": "reporting.pdf.render_report_pdf",
        "seconds": results["pdf"]["seconds"],
        "bytes": 13,
        "fiscal_year": FiscalYear.current().previous.start_year,
    }
    assert "figures agree" in printed and "(goal < 15 s)" in printed

    dropout_offset["value"] = 1
    results, printed, _output = run_bench(tmp_path, "--skip-pdf")
    assert results["indicators"]["comparison"]["verdict"] == "DIFFER on dropouts"
    assert not results["pdf"]["available"]


def test_figures_are_found_in_nested_shapes():
    flat = benchmark.flatten_figures(
        {
            "activity": {"participants_served": {"value": 10}},
            "exits": {"total": 4, "by_reason": {"health": 1}},
            "outcomes_at_exit": {"job": 2, "school": 1},
            "integration_rate": 0.75,
        }
    )
    assert benchmark.find_figure(flat, "participants_served") == 10
    assert benchmark.find_figure(flat, "exits") == 4
    assert benchmark.find_figure(flat, "outcome_job") == 2
    assert benchmark.find_figure(flat, "new_starts") is None
    assert benchmark.figures_agree("integration_rate", 0.75, 75.0)
    assert not benchmark.figures_agree("integration_rate", 0.75, 0.70)
    assert benchmark.percentile([float(n) for n in range(1, 31)], 0.95) == 29.0


def test_index_study_creates_measures_and_drops_each_candidate(tiny_network, tmp_path):
    from django.core.management.base import CommandError
    from django.db import connection

    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL"):
            run_bench(tmp_path, "--skip-pdf", "--index-study")
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's open transaction holds deferred checks
    results, printed, _output = run_bench(tmp_path, "--skip-pdf", "--index-study")
    study = results["index_study"]
    assert [row["candidate"] for row in study] == [c.name for c in benchmark.INDEX_CANDIDATES]
    assert all(row["before_ms"] > 0 and row["after_ms"] > 0 for row in study)
    assert "bench_candidate_followup_met_on" in study[0]["plan_after"] or study[0]["plan_after"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_indexes WHERE indexname LIKE 'bench_candidate_%%'")
        assert cursor.fetchone()[0] == 0  # every candidate dropped again
        cursor.execute("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'follow_up_met_on'")
        assert cursor.fetchone()[0] == 1  # the schema's index, dropped only inside a rolled-back savepoint
    assert study[0]["in_schema"] and not study[-1]["in_schema"]
    assert "candidate index" in printed


def test_hand_written_report_gives_every_figure_of_compute_indicators(tiny_network):
    """The indicator goal compares like with like: the hand-written SQL computes the whole report,
    and every one of its figures equals compute_indicators' at the same path."""
    from reporting.indicators import compute_indicators

    fiscal_year = FiscalYear.current().previous
    timings = {}
    sql_report = benchmark.network_report_sql(fiscal_year, timings)
    comparison = benchmark.compare_reports(sql_report, compute_indicators(fiscal_year=fiscal_year))

    assert comparison["agree"], comparison
    assert comparison["compared"] > 80
    assert set(timings) == {"pathways", "retention", "profile", "barriers", "activity"}
    assert sql_report["exits"] > 0 and sql_report["profile"]["total"] == sql_report["participants_served"]
    assert sql_report["activity"]["follow_ups"] > 0


def test_report_comparison_names_a_differing_figure():
    sql_report = {"exits": 4, "profile": {"gender": {"woman": 2, "man": 0}}, "integration_rate": 0.5}
    same = {"exits": 4, "profile": {"gender": {"woman": 2}}, "integration_rate": 0.5001}
    assert benchmark.compare_reports(sql_report, same)["agree"]
    other = {"exits": 4, "profile": {"gender": {"woman": 3}}, "integration_rate": 0.5}
    comparison = benchmark.compare_reports(sql_report, other)
    assert not comparison["agree"] and "profile.gender.woman" in comparison["verdict"]
    assert benchmark.report_section_of('SELECT 1 FROM "participants_followup"') == "activity"
    assert benchmark.report_section_of('SELECT 1 FROM "participants_postpathwayfollowup"') == "retention"
    assert benchmark.report_section_of('SELECT 1 FROM "participants_participant_barriers"') == "profile"
    assert benchmark.report_section_of('SELECT 1 FROM "participants_pathway"') == "pathways"


@pytest.mark.parametrize("data", [None, {"trade": "TRADE", "kind": "a<"}, {"kind": "y"}, {"trade": "nope"}])
def test_fast_select_writes_what_django_select_writes(db, data):
    """The filter forms' FastSelect (a performance fix the bench measured) renders the same HTML
    as Django's template-rendered Select: escaping, selected option, optgroups, error attributes."""
    from django import forms

    from ceiq.core.widgets import FastSelect
    from enterprises.models import Trade

    trade = Trade.objects.order_by("pk").first()
    Trade.objects.filter(pk=trade.pk).update(name_fr="Aide <cuisine> & « service »", name_en="Kitchen <help> & co")
    choices = [("", "---"), ("a<", "A & b"), ("Groupe « 1 »", [("x", "X"), ("y", 'Y"')])]

    def form_class(widget):
        return type(
            "F",
            (forms.Form,),
            {
                "trade": forms.ModelChoiceField(Trade.objects.filter(pk=trade.pk), required=False, widget=widget),
                "kind": forms.ChoiceField(choices=choices, required=False, widget=widget(attrs={"class": "x"})),
            },
        )

    if data and data.get("trade") == "TRADE":
        data = {**data, "trade": str(trade.pk)}
    django_form, fast_form = form_class(forms.Select)(data), form_class(FastSelect)(data)
    for name in ("trade", "kind"):
        assert str(fast_form[name]) == str(django_form[name])


def test_matching_proposes_leavers_of_the_last_months_only(enterprise, settings):
    """The bound the bench justified (docs/performance.md): a leaver still seeking work is a
    candidate for CEIQ_MATCHING_LEAVER_MONTHS (24 by default) after the end of the pathway."""
    from datetime import date

    from employers.matching import candidates_for_opening, months_before
    from tests.factories.employers import JobOpeningFactory, candidate
    from tests.factories.enterprises import trade

    today = date(2026, 3, 31)
    assert months_before(today, 24) == date(2024, 3, 31) and months_before(today, 1) == date(2026, 2, 28)
    woodworking = trade("woodworking")

    def leaver(first_name, ended):
        pathway = {
            "trade": woodworking,
            "start_date": ended.replace(year=ended.year - 1),
            "planned_end_date": ended,
            "actual_end_date": ended,
            "status": "completed",
            "exit_outcome": "job_search",
        }
        return candidate(enterprise, first_name=first_name, pathway=pathway)

    recent, edge, old = leaver("R", date(2025, 6, 1)), leaver("E", date(2024, 3, 31)), leaver("O", date(2024, 3, 30))
    opening = JobOpeningFactory(trade=woodworking)

    def proposed():
        return {c.participant_id for c in candidates_for_opening(opening, enterprise, today=today, weeks=8)}

    assert proposed() == {recent.pk, edge.pk}
    settings.CEIQ_MATCHING_LEAVER_MONTHS = None
    assert proposed() == {recent.pk, edge.pk, old.pk}
