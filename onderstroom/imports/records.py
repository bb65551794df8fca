"""What a file says, in one shape for every format: pupils, groups, teachers, and what is wrong."""

from dataclasses import dataclass, field
from datetime import date

from onderstroom.imports.errors import LineError


@dataclass
class PupilRow:
    """One pupil as the file describes them. None means "the file does not say": keep what is stored."""

    line: int
    first_name: str
    surname: str
    group_key: str
    grade: int
    external_id: str = ""
    prefix: str | None = None
    birth_date: date | None = None
    gender: str | None = None
    file: str = ""
    # Numbers an earlier import may have stored for this pupil (OneRoster's sourcedId, when the
    # pupil number came from `identifier`): a child stored under one of them is this pupil.
    other_ids: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.prefix, self.surname) if part)

    @property
    def name_key(self) -> tuple[str, str, date | None]:
        """How a pupil is recognised without a pupil number: first name, full surname, birthday."""
        surname = " ".join(part for part in (self.prefix, self.surname) if part)
        return (self.first_name.casefold(), surname.casefold(), self.birth_date)


@dataclass
class GroupSpec:
    """A group of the school year the file fills; `key` is how pupil rows refer to it."""

    key: str
    name: str
    external_id: str = ""
    grades: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class TeacherLink:
    """A teacher the file places in a group (OneRoster), found by email address."""

    group_key: str
    email: str
    line: int
    file: str


@dataclass
class ImportData:
    """Everything read from one file, before it is compared with the database."""

    pupils: list[PupilRow] = field(default_factory=list)
    groups: dict[str, GroupSpec] = field(default_factory=dict)
    teachers: list[TeacherLink] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # errors about the file as a whole
    warnings: list[str] = field(default_factory=list)
    by_external_id: bool = True  # pupils are matched by pupil number, else by name and birthday
    year_name: str | None = None  # the school year the file itself names (OneRoster)
