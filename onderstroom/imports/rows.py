"""From the rows of a spreadsheet and a column mapping to pupils and groups, with line-level errors."""

from collections.abc import Callable
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.imports.columns import FIELD_PHRASES, REQUIRED, Field, Mapping, is_forbidden
from onderstroom.imports.errors import LineError, quoted, shown
from onderstroom.imports.records import GroupSpec, ImportData, PupilRow
from onderstroom.imports.tabular import Cell, Table, TableRow
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
from onderstroom.schools.models import Child, Group


def _max_length(model: type, name: str) -> int:
    return model._meta.get_field(name).max_length  # type: ignore[attr-defined]


MAX_LENGTHS = {
    Field.EXTERNAL_ID: _max_length(Child, "external_id"),
    Field.FIRST_NAME: _max_length(Child, "first_name"),
    Field.PREFIX: _max_length(Child, "surname_prefix"),
    Field.SURNAME: _max_length(Child, "surname"),
    Field.GROUP: _max_length(Group, "name"),
}


def mapping_problems(headers: tuple[str, ...], mapping: Mapping) -> list[str]:
    """What keeps this mapping from being imported at all."""
    problems = [
        _("No column was found for %(field)s; choose it under Columns.") % {"field": FIELD_PHRASES[field]}
        for field in REQUIRED
        if mapping[field] is None
    ]
    if mapping[Field.EXTERNAL_ID] is None and mapping[Field.BIRTH_DATE] is None:
        problems.append(
            _(
                "Choose the column with the pupil number or with the date of birth: "
                "without either, pupils cannot be recognised in a later import."
            )
        )
    chosen = [column for column in mapping.values() if column is not None]
    for column in sorted({c for c in chosen if chosen.count(c) > 1}):
        problems.append(
            _("The column %(column)s is chosen for more than one field.")
            % {"column": _header(headers, column)}
        )
    for column in sorted(set(chosen)):
        if is_forbidden(headers[column]):
            problems.append(
                _(
                    "The column %(column)s holds citizen service numbers, which Onderstroom never stores; "
                    "choose another column."
                )
                % {"column": _header(headers, column)}
            )
    return problems


def _header(headers: tuple[str, ...], column: int) -> str:
    return quoted(headers[column] if column < len(headers) and headers[column] else column_letter(column))


def column_letter(column: int) -> str:
    """Spreadsheet column name: 0 -> A, 26 -> AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def pupils_from_table(table: Table, mapping: Mapping) -> ImportData:
    data = ImportData(by_external_id=mapping[Field.EXTERNAL_ID] is not None)
    data.problems = mapping_problems(table.headers, mapping)
    if data.problems:
        return data
    gender_column = mapping[Field.GENDER]
    scheme = (
        gender_scheme(row.cell(gender_column) for row in table.rows) if gender_column is not None else "m"
    )
    today = timezone.localdate()
    columns = [column for column in mapping.values() if column is not None]
    seen: dict[object, int] = {}
    for row in table.rows:
        if all(_blank(row.cell(column)) for column in columns):
            continue
        reader = _RowReader(row, mapping, scheme, today)
        pupil = reader.pupil()
        data.errors += [LineError(row.line, message) for message in reader.problems]
        if pupil is None:
            continue
        if duplicate := _duplicate(pupil, data.by_external_id, seen):
            data.errors.append(LineError(row.line, duplicate))
            continue
        data.pupils.append(pupil)
        if pupil.group_key not in data.groups:
            data.groups[pupil.group_key] = GroupSpec(key=pupil.group_key, name=reader.group)
        data.groups[pupil.group_key].grades.add(pupil.grade)
    return data


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


class _RowReader:
    """Reads one row into a pupil, collecting every problem of the row, not just the first."""

    def __init__(self, row: TableRow, mapping: Mapping, scheme: str, today: date) -> None:
        self.row, self.mapping, self.scheme, self.today = row, mapping, scheme, today
        self.problems: list[str] = []
        self.group = ""

    def pupil(self) -> PupilRow | None:
        first_name = self.text(Field.FIRST_NAME, required=True)
        prefix = self.text(Field.PREFIX, required=False)
        surname = self.text(Field.SURNAME, required=True)
        external_id = self.text(Field.EXTERNAL_ID, required=True)
        self.group = group_name(self.text(Field.GROUP, required=True) or "")
        birth_date = self.parsed(birth_date_value, self.cell(Field.BIRTH_DATE), self.today)
        gender = self.parsed(gender_value, self.cell(Field.GENDER), self.scheme)
        grade = self.parsed(_grade, self.cell(Field.GRADE), self.group)
        if self.problems or not (first_name and surname and self.group and grade):
            return None
        return PupilRow(
            line=self.row.line,
            first_name=first_name,
            prefix=prefix,
            surname=surname,
            external_id=external_id or "",
            group_key=self.group.casefold(),
            grade=grade,
            birth_date=birth_date,
            gender=gender,
        )

    def cell(self, field: Field) -> Cell:
        return self.row.cell(self.mapping[field])

    def text(self, field: Field, required: bool) -> str | None:
        """The text of a mapped field; None when the field is not mapped or cannot be used."""
        if self.mapping[field] is None:
            return None
        value = self.parsed(text_value, self.cell(field), FIELD_PHRASES[field], MAX_LENGTHS[field])
        if required and value == "":
            self.problems.append(_("%(field)s is missing.") % {"field": FIELD_PHRASES[field]})
        return value

    def parsed[T](self, parse: Callable[..., T], *args: object) -> T | None:
        try:
            return parse(*args)
        except ValueProblem as problem:
            self.problems.append(problem.message)
            return None


def _grade(cell: Cell, group: str) -> int | None:
    """The pupil's grade: the Leerjaar column, else the single grade the group's name shows."""
    if given := grade_value(cell):
        return given
    if not group:
        return None
    grades = grades_in_group_name(group)
    if len(grades) == 1:
        return grades[0]
    if grades:
        raise ValueProblem(
            _("%(group)s is a combination group; fill in the grade (Leerjaar) of this pupil.")
            % {"group": quoted(group)}
        )
    raise ValueProblem(
        _("the grade is missing, and the group name %(group)s does not show it; add a column Leerjaar.")
        % {"group": quoted(group)}
    )


def _duplicate(pupil: PupilRow, by_external_id: bool, seen: dict[object, int]) -> str | None:
    key: object = pupil.external_id if by_external_id else pupil.name_key
    if key in seen:
        if by_external_id:
            return _("the pupil number %(value)s is also on line %(other)s.") % {
                "value": quoted(pupil.external_id),
                "other": seen[key],
            }
        return _("%(name)s, with the same date of birth, is also on line %(other)s.") % {
            "name": shown(pupil.full_name),
            "other": seen[key],
        }
    seen[key] = pupil.line
    return None
