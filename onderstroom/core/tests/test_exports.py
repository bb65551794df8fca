"""The one export kit: any text, read back from the CSV or the XLSX, is never a formula and is the
original text after the leading apostrophe; one header row, one row per record."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
from django.http import Http404
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from onderstroom.core.exports import FORMULA_START, Sheet, requested_format, response, to_xlsx, write_csv

NOT_IN_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
FORMULA_LIKE = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "=HYPERLINK(", "-2+3", ""])
TEXT = st.builds(lambda head, tail: head + tail, FORMULA_LIKE, st.text(max_size=40))


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def expected(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_no_csv_cell_is_a_formula_and_the_text_survives(texts: list[str]) -> None:
    rows = read_csv(write_csv(texts, [texts, texts]))
    assert len(rows) == 3
    for row in rows:
        assert len(row) == len(texts)
        for cell, text in zip(row, texts, strict=True):
            assert not cell.startswith(FORMULA_START)
            assert cell == expected(text)
            assert cell.removeprefix("'") == text or cell == text


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_no_xlsx_cell_is_a_formula_and_the_text_survives(texts: list[str]) -> None:
    workbook = load_workbook(io.BytesIO(to_xlsx(Sheet(title="t", header=texts, rows=[texts]))))
    sheet = workbook.active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell, text in zip(row, texts, strict=True):
            assert cell.data_type != "f"  # openpyxl reads a formula as type "f"
            shown = "" if cell.value is None else str(cell.value)
            assert not shown.startswith(("=", "+", "-", "@"))
            # The control characters an XLSX cannot hold are left out, a carriage return is a line
            # break; the rest is the text.
            written = expected(text).replace("\r\n", "\n").replace("\r", "\n")
            assert shown == NOT_IN_XLSX.sub("", written)


def test_numbers_dates_and_empty_cells_stay_what_they_are() -> None:
    when = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    content = to_xlsx(
        Sheet(
            title="Bad:/name?",
            header=["a", "b", "c", "d", "e"],
            rows=[[-3, 2.5, None, date(2026, 1, 5), when]],
        )
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet.title == "Bad  name "
    values = [cell.value for cell in next(sheet.iter_rows(min_row=2))]
    assert values[:3] == [-3, 2.5, None]  # a negative number is a number, not a neutralised text
    assert values[3].date() == date(2026, 1, 5)
    assert values[4].replace(tzinfo=None) is not None
    rows = read_csv(write_csv(["a", "b", "c"], [[-3, None, date(2026, 1, 5)]]))
    assert rows == [["a", "b", "c"], ["-3", "", "2026-01-05"]]


def test_extra_sheets_go_to_the_xlsx_only() -> None:
    sheet = Sheet(
        title="data", header=["x"], rows=[[1]], extra=[Sheet(title="codebook", header=["y"], rows=[])]
    )
    assert read_csv(response(sheet, "csv", "a b").content) == [["x"], ["1"]]
    workbook = load_workbook(io.BytesIO(response(sheet, "xlsx", "a b").content))
    assert workbook.sheetnames == ["data", "codebook"]
    assert (
        response(sheet, "csv", '"/..').headers["Content-Disposition"] == 'attachment; filename="export.csv"'
    )


def test_the_format_is_csv_or_xlsx_or_the_page() -> None:
    factory = RequestFactory()
    assert requested_format(factory.get("/")) is None
    assert requested_format(factory.get("/?format=csv")) == "csv"
    assert requested_format(factory.get("/?format=xlsx")) == "xlsx"
    with pytest.raises(Http404):
        requested_format(factory.get("/?format=pdf"))
