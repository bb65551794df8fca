"""OneRoster 1.1 CSV sets: orgs, academicSessions, classes, users, enrollments (and demographics).

A set arrives as a ZIP (or, for the command, a directory that is zipped in memory),
so the same guards apply to both: only known OneRoster file names, no folders
within folders, no zip bombs, no passwords.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onderstroom.imports.columns import FIELD_PHRASES, Field
from onderstroom.imports.errors import ImportFileError, LineError, quoted
from onderstroom.imports.records import GroupSpec, ImportData, PupilRow, TeacherLink
from onderstroom.imports.rows import MAX_LENGTHS
from onderstroom.imports.tabular import MAX_ROWS, decode_text, safe_zip
from onderstroom.imports.values import (
    ValueProblem,
    birth_date_value,
    grade_value,
    group_name,
    split_surname,
    text_value,
)
from onderstroom.schools.models import SchoolYear

REQUIRED_FILES = ("orgs.csv", "academicSessions.csv", "classes.csv", "users.csv", "enrollments.csv")
KNOWN_FILES = (
    *REQUIRED_FILES,
    "manifest.csv",
    "demographics.csv",
    "courses.csv",
    "categories.csv",
    "classResources.csv",
    "courseResources.csv",
    "lineItems.csv",
    "resources.csv",
    "results.csv",
)
# Metadata a Mac adds when it zips a folder: harmless, skipped without a word.
IGNORED_PREFIXES = ("__MACOSX/",)
IGNORED_NAMES = (".DS_Store",)
MAX_MEMBERS = len(KNOWN_FILES) + 5
MEMBER_MAX_BYTES = 50 * 1024 * 1024

COLUMNS = {
    "orgs.csv": ("sourcedId", "name", "type"),
    "academicSessions.csv": ("sourcedId", "title", "type", "startDate"),
    "classes.csv": ("sourcedId", "title", "schoolSourcedId"),
    "users.csv": ("sourcedId", "role", "givenName", "familyName"),
    "enrollments.csv": ("classSourcedId", "userSourcedId", "role"),
    "demographics.csv": ("sourcedId",),
}
SEX = {"male": "m", "female": "f", "other": "x", "m": "m", "f": "f", "x": "x"}


@dataclass(frozen=True)
class Record:
    """One line of a OneRoster file; fields by lower-cased column name."""

    file: str
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column.casefold(), "")

    def has(self, column: str) -> bool:
        return column.casefold() in self.values

    @property
    def active(self) -> bool:
        return self.get("status").casefold() != "tobedeleted"


OneRosterSet = dict[str, list[Record]]


# --- the archive --------------------------------------------------------------------------------


def read_set(data: bytes) -> OneRosterSet:
    archive = safe_zip(data)
    members = _members(archive)
    missing = [name for name in REQUIRED_FILES if name not in members]
    if missing:
        raise ImportFileError(
            _("The OneRoster set lacks %(files)s. Export the complete set and upload it as one ZIP file.")
            % {"files": ", ".join(missing)}
        )
    return {name: _records(name, _read_member(archive, info)) for name, info in members.items()}


def _members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The OneRoster files in the archive, by their standard name; anything unexpected stops the import."""
    known = {name.casefold(): name for name in KNOWN_FILES}
    members: dict[str, zipfile.ZipInfo] = {}
    infos = [info for info in archive.infolist() if not _ignored(info)]
    if len(infos) > MAX_MEMBERS:
        raise ImportFileError(_("The archive holds too many files for a OneRoster set."))
    for info in infos:
        if info.is_dir():
            continue
        path = PurePosixPath(info.filename)
        if "\\" in info.filename or path.is_absolute() or ".." in path.parts or len(path.parts) > 2:
            raise _unexpected(info.filename)
        name = known.get(path.name.casefold())
        if name is None:
            raise _unexpected(info.filename)
        if name in members:
            raise ImportFileError(
                _("The archive holds %(name)s twice; upload one OneRoster set at a time.") % {"name": name}
            )
        members[name] = info
    return members


def _ignored(info: zipfile.ZipInfo) -> bool:
    return info.filename.startswith(IGNORED_PREFIXES) or PurePosixPath(info.filename).name in IGNORED_NAMES


