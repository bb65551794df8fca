"""Header recognition: every synonym of every field, as exports really spell them."""

import pytest

from onderstroom.imports.columns import SYNONYMS, Field, detect_mapping, field_for, is_forbidden
from onderstroom.imports.tabular import TableRow, table_from_rows

# Headers as ParnasSys, ESIS, Somtoday and English exports write them.
SPELLED = {
    Field.EXTERNAL_ID: [
        "Leerlingnummer",
        "Leerlingnr.",
        "LLnr",
        "Leerling ID",
        "Leerling-id",
        "Leerlingcode",
        "Student number",
        "Student nr",
        "Student ID",
        "Pupil number",
        "Pupil ID",
        "External ID",
        "ID",
    ],
    Field.FIRST_NAME: [
        "Roepnaam",
        "Voornaam",
        "Voornamen",
        "Preferred name",
        "Preferred first name",
        "First name",
        "Given name",
        "Forename",
        "First names",
        "Given names",
        "Roepnaam leerling",
    ],
    Field.PREFIX: [
        "Tussenvoegsel",
        "Tussenvoegsel(s)",
        "Tussenvoegsels",
        "Voorvoegsel",
        "Voorvoegsels",
        "Surname prefix",
        "Last name prefix",
        "Name prefix",
        "Prefix",
        "Infix",
    ],
    Field.SURNAME: ["Achternaam", "Geslachtsnaam", "Familienaam", "Surname", "Last name", "Family name"],
    Field.GROUP: [
        "Groep",
        "Groepsnaam",
        "Klas",
        "Klasnaam",
        "Stamgroep",
        "Basisgroep",
        "Group",
        "Group name",
        "Class",
        "Class name",
        "Homeroom",
    ],
    Field.GRADE: ["Leerjaar", "Jaargroep", "Grade", "Grade level", "Year group", "Year level"],
    Field.BIRTH_DATE: [
        "Geboortedatum",
        "Geb. datum",
        "Geboortedag",
        "Birth date",
        "Date of birth",
        "DOB",
        "Birthday",
    ],
    Field.GENDER: ["Geslacht", "Gender", "Sex"],
}


@pytest.mark.parametrize(
    ("header", "field"), [(header, field) for field, headers in SPELLED.items() for header in headers]
)
def test_every_spelling_of_a_header_is_recognised(header: str, field: Field) -> None:
    """Case, spaces, dots and brackets do not matter."""
    assert field_for(header) == field
    assert field_for(header.upper()) == field
    assert field_for(f"  {header.lower()}  ") == field


@pytest.mark.parametrize(("field", "synonym"), [(f, s) for f, names in SYNONYMS.items() for s in names])
def test_every_synonym_in_the_table_is_recognised(field: Field, synonym: str) -> None:
    assert field_for(synonym) == field


def test_accents_do_not_matter() -> None:
    assert field_for("Géboortedàtum") == Field.BIRTH_DATE
    assert field_for("Roëpnaam") == Field.FIRST_NAME


def test_unknown_headers_map_to_nothing() -> None:
    for header in ("Adres", "Postcode", "Naam ouder", "", None, "Leerling"):
        assert field_for(header) is None


def test_citizen_service_numbers_are_never_a_field() -> None:
    for header in ("BSN", "Burgerservicenummer", "Onderwijsnummer", "Sofinummer"):
        assert field_for(header) is None
        assert is_forbidden(header)


def test_roepnaam_wins_over_voornamen_whatever_the_order() -> None:
    mapping = detect_mapping(["Voornamen", "Achternaam", "Roepnaam", "Groep"])
    assert mapping[Field.FIRST_NAME] == 2
    assert mapping[Field.SURNAME] == 1
    assert mapping[Field.GROUP] == 2 + 1


def test_each_column_is_mapped_once_and_missing_fields_are_none() -> None:
    mapping = detect_mapping(["Roepnaam", "Achternaam", "Klas"])
    assert mapping == {
        Field.EXTERNAL_ID: None,
        Field.FIRST_NAME: 0,
        Field.PREFIX: None,
        Field.SURNAME: 1,
        Field.GROUP: 2,
        Field.GRADE: None,
        Field.BIRTH_DATE: None,
        Field.GENDER: None,
    }


def test_the_header_row_is_found_below_a_title() -> None:
    """ParnasSys puts the school's name and a blank line above the header."""
    rows = [
        TableRow(1, ("Leerlingenlijst Basisschool De Regenboog",)),
        TableRow(2, ("Afdrukdatum 1-9-2026",)),
        TableRow(4, ("Roepnaam", "Achternaam", "Groep")),
        TableRow(5, ("Sanne", "Jansen", "Groep 5")),
    ]
    table = table_from_rows(rows)
    assert table.headers == ("Roepnaam", "Achternaam", "Groep")
    assert table.header_line == 4
    assert [row.line for row in table.rows] == [5]
