"""Reading files: encodings, separators, spreadsheets, and files that are not what they claim."""

import codecs
import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

from onderstroom.imports.errors import ImportFileError
from onderstroom.imports.tabular import Formula, decode_text, read_table, sniff_delimiter
from onderstroom.imports.tests.conftest import csv_bytes, xlsx_bytes

ROWS = [
    ["Roepnaam", "Achternaam", "Groep"],
    ["Zoë", "D\u2019Angelo", "Groep 5"],
    ["Anaïs", "Hélène", "Groep 5"],
]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # Excel "Unicode text": with a BOM
        lambda text: text.encode("utf-16-le"),
        lambda text: text.encode("cp1252"),  # Excel "CSV (gescheiden door lijstscheidingsteken)"
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-without-bom", "windows-1252"],
)
def test_encodings_are_detected(encode) -> None:  # type: ignore[no-untyped-def]
    text = "Roepnaam;Achternaam\r\nZoë;D\u2019Angelo\r\n"
    assert decode_text(encode(text)) == text


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_separator_is_sniffed(delimiter: str) -> None:
    table = read_table(csv_bytes(ROWS, delimiter=delimiter))
    assert table.headers == ("Roepnaam", "Achternaam", "Groep")
    assert [row.cells for row in table.rows] == [tuple(ROWS[1]), tuple(ROWS[2])]


def test_commas_inside_quoted_names_do_not_fool_the_sniffer() -> None:
    text = 'Roepnaam;Achternaam;Opmerking\r\nJan;Jansen;"a, b, c, d"\r\nPiet;Pietersen;"e, f, g"\r\n'
    assert sniff_delimiter(text) == ";"


def test_line_numbers_count_lines_in_the_file_even_with_line_breaks_in_a_cell() -> None:
    text = 'Roepnaam;Achternaam\r\n"Jan\nPeter";Jansen\r\n\r\nPiet;Pietersen\r\n'
    table = read_table(text.encode())
    assert [row.line for row in table.rows] == [2, 5]


def test_xlsx_cells_keep_their_types_and_formulas_are_marked() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Roepnaam", "Achternaam", "Groep", "Leerlingnummer"])
    sheet.append(['=HYPERLINK("http://x","klik")', "Jansen", "Groep 5", 1234])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue())
    assert table.rows[0].cells[0] == Formula('=HYPERLINK("http://x","klik")')
    assert table.rows[0].cells[3] == 1234


def test_array_formulas_are_marked_with_their_text() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Roepnaam", "Achternaam", "Groep"])
    sheet["A2"] = ArrayFormula("A2", "=UPPER(B2)")
    sheet["B2"], sheet["C2"] = "Jansen", "Groep 5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_table(buffer.getvalue()).rows[0].cells[0] == Formula("=UPPER(B2)")


def test_a_csv_named_file_that_is_really_xlsx_is_read_as_xlsx() -> None:
    table = read_table(xlsx_bytes(ROWS))
    assert table.headers == ("Roepnaam", "Achternaam", "Groep")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\r\n ; ; \r\n\r\n", "The file is empty."),
        (b"Roepnaam;Achternaam;Groep\r\n", "The file holds a header but no pupils."),
        (bytes(range(256)) * 20, "This file is not a readable CSV or Excel file."),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "This file is not a readable CSV or Excel file."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "This is an old Excel file (.xls)"),
        (b"PK\x03\x04" + bytes(100), "The file is damaged or incomplete"),
    ],
    ids=["empty", "blank-lines", "only-header", "binary", "png", "xls", "broken-zip"],
)
def test_unreadable_files_are_refused_with_a_reason(content: bytes, message: str) -> None:
    with translation.override("en"), pytest.raises(ImportFileError) as error:
        read_table(content)
    assert error.value.message.startswith(message)


def test_a_truncated_xlsx_is_refused() -> None:
    content = xlsx_bytes(ROWS)
    for cut in (len(content) // 3, len(content) // 2, len(content) - 30):
        with pytest.raises(ImportFileError):
            read_table(content[:cut])


def test_an_xlsx_zip_bomb_is_not_opened() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024))
    with translation.override("en"), pytest.raises(ImportFileError) as error:
        read_table(buffer.getvalue())
    assert "unpacks to far more data" in error.value.message