def _unexpected(name: str) -> ImportFileError:
    return ImportFileError(
        _("The archive holds %(name)s, which is not a OneRoster file; upload only the OneRoster CSV files.")
        % {"name": quoted(name)}
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(info) as handle:
            content = handle.read(MEMBER_MAX_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        raise ImportFileError(
            _("The file is damaged or incomplete. Export it again and upload it.")
        ) from error
    if len(content) > MEMBER_MAX_BYTES:
        raise ImportFileError(_("The archive unpacks to far more data than it holds; it was not opened."))
    return content


def _records(name: str, content: bytes) -> list[Record]:
    try:
        text = decode_text(content)
    except ImportFileError as error:
        raise ImportFileError(
            _("%(file)s: %(problem)s") % {"file": name, "problem": error.message}
        ) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip().casefold() for column in next(reader, [])]
        records = []
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append(
                    Record(name, reader.line_num, dict(zip(header, (c.strip() for c in cells), strict=False)))
                )
            if len(records) > MAX_ROWS * 3:
                raise ImportFileError(
                    _("%(file)s has more lines than an import takes at once.") % {"file": name}
                )
    except csv.Error as error:
        raise ImportFileError(
            _("%(file)s, line %(line)s cannot be read as CSV.") % {"file": name, "line": reader.line_num}
        ) from error
    required = COLUMNS.get(name, ())
    if missing := [column for column in required if column.casefold() not in header]:
        raise ImportFileError(
            _("%(file)s has no column %(columns)s.") % {"file": name, "columns": ", ".join(missing)}
        )
    return records


def zip_directory(directory: Path) -> bytes:
    """A directory of OneRoster files as a ZIP, so the command takes the path the upload takes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(directory.iterdir()):
            if path.is_file():
                archive.write(path, path.name)
            else:
                archive.writestr(f"{path.name}/", "")
    return buffer.getvalue()


# --- from records to pupils ---------------------------------------------------------------------


def read_oneroster(data: bytes, brin: str, wanted_year: str | None) -> ImportData:
    """Pupils, groups and teachers of the school with this BRIN code, from a OneRoster ZIP."""
    records = read_set(data)
    org = _school_org(records["orgs.csv"], brin)
    year_id, year_name = _school_year(records["academicSessions.csv"], wanted_year)
    sessions = _session_parents(records["academicSessions.csv"])
    result = ImportData(by_external_id=True, year_name=year_name)
    classes = _classes(records["classes.csv"], org, year_id, sessions, result)
    students, teachers = _users(records["users.csv"], org)
    demographics = {r.get("sourcedId"): r for r in records.get("demographics.csv", []) if r.active}
    placements = _placements(records["enrollments.csv"], classes, students, teachers, result)
    for student_id, (record, class_id) in placements.items():
        pupil = _pupil(record, classes[class_id], demographics.get(student_id), result)
        if pupil is not None:
            result.pupils.append(pupil)
            result.groups[class_id].grades.add(pupil.grade)
    unplaced = sum(1 for student_id in students if student_id not in placements)
    if unplaced:
        result.warnings.append(
            ngettext(
                "%(count)s pupil in users.csv is in no group of this school year and is skipped.",
                "%(count)s pupils in users.csv are in no group of this school year and are skipped.",
                unplaced,
            )
            % {"count": unplaced}
        )
    return result


def _school_org(orgs: list[Record], brin: str) -> Record:
    """The org of this school: its identifier is the BRIN code (perhaps with a branch number).

    A set with a single school that carries no identifier at all is taken as this school's.
    """
    active = [org for org in orgs if org.active]
    matching = [org for org in active if org.get("identifier").upper().startswith(brin.upper())]
    if len(matching) == 1:
        return matching[0]
    schools = [org for org in active if org.get("type").casefold() == "school"] or active
    if not matching and len(schools) == 1 and not schools[0].get("identifier"):
        return schools[0]
    raise ImportFileError(
        _("None of the schools in orgs.csv has BRIN code %(brin)s; this set is for another school.")
        % {"brin": brin}
    )


def _school_year(sessions: list[Record], wanted: str | None) -> tuple[str, str]:
    """The schoolYear session: the one asked for, or the only one in the file."""
    years: dict[str, str] = {}
    for session in sessions:
        if session.active and session.get("type").casefold() == "schoolyear":
            name = _year_name(session)
            if name:
                years[session.get("sourcedId")] = name
    if wanted and wanted in years.values():
        return next(item for item in years.items() if item[1] == wanted)
    if len(set(years.values())) == 1:
        return next(iter(years.items()))
    if not years:
        raise ImportFileError(_("academicSessions.csv has no school year (a session of type schoolYear)."))
    raise ImportFileError(
        _("academicSessions.csv holds several school years (%(years)s); choose one of them.")
        % {"years": ", ".join(sorted(set(years.values())))}
    )


def _year_name(session: Record) -> str | None:
    try:
        return SchoolYear.name_for(date.fromisoformat(session.get("startDate")[:10]))
    except ValueError:
        pass
    ending = session.get("schoolYear")
    if ending.isdigit() and len(ending) == 4:  # OneRoster names a school year by the year it ends in
        return f"{int(ending) - 1}-{ending}"
    return None


def _session_parents(sessions: list[Record]) -> dict[str, str]:
    return {s.get("sourcedId"): s.get("parentSourcedId") for s in sessions if s.get("parentSourcedId")}


def _in_year(term_ids: str, year_id: str, parents: dict[str, str]) -> bool:
    """A class without terms is taken; one with terms only when a term lies in the chosen school year."""
    terms = [term.strip() for term in term_ids.split(",") if term.strip()]
    if not terms:
        return True
    for term in terms:
        for _step in range(6):  # sessions nest a few levels deep at most (year > semester > term)
            if term == year_id:
                return True
            term = parents.get(term, "")
    return False


def _classes(
    records: list[Record], org: Record, year_id: str, parents: dict[str, str], result: ImportData
) -> dict[str, GroupSpec]:
    """The groups of this school and year; homeroom classes only, when the set marks any."""
    ours = [
        r
        for r in records
        if r.active
        and r.get("schoolSourcedId") in ("", org.get("sourcedId"))
        and _in_year(r.get("termSourcedIds"), year_id, parents)
    ]
    if any(r.get("classType").casefold() == "homeroom" for r in ours):
        ours = [r for r in ours if r.get("classType").casefold() == "homeroom"]
    classes: dict[str, GroupSpec] = {}
    for record in ours:
        try:
            title = text_value(record.get("title"), FIELD_PHRASES[Field.GROUP], MAX_LENGTHS[Field.GROUP])
        except ValueProblem as problem:
            result.errors.append(LineError(record.line, problem.message, record.file))
            continue
        if not title:
            result.errors.append(LineError(record.line, _("the class has no title."), record.file))
            continue
        spec = GroupSpec(
            key=record.get("sourcedId"),
            name=group_name(title),
            external_id=record.get("sourcedId"),
            grades=set(_lenient_grades(record.get("grades"))),
        )
        classes[spec.key] = spec
        result.groups[spec.key] = spec
    return classes


def _lenient_grades(text: str) -> Iterator[int]:
    """Grades of a class; codes that are not groep 1 to 8 (such as 'KG') say nothing and are passed over."""
    for part in text.split(","):
        try:
            grade = grade_value(part)
        except ValueProblem:
            continue
        if grade:
            yield grade


def _users(records: list[Record], org: Record) -> tuple[dict[str, Record], dict[str, Record]]:
    students: dict[str, Record] = {}
    teachers: dict[str, Record] = {}
    for record in records:
        orgs = [o.strip() for o in record.get("orgSourcedIds").split(",") if o.strip()]
        if not record.active or (orgs and org.get("sourcedId") not in orgs):
            continue
        role = record.get("role").casefold()
        if role == "student":
            students.setdefault(record.get("sourcedId"), record)
        elif role == "teacher":
            teachers.setdefault(record.get("sourcedId"), record)
    return students, teachers


def _placements(
    records: list[Record],
    classes: dict[str, GroupSpec],
    students: dict[str, Record],
    teachers: dict[str, Record],
    result: ImportData,
) -> dict[str, tuple[Record, str]]:
    """Which class each pupil is in (one per school year); teachers become links to their groups."""
    placed: dict[str, tuple[Record, str, int]] = {}
    for record in records:
        class_id, user_id = record.get("classSourcedId"), record.get("userSourcedId")
        if not record.active or class_id not in classes:
            continue  # another school's, another year's, or a lesson group's enrollment
        role = record.get("role").casefold()
        if role == "teacher":
            _teacher_link(record, class_id, teachers.get(user_id), result)
        elif role == "student":
            if user_id not in students:
                result.errors.append(
                    LineError(
                        record.line,
                        _("there is no pupil %(id)s in users.csv.") % {"id": quoted(user_id)},
                        record.file,
                    )
                )
            elif user_id in placed and placed[user_id][1] != class_id:
                result.errors.append(
                    LineError(
                        record.line,
                        _("pupil %(id)s is also placed in another group, on line %(other)s.")
                        % {"id": quoted(user_id), "other": placed[user_id][2]},
                        record.file,
                    )
                )
            else:
                placed[user_id] = (students[user_id], class_id, record.line)
    return {user_id: (user, class_id) for user_id, (user, class_id, _line) in placed.items()}


def _teacher_link(record: Record, class_id: str, teacher: Record | None, result: ImportData) -> None:
    email = teacher.get("email") if teacher else ""
    if email:
        result.teachers.append(
            TeacherLink(group_key=class_id, email=email, line=record.line, file=record.file)
        )
    else:
        result.warnings.append(
            str(
                LineError(
                    record.line,
                    _("the teacher has no email address in users.csv and is not linked to the group."),
                    record.file,
                )
            )
        )


def _pupil(
    record: Record, group: GroupSpec, demographics: Record | None, result: ImportData
) -> PupilRow | None:
    problems: list[str] = []

    def text(column: str, field: Field) -> str:
        try:
            value = text_value(record.get(column), FIELD_PHRASES[field], MAX_LENGTHS[field])
        except ValueProblem as problem:
            problems.append(problem.message)
            return ""
        if not value and field != Field.PREFIX:
            problems.append(_("%(field)s is missing.") % {"field": FIELD_PHRASES[field]})
        return value

    # The pupil number is the `identifier` (what the school's CSV export calls Leerlingnummer);
    # `sourcedId` is the SIS's own key ("s-1001") and only stands in when there is no identifier.
    source_id = text("sourcedId", Field.EXTERNAL_ID)
    external_id = text("identifier", Field.EXTERNAL_ID) if record.get("identifier") else source_id
    first_name = text("givenName", Field.FIRST_NAME)
    surname = text("familyName", Field.SURNAME)
    prefix = text("middleName", Field.PREFIX) if record.has("middleName") else None
    if not prefix:  # OneRoster has no prefix field: "de la Bakker" arrives whole in familyName
        found, rest = split_surname(surname)
        if found and len(found) <= MAX_LENGTHS[Field.PREFIX]:
            prefix, surname = found, rest
    grade = _pupil_grade(record, group, problems)
    birth_date, gender = _demographics(demographics, problems)
    result.errors += [LineError(record.line, message, record.file) for message in problems]
    if problems or grade is None:
        return None
    return PupilRow(
        line=record.line,
        file=record.file,
        external_id=external_id,
        other_ids=(source_id,) if source_id != external_id else (),
        first_name=first_name,
        prefix=prefix,
        surname=surname,
        group_key=group.key,
        grade=grade,
        birth_date=birth_date,
        gender=gender,
    )


def _pupil_grade(record: Record, group: GroupSpec, problems: list[str]) -> int | None:
    """The pupil's own grade; else the grade of a single-grade class."""
    try:
        grades = {grade for part in record.get("grades").split(",") if (grade := grade_value(part))}
    except ValueProblem as problem:
        problems.append(problem.message)
        return None
    if len(grades) == 1:
        return grades.pop()
    if not grades and len(group.grades) == 1:
        return next(iter(group.grades))
    problems.append(
        _("the grade of this pupil is missing, and the group %(group)s has several grades or none.")
        % {"group": quoted(group.name)}
    )
    return None


def _demographics(record: Record | None, problems: list[str]) -> tuple[date | None, str | None]:
    if record is None:
        return None, None
    try:
        birth_date = birth_date_value(record.get("birthDate"))
    except ValueProblem as problem:
        problems.append(problem.message)
        birth_date = None
    sex = record.get("sex").casefold()
    return birth_date, SEX.get(sex) if sex else None
