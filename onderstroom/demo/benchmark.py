"""A large generated board for benchmarks: schools of varied size, groups of 20 to 32 children.

The shape follows Dutch primary schools: every school has a director (school admin) and a
care coordinator (two in big schools; short of teachers, the care coordinator also teaches),
kindergarten groups mix grades 1 and 2, small schools combine grades (4/5/6), big schools
split them (5a, 5b), and about one group in four has duo teachers, so many teachers work in
two groups. Everything is inserted in batches in one transaction.
"""

import math
import random
import string
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, zip_longest

from django.db import transaction
from django.utils.translation import gettext as _

from onderstroom.accounts.models import User
from onderstroom.demo import builders
from onderstroom.demo.builders import GroupLayout, Years
from onderstroom.demo.names import NamePicker
from onderstroom.schools.models import (
    GRADES,
    Board,
    BoardMembership,
    Child,
    Enrollment,
    Group,
    GroupAssignment,
    Membership,
    Role,
    School,
)

DEFAULT_NAME = "Benchmarkbestuur"
PASSWORD = "bench-onderstroom"
GROUP_MIN, GROUP_TYPICAL, GROUP_MAX = 20, 26, 32
# Below 40 children some counts cannot be cut into groups of 20 to 32 (33 to 39 can't).
SMALLEST_SCHOOL = 40
BIG_SCHOOL_GROUPS = 14  # from here a school has two care coordinators
DUO_EVERY = 4  # one group in four has a second teacher
SCHOOL_KINDS = ("Basisschool", "OBS", "CBS", "Kindcentrum", "IKC", "RK Basisschool")
SCHOOL_NAMES = (
    "De Regenboog", "Het Kompas", "De Wegwijzer", "De Vlinder", "De Linde", "Het Anker",
    "De Zonnewijzer", "De Klimop", "Het Palet", "De Notenbalk", "De Toermalijn", "Het Baken",
    "De Springplank", "De Bron", "Het Mozaïek", "De Horizon", "'t Schrijverke", "De Wilgen",
    "De Eendracht", "Het Startpunt",
)  # fmt: skip


class BenchmarkError(ValueError):
    """The requested sizes cannot make a sensible board; the message says why."""


@dataclass(frozen=True)
class BenchmarkSpec:
    schools: int = 50
    children: int = 15000
    staff: int = 600  # everybody with an account, the board admin included
    seed: int = 1
    name: str = DEFAULT_NAME


@dataclass(frozen=True)
class StaffPlan:
    roles: frozenset[str]
    teaches: tuple[int, ...] = ()  # indexes into the school's groups
    supports: tuple[int, ...] = ()


@dataclass(frozen=True)
class BenchLogin:
    role: str
    email: str
    school: str


@dataclass
class BenchmarkBoard:
    board: Board
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[BenchLogin] = field(default_factory=list)
    password: str = PASSWORD


def validate(spec: BenchmarkSpec) -> None:
    if spec.schools < 1:
        raise BenchmarkError(_("A board needs at least one school."))
    if spec.children < GROUP_MIN * spec.schools:
        raise BenchmarkError(
            _("Every school needs at least %(minimum)d children: ask for at least %(total)d children.")
            % {"minimum": GROUP_MIN, "total": GROUP_MIN * spec.schools}
        )
    if spec.staff < 2 * spec.schools + 1:
        raise BenchmarkError(
            _(
                "Every school needs a director and a teacher, and the board an admin: "
                "ask for at least %(total)d staff."
            )
            % {"total": 2 * spec.schools + 1}
        )
    longest = Board._meta.get_field("name").max_length or 0
    if not spec.name.strip() or len(spec.name.strip()) > longest:
        raise BenchmarkError(
            _("The board needs a name of at most %(longest)d characters.") % {"longest": longest}
        )


# --- dividing numbers -----------------------------------------------------------------------------


