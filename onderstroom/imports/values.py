"""Turning one cell into a name, date, gender or grade, or into a message that says what is wrong."""

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.imports.errors import quoted, shown
from onderstroom.imports.tabular import Cell, Formula
from onderstroom.schools.models import GRADES

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class ValueProblem(Exception):
    """A cell that cannot be used; the message completes "Line 14: ..."."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# A text starting with one of these is run as a formula when the data is opened in a spreadsheet
# again (CSV injection); no name, group or pupil number starts like that.
FORMULA_PREFIXES = ("=", "+", "-", "@")
EXCEL_EPOCH = date(1899, 12, 30)
# Serial day numbers of a spreadsheet that can be a pupil's birthday (1970 to 9999); a small number
# in a date column is a mistake, not 4 January 1900.
EXCEL_SERIALS = range(25569, 2958466)
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?$")
_GRADE = re.compile(r"^(?:groep|grade|group|leerjaar|gr\.?|g)?\s*0?(\d{1,2})$")
_BARE_GROUP = re.compile(r"^[1-8](?:\s*[/-]\s*[1-8])*\s*[a-zA-Z]?$")

GENDER_WORDS = {
    "man": "m",
    "jongen": "m",
    "male": "m",
    "boy": "m",
    "vrouw": "f",
    "meisje": "f",
    "female": "f",
    "girl": "f",
    "f": "f",
    "v": "f",
    "j": "m",
    "x": "x",
    "anders": "x",
    "other": "x",
    "onbekend": "",
    "unknown": "",
}


def cell_text(cell: Cell) -> str:
    """The text of a cell on one line; numbers without a trailing '.0'."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        return cell.strftime("%d-%m-%Y")
    return " ".join(str(cell).split())


def text_value(cell: Cell, what: "str | StrPromise", max_length: int) -> str:
    """A name, group or number: no formula, no control characters, not too long.

    `what` names the field with its article ("the surname"), as messages start with it.
    """
    if isinstance(cell, Formula):
        raise ValueProblem(
            _("%(field)s holds a formula (%(formula)s); formulas are not imported.")
            % {"field": what, "formula": shown(cell.text)}
        )
    text = cell_text(cell)
    if text.startswith(FORMULA_PREFIXES):
        raise ValueProblem(
            _("%(field)s %(value)s starts with %(sign)s, which a spreadsheet would run as a formula.")
            % {"field": what, "value": quoted(text), "sign": text[0]}
        )
    if not text.isprintable():
        raise ValueProblem(_("%(field)s contains characters that are not allowed.") % {"field": what})
    if len(text) > max_length:
        raise ValueProblem(
            _("%(field)s %(value)s is longer than %(max)s characters.")
            % {"field": what, "value": quoted(text), "max": max_length}
        )
    return text


def birth_date_value(cell: Cell, today: date | None = None) -> date | None:
    """dd-mm-yyyy, d-m-yyyy, dd/mm/yyyy, yyyy-mm-dd, or a date cell of a spreadsheet."""
    if isinstance(cell, Formula):
        raise ValueProblem(
            _("the date of birth holds a formula (%(formula)s); formulas are not imported.")
            % {"formula": shown(cell.text)}
        )
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    value = _as_date(cell)
    if value > (today or timezone.localdate()):
        raise ValueProblem(
            _("the date of birth %(value)s lies in the future.") % {"value": quoted(cell_text(cell))}
        )
    return value


def _as_date(cell: Cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool) and int(cell) in EXCEL_SERIALS:
        # A date cell the exporter left unformatted: Excel counts days since 30-12-1899.
        return EXCEL_EPOCH + timedelta(days=int(cell))
    text = cell_text(cell)
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YMD.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueProblem(
            _("the date of birth %(value)s is not a date; write it as dd-mm-yyyy.") % {"value": quoted(text)}
        )
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueProblem(
            _("the date of birth %(value)s does not exist.") % {"value": quoted(text)}
        ) from error


