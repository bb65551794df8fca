"""A new school year from the groups in the app: every group moves up a grade (groep 4 becomes groep 5),
the leavers of groep 8 end, and what of the old year is still open closes.

`plan_rollover` says what would happen (the preview); `schools.services.start_new_year` does it.
When the new year already has groups (an SIS or OneRoster import filled it), nothing is promoted:
the rollover then only closes the old year. Last year's enrolments, groups, answers and plans all
stay: a school year is history, never rewritten.

Teachers, so that the new year does not start with groups without one: in Dutch primary schools a
teacher usually keeps their grade while the children move on (the demo's teachers do), so a new group
is offered the teachers of last year's group with the same grades, and is otherwise left for the admin
to choose; the confirmation form lets them change every choice. The care coordinator follows the
children: whoever supported last year's group supports the group its children move to (the full
history of those children is theirs to see). An admin is never carried into a group themselves: a
group opens children's data, and another admin grants that (as on the groups page).
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count

from onderstroom.accounts.models import User
from onderstroom.schools.access import today
from onderstroom.schools.models import (
    GRADES,
    Enrollment,
    Group,
    GroupAssignment,
    Membership,
    Role,
    School,
    SchoolYear,
)
from onderstroom.schools.yearend import YearClose, close_all

GROUP_NAME = re.compile(r"^(?P<word>\D*?)\s*(?P<grades>\d(?:\s*/\s*\d)*)(?P<rest>.*)$")


@dataclass(frozen=True)
class GroupMove:
    group: Group
    name: str  # the new group's name
    grades: list[int]  # the new group's grades (empty: everybody leaves)
    children: int  # who move along
    leavers: int  # who leave school (groep 8)
    teachers: list[User] = field(default_factory=list)  # offered: last year's teachers of these grades
    care: list[User] = field(default_factory=list)  # carried: the care coordinators of the children


@dataclass
class RolloverPlan:
    year: SchoolYear  # the year that ends
    next_name: str
    next_year: SchoolYear | None  # already there (created, or filled by an import)
    imported: bool  # the next year has groups already: nothing is promoted
    moves: list[GroupMove] = field(default_factory=list)
    closing: list[tuple[YearClose, int]] = field(default_factory=list)
    teachers: list[User] = field(default_factory=list)  # who the admin may choose as a new group's teacher

    @property
    def children(self) -> int:
        return sum(move.children for move in self.moves)

    @property
    def leavers(self) -> int:
        return sum(move.leavers for move in self.moves)


def next_year_name(year: SchoolYear) -> str:
    return SchoolYear.name_for(year.ends_on + timedelta(days=1))


def moved_name(name: str, old: list[int], new: list[int]) -> str:
    """ "Groep 4/5" with grades [5, 6] becomes "Groep 5/6"; a name without the grades stays."""
    found = GROUP_NAME.match(name)
    if found is None or not new or sorted(int(g) for g in re.findall(r"\d", found["grades"])) != sorted(old):
        return name
    grades = "/".join(str(g) for g in new)
    return f"{found['word']} {grades}{found['rest']}".strip()


def plan_rollover(school: School, year: SchoolYear, admin: User | None = None) -> RolloverPlan:
    name = next_year_name(year)
    following = SchoolYear.objects.filter(school=school, name=name).first()
    imported = following is not None and Group.objects.filter(school_year=following).exists()
    plan = RolloverPlan(year=year, next_name=name, next_year=following, imported=imported)
    plan.closing = close_all(year, today(), dry_run=True)
    if imported:
        return plan
    groups = Group.objects.filter(school_year=year).order_by("name")
    leaving = dict(
        Enrollment.objects.filter(group__school_year=year, grade=max(GRADES))
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    sizes = dict(groups.annotate(n=Count("enrollments")).values_list("pk", "n"))
    teachers_of, care_of = _assignments(year, admin)
    by_grades: dict[tuple[int, ...], list[User]] = {}
    for group in groups:
        for teacher in teachers_of.get(group.pk, []):
            if teacher not in by_grades.setdefault(tuple(sorted(group.grades)), []):
                by_grades[tuple(sorted(group.grades))].append(teacher)
    taken: set[str] = set()
    for group in groups:
        grades = sorted(g + 1 for g in group.grades if g + 1 in GRADES)
        new_name = _free(moved_name(group.name, sorted(group.grades), grades), taken)
        leavers = leaving.get(group.pk, 0)
        move = GroupMove(group, new_name, grades, sizes.get(group.pk, 0) - leavers, leavers)
        if grades:
            move.teachers.extend(by_grades.get(tuple(grades), []))
            move.care.extend(care_of.get(group.pk, []))
        plan.moves.append(move)
    members = Membership.objects.filter(school=school, role=Role.TEACHER).values("user_id")
    plan.teachers = [
        teacher
        for teacher in User.objects.filter(pk__in=members, is_active=True).order_by("full_name", "pk")
        if teacher != admin
    ]
    # Only who holds the role now: a teacher who left the classroom is not proposed, nor carried.
    carers = set(Membership.objects.filter(school=school, role=Role.CARE).values_list("user_id", flat=True))
    for move in plan.moves:
        move.teachers[:] = [t for t in move.teachers if t in plan.teachers]
        move.care[:] = [c for c in move.care if c.pk in carers]
    return plan


def _assignments(year: SchoolYear, admin: User | None) -> tuple[dict[int, list[User]], dict[int, list[User]]]:
    """Last year's teachers and care coordinators per group (never the admin who starts the year)."""
    teachers: dict[int, list[User]] = {}
    care: dict[int, list[User]] = {}
    rows = (
        GroupAssignment.objects.filter(group__school_year=year, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )
    for row in rows:
        if row.user == admin:
            continue
        (teachers if row.kind == GroupAssignment.Kind.TEACHER else care).setdefault(row.group_id, []).append(
            row.user
        )
    return teachers, care


def _free(name: str, taken: set[str]) -> str:
    """Two groups of one year cannot share a name: a second "Groep 8" becomes "Groep 8 (2)"."""
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate, number = f"{name} ({number})", number + 1
    taken.add(candidate.casefold())
    return candidate
