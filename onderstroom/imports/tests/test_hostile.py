"""Hostile files through the real screens: a clear error and nothing changed, or a complete import.

Never a 500. Every file is made here; no binary fixture is committed.
"""

import codecs
import io
import time
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import Workbook

from onderstroom.imports.models import ImportJob
from onderstroom.imports.tests.conftest import HEADER, YEAR, csv_bytes, pupil, q, school_state, xlsx_bytes
from onderstroom.schools.models import Child, Enrollment, Group
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://x","klik")'


@dataclass
class Outcome:
    refused: bool  # the upload form said no
    imported: bool  # the import was applied
    text: str  # what the administrator read last


def import_through_screens(client: Client, content: bytes, filename: str = "leerlingen.csv") -> Outcome:
    """Upload, look at the preview, confirm: what an administrator does, with every status checked."""
    upload = SimpleUploadedFile(filename, content, content_type="application/octet-stream")
    response = client.post(reverse("imports:start"), {"file": upload, "year": YEAR})
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        return Outcome(refused=True, imported=False, text=response.content.decode())
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    job = ImportJob.objects.get(uuid=preview.context["job"].uuid)
    confirmed = client.post(reverse("imports:confirm", args=[job.uuid]), follow=True)
    assert confirmed.status_code == 200
    job.refresh_from_db()
    text = preview.content.decode() + confirmed.content.decode()
    return Outcome(refused=False, imported=job.status == ImportJob.Status.APPLIED, text=text)


@pytest.fixture
def client(world: World) -> Client:
    return world.client_for(Persona.ADMIN)


def xlsx_with_formula() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADER))
    sheet.append(pupil(1))
    sheet.append(pupil(2))
    sheet["B3"] = FORMULA  # a real formula cell, as Excel stores it
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


REFUSED = {
    "empty": (b"", "leerlingen.csv", "Het bestand is leeg."),
    "blank lines only": (b"\r\n;;;\r\n  \r\n", "leerlingen.csv", "Het bestand is leeg."),
    "only a header": (
        csv_bytes([HEADER]),
        "leerlingen.csv",
        "Het bestand bevat een kopregel maar geen leerlingen.",
    ),
    "binary garbage named .csv": (
        bytes(range(256)) * 50,
        "leerlingen.csv",
        "Dit bestand is geen leesbaar CSV- of Excelbestand.",
    ),
    "truncated xlsx": (xlsx_bytes([HEADER, pupil(1)])[:2500], "leerlingen.xlsx", "beschadigd of onvolledig"),
    "old xls": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000),
        "leerlingen.xls",
        "oud Excelbestand (.xls)",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_unreadable_files_are_refused_at_upload(case: str, client: Client, world: World) -> None:
    content, filename, message = REFUSED[case]
    before = school_state(world)
    outcome = import_through_screens(client, content, filename)
    assert outcome.refused
    assert message in outcome.text
    assert school_state(world) == before
    assert not ImportJob.objects.exists()  # nothing of the file is kept


LINE_ERRORS = {
    "a date that does not exist": (
        csv_bytes([HEADER, pupil(1), pupil(2, Geboortedatum="31-02-2015")]),
        "leerlingen.csv",
        f"Regel 3: de geboortedatum {q('31-02-2015')} bestaat niet.",
    ),
    "a formula in a CSV cell": (
        csv_bytes([HEADER, pupil(1), pupil(2, Roepnaam=FORMULA)]),
        "leerlingen.csv",
        "Regel 3: de voornaam",
    ),
    "a real formula in an XLSX cell": (
        xlsx_with_formula(),
        "leerlingen.xlsx",
        "Regel 3: de voornaam bevat een formule",
    ),
    "duplicate rows": (
        csv_bytes([HEADER, pupil(1), pupil(2), pupil(1)]),
        "leerlingen.csv",
        f"Regel 4: het leerlingnummer {q('1001')} staat ook op regel 2.",
    ),
    "duplicate pupil numbers": (
        csv_bytes([HEADER, pupil(1), pupil(2, Leerlingnummer="1001")]),
        "leerlingen.csv",
        f"Regel 3: het leerlingnummer {q('1001')} staat ook op regel 2.",
    ),
    "missing columns": (
        csv_bytes([["Roepnaam", "Geboortedatum"], ["Sanne", "1-2-2017"]]),
        "leerlingen.csv",
        "Er is geen kolom gevonden voor de achternaam",
    ),
}


