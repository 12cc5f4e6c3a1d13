"""Issue 16, hole 3: the inputs an adversarial review sent that answered 500, each one replayed.

Unicode digits such as « ² » pass `str.isdigit()` and break `int()`; « ٣ » is read as 3 by `int()`.
An id or a query-parameter number is ASCII digits only (`ceiq.core.parsing`), and every form's text
field refuses NUL and other control characters with a field error."""

import io
import re
from pathlib import Path

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from ceiq.core.forms import Form
from ceiq.core.parsing import has_control_characters, page_number, parse_id, parse_ids, parse_int
from employers.models import Referral
from participants.importing import import_participants
from tests.factories.employers import JobOpeningFactory, candidate
from tests.factories.participants import ParticipantFactory, PathwayFactory

pytestmark = pytest.mark.django_db

UNICODE_DIGITS = ["²", "٣", "１２", "𝟙"]


@pytest.mark.parametrize("value", ["²", "٣", "１２", "3.0", "1e3", "", " ", "--1", "0x10", None, ["1"], "\x00"])
def test_the_parser_reads_only_ascii_digits(value):
    assert parse_int(value) is None


def test_the_parser_reads_ascii_numbers_within_bounds():
    assert parse_int(" 42 ") == 42
    assert parse_int("-7") == -7
    assert parse_int("53", maximum=52) is None
    assert parse_int("0", minimum=1) is None
    assert parse_id("9223372036854775807") == 2**63 - 1
    assert parse_id("9223372036854775808") is None
    assert parse_id("-1") is None
    assert parse_int("9" * 400) is None
    assert parse_ids(["3", "²", "3", "x", "5"]) == [3, 5]


def test_a_page_number_is_one_unless_ascii_and_positive(rf):
    assert page_number(rf.get("/", {"page": "2"})) == 2
    for value in ["²", "٣", "0", "-3", "abc", "9" * 40]:
        assert page_number(rf.get("/", {"page": value})) == 1


