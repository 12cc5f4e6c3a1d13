"""Templates read the pathway state machine through what the selector hands them (buttons, flags):
none of them compares a status with a string (docs/conventions.md, "One declaration per rule")."""

import re
from pathlib import Path

import participants

TEMPLATES = Path(participants.__file__).parent / "templates"

# A template tag that compares something named `status` (pathway.status, latest.status…) with a value:
# `status == "active"`, `"active" != pathway.status`, `status in "active suspended"`…
STATUS_COMPARISON = re.compile(
    r"{%[^%]*?(?:\bstatus\s*(?:==|!=|<|>|\bin\b|\bnot in\b)|(?:==|!=|\bin\b)\s*[\w.]*\bstatus\b)[^%]*?%}"
)


def _templates():
    return sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt"))


def test_the_pattern_catches_a_status_comparison():
    for text in (
        '{% if pathway.status == "planned" %}',
        '{% if pathway.status != "completed" and pathway.status != "dropped_out" %}',
        '{% elif "active" == latest.status %}',
        '{% if pathway.status in "active suspended" %}',
        "{% if pathway.status == status_value %}",
    ):
        assert STATUS_COMPARISON.search(text), text
    for text in ("{{ pathway.get_status_display }}", "{% if card.is_open %}", "{% if value == topic %}"):
        assert not STATUS_COMPARISON.search(text), text


def test_no_participants_template_compares_a_status():
    templates = _templates()
    assert any(path.name == "participant_detail.html" for path in templates)
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in templates
        for match in STATUS_COMPARISON.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
