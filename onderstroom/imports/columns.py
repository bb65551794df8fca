"""Which column holds what: header synonyms of Dutch student administrations, and the mapping."""

import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Field(StrEnum):
    EXTERNAL_ID = "external_id"
    FIRST_NAME = "first_name"
    PREFIX = "prefix"
    SURNAME = "surname"
    GROUP = "group"
    GRADE = "grade"
    BIRTH_DATE = "birth_date"
    GENDER = "gender"


FIELD_LABELS: dict[Field, "StrPromise"] = {
    Field.EXTERNAL_ID: pgettext_lazy("import column", "Pupil number"),
    Field.FIRST_NAME: pgettext_lazy("import column", "First name"),
    Field.PREFIX: pgettext_lazy("import column", "Surname prefix"),
    Field.SURNAME: pgettext_lazy("import column", "Surname"),
    Field.GROUP: pgettext_lazy("import column", "Group"),
    Field.GRADE: pgettext_lazy("import column", "Grade"),
    Field.BIRTH_DATE: pgettext_lazy("import column", "Date of birth"),
    Field.GENDER: pgettext_lazy("import column", "Gender"),
}

# The field with its article, as line errors start with it: "Line 4: the surname is missing."
FIELD_PHRASES: dict[Field, "StrPromise"] = {
    Field.EXTERNAL_ID: _("the pupil number"),
    Field.FIRST_NAME: _("the first name"),
    Field.PREFIX: _("the surname prefix"),
    Field.SURNAME: _("the surname"),
    Field.GROUP: _("the group"),
    Field.GRADE: _("the grade"),
    Field.BIRTH_DATE: _("the date of birth"),
    Field.GENDER: _("the gender"),
}

REQUIRED = (Field.FIRST_NAME, Field.SURNAME, Field.GROUP)

# Normalised header names (see normalise), most preferred first: "Roepnaam" is the name a
# child is called by, so it wins over "Voornamen" when an export has both.
SYNONYMS: dict[Field, tuple[str, ...]] = {
    Field.EXTERNAL_ID: (
        "leerlingnummer",
        "leerlingnr",
        "llnr",
        "leerlingid",
        "leerlingcode",
        "studentnumber",
        "studentnr",
        "studentid",
        "pupilnumber",
        "pupilid",
        "externalid",
        "id",
    ),
    Field.FIRST_NAME: (
        "roepnaam",
        "voornaam",
        "voornamen",
        "preferredname",
        "preferredfirstname",
        "firstname",
        "givenname",
        "forename",
        "firstnames",
        "givennames",
    ),
    Field.PREFIX: (
        "tussenvoegsel",
        "tussenvoegsels",
        "voorvoegsel",
        "voorvoegsels",
        "surnameprefix",
        "lastnameprefix",
        "nameprefix",
        "prefix",
        "infix",
    ),
    Field.SURNAME: ("achternaam", "geslachtsnaam", "familienaam", "surname", "lastname", "familyname"),
    Field.GROUP: (
        "groep",
        "groepsnaam",
        "klas",
        "klasnaam",
        "stamgroep",
        "basisgroep",
        "group",
        "groupname",
        "class",
        "classname",
        "homeroom",
    ),
    Field.GRADE: ("leerjaar", "jaargroep", "grade", "gradelevel", "yeargroup", "yearlevel"),
    Field.BIRTH_DATE: (
        "geboortedatum",
        "gebdatum",
        "geboortedag",
        "birthdate",
        "dateofbirth",
        "dob",
        "birthday",
    ),
    Field.GENDER: ("geslacht", "gender", "sex"),
}

# Words exports put around a header ("Roepnaam leerling", "Student first name").
_DECORATIONS = ("leerling", "student", "pupil", "kind")

# Columns that are never read into Onderstroom, whatever the mapping says: the citizen
# service number and the numbers derived from it are not needed to know a child.
FORBIDDEN = frozenset(
    {"bsn", "burgerservicenummer", "sofinummer", "sofinr", "onderwijsnummer", "pgn", "persoonsgebondennummer"}
)

Mapping = dict[Field, int | None]


def normalise(header: object) -> str:
    """Lower case, accents dropped, only letters and digits: 'Geb. datum' -> 'gebdatum'."""
    text = unicodedata.normalize("NFKD", str(header or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def field_for(header: object) -> Field | None:
    """The field a header names, if it is one of the known synonyms."""
    name = normalise(header)
    for candidate in (name, *_undecorated(name)):
        for field, names in SYNONYMS.items():
            if candidate in names:
                return field
    return None


def _undecorated(name: str) -> list[str]:
    stripped = []
    for word in _DECORATIONS:
        if name.startswith(word) and len(name) > len(word):
            stripped.append(name[len(word) :])
        if name.endswith(word) and len(name) > len(word):
            stripped.append(name[: -len(word)])
    return stripped


def is_forbidden(header: object) -> bool:
    return normalise(header) in FORBIDDEN


def detect_mapping(headers: Sequence[object]) -> Mapping:
    """Map each field to the column whose header is its most preferred synonym."""
    found: dict[Field, tuple[int, int]] = {}  # field -> (preference rank, column)
    for column, header in enumerate(headers):
        field = field_for(header)
        if field is None:
            continue
        rank = _rank(field, header)
        if field not in found or rank < found[field][0]:
            found[field] = (rank, column)
    return {field: found[field][1] if field in found else None for field in Field}


def _rank(field: Field, header: object) -> int:
    name = normalise(header)
    names = SYNONYMS[field]
    for candidate in (name, *_undecorated(name)):
        if candidate in names:
            return names.index(candidate)
    return len(names)


def recognised_count(cells: Sequence[object]) -> int:
    """How many different fields a row names: a header row names several."""
    return len({field for cell in cells if (field := field_for(cell)) is not None})


def mapping_to_json(mapping: Mapping) -> dict[str, int | None]:
    return {field.value: column for field, column in mapping.items()}


def mapping_from_json(data: object, width: int) -> Mapping:
    """A stored or posted mapping; anything that is not a column of this file counts as unmapped."""
    raw = data if isinstance(data, dict) else {}
    mapping: Mapping = {}
    for field in Field:
        value = raw.get(field.value)
        mapping[field] = value if isinstance(value, int) and 0 <= value < width else None
    return mapping