def test_control_characters_are_recognised():
    assert has_control_characters("nul\x00byte")
    assert has_control_characters("bell\x07")
    assert has_control_characters("c1\x85")
    assert has_control_characters("two\nlines")
    assert not has_control_characters("two\r\nlines\tand a tab", multiline=True)
    assert has_control_characters("nul\x00", multiline=True)
    assert not has_control_characters("ÉÀÇ — 漢字 — 🙂 « guillemets »")


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_report_page_with_unicode_digits_in_run_is_a_page_not_a_500(client_for, users, value):
    response = client_for(users["director"]).get(reverse("reporting:report_page"), {"run": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", [*UNICODE_DIGITS, "-4", "9" * 40])
def test_matching_with_unicode_digits_in_weeks_uses_the_default_horizon(client_for, users, employer, settings, value):
    opening = JobOpeningFactory(employer=employer)
    response = client_for(users["coordinator"]).get(reverse("employers:matching", args=[opening.pk]), {"weeks": value})
    assert response.status_code == 200
    assert response.context["weeks"] == settings.CEIQ_MATCHING_HORIZON_WEEKS


@pytest.mark.parametrize("value", [*UNICODE_DIGITS, "9223372036854775808", "-1"])
def test_refer_form_with_a_strange_participant_id_proposes_nobody(client_for, users, enterprise, employer, value):
    opening = JobOpeningFactory(employer=employer)
    candidate(enterprise)
    client = client_for(users["coordinator"])
    response = client.post(reverse("employers:referral_create", args=[opening.pk]), {"participant": [value]})
    assert response.status_code == 302
    assert not Referral.objects.exists()


def test_refer_form_ignores_a_unicode_digit_next_to_a_real_id(client_for, users, enterprise, employer):
    opening = JobOpeningFactory(employer=employer)
    person = candidate(enterprise)
    client = client_for(users["coordinator"])
    response = client.post(
        reverse("employers:referral_create", args=[opening.pk]), {"participant": [str(person.pk), "²"]}
    )
    assert response.status_code == 302
    assert list(Referral.objects.values_list("participant", flat=True)) == [person.pk]


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_multi_choice_field_with_unicode_digits_is_an_invalid_choice(client_for, users, enterprise, value):
    response = client_for(users["network"]).post(
        reverse("enterprises:edit", args=[enterprise.slug]), {"name": "Atelier A", "sectors": [value]}
    )
    assert response.status_code == 200
    assert "sectors" in response.context["form"].errors


class _NoteForm(Form):
    title = forms.CharField()
    body = forms.CharField(widget=forms.Textarea)


@pytest.mark.parametrize("value", ["nul\x00byte", "bell\x07", "escape\x1b[31m", "c1\x85in the middle", "del\x7f"])
def test_every_text_field_refuses_control_characters_with_a_field_error(value):
    form = _NoteForm({"title": value, "body": value})
    assert not form.is_valid()
    assert set(form.errors) == {"title", "body"}


def test_a_textarea_keeps_its_line_breaks_and_tabs_but_a_single_line_field_refuses_them():
    form = _NoteForm({"title": "un\tdeux", "body": "ligne 1\r\nligne 2\tfin"})
    assert not form.is_valid()
    assert list(form.errors) == ["title"]
    form = _NoteForm({"title": "Titre", "body": "ligne 1\r\nligne 2\tfin"})
    assert form.is_valid(), form.errors


def test_the_control_character_message_is_in_french_and_english():
    with translation.override("fr"):
        french = _NoteForm({"title": "a\x01", "body": "b"}).errors["title"][0]
    with translation.override("en"):
        english = _NoteForm({"title": "a\x01", "body": "b"}).errors["title"][0]
    assert "contrôle" in french
    assert "control characters" in english


def test_a_posted_nul_in_a_real_form_is_a_field_error_and_nothing_is_saved(client_for, users, enterprise):
    response = client_for(users["network"]).post(
        reverse("enterprises:edit", args=[enterprise.slug]), {"name": "Atelier\x0b A"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    enterprise.refresh_from_db()
    assert enterprise.name == "Atelier A"


def test_an_import_cell_with_a_nul_byte_is_a_row_error_not_a_database_failure(users, enterprise):
    content = "external_id,first_name,last_name\nX-1,Ma\x00rie,Tremblay\n"
    report = import_participants(
        actor=users["coordinator"], enterprise=enterprise, file=io.BytesIO(content.encode()), filename="people.csv"
    )
    assert not report.ok
    assert [(error.row, error.column) for error in report.errors] == [(2, "first_name")]


# No code reads a number from a request another way (the class of the bug, not only its examples).

ROOT = Path(__file__).resolve().parents[2]
APPS = ("ceiq", "enterprises", "participants", "employers", "reporting", "bench")
UNSAFE_NUMBER_READ = re.compile(r"\.isdigit\(\)|(?<![\w.])int\(\s*(?:self\.)?request\b")


def _unsafe_number_reads(sources: dict[str, str]) -> list[str]:
    return [
        f"{name}:{number}"
        for name, text in sources.items()
        for number, line in enumerate(text.splitlines(), start=1)
        if UNSAFE_NUMBER_READ.search(line)
    ]


def test_no_code_reads_a_number_from_a_request_with_int_or_isdigit():
    sources = {
        str(path.relative_to(ROOT)): path.read_text()
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and path.name != "parsing.py"  # parsing.py explains the bug
    }
    assert len(sources) > 100
    assert _unsafe_number_reads(sources) == []


def test_the_source_check_finds_the_old_ways():
    sources = {
        "old.py": 'if request.GET.get("run", "").isdigit():\n    pk = int(request.GET["run"])\n',
        "fine.py": 'weeks = parse_int(request.GET.get("weeks"), minimum=1)\n',
    }
    assert _unsafe_number_reads(sources) == ["old.py:1", "old.py:2"]


@pytest.mark.parametrize("search", ["é" * 60_000, "nul\x00"])
def test_an_oversized_or_control_character_search_is_ignored_not_a_500(client_for, users, enterprise, search):
    """SQLite refuses a LIKE pattern past 50,000 characters: the fuzz tests found this 500."""
    PathwayFactory(participant=ParticipantFactory(enterprise=enterprise, last_name="Tremblay"))
    response = client_for(users["coordinator"]).get(reverse("participants:pathway_list"), {"q": search})
    assert response.status_code == 200
    assert "Tremblay" in response.content.decode()
