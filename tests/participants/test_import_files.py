"""Issue 15, part 3: files as people have them (encodings, separators, extra columns, typos) import or
are refused with a message that says what to do; hostile files (NUL bytes, an XLSX that expands far
beyond its size, too many rows or columns) are refused quickly, without a server error or a memory
spike."""

import hashlib
import io
import time
import tracemalloc
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from participants.importing import import_participants, reading
from participants.models import Participant
from tests.factories.enterprises import MembershipFactory

pytestmark = pytest.mark.django_db

HEADER = "external_id,first_name,last_name,trade,start_date"


def _import(data: bytes, enterprise, filename="import.csv"):
    actor = MembershipFactory(enterprise=enterprise, role="coordinator").user
    return import_participants(io.BytesIO(data), filename=filename, enterprise=enterprise, actor=actor)


def _errors(report):
    return [(error.row, error.column) for error in report.errors]


def test_an_unknown_trade_lists_the_closest_accepted_values(enterprise):
    report = _import(f"{HEADER}\nM1,Ana,Roy,Menuiserie,2025-01-06\n".encode(), enterprise)
    assert _errors(report) == [(2, "trade")]
    message = report.errors[0].message
    assert "Menuiserie" in message and "(woodworking)" in message
    assert "Valeurs acceptées les plus proches" in message or "Closest accepted values" in message
    # A coded column too: the closest outcomes are proposed.
    report = _import(
        b"external_id,first_name,last_name,trade,start_date,actual_end_date,exit_outcome\n"
        b"M2,Ben,Roy,woodworking,2025-01-06,2025-06-06,emploi trouve\n",
        enterprise,
    )
    assert _errors(report) == [(2, "exit_outcome")]
    assert "(job)" in report.errors[0].message
    assert not Participant.objects.exists()
    # Accents and case do not matter when the name is right.
    assert _import(f"{HEADER}\nM3,Ana,Roy,EBENISTERIE ET TRANSFORMATION DU BOIS,2025-01-06\n".encode(), enterprise).ok


@pytest.mark.parametrize(
    "encoding, delimiter",
    [("utf-8", ","), ("utf-8-sig", ";"), ("utf-8-sig", ","), ("cp1252", ";"), ("cp1252", ",")],
)
def test_encodings_and_separators_from_common_spreadsheets(enterprise, encoding, delimiter):
    text = f"{HEADER}\r\nW1,Hélène,Côté-Lévesque,woodworking,2025-02-03\r\n".replace(",", delimiter)
    report = _import(text.encode(encoding), enterprise)
    assert report.ok, report.errors
    assert Participant.objects.get(external_id="W1").last_name == "Côté-Lévesque"


def test_nul_bytes_and_control_characters_are_row_errors_not_a_server_error(enterprise, users, client_for):
    data = f"{HEADER},city\nC1,Ana\x00,Roy,woodworking,2025-01-06,Laval\nC2,Ben,Roy,woodworking,2025-01-06,La\x07val\n"
    report = _import(data.encode(), enterprise)
    assert _errors(report) == [(2, "first_name"), (3, "city")]
    assert "NUL" in report.errors[0].message
    client = client_for(users["coordinator"])
    response = client.post(reverse("participants:import"), {"file": SimpleUploadedFile("nul.csv", data.encode())})
    assert response.status_code == 200
    assert "caractère de contrôle" in response.content.decode()
    assert not Participant.objects.exists()


def test_a_line_break_inside_a_quoted_cell_is_accepted(enterprise):
    data = f'{HEADER},street_address\nL1,Ana,Roy,woodworking,2025-01-06,"12, rue Ontario\napp. 3"\n'
    assert _import(data.encode(), enterprise).ok


def test_too_large_too_many_rows_or_columns_are_refused_with_a_clear_message(enterprise, monkeypatch):
    big = HEADER.encode() + b"\n" + b"x" * (reading.MAX_UPLOAD_BYTES + 1)
    assert "5 Mo au maximum" in _import(big, enterprise).errors[0].message
    wide = ",".join(f"c{i}" for i in range(reading.MAX_COLUMNS + 1)) + "\n" + "1," * reading.MAX_COLUMNS + "1\n"
    assert "colonnes" in _import(wide.encode(), enterprise).errors[0].message
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = "".join(f"R{i},Ana,Roy,woodworking,2025-01-06\n" for i in range(4))
    report = _import(f"{HEADER}\n{rows}".encode(), enterprise)
    assert _errors(report) == [(1, "")]
    assert "plus de 3 lignes" in report.errors[0].message
    assert not Participant.objects.exists()


