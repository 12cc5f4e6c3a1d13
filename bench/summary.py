"""What `manage.py bench` prints, and the Markdown summary it writes next to its JSON (the form
pasted into docs/performance.md)."""

from typing import Any

from bench.indicators import CORE_FIGURE_KEYS

Results = dict[str, Any]
PAGE_COLUMNS = ["page", "role", "url", "status", "median ms", "p95 ms", "queries", "db ms", "× baseline"]
NUMERIC_PAGE_COLUMNS = {3, 4, 5, 6, 7, 8}


def format_ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def page_rows(results: Results) -> list[list[str]]:
    rows = [PAGE_COLUMNS]
    for page in results["pages"]:
        rows.append(
            [
                page["label"],
                page["role"],
                page["url"],
                str(page["status_code"]),
                format_ms(page["median_ms"]),
                format_ms(page["p95_ms"]),
                str(page["queries"]),
                format_ms(page["database_ms"]),
                "" if page["ratio"] is None else f"{page['ratio']:.2f}",
            ]
        )
    return rows


def aligned_lines(rows: list[list[str]], numeric: set[int]) -> list[str]:
    """Columns padded to their widest cell, numbers aligned right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def text_table(rows: list[list[str]]) -> str:
    lines = aligned_lines(rows, NUMERIC_PAGE_COLUMNS)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join([lines[0], "  ".join("-" * width for width in widths), *lines[1:]])


def indicator_lines(indicators: dict[str, Any]) -> list[str]:
    label = indicators["fiscal_year_label"]
    breakdown = indicators["breakdown"]
    lines = [
        f"Network indicators {label}: compute_indicators median {format_ms(indicators['median_ms'])} ms"
        f" vs hand-written SQL of the same report ({indicators['sql_statements']} statements)"
        f" {format_ms(indicators['sql_median_ms'])} ms → ratio {indicators['ratio']:.2f} (goal ≤ 2)"
        f" — report {indicators['report_comparison']['verdict']}"
    ]
    for section, row in indicators["sections"].items():
        ratio = f"{row['orm_ms'] / row['sql_ms']:.2f}" if row["sql_ms"] else "—"
        lines.append(
            f"  section {section}: ORM {row['orm_queries']} queries {format_ms(row['orm_ms'])} ms (database time)"
            f" vs hand-written {format_ms(row['sql_ms'])} ms → {ratio}"
        )
    core_ratio = indicators["core_ratio"]
    lines.append(
        f"  core figures alone: the ORM's core query {format_ms(breakdown['core_query_ms'])} ms vs the"
        f" hand-written statement {format_ms(indicators['core_sql_median_ms'])} ms"
        + (f" → {core_ratio:.2f}" if core_ratio is not None else "")
        + f" — figures {indicators['comparison']['verdict']}"
    )
    slowest = breakdown["slowest"][0]
    lines.append(
        f"  compute_indicators ran {breakdown['queries']} queries, {format_ms(breakdown['database_ms'])} ms"
        f" in the database; slowest {format_ms(slowest['ms'])} ms: {slowest['sql'][:90]}…"
    )
    sql = indicators["sql_figures"]
    rate = sql["integration_rate"]
    lines.append(
        "Hand-written SQL figures: "
        + ", ".join(f"{name} {sql[name]:,}" for name in CORE_FIGURE_KEYS if name != "integration_rate")
        + (f", integration_rate {rate:.1%}" if rate is not None else "")
    )
    return lines


def pdf_line(pdf: dict[str, Any]) -> str:
    if pdf.get("skipped"):
        return f"Network report PDF FY {pdf['fiscal_year']}: skipped (--skip-pdf)"
    return (
        f"Network report PDF FY {pdf['fiscal_year']} end to end ({pdf['method']}): {pdf['seconds']:.2f} s"
        f" (goal < 15 s), {pdf['bytes']:,} bytes"
    )


def extra_lines(results: Results) -> list[str]:
    return [*indicator_lines(results["indicators"]), pdf_line(results["pdf"])]


def index_study_lines(rows: list[dict[str, Any]]) -> list[str]:
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
    return aligned_lines(table, {1, 2, 3})


def _index_study_markdown(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "Index study (median of 20 runs of the query; an index in the schema is timed with it, then"
        " dropped in a rolled-back transaction; a candidate is created, timed, dropped):",
        "",
        "| index | in schema | used by | without ms | with ms | speed-up | plan with |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append(
            f"| `{row['index']}` | {'yes' if row.get('in_schema') else 'no'} | {row['used_by']}"
            f" | {format_ms(row['before_ms'])} | {format_ms(row['after_ms'])} | ×{row['speedup']}"
            f" | {row['plan_after']} |"
        )
    return lines


def markdown_summary(results: Results) -> str:
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
        lines += _index_study_markdown(results["index_study"])
    return "\n".join(lines) + "\n"
