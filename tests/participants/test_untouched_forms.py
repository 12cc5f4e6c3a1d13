"""Nothing recorded that nobody chose: each form that feeds a figure, submitted as the browser shows
it (nothing touched), saves nothing and says in French which answers are missing."""

from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from participants.models import FollowUp, Participant, Pathway
from tests.factories.participants import ParticipantFactory, PathwayFactory, PostPathwayFollowUpFactory

pytestmark = pytest.mark.django_db

REQUIRED = "Ce champ est obligatoire."


class _FormValues(HTMLParser):
    """What a browser would send for the page's main form when the person touches nothing: text
    inputs with their value, checked boxes and radios, each select's selected (or first) option."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.append((name, attrs.get("value") or "on"))
            else:
                self.values.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._select_value, self._first_option = name, None, None
        elif tag == "option" and self._select:
            value = attrs.get("value") or ""
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self._select_value = value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            chosen = self._select_value if self._select_value is not None else self._first_option
            if chosen is not None:
                self.values.append((self._select, chosen))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.values.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None


def untouched(client, url, **typed):
    """POST the form at `url` as shown, with only `typed` filled in by the person."""
    page = client.get(url)
    assert page.status_code == 200
    parser = _FormValues()
    parser.feed(page.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in parser.values:
        if name != "csrfmiddlewaretoken" and name not in typed:
            data.setdefault(name, []).append(value)
    return client.post(url, {**data, **typed})


def test_intake_choices_start_empty_and_are_required(users, client_for, enterprise):
    client = client_for(users["coordinator"])
    page = client.get(reverse("participants:create")).content.decode()
    assert page.count("— Choisir —") >= 4

    response = untouched(
        client, reverse("participants:create"), first_name="Léa", last_name="Gagnon", birth_date="2003-02-01"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    for name in ("gender", "schooling_at_intake", "income_source_at_intake", "referral_source"):
        assert errors[name] == [REQUIRED]
    assert not Participant.objects.exists()


def test_exit_form_records_no_outcome_nobody_chose(users, client_for, enterprise):
    pathway = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise), start_date=date(2025, 6, 2))
    url = reverse("participants:pathway_transition", args=[pathway.pk, "exit"])
    client = client_for(users["coordinator"])
    assert "— Choisir —" in client.get(url).content.decode()

    response = untouched(client, url, end_date="2025-12-05")
    assert response.status_code == 200
    assert response.context["form"].errors["exit_outcome"] == [REQUIRED]
    assert response.context["form"].errors["status"] == [REQUIRED]
    assert REQUIRED in response.content.decode()
    pathway.refresh_from_db()
    assert (pathway.status, pathway.exit_outcome) == ("active", "")


def test_untouched_post_pathway_follow_up_records_no_situation(users, client_for, enterprise):
    follow_up = PostPathwayFollowUpFactory(pathway__participant=ParticipantFactory(enterprise=enterprise))
    response = untouched(
        client_for(users["coordinator"]), reverse("participants:post_follow_up_record", args=[follow_up.pk])
    )
    assert response.status_code == 200
    assert response.context["form"].errors["situation"] == [REQUIRED]
    assert "— Choisir —" in response.content.decode()
    follow_up.refresh_from_db()
    assert (follow_up.done_on, follow_up.situation) == (None, "")


def test_untouched_follow_up_meeting_is_not_saved(users, client_for, enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    url = reverse("participants:follow_up_create", args=[participant.pk])
    client = client_for(users["counsellor"])
    response = untouched(client, url)
    assert response.status_code == 200
    assert "Indiquez au moins un sujet ou un résumé de la rencontre." in response.content.decode()
    assert not FollowUp.objects.exists()

    response = untouched(client, url, topics=["housing"])
    assert response.status_code == 302
    assert FollowUp.objects.get().topics == ["housing"]


def test_untouched_new_pathway_and_workshop_save_nothing(users, client_for, enterprise):
    participant = ParticipantFactory(enterprise=enterprise)
    client = client_for(users["coordinator"])
    response = untouched(client, reverse("participants:pathway_create", args=[participant.pk]))
    assert response.status_code == 200
    assert response.context["form"].errors["trade"] == [REQUIRED]
    assert not Pathway.objects.exists()

    response = untouched(client, reverse("participants:group_session_create"))
    assert response.status_code == 200
    assert response.context["form"].errors["topic"] == [REQUIRED]


def test_ending_a_pathway_says_it_is_final_before_and_after(users, client_for, enterprise):
    pathway = PathwayFactory(participant=ParticipantFactory(enterprise=enterprise), start_date=date(2025, 6, 2))
    url = reverse("participants:pathway_transition", args=[pathway.pk, "exit"])
    client = client_for(users["coordinator"])
    consequence = "La fin est définitive\u00a0: le parcours ne peut plus changer de statut"
    assert consequence in client.get(url).content.decode()
    response = client.post(
        url, {"status": "completed", "end_date": "2025-12-05", "exit_outcome": "school"}, follow=True
    )
    assert consequence in response.content.decode()
    pathway.refresh_from_db()
    assert (pathway.status, pathway.exit_outcome) == ("completed", "school")