def _expanding_xlsx(expanded_bytes: int) -> bytes:
    """A valid workbook whose sheet XML is `expanded_bytes` of rows (compressed ~1000 times)."""
    workbook = Workbook()
    workbook.active.append(HEADER.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for entry in source.infolist():
            if entry.filename != "xl/worksheets/sheet1.xml":
                target.writestr(entry, source.read(entry))
                continue
            with target.open(entry.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/')
                sheet.write(b'spreadsheetml/2006/main"><sheetData>')
                chunk = row * (1024 * 1024 // len(row))
                for _ in range(expanded_bytes // len(chunk)):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_an_xlsx_that_expands_far_beyond_the_limit_is_refused_quickly_without_loading_it(enterprise):
    bomb = _expanding_xlsx(4 * reading.MAX_UNCOMPRESSED_BYTES)
    assert len(bomb) < reading.MAX_UPLOAD_BYTES  # it passes the upload limit: only its expansion betrays it
    tracemalloc.start()
    started = time.monotonic()
    try:
        report = _import(bomb, enterprise, filename="bomb.xlsx")
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _errors(report) == [(1, "")]
    assert "décompressé" in report.errors[0].message and "50 Mo au maximum" in report.errors[0].message
    assert elapsed < 5
    assert peak < 3 * reading.MAX_UPLOAD_BYTES  # the upload, read once, and little else
    assert not Participant.objects.exists()


def test_an_xlsx_within_the_limits_is_streamed_whatever_range_it_declares(enterprise):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["X1", "Ana", "Roy", "woodworking", "2025-01-06"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # A sheet claiming the whole grid (A1:XFD1048576) is read for the cells it holds, not padded.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:E2" />', b'<dimension ref="A1:XFD1048576" />')
                assert b"XFD1048576" in data
            target.writestr(entry, data)
    report = _import(out.getvalue(), enterprise, filename="grid.xlsx")
    assert report.ok, report.errors
    assert Participant.objects.filter(external_id="X1").exists()


def test_the_template_downloads_filled_imports_and_offers_the_accepted_values(enterprise, users, client_for):
    client = client_for(users["coordinator"])
    page = client.get(reverse("participants:import")).content.decode()
    assert reverse("participants:import_template") in page
    response = client.get(reverse("participants:import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    rows, accepted = workbook.worksheets
    header = [cell.value for cell in rows[1]]
    assert header[0] == "external_id (Identifiant externe / External id)"
    assert "first_name (Prénom / First name)" in header
    codes = {cell.value for column in accepted.iter_cols(values_only=False) for cell in column}
    assert {"woodworking", "social_assistance", "dropped_out", "health", "job"} <= codes
    trade_column = get_column_letter(header.index(next(h for h in header if h.startswith("trade ("))) + 1)
    assert any(f"{trade_column}2:" in str(rule.sqref) for rule in rows.data_validations.dataValidation)
    # Filled in as a person would (labels or codes), the template imports as is.
    values = {"external_id": "T1", "first_name": "Ana", "last_name": "Roy", "trade": "woodworking"}
    values |= {"start_date": date(2024, 1, 8), "actual_end_date": date(2024, 7, 5), "status": "completed"}
    values |= {"exit_outcome": "Emploi", "income_source_at_intake": "social_assistance"}
    rows.append([values.get(column.split(" (")[0]) for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("modele.xlsx", buffer.getvalue())
    response = client.post(reverse("participants:import"), {"file": upload})
    assert response.status_code == 200
    client.post(reverse("participants:import"), {"checksum": response.context["checksum"]})
    pathway = Participant.objects.get(external_id="T1").pathways.get()
    assert (pathway.status, pathway.exit_outcome) == ("completed", "job")


def test_apply_imports_the_previewed_file_once_and_only_for_its_person(enterprise, users, client_for, make_user):
    data = f"{HEADER}\nA1,Ana,Roy,woodworking,2025-01-06\n".encode()
    client = client_for(users["coordinator"])
    preview = client.post(reverse("participants:import"), {"file": SimpleUploadedFile("a.csv", data)})
    checksum = preview.context["checksum"]
    assert checksum == hashlib.sha256(data).hexdigest()
    assert "Aperçu" in preview.content.decode() and not Participant.objects.exists()
    # Another person of the same enterprise cannot apply it, nor can a made-up checksum.
    other = client_for(make_user("director", enterprise))
    refused = other.post(reverse("participants:import"), {"checksum": checksum}, follow=True)
    assert "plus disponible" in refused.content.decode()
    client = client_for(users["coordinator"])
    client.post(reverse("participants:import"), {"checksum": "0" * 64})
    client.post(reverse("participants:import"), {"checksum": "../../etc"})
    assert not Participant.objects.exists()
    client.post(reverse("participants:import"), {"checksum": checksum})
    assert Participant.objects.filter(enterprise=enterprise, external_id="A1").count() == 1
    # Applied once: the same button again finds nothing to apply.
    again = client.post(reverse("participants:import"), {"checksum": checksum})
    assert "plus disponible" in again.content.decode()


def test_the_command_prints_the_ignored_columns(enterprise, tmp_path):
    path = tmp_path / "remarques.csv"
    path.write_text(f"{HEADER},Remarques\nK1,Ana,Roy,woodworking,2025-01-06,à rappeler\n", encoding="utf-8")
    actor = MembershipFactory(enterprise=enterprise, role="coordinator").user
    errors = io.StringIO()
    call_command(
        "import_participants", str(path), "--enterprise", enterprise.slug, "--actor", actor.email, stderr=errors
    )
    assert "remarques" in errors.getvalue()
    assert Participant.objects.filter(external_id="K1").exists()
