"""The employer directory and job openings: filters, CSV, forms, invitations, scoping."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from ceiq.accounts.models import Invitation
from employers.models import Employer, JobOpening
from employers.services import employer_link_create
from tests.factories.employers import EmployerFactory, JobOpeningFactory
from tests.factories.enterprises import region, sector, trade

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(employer):
    return {
        "quebec_food": EmployerFactory(name="Boulangerie Limoilou", region=region("03"), sector=sector("food")),
        "public": EmployerFactory(name="Ville de Sherbrooke", kind="public", region=region("05"), city="Sherbrooke"),
        "coop": EmployerFactory(name="Coop du Quartier", kind="social_economy"),
    }


def _names(response):
    return [employer.name for employer in response.context["page"]]


def test_staff_filter_the_directory_by_region_sector_kind_and_search(client_for, users, employer, directory):
    client = client_for(users["supervisor"])
    url = reverse("employers:list")
    assert _names(client.get(url, {"region": region("03").pk})) == ["Boulangerie Limoilou"]
    assert _names(client.get(url, {"sector": sector("food").pk})) == ["Boulangerie Limoilou"]
    assert _names(client.get(url, {"kind": "social_economy"})) == ["Coop du Quartier"]
    assert _names(client.get(url, {"q": "sherb"})) == ["Ville de Sherbrooke"]
    assert len(_names(client.get(url))) == 4


def test_a_bad_filter_value_is_a_french_message_not_an_error(client_for, users, directory):
    response = client_for(users["network"]).get(reverse("employers:list"), {"region": "999999"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_directory_is_paginated(client_for, users):
    EmployerFactory.create_batch(30)
    response = client_for(users["network"]).get(reverse("employers:list"), {"page": 2})
    assert response.context["page"].number == 2 and len(response.context["page"]) == 6  # 31 with the fixture's


def test_an_employer_contact_sees_only_their_own_employer(client_for, users, employer, directory):
    response = client_for(users["employer"]).get(reverse("employers:list"))
    assert _names(response) == [employer.name]


def test_the_csv_export_follows_the_filters(client_for, users, directory):
    response = client_for(users["coordinator"]).get(reverse("employers:export_csv"), {"kind": "public"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][0] == "Nom" and [row[0] for row in rows[1:]] == ["Ville de Sherbrooke"]


def test_a_coordinator_adds_an_employer_and_a_counsellor_cannot(client_for, users):
    data = {
        "name": "Ébénisterie Nord",
        "neq": "1160000099",
        "kind": "private",
        "sector": sector().pk,
        "region": region().pk,
        "city": "Laval",
    }
    assert client_for(users["counsellor"]).post(reverse("employers:create"), data).status_code == 403
    response = client_for(users["coordinator"]).post(reverse("employers:create"), data)
    created = Employer.objects.get(name="Ébénisterie Nord")
    assert response.url == reverse("employers:detail", args=[created.pk])
    assert created.neq == "1160000099" and created.created_by == users["coordinator"]


def test_a_bad_neq_is_refused_in_french(client_for, users):
    data = {"name": "X", "neq": "12", "kind": "private", "sector": sector().pk, "region": region().pk}
    response = client_for(users["network"]).post(reverse("employers:create"), data)
    assert response.status_code == 200 and not Employer.objects.filter(name="X").exists()
    assert "NEQ" in response.content.decode()


def test_staff_invite_an_employer_contact(client_for, users, enterprise, employer, django_capture_on_commit_callbacks):
    # Issue 16: only for an employer the enterprise works with (here, a link network staff made).
    employer_link_create(actor=users["network"], employer=employer, enterprise=enterprise)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["coordinator"]).post(
            reverse("employers:invite_contact", args=[employer.pk]), {"email": "RH@Exemple.org"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.kind, invitation.employer, invitation.email) == ("employer", employer, "rh@exemple.org")
    assert mail.outbox[0].to == ["rh@exemple.org"]
    assert invitation.sponsor_enterprise == enterprise


def test_an_employer_posts_an_opening_for_their_own_employer_only(client_for, users, employer):
    other = EmployerFactory()
    client = client_for(users["employer"])
    data = {"title": "Aide-ébéniste", "trade": trade().pk, "region": region().pk, "positions": 2}
    response = client.post(reverse("employers:opening_create"), data | {"employer": other.pk})
    assert response.status_code == 200 and not JobOpening.objects.exists()
    response = client.post(reverse("employers:opening_create"), data | {"employer": employer.pk})
    opening = JobOpening.objects.get()
    assert response.url == reverse("employers:opening_detail", args=[opening.pk])
    assert (opening.employer, opening.recorded_by_enterprise, opening.created_by) == (employer, None, users["employer"])


def test_a_coordinator_records_an_opening_on_an_employers_behalf(client_for, users, employer, enterprise):
    data = {"employer": employer.pk, "title": "Peintre", "trade": trade().pk, "region": region().pk, "positions": 1}
    client_for(users["coordinator"]).post(reverse("employers:opening_create"), data)
    opening = JobOpening.objects.get()
    assert opening.recorded_by_enterprise == enterprise
    # The enterprise that recorded it may edit it; another enterprise's coordinator may not.
    assert client_for(users["coordinator"]).get(reverse("employers:opening_edit", args=[opening.pk])).status_code == 200


def test_editing_an_employer_saves_the_change_and_its_history(client_for, users, employer):
    data = {"name": employer.name, "kind": employer.kind, "sector": employer.sector_id, "region": employer.region_id}
    response = client_for(users["coordinator"]).post(
        reverse("employers:edit", args=[employer.pk]), data | {"city": "Rimouski"}
    )
    assert response.url == reverse("employers:detail", args=[employer.pk])
    employer.refresh_from_db()
    assert employer.city == "Rimouski"
    entry = LogEntry.objects.get_for_object(employer).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == users["coordinator"] and "city" in entry.changes_dict


def test_editing_an_opening_saves_the_change(client_for, users, employer):
    opening = JobOpeningFactory(employer=employer, title="Commis")
    data = {"title": "Commis de soir", "trade": opening.trade_id, "region": opening.region_id, "positions": 3}
    response = client_for(users["employer"]).post(
        reverse("employers:opening_edit", args=[opening.pk]), data | {"status": "closed"}
    )
    assert response.url == reverse("employers:opening_detail", args=[opening.pk])
    opening.refresh_from_db()
    assert (opening.title, opening.positions, opening.status) == ("Commis de soir", 3, "closed")


def test_the_openings_list_filters_by_status_trade_and_region(client_for, users, employer):
    JobOpeningFactory(employer=employer, title="Ouvert bois", status="open")
    JobOpeningFactory(employer=employer, title="Comblé", status="filled")
    JobOpeningFactory(employer=employer, title="Cuisine", trade=trade("cook-assistant"), region=region("03"))
    client = client_for(users["director"])
    url = reverse("employers:opening_list")
    titles = lambda params: sorted(o.title for o in client.get(url, params).context["page"])  # noqa: E731
    assert titles({"status": "filled"}) == ["Comblé"]
    assert titles({"trade": trade("cook-assistant").pk}) == ["Cuisine"]
    assert titles({"region": region("03").pk}) == ["Cuisine"]
    assert titles({"status": "open", "trade": trade().pk}) == ["Ouvert bois"]


def test_the_csv_neutralises_spreadsheet_formulas(client_for, users):
    EmployerFactory(name='=HYPERLINK("http://evil")')
    response = client_for(users["network"]).get(reverse("employers:export_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert '\'=HYPERLINK("http://evil")' in [row[0] for row in rows]
