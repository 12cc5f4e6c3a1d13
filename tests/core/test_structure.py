"""The codebase keeps one way to do each thing (docs/conventions.md): these tests read the source
as text and fail on the shapes we removed, naming the file and line to fix."""

import re
from pathlib import Path

import pytest

from participants.choices import PathwayStatus

ROOT = Path(__file__).resolve().parents[2]
APPS = ("ceiq", "enterprises", "participants", "employers", "reporting", "bench")
MAX_MODULE_LINES = 600


def _application_modules(suffix=".py"):
    for app in APPS:
        for path in sorted((ROOT / app).rglob(f"*{suffix}")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or "locale" in relative.parts:
                continue
            yield relative


def _is_tooling_or_demo(relative: Path) -> bool:
    return relative.parts[0] == "bench" or relative.name == "demo.py" or relative.parent.name == "demo"


def test_no_application_module_exceeds_600_lines():
    too_long = [
        f"{relative}: {lines} lines"
        for relative in _application_modules()
        if not _is_tooling_or_demo(relative)
        and (lines := len((ROOT / relative).read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert too_long == [], "split these modules (a package by page family or by noun)"


def test_one_module_writes_csv_and_xlsx():
    writers = {"csv": [], "xlsx": []}
    for relative in _application_modules():
        text = (ROOT / relative).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if re.search(r"\bcsv\.(writer|DictWriter)\(", line):
                writers["csv"].append(f"{relative}:{number}")
            if re.search(r"\bWorkbook\(", line):
                writers["xlsx"].append(f"{relative}:{number}")
    assert len(writers["csv"]) == 1, writers
    assert len(writers["xlsx"]) == 1, writers
    assert all(place.startswith("ceiq/core/exports.py:") for places in writers.values() for place in places)


STATUS_LITERAL = re.compile(r"""["'](%s)["']""" % "|".join(re.escape(value) for value in PathwayStatus.values))
# Files that declare other choices spelled like pathway statuses (an enterprise can be "active"),
# and the one module that declares the pathway's.
OWN_CHOICES = {Path("participants/choices.py"), Path("enterprises/models.py")}


def test_pathway_statuses_are_literals_only_in_their_choices_module():
    found = []
    for relative in _application_modules():
        if relative in OWN_CHOICES or _is_tooling_or_demo(relative) and relative.parts[0] != "bench":
            continue
        for number, line in enumerate((ROOT / relative).read_text(encoding="utf-8").splitlines(), start=1):
            if STATUS_LITERAL.search(line) and "gettext" not in line and '_("' not in line:
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == [], "use PathwayStatus / PATHWAY_TRANSITIONS from participants.choices"


TEMPLATE_STATUS_LOGIC = re.compile(r"\{%[^%]*\bstatus\b\s*(==|!=|\bin\b|\bnot in\b)")


@pytest.mark.parametrize("app", ["participants", "employers", "reporting", "enterprises", "ceiq", "templates"])
def test_templates_compare_no_status(app):
    folder = ROOT / app
    found = []
    for path in sorted(folder.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if TEMPLATE_STATUS_LOGIC.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert found == [], "templates get flags or action lists computed in Python, not status comparisons"


OUTSIDE_REFERENCE = re.compile(r"\.\./shared|\bDESIGN\.md\b|\bSTYLE\.md\b|\bSTYLE rules?\b|/work/")


def test_code_and_templates_point_only_inside_the_repository():
    found = []
    for suffix in (".py", ".html", ".md", ".txt"):
        for relative in [
            *_application_modules(suffix),
            *(p.relative_to(ROOT) for p in (ROOT / "tests").rglob(f"*{suffix}")),
        ]:
            if relative.name == "test_docs.py" or relative == Path("tests/core/test_structure.py"):
                continue  # the tests that look for these words
            for number, line in enumerate((ROOT / relative).read_text(encoding="utf-8").splitlines(), start=1):
                if OUTSIDE_REFERENCE.search(line):
                    found.append(f"{relative}:{number}: {line.strip()[:100]}")
    assert found == [], "point to docs/ in this repository (docs/product.md, docs/conventions.md)"