def split_total(total: int, weights: Sequence[float], floor: int) -> list[int]:
    """Divide `total` over the weights, each at least `floor` (largest remainder: the sum is exact)."""
    spare = total - floor * len(weights)
    shares = [spare * w / sum(weights) for w in weights]
    parts = [math.floor(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - parts[i], reverse=True)
    for i in by_remainder[: spare - sum(parts)]:
        parts[i] += 1
    return [floor + p for p in parts]


def school_sizes(rng: random.Random, spec: BenchmarkSpec) -> list[int]:
    """Schools differ in size (a long tail of big ones), none smaller than can be cut into groups."""
    weights = [rng.lognormvariate(0, 0.5) for _ in range(spec.schools)]
    floor = min(SMALLEST_SCHOOL, spec.children // spec.schools)
    return split_total(spec.children, weights, floor)


def group_count(children: int) -> int:
    """About 26 children a group, every group between 20 and 32 whenever the count allows it."""
    fewest, most = math.ceil(children / GROUP_MAX), max(1, children // GROUP_MIN)
    return min(max(round(children / GROUP_TYPICAL), fewest), most) if fewest <= most else fewest


def even_grades(children: int) -> list[int]:
    """One grade per child, spread evenly over groups 1 to 8."""
    counts = split_total(children, [1] * len(GRADES), 0)
    return [grade for grade, n in zip(GRADES, counts, strict=True) for _ in range(n)]


def class_order[T](items: Sequence[T], grade_of: Callable[[T], int]) -> list[T]:
    """Items in the order they fill groups: by grade, but grades 1 and 2 alternate.

    Kindergarten groups in the Netherlands always mix grades 1 and 2.
    """
    ones = [item for item in items if grade_of(item) == 1]
    twos = [item for item in items if grade_of(item) == 2]
    kindergarten = [item for pair in zip_longest(ones, twos) for item in pair if item is not None]
    return kindergarten + sorted((i for i in items if grade_of(i) > 2), key=grade_of)


def unit(grade: int) -> int:
    """Grades 1 and 2 form one unit: a kindergarten group may be cut anywhere."""
    return max(grade, 2)


def cut_score(grades: Sequence[int], position: int, target: float) -> float:
    """How bad a cut before `position` is: far from the even target, or splitting a grade.

    A cut between two grades is free; a cut inside a grade costs a little (a combination
    group), and one that leaves fewer than five children of a grade on one side costs a lot.
    """
    here = unit(grades[position])
    distance = abs(position - target)
    if unit(grades[position - 1]) != here or here == 2:
        return distance
    first = next(i for i in range(position, -1, -1) if i == 0 or unit(grades[i - 1]) != here)
    end = next((i for i in range(position, len(grades)) if unit(grades[i]) != here), len(grades))
    return distance + (6 if min(position - first, end - position) >= 5 else 100)


def class_sizes(grades: Sequence[int]) -> list[int]:
    """Group sizes for children in class order: 20 to 32 when possible, cut between grades where it fits."""
    total, count = len(grades), group_count(len(grades))
    sizes, start = [], 0
    for made in range(count - 1):
        later = count - made - 1  # groups still to fill after this one
        target = start + (total - start) / (later + 1)
        lowest = max(start + GROUP_MIN, total - GROUP_MAX * later)
        highest = min(start + GROUP_MAX, total - GROUP_MIN * later)
        if lowest > highest:  # too few children for groups of 20: cut evenly
            lowest = highest = min(max(round(target), start + 1), total - 1)
        position = min(range(lowest, highest + 1), key=lambda p: cut_score(grades, p, target))
        sizes.append(position - start)
        start = position
    return [*sizes, total - start]


def cut[T](items: Sequence[T], sizes: Sequence[int]) -> list[list[T]]:
    groups, start = [], 0
    for size in sizes:
        groups.append(list(items[start : start + size]))
        start += size
    return groups


def layouts_for(grade_lists: Sequence[Sequence[int]]) -> list[GroupLayout]:
    """Name groups by their grades; parallel groups with the same grades get a, b, c."""
    labels = [builders.grades_label(g) for g in grade_lists]
    seen: Counter[str] = Counter()
    total = Counter(labels)
    layouts = []
    for label, grades in zip(labels, grade_lists, strict=True):
        suffix = string.ascii_lowercase[seen[label]] if total[label] > 1 else ""
        seen[label] += 1
        layouts.append(GroupLayout(f"Groep {label}{suffix}", tuple(sorted(set(grades)))))
    return layouts


# --- staff ----------------------------------------------------------------------------------------


def plan_staff(people: int, groups: int) -> list[StaffPlan]:
    """Who does what at one school of `people` staff and `groups` groups (ordered by grade)."""
    everything = tuple(range(groups))
    director = StaffPlan(frozenset({Role.SCHOOL_ADMIN}))
    if people == 2:
        return [director, StaffPlan(frozenset({Role.TEACHER, Role.CARE}), everything, everything)]
    cares = 2 if groups >= BIG_SCHOOL_GROUPS and people >= 5 else 1
    teachers = people - 1 - cares
    return [director, *care_plans(cares, groups, teaches=teachers < groups), *teacher_plans(teachers, groups)]


def care_plans(count: int, groups: int, *, teaches: bool) -> list[StaffPlan]:
    """Care coordinators split the groups (lower and upper grades).

    When a school has fewer teachers than groups, the (first) care coordinator also
    teaches, as the duo partner in the highest group.
    """
    halves = [tuple(range(groups))[i * groups // count : (i + 1) * groups // count] for i in range(count)]
    plans = [StaffPlan(frozenset({Role.CARE}), supports=h) for h in halves]
    if teaches:
        plans[0] = StaffPlan(frozenset({Role.CARE, Role.TEACHER}), teaches=(groups - 1,), supports=halves[0])
    return plans


def teacher_plans(count: int, groups: int) -> list[StaffPlan]:
    """Every group gets a teacher in turn; spare teachers and every fourth group make duos."""
    teaches: list[list[int]] = [[] for _ in range(count)]
    for group in range(max(groups, count)):
        teaches[group % count].append(group % groups)
    for group in range(0, groups, DUO_EVERY):
        partner = (group + 1) % count
        if group not in teaches[partner]:
            teaches[partner].append(group)
    return [StaffPlan(frozenset({Role.TEACHER}), teaches=tuple(sorted(set(t)))) for t in teaches]


# --- building -------------------------------------------------------------------------------------


def free_brins(count: int) -> list[str]:
    """Unused, well-formed BRIN codes, from 90AA on (the 9x range is unlikely to hold real schools)."""
    taken = set(School.objects.values_list("brin", flat=True))
    letters = string.ascii_uppercase
    codes = (
        f"{digits:02d}{a}{b}" for digits in chain(range(90, 100), range(90)) for a in letters for b in letters
    )
    free = [code for code in codes if code not in taken][:count]
    if len(free) < count:
        raise BenchmarkError(_("There are not enough free BRIN codes left for this many schools."))
    return free


def school_names(count: int) -> list[str]:
    pairs = [f"{kind} {name}" for name in SCHOOL_NAMES for kind in SCHOOL_KINDS]
    return [
        pairs[i % len(pairs)] + (f" {i // len(pairs) + 1}" if i >= len(pairs) else "") for i in range(count)
    ]


@dataclass
class SchoolBuild:
    """One school while it is being built: rows waiting for the bulk inserts."""

    school: School
    years: Years
    groups: list[Group]
    placed: list[tuple[Child, Group, int]]


def build_benchmark_board(spec: BenchmarkSpec, today: date) -> BenchmarkBoard:
    validate(spec)
    started = time.perf_counter()
    rng = random.Random(spec.seed)
    names = NamePicker(rng)
    with transaction.atomic():
        board = builders.create_board(spec.name.strip())
        result = BenchmarkBoard(board=board)
        sizes = school_sizes(rng, spec)
        brins = free_brins(spec.schools)
        built = [
            build_school(rng, names, board, name, brin, size, today)
            for name, brin, size in zip(school_names(spec.schools), brins, sizes, strict=True)
        ]
        insert_children(rng, built)
        result.logins = build_staff(rng, names, board, built, spec.staff)
        result.counts = count_rows(board, built[0].years.current.name)
    result.seconds = time.perf_counter() - started
    return result


def build_school(
    rng: random.Random, names: NamePicker, board: Board, name: str, brin: str, size: int, today: date
) -> SchoolBuild:
    school = builders.create_school(board, name, brin)
    years = builders.create_years(school, today)
    grades = class_order(even_grades(size), lambda grade: grade)
    grade_lists = cut(grades, class_sizes(grades))
    groups = builders.create_groups(school, years.current, layouts_for(grade_lists))
    placed: list[tuple[Child, Group, int]] = []
    for group, grades in zip(groups, grade_lists, strict=True):
        for grade in grades:
            number = f"{brin}{len(placed) + 1:05d}"
            placed.append(
                (builders.new_child(rng, names, school, years.current, grade, number), group, grade)
            )
    return SchoolBuild(school=school, years=years, groups=groups, placed=placed)


def insert_children(rng: random.Random, built: list[SchoolBuild]) -> None:
    """Children and this year's enrollments of all schools at once; then last year's groups."""
    builders.save_all([child for b in built for child, _group, _grade in b.placed])
    builders.save_all([builders.enrollment(g, c, grade) for b in built for c, g, grade in b.placed])
    previous_rows: list[Enrollment] = []
    for b in built:
        previous_rows += previous_year(rng, b)
    builders.save_all(previous_rows)


def previous_year(rng: random.Random, built: SchoolBuild) -> list[Enrollment]:
    """Last year: the children then at the school, one grade lower, in groups cut the same way."""
    pairs = [(child, grade) for child, _group, grade in built.placed]
    stayed = [
        (child, grade - 1) for child, grade in pairs if grade > 1 and rng.random() >= builders.NEWCOMER_SHARE
    ]
    if not stayed:
        return []
    stayed = class_order(stayed, lambda pair: pair[1])
    in_groups = cut(stayed, class_sizes([grade for _child, grade in stayed]))
    layouts = layouts_for([[grade for _child, grade in pairs] for pairs in in_groups])
    groups = builders.create_groups(built.school, built.years.previous, layouts)
    return [
        builders.enrollment(group, child, grade)
        for group, pairs in zip(groups, in_groups, strict=True)
        for child, grade in pairs
    ]


def build_staff(
    rng: random.Random, names: NamePicker, board: Board, built: list[SchoolBuild], total: int
) -> list[BenchLogin]:
    hashed = builders.password_hash(PASSWORD)
    per_school = split_total(total - 1, [len(b.groups) for b in built], 2)
    plans = [
        (b, plan)
        for b, people in zip(built, per_school, strict=True)
        for plan in plan_staff(people, len(b.groups))
    ]
    users = [staff_user(rng, names, board, n + 1, hashed) for n in range(len(plans) + 1)]
    builders.save_all(users)
    board_admin = users[-1]
    BoardMembership.objects.create(board=board, user=board_admin)
    rows_m: list[Membership] = []
    rows_a: list[GroupAssignment] = []
    for (b, plan), user in zip(plans, users[:-1], strict=True):
        rows_m += builders.memberships(b.school, user, sorted(plan.roles))
        rows_a += builders.assignments(
            [b.groups[i] for i in plan.teaches], user, GroupAssignment.Kind.TEACHER
        )
        rows_a += builders.assignments([b.groups[i] for i in plan.supports], user, GroupAssignment.Kind.CARE)
    builders.save_all(rows_m)
    builders.save_all(rows_a)
    return pick_logins(plans, users[:-1], board_admin, board)


def staff_user(rng: random.Random, names: NamePicker, board: Board, number: int, hashed: str) -> User:
    # Most primary school teachers are women.
    name = names.adult("f" if rng.random() < 0.75 else "m")
    return builders.new_user(f"staff{number:04d}@board{board.pk}.bench.example.org", name.full_name, hashed)


def pick_logins(
    plans: list[tuple[SchoolBuild, StaffPlan]], users: list[User], board_admin: User, board: Board
) -> list[BenchLogin]:
    """One account per role (the first found), for scripts that sign in and time pages."""
    wanted = {
        "teacher": frozenset({Role.TEACHER}),
        "care": frozenset({Role.CARE}),
        "school_admin": frozenset({Role.SCHOOL_ADMIN}),
        "teacher_and_care": frozenset({Role.TEACHER, Role.CARE}),
    }
    logins = []
    for key, roles in wanted.items():
        found = next(((b, u) for (b, plan), u in zip(plans, users, strict=True) if plan.roles == roles), None)
        if found:
            logins.append(BenchLogin(key, found[1].email, found[0].school.name))
    logins.append(BenchLogin("board_admin", board_admin.email, board.name))
    return logins


def count_rows(board: Board, year_name: str) -> dict[str, int]:
    """What was built, counted in the database: this year's groups and both years' enrollments."""
    schools = board.schools.all()
    grades = list(
        Group.objects.filter(school__in=schools, school_year__name=year_name).values_list("grades", flat=True)
    )
    teachers = Counter(
        GroupAssignment.objects.filter(
            school__in=schools, group__school_year__name=year_name, kind=GroupAssignment.Kind.TEACHER
        ).values_list("group_id", flat=True)
    )
    people = set(Membership.objects.filter(school__in=schools).values_list("user_id", flat=True))
    return {
        "schools": len(schools),
        "groups": len(grades),
        "combination_groups": sum(len(g) > 1 for g in grades),
        "duo_groups": sum(n > 1 for n in teachers.values()),
        "children": Child.objects.filter(school__in=schools).count(),
        "enrollments": Enrollment.objects.filter(school__in=schools).count(),
        "staff": len(people | set(board.admins.values_list("user_id", flat=True))),
    }