def gender_scheme(cells: Iterable[Cell]) -> str:
    """How this file means 'M': 'm' (man, next to V) or 'f' (meisje, next to J).

    '?' when the file uses both J and V, so that M could be either.
    """
    letters = {cell_text(cell).casefold() for cell in cells}
    if "j" in letters and "v" in letters:
        return "?"
    return "f" if "j" in letters else "m"


def gender_value(cell: Cell, scheme: str) -> str | None:
    """'m', 'f', 'x', '' (explicitly unknown) or None (empty: keep what is known)."""
    text = cell_text(cell).casefold()
    if not text:
        return None
    if text == "m":
        if scheme == "?":
            raise ValueProblem(
                _("M can mean a boy (man) or a girl (meisje) in this file, because it uses both J and V.")
            )
        return scheme
    if text in GENDER_WORDS:
        return GENDER_WORDS[text]
    raise ValueProblem(
        _("the gender %(value)s is not recognised; use M, V, J, X or leave it empty.")
        % {"value": quoted(cell_text(cell))}
    )


def grade_value(cell: Cell) -> int | None:
    """A grade 1 to 8 from '5', '05', 'Groep 5' or a number cell; None when empty."""
    text = cell_text(cell).casefold()
    if not text:
        return None
    match = _GRADE.match(text)
    if match and int(match.group(1)) in GRADES:
        return int(match.group(1))
    raise ValueProblem(
        _("the grade %(value)s is not a grade from 1 to 8.") % {"value": quoted(cell_text(cell))}
    )


def grades_in_group_name(name: str) -> list[int]:
    """The grades a group name shows: 'Groep 5' and '5B' -> [5], '4/5/6' -> [4, 5, 6]; else []."""
    numbers = [int(part) for part in re.findall(r"\d+", name)]
    if not numbers or any(number not in GRADES for number in numbers):
        return []
    return sorted(set(numbers))


def group_name(text: str) -> str:
    """Exports often give only '5' or '4/5/6': the group is then called 'Groep 5' as teachers say it."""
    if _BARE_GROUP.match(text):
        return f"Groep {text}"
    return text


# --- Dutch surnames ------------------------------------------------------------------------------

# Words of a Dutch surname prefix (tussenvoegsel): "van", "de", "van der", "van den", "de la", "ter",
# "ten", "'t", "in 't", "op de", "uit den", ... A family name that starts with them is split as the
# Dutch alphabet wants it: "de la Bakker" is Bakker, prefix "de la", sorted under B.
PREFIX_WORDS = frozenset(
    {
        "van", "de", "der", "den", "het", "'t", "\u2019t", "te", "ter", "ten", "in", "op", "aan", "bij",
        "uit", "uijt", "voor", "onder", "over", "la", "le", "les", "du", "des", "da", "das", "do",
        "dos", "di", "del", "della", "von", "vom", "zu", "zum", "zur", "'s", "\u2019s",
    }
)  # fmt: skip


def split_surname(family_name: str) -> tuple[str, str]:
    """(prefix, surname) of a family name written in full: "van der Berg" -> ("van der", "Berg").

    Leading prefix words become the prefix; at least one word always stays the surname, so "Van"
    alone is a surname. A word joined by an apostrophe ("D'Angelo") stays whole. Case is kept as
    the file writes it.
    """
    words = family_name.split()
    prefix: list[str] = []
    while len(words) > 1 and words[0].casefold() in PREFIX_WORDS:
        prefix.append(words.pop(0))
    return " ".join(prefix), " ".join(words)


# A letter the export could not write comes out as "?" (an encoding that lacks the dotless i, "ł", "ş", ...)
# or as the replacement character U+FFFD: the name is damaged before it reaches us.
DAMAGED_LETTERS = ("?", "\ufffd")


def looks_damaged(name: str) -> bool:
    return any(mark in name for mark in DAMAGED_LETTERS)
