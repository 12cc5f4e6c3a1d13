"""The lists' CSV exports: the same file as the page's rows (header labels, values, dated filename),
written by the one export module (UTF-8 with a BOM, formula-neutralised cells)."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import participants
from tests.factories.participants import ParticipantFactory, PathwayFactory, with_consents

pytestmark = pytest.mark.django_db

PARTICIPANT_HEADER = [
    "Identifiant externe",
    "Nom",
    "Prénom",
    "Date de naissance",
    "Genre",
    "Langue préférée",
    "Courriel",
    "Téléphone",
    "Ville",
    "Code postal",
    "Scolarité à l'accueil",
    "Principale source de revenu à l'accueil",
    "Source de référence",
    "Obstacles",
    "Personne immigrante",
    "Consentements actifs",
    "Statut du dernier parcours",
    "Métier",
    "Date de début",
]


def _download(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return response, list(csv.reader(io.StringIO(content[1:])))


def test_participant_export_has_the_page_rows_and_a_dated_name(users, client_for, enterprise):
    person = with_consents(
        ParticipantFactory(enterprise=enterprise, external_id="X-1", last_name="Tremblay", is_immigrant=True),
        purposes=("processing",),
    )
    PathwayFactory(participant=person, start_date=date(2025, 6, 2))
    ParticipantFactory(enterprise=enterprise, last_name="Sans-Parcours", birth_date=None, is_immigrant=None)
    response, rows = _download(client_for(users["coordinator"]), "participants:export_csv", sort="-name")
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="participants-{today:%Y-%m-%d}.csv"'
    header, first, second = rows
    assert header == PARTICIPANT_HEADER  # the labels of the French catalogue
    assert first[:4] == ["X-1", "Tremblay", person.first_name, "2003-05-17"]
    trade = person.pathways.get().trade.name
    assert first[14:] == [
        "oui",
        "Traitement des renseignements personnels pour le parcours",
        "Actif",
        trade,
        "2025-06-02",
    ]
    assert second[1] == "Sans-Parcours"
    assert (second[3], second[14], second[16:]) == ("", "", ["", "", ""])


def test_pathway_export_has_the_page_rows_and_a_dated_name(users, client_for, enterprise):
    pathway = PathwayFactory(
        participant=ParticipantFactory(enterprise=enterprise, external_id="X-2", last_name="Gagnon"),
        counsellor=users["counsellor"],
        status="completed",
        start_date=date(2025, 1, 6),
        actual_end_date=date(2025, 7, 4),
        exit_outcome="job",
    )
    pathway.refresh_from_db()
    response, rows = _download(client_for(users["coordinator"]), "participants:pathway_export_csv")
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="parcours-{today:%Y-%m-%d}.csv"'
    assert rows[0][:5] == ["Identifiant externe", "Nom", "Prénom", "Métier", "Statut"]
    assert len(rows[0]) == 13
    assert rows[1] == [
        "X-2",
        "Gagnon",
        pathway.participant.first_name,
        pathway.trade.name,
        "Terminé",
        "2025-01-06",
        str(pathway.planned_end_date),
        "2025-07-04",
        str(pathway.weekly_hours),
        str(users["counsellor"]),
        "",
        "Emploi",
        "",
    ]


def test_participants_views_write_no_csv_themselves():
    views = Path(participants.__file__).parent / "views"
    for module in views.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "import csv" not in text and "csv.writer" not in text, module.name
