"""Cells into dates, genders, grades and group names, and the messages when they do not fit."""

from datetime import date, datetime

import pytest
from django.utils import translation

from onderstroom.imports.tabular import Formula
from onderstroom.imports.tests.conftest import q
from onderstroom.imports.values import (
    ValueProblem,
    birth_date_value,
    gender_scheme,
    gender_value,
    grade_value,
    grades_in_group_name,
    group_name,
    text_value,
)

TODAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    "cell",
    ["03-04-2016", "3-4-2016", "03/04/2016", "3/4/2016", "03.04.2016", "2016-04-03", "2016-04-03 00:00:00"],
)
def test_dutch_and_iso_dates_are_read_day_first(cell: str) -> None:
    assert birth_date_value(cell, TODAY) == date(2016, 4, 3)


def test_spreadsheet_date_cells_and_serial_numbers_are_dates() -> None:
    assert birth_date_value(datetime(2016, 4, 3, 0, 0), TODAY) == date(2016, 4, 3)
    assert birth_date_value(date(2016, 4, 3), TODAY) == date(2016, 4, 3)
    assert birth_date_value(42463, TODAY) == date(2016, 4, 3)  # an unformatted Excel date cell


def test_an_empty_date_is_no_date() -> None:
    assert birth_date_value(None, TODAY) is None
    assert birth_date_value("  ", TODAY) is None


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31-02-2015", f"de geboortedatum {q('31-02-2015')} bestaat niet."),
        ("29-02-2015", f"de geboortedatum {q('29-02-2015')} bestaat niet."),
        ("12-13-2015", f"de geboortedatum {q('12-13-2015')} bestaat niet."),
        ("gisteren", f"de geboortedatum {q('gisteren')} is geen datum; schrijf hem als dd-mm-jjjj."),
        ("3-4-16", f"de geboortedatum {q('3-4-16')} is geen datum; schrijf hem als dd-mm-jjjj."),
        (5, f"de geboortedatum {q('5')} is geen datum; schrijf hem als dd-mm-jjjj."),
        ("1-1-2030", f"de geboortedatum {q('1-1-2030')} ligt in de toekomst."),
    ],
)
def test_impossible_dates_are_named_in_dutch(cell: object, message: str) -> None:
    with translation.override("nl"), pytest.raises(ValueProblem) as problem:
        birth_date_value(cell, TODAY)
    assert problem.value.message == message


def test_leap_day_exists_in_a_leap_year() -> None:
    assert birth_date_value("29-02-2016", TODAY) == date(2016, 2, 29)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("M", "m"),
        ("V", "f"),
        ("man", "m"),
        ("Vrouw", "f"),
        ("Jongen", "m"),
        ("MEISJE", "f"),
        ("X", "x"),
        ("Onbekend", ""),
        ("male", "m"),
        ("Female", "f"),
        ("boy", "m"),
        ("girl", "f"),
        ("", None),
        (None, None),
    ],
)
def test_gender_words(cell: object, expected: str | None) -> None:
    assert gender_value(cell, "m") == expected


def test_m_means_meisje_in_a_file_that_uses_j_for_boys() -> None:
    scheme = gender_scheme(["J", "M", "J", ""])
    assert scheme == "f"
    assert gender_value("M", scheme) == "f"
    assert gender_value("J", scheme) == "m"


def test_m_means_man_next_to_v() -> None:
    assert gender_scheme(["M", "V"]) == "m"


def test_m_is_ambiguous_in_a_file_with_both_j_and_v() -> None:
    scheme = gender_scheme(["J", "V", "M"])
    with pytest.raises(ValueProblem):
        gender_value("M", scheme)
    assert gender_value("V", scheme) == "f"


def test_an_unknown_gender_is_an_error() -> None:
    with translation.override("nl"), pytest.raises(ValueProblem) as problem:
        gender_value("Q", "m")
    assert q("Q") in problem.value.message


@pytest.mark.parametrize(
    ("cell", "grade"), [("5", 5), ("05", 5), ("Groep 5", 5), (5, 5), (5.0, 5), ("groep 8", 8)]
)
def test_grades(cell: object, grade: int) -> None:
    assert grade_value(cell) == grade


@pytest.mark.parametrize("cell", ["0", "9", "Groep 12", "vijf", "4/5"])
def test_grades_outside_1_to_8_are_errors(cell: str) -> None:
    with pytest.raises(ValueProblem):
        grade_value(cell)


@pytest.mark.parametrize(
    ("name", "grades"),
    [
        ("Groep 5", [5]),
        ("5B", [5]),
        ("Groep 4/5/6", [4, 5, 6]),
        ("1-2", [1, 2]),
        ("Groep 1/2a", [1, 2]),
        ("Bijen", []),
        ("Groep 2026", []),
    ],
)
def test_grades_in_group_names(name: str, grades: list[int]) -> None:
    assert grades_in_group_name(name) == grades


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("5", "Groep 5"),
        ("5B", "Groep 5B"),
        ("4/5/6", "Groep 4/5/6"),
        ("Groep 5", "Groep 5"),
        ("Bijen", "Bijen"),
    ],
)
def test_bare_group_numbers_become_group_names(text: str, name: str) -> None:
    assert group_name(text) == name


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","klik")', "+31 6", "-1", "@SUM(A1)", "  =1+1"])
def test_text_that_a_spreadsheet_would_run_is_refused(text: str) -> None:
    with pytest.raises(ValueProblem):
        text_value(text, "the surname", 100)


def test_formula_cells_are_refused_without_their_result() -> None:
    with translation.override("nl"), pytest.raises(ValueProblem) as problem:
        text_value(Formula('=HYPERLINK("http://x","klik")'), "de roepnaam", 100)
    assert problem.value.message.startswith("de roepnaam bevat een formule")


def test_names_keep_their_apostrophes_and_accents() -> None:
    assert text_value("D\u2019Angelo", "x", 100) == "D\u2019Angelo"
    assert text_value("  Zoë   Anaïs ", "x", 100) == "Zoë Anaïs"
    assert text_value("'t Hart", "x", 100) == "'t Hart"


def test_too_long_and_control_characters_are_refused() -> None:
    with pytest.raises(ValueProblem):
        text_value("a" * 101, "x", 100)
    with pytest.raises(ValueProblem):
        text_value("Jan\u200bssen\x07", "x", 100)
