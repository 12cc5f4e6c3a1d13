"""The repository stands alone: README.md and docs/ link to nothing outside it.

A reader who clones the repository must be able to follow every link and path the documentation
gives. These tests read the Markdown files only (no database, no Django): they fail, naming the file
and line, on a path that leaves the repository (`../`, a sibling `shared/` folder, an absolute
filesystem path, a `file://` URL), and on a relative link whose target — a file, or a heading of a
Markdown file — does not exist."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Paths that point outside the repository, wherever they appear on a line (link, code span, prose).
OUTSIDE_PATTERNS = {
    "a parent directory (../)": re.compile(r"\.\./"),
    "a sibling shared/ folder": re.compile(r"(?:(?<![\w./-])|(?<=\.\./))shared/"),
    "an absolute filesystem path": re.compile(r"(?<![\w.:/-])/(?:work|home|tmp|root|Users|mnt|srv|opt)/"),
    "a Windows path": re.compile(r"\b[A-Za-z]:\\"),
    "a file:// URL": re.compile(r"file://", re.IGNORECASE),
}
# [text](target "title") and reference definitions `[id]: target`.
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)  # http:, https:, mailto:, //host


def documentation_files() -> list[Path]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return [path for path in files if path.is_file()]


def outside_references(text: str) -> list[tuple[int, str, str]]:
    """(line number, what, line) for each path on a line that points outside the repository."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for what, pattern in OUTSIDE_PATTERNS.items():
            if pattern.search(line):
                found.append((number, what, line.strip()))
    return found


def link_targets(text: str) -> list[tuple[int, str]]:
    """(line number, target) of every Markdown link on a line outside fenced code blocks."""
    targets = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        targets.extend((number, target) for target in INLINE_LINK.findall(line))
        match = REFERENCE_LINK.match(line)
        if match:
            targets.append((number, match.group(1)))
    return targets


def heading_anchors(text: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown text: lower case, punctuation dropped,
    spaces as hyphens, `-1`, `-2`… for repeated headings."""
    anchors: set[str] = set()
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        match = None if fenced else HEADING.match(line)
        if match is None:
            continue
        slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
        anchor, count = slug, 0
        while anchor in anchors:
            count += 1
            anchor = f"{slug}-{count}"
        anchors.add(anchor)
    return anchors


def broken_links(path: Path, text: str, root: Path = ROOT) -> list[tuple[int, str, str]]:
    """(line number, target, why) for each relative link that leaves the repository, is missing, or
    names a heading its Markdown target does not have."""
    broken = []
    for number, target in link_targets(text):
        if EXTERNAL.match(target):
            if target.lower().startswith("file:"):
                broken.append((number, target, "a file:// URL"))
            continue
        relative, _hash, anchor = target.partition("#")
        relative = relative.split("?", 1)[0]
        if not relative:  # a heading of this same file
            if anchor and anchor not in heading_anchors(text):
                broken.append((number, target, "no such heading"))
            continue
        resolved = (root / relative.lstrip("/")) if relative.startswith("/") else (path.parent / relative)
        resolved = resolved.resolve()
        if not resolved.is_relative_to(root.resolve()):
            broken.append((number, target, "points outside the repository"))
        elif not resolved.exists():
            broken.append((number, target, "does not exist"))
        elif anchor and resolved.suffix == ".md" and anchor not in heading_anchors(resolved.read_text("utf-8")):
            broken.append((number, target, "no such heading"))
    return broken


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", documentation_files(), ids=_name)
def test_documentation_points_nowhere_outside_the_repository(path):
    problems = outside_references(path.read_text(encoding="utf-8"))
    assert not problems, "\n".join(f"{_name(path)}:{line}: {what}: {text}" for line, what, text in problems)


@pytest.mark.parametrize("path", documentation_files(), ids=_name)
def test_every_relative_link_reaches_a_file_of_the_repository(path):
    problems = broken_links(path, path.read_text(encoding="utf-8"))
    assert not problems, "\n".join(f"{_name(path)}:{line}: link to {target}: {why}" for line, target, why in problems)


def test_the_documentation_set_is_there():
    """The README and the pages it lists: product, architecture, conventions, glossary."""
    names = {_name(path) for path in documentation_files()}
    expected = {"README.md", "docs/product.md", "docs/architecture.md", "docs/conventions.md", "docs/glossary.md"}
    assert expected <= names
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in sorted(expected - {"README.md"}):
        assert f"({page})" in readme, f"README.md does not link to {page}"


# The checks themselves can fail: they find what they look for.


def test_outside_references_are_found_with_their_line():
    text = "\n".join(
        [
            "Fine: [security](docs/security.md), `/privacy/participants/<id>/export/`, https://example.org/a/",
            "See `../shared/DESIGN.md`.",
            "Or shared/STYLE.md, /work/main/README.md, /home/someone/x, file:///etc/hosts and C:\\docs",
        ]
    )
    found = outside_references(text)
    assert {(line, what) for line, what, _text in found} == {
        (2, "a parent directory (../)"),
        (2, "a sibling shared/ folder"),
        (3, "a sibling shared/ folder"),
        (3, "an absolute filesystem path"),
        (3, "a file:// URL"),
        (3, "a Windows path"),
    }


def test_broken_and_escaping_links_are_found(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "here.md").write_text("# Title\n\n## The `part`: one\n", encoding="utf-8")
    page = tmp_path / "docs" / "page.md"
    text = "\n".join(
        [
            "# Top",
            "[ok](here.md#the-part-one) [anchor](#top) [web](https://example.org) [mail](mailto:a@example.org)",
            "[missing](gone.md)",
            "[escape](../../outside.md)",
            "```",
            "[in code](ignored.md)",
            "```",
            '[ref]: here.md "title"',
            "[badref]: nowhere.md",
            "[file](file:///etc/hosts)",
            "[no heading](here.md#nowhere) [no anchor here](#bottom)",
        ]
    )
    problems = broken_links(page, text, root=tmp_path)
    assert [(line, target, why) for line, target, why in problems] == [
        (3, "gone.md", "does not exist"),
        (4, "../../outside.md", "points outside the repository"),
        (9, "nowhere.md", "does not exist"),
        (10, "file:///etc/hosts", "a file:// URL"),
        (11, "here.md#nowhere", "no such heading"),
        (11, "#bottom", "no such heading"),
    ]