@pytest.mark.parametrize("case", list(LINE_ERRORS), ids=list(LINE_ERRORS))
def test_files_with_errors_change_nothing(case: str, client: Client, world: World) -> None:
    content, filename, message = LINE_ERRORS[case]
    before = school_state(world)
    outcome = import_through_screens(client, content, filename)
    assert not outcome.refused
    assert not outcome.imported
    assert message in outcome.text.replace("&#x27;", "'").replace("&quot;", '"')
    assert "Er is niets geïmporteerd" in outcome.text
    assert school_state(world) == before


def test_a_windows_1252_excel_export_with_semicolons_imports_completely(client: Client, world: World) -> None:
    """Excel's "CSV (gescheiden door lijstscheidingsteken)": Windows-1252, semicolons, curly apostrophes."""
    rows = [
        HEADER,
        pupil(1, Roepnaam="Zoë", Achternaam="D\u2019Angelo"),
        pupil(2, Roepnaam="Anaïs", Tussenvoegsel="van 't", Achternaam="Hélène"),
        pupil(4, Roepnaam="Daniël", Achternaam="Ruïz"),
    ]
    content = csv_bytes(rows, delimiter=";", encoding="cp1252")
    assert b"\x92" in content
    assert b"\xeb" in content
    outcome = import_through_screens(client, content)
    assert outcome.imported
    names = set(
        Child.objects.filter(school=world.school, external_id__startswith="10").values_list(
            "first_name", "surname"
        )
    )
    assert names == {("Zoë", "D\u2019Angelo"), ("Anaïs", "Hélène"), ("Daniël", "Ruïz")}


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8-sig"), ("\t", "utf-16"), (";", "utf-8")],
    ids=["comma-utf8-bom", "tab-utf16-unicode-text", "semicolon-utf8"],
)
def test_every_separator_and_encoding_imports(
    delimiter: str, encoding: str, client: Client, world: World
) -> None:
    content = csv_bytes([HEADER, pupil(1), pupil(2)], delimiter=delimiter, encoding=encoding)
    if encoding == "utf-16":
        assert content.startswith(codecs.BOM_UTF16_LE)
    assert import_through_screens(client, content).imported
    assert Child.objects.filter(school=world.school, external_id__in=["1001", "1002"]).count() == 2


def test_an_xlsx_with_date_and_number_cells_imports(client: Client, world: World) -> None:
    rows = [HEADER, [1234, "Sanne", "", "Jansen", "Groep 5", 5, date(2016, 4, 3), "V"]]
    assert import_through_screens(client, xlsx_bytes(rows), "leerlingen.xlsx").imported
    child = Child.objects.get(school=world.school, external_id="1234")
    assert (child.birth_date, child.gender) == (date(2016, 4, 3), "f")


@override_settings(IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused(client: Client, world: World) -> None:
    outcome = import_through_screens(client, csv_bytes([HEADER, *(pupil(n) for n in range(1, 40))]))
    assert outcome.refused
    assert "groter dan" in outcome.text


def test_a_file_of_5000_pupils_imports_completely_in_a_few_seconds(client: Client, world: World) -> None:
    groups = [f"Groep {grade}{letter}" for grade in range(1, 9) for letter in "ABCDEFGHIJKLM"]
    rows = [HEADER, *(pupil(n, groups[n % len(groups)]) for n in range(1, 5001))]
    content = csv_bytes(rows)
    children_before = Child.objects.filter(school=world.school).count()
    started, cpu_started = time.perf_counter(), time.process_time()
    outcome = import_through_screens(client, content)
    took, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # Wall time depends on what else the machine runs; the work itself is the CPU time.
    print(f"\n5,000-row import through upload, preview and confirm: {took:.1f} s ({cpu:.1f} s CPU)")
    assert outcome.imported
    assert Child.objects.filter(school=world.school).count() == children_before + 5000
    assert Enrollment.objects.filter(school=world.school, group__name__in=groups).count() == 5000
    assert Group.objects.filter(school=world.school, name__in=groups).count() == len(groups)
    assert cpu < 10
    again = time.process_time()
    assert import_through_screens(client, content).imported
    print(f"the same file again, which changes nothing: {time.process_time() - again:.1f} s CPU")
