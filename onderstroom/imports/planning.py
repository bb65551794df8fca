"""Comparing what a file says with what the school already has: the preview, and the plan to apply.

Nothing here writes. The same plan is made for the preview and again, inside the
transaction, when the import is applied, so what is written is what was shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from onderstroom.accounts.models import User
from onderstroom.imports.errors import LineError, quoted, shown
from onderstroom.imports.records import GroupSpec, ImportData, PupilRow
from onderstroom.imports.values import looks_damaged
from onderstroom.schools.models import (
    Child,
    Enrollment,
    Group,
    GroupAssignment,
    Membership,
    School,
    SchoolYear,
)

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
CHILD_FIELDS = ("first_name", "surname_prefix", "surname", "birth_date", "gender", "external_id")


@dataclass
class GroupPlan:
    spec: GroupSpec
    group: Group | None  # the existing group, None when it is created
    name: str
    grades: list[int]
    external_id: str

    @property
    def status(self) -> str:
        if self.group is None:
            return NEW
        same = (self.group.name, sorted(self.group.grades), self.group.external_id)
        return UNCHANGED if same == (self.name, self.grades, self.external_id) else CHANGED


@dataclass
class RowPlan:
    pupil: PupilRow
    group: GroupPlan
    child: Child | None = None  # the stored child; for a new one, set once it is created
    existed: bool = False
    enrollment: Enrollment | None = None  # this school year's enrollment of the existing child
    child_updates: dict[str, object] = field(default_factory=dict)
    enrollment_changes: list[str] = field(default_factory=list)  # "group", "grade"

    @property
    def status(self) -> str:
        if not self.existed:
            return NEW
        return CHANGED if self.changes else UNCHANGED

    @property
    def changes(self) -> list[str]:
        return [*self.child_updates, *self.enrollment_changes]


@dataclass
class Plan:
    school: School
    year_name: str
    year: SchoolYear | None
    data: ImportData
    rows: list[RowPlan] = field(default_factory=list)
    groups: dict[str, GroupPlan] = field(default_factory=dict)
    new_assignments: list[tuple[GroupPlan, User]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # errors about the file as a whole
    warnings: list[str] = field(default_factory=list)
    not_in_file: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.problems

    @property
    def counts(self) -> dict[str, int]:
        statuses = [row.status for row in self.rows]
        group_statuses = [group.status for group in self.groups.values()]
        return {
            "rows": len(self.rows),
            "new": statuses.count(NEW),
            "changed": statuses.count(CHANGED),
            "unchanged": statuses.count(UNCHANGED),
            "groups_new": group_statuses.count(NEW),
            "groups_changed": group_statuses.count(CHANGED),
            "teachers": len(self.new_assignments),
            "errors": len(self.errors) + len(self.problems),
        }


def make_plan(school: School, year_name: str, data: ImportData) -> Plan:
    year = SchoolYear.objects.filter(school=school, name=year_name).first()
    plan = Plan(
        school=school,
        year_name=year_name,
        year=year,
        data=data,
        errors=list(data.errors),
        problems=list(data.problems),
        warnings=list(data.warnings),
    )
    if plan.problems:
        return plan
    plan.warnings += _damaged_names(data)
    plan.groups = _plan_groups(school, year, data, plan)
    _plan_rows(school, year, data, plan)
    _plan_teachers(school, data, plan)
    plan.errors.sort(key=lambda error: (error.file, error.line))
    return plan


def _damaged_names(data: ImportData) -> list[str]:
    """A "?" or U+FFFD inside a name: the export lost a letter ("Y?lmaz" for "Yilmaz" with a dotless i)."""
    warnings = []
    for pupil in data.pupils:
        for name in (pupil.first_name, pupil.prefix or "", pupil.surname):
            if looks_damaged(name):
                message = _(
                    "the name %(name)s holds a question mark or an unreadable sign where the export "
                    "lost a letter (such as ı or ş). It is imported as it is: correct the name in the "  # noqa: RUF001
                    "pupil administration, export again as UTF-8 and import again."
                ) % {"name": quoted(name)}
                warnings.append(str(LineError(pupil.line, message, pupil.file)))
                break
    return warnings


# --- groups -------------------------------------------------------------------------------------


def _plan_groups(
    school: School, year: SchoolYear | None, data: ImportData, plan: Plan
) -> dict[str, GroupPlan]:
    """Groups by name (or, from OneRoster, by their id); existing grades are kept, new ones added."""
    existing = list(Group.objects.filter(school=school, school_year=year)) if year else []
    by_external_id = {group.external_id: group for group in existing if group.external_id}
    by_name = {group.name.casefold(): group for group in existing}
    groups: dict[str, GroupPlan] = {}
    for spec in data.groups.values():
        group = by_external_id.get(spec.external_id) if spec.external_id else None
        renamed = group is not None
        group = group or by_name.get(spec.name.casefold())
        groups[spec.key] = GroupPlan(
            spec=spec,
            group=group,
            name=spec.name if group is None or renamed else group.name,
            grades=sorted(set(group.grades if group else []) | spec.grades),
            external_id=spec.external_id or (group.external_id if group else ""),
        )
    _check_group_names(existing, groups, plan)
    return groups


def _check_group_names(existing: list[Group], groups: dict[str, GroupPlan], plan: Plan) -> None:
    """Two groups of one school year cannot share a name."""
    taken = {group.pk: group.name.casefold() for group in existing}
    for group_plan in groups.values():
        if group_plan.group is not None:
            taken[group_plan.group.pk] = group_plan.name.casefold()
    names = list(taken.values()) + [g.name.casefold() for g in groups.values() if g.group is None]
    for name in sorted({n for n in names if names.count(n) > 1}):
        plan.problems.append(
            _("Two groups of this school year would both be called %(name)s; give them different names.")
            % {"name": quoted(name)}
        )


# --- pupils -------------------------------------------------------------------------------------


def _plan_rows(school: School, year: SchoolYear | None, data: ImportData, plan: Plan) -> None:
    children = list(Child.objects.filter(school=school).only("uuid", "school_id", *CHILD_FIELDS))
    by_external_id = {child.external_id: child for child in children if child.external_id}
    by_name: dict[tuple[str, str, date | None], list[Child]] = defaultdict(list)
    for known in children:
        by_name[_name_key(known)].append(known)
    enrollments = (
        {e.child_id: e for e in Enrollment.objects.filter(school=school, school_year=year)} if year else {}
    )
    matched: dict[int, int] = {}  # child pk -> line that matched it
    for pupil in data.pupils:
        child, problem = _match(pupil, data.by_external_id, by_external_id, by_name, matched)
        if problem:
            plan.errors.append(LineError(pupil.line, problem, pupil.file))
            continue
        row = RowPlan(pupil=pupil, group=plan.groups[pupil.group_key], child=child, existed=child is not None)
        if child is not None:
            matched[child.pk] = pupil.line
            row.child_updates = _child_updates(child, pupil, data.by_external_id)
            row.enrollment = enrollments.get(child.pk)
        row.enrollment_changes = _enrollment_changes(row)
        plan.rows.append(row)
    plan.not_in_file = sum(1 for child_id in enrollments if child_id not in matched)


def _name_key(child: Child) -> tuple[str, str, date | None]:
    return (child.first_name.casefold(), child.full_surname.casefold(), child.birth_date)


def _match(
    pupil: PupilRow,
    by_id: bool,
    by_external_id: dict[str, Child],
    by_name: dict[tuple[str, str, date | None], list[Child]],
    matched: dict[int, int],
) -> tuple[Child | None, str | None]:
    """The stored child this row describes: by pupil number, else by name and birthday.

    With pupil numbers, a child stored without one (added by hand, or by an import without
    numbers) is recognised by name and birthday and gets the number, instead of a twin.
    """
    child = by_external_id.get(pupil.external_id) if by_id else None
    if child is None and by_id:  # stored by an earlier import under the SIS's own key
        child = next((by_external_id[i] for i in pupil.other_ids if i in by_external_id), None)
    if child is None:
        candidates = [c for c in by_name.get(pupil.name_key, []) if not (by_id and c.external_id)]
        if len(candidates) > 1:
            return None, _(
                "%(name)s matches %(count)s pupils of the school with the same name and date of birth; "
                "add their pupil numbers to the file."
            ) % {"name": shown(pupil.full_name), "count": len(candidates)}
        child = candidates[0] if candidates else None
    if child is not None and child.pk in matched:
        return None, _("this pupil is the same as the one on line %(other)s.") % {"other": matched[child.pk]}
    return child, None


def _child_updates(child: Child, pupil: PupilRow, by_id: bool) -> dict[str, object]:
    """The stored fields this row changes; what the file does not say stays as it is."""
    wanted: dict[str, object] = {"first_name": pupil.first_name, "surname": pupil.surname}
    if pupil.prefix is not None:
        wanted["surname_prefix"] = pupil.prefix
    if pupil.birth_date is not None:
        wanted["birth_date"] = pupil.birth_date
    if pupil.gender is not None:
        wanted["gender"] = pupil.gender
    if by_id:
        wanted["external_id"] = pupil.external_id
    return {name: value for name, value in wanted.items() if getattr(child, name) != value}


def _enrollment_changes(row: RowPlan) -> list[str]:
    enrollment = row.enrollment
    if enrollment is None:
        return ["group", "grade"]
    changes = []
    if row.group.group is None or enrollment.group_id != row.group.group.pk:
        changes.append("group")
    if enrollment.grade != row.pupil.grade:
        changes.append("grade")
    return changes


# --- teachers (OneRoster) -----------------------------------------------------------------------


def _plan_teachers(school: School, data: ImportData, plan: Plan) -> None:
    """Link teachers to their groups when a member of staff of this school has their email address."""
    if not data.teachers:
        return
    staff = {
        m.user.email.casefold(): m.user
        for m in Membership.objects.filter(school=school).select_related("user")
    }
    existing_ids = [g.group.pk for g in plan.groups.values() if g.group is not None]
    assigned = set(
        GroupAssignment.objects.filter(
            group_id__in=existing_ids, kind=GroupAssignment.Kind.TEACHER
        ).values_list("group_id", "user_id")
    )
    seen: set[tuple[str, int]] = set()
    for link in data.teachers:
        group_plan = plan.groups[link.group_key]
        user = staff.get(link.email.casefold())
        if user is None:
            plan.warnings.append(
                str(
                    LineError(
                        link.line,
                        _(
                            "no member of staff of this school has the email address %(email)s; "
                            "the teacher is not linked to %(group)s."
                        )
                        % {"email": quoted(link.email), "group": quoted(group_plan.name)},
                        link.file,
                    )
                )
            )
            continue
        key = (link.group_key, user.pk)
        existing = group_plan.group is not None and (group_plan.group.pk, user.pk) in assigned
        if key not in seen and not existing:
            plan.new_assignments.append((group_plan, user))
        seen.add(key)
