"""The demo board that `make run` loads: two schools, eight groups, about 200 children, staff in every role.

All people are generated. The layout (schools, groups, staff and who works where) is written
out below so the printed logins tell a visitor what each account shows; the children are
drawn from the name pools with a fixed seed, with a few chosen names first so every kind of
Dutch name (prefixes, diacritics, apostrophes) is on screen.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from onderstroom.accounts.models import User
from onderstroom.demo import builders, extensions
from onderstroom.demo.builders import GroupLayout, Years
from onderstroom.demo.names import NamePicker, PersonName
from onderstroom.schools.access import current_school_year
from onderstroom.schools.models import (
    Board,
    BoardMembership,
    Child,
    Enrollment,
    Group,
    GroupAssignment,
    Membership,
    Role,
    School,
    SchoolHoliday,
    SchoolYear,
)

DEMO_BOARD_NAME = "Stichting Onderstroom (demo)"
DEMO_PASSWORD = "demo-onderstroom"
DEMO_SEED = 20261
EMAIL_DOMAIN = "demo.example.org"
ALL_GROUPS = ("*",)


class DemoConflict(Exception):
    """The database holds something the demo needs for itself (a BRIN code, an email address)."""


@dataclass(frozen=True)
class GroupSpec:
    name: str
    grades: tuple[int, ...]
    children: int


@dataclass(frozen=True)
class SchoolSpec:
    name: str
    brin: str
    first_pupil_number: int
    groups: tuple[GroupSpec, ...]


@dataclass(frozen=True)
class StaffSpec:
    login: str  # the part of the email address before the @
    name: str
    brin: str | None  # None: works for the board, not at a school
    roles: tuple[str, ...] = ()
    teaches: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()  # group names, or ALL_GROUPS
    board_admin: bool = False

    @property
    def email(self) -> str:
        return f"{self.login}@{EMAIL_DOMAIN}"


SCHOOLS = (
    SchoolSpec(
        name="Basisschool De Stroming",
        brin="99AA",
        first_pupil_number=100001,
        groups=(
            GroupSpec("Groep 1/2", (1, 2), 26),
            GroupSpec("Groep 3", (3,), 24),
            GroupSpec("Groep 4/5/6", (4, 5, 6), 27),
            GroupSpec("Groep 7", (7,), 25),
            GroupSpec("Groep 8", (8,), 23),
        ),
    ),
    SchoolSpec(
        name="Kindcentrum Het Getij",
        brin="99AB",
        first_pupil_number=200001,
        groups=(
            GroupSpec("Groep 1/2/3", (1, 2, 3), 24),
            GroupSpec("Groep 4/5", (4, 5), 25),
            GroupSpec("Groep 6/7/8", (6, 7, 8), 26),
        ),
    ),
)

T, C, A, S = Role.TEACHER, Role.CARE, Role.SCHOOL_ADMIN, Role.STAFF
STAFF = (
    StaffSpec("sanne", "Sanne de Wit", "99AA", (T,), teaches=("Groep 4/5/6",)),
    StaffSpec("bram", "Bram Hoekstra", "99AA", (T,), teaches=("Groep 4/5/6",)),  # duo with Sanne
    StaffSpec("ingrid", "Ingrid Postma", "99AA", (T,), teaches=("Groep 1/2",)),
    StaffSpec("mehmet", "Mehmet Kaya", "99AA", (T,), teaches=("Groep 3",)),
    StaffSpec("kees", "Kees van der Wal", "99AA", (T,), teaches=("Groep 7", "Groep 8")),  # two groups
    StaffSpec("lotte", "Lotte Brouwer", "99AA", (T,), teaches=("Groep 8",)),
    StaffSpec("dirk", "Dirk Jansen", "99AA", (C,), supports=ALL_GROUPS),
    StaffSpec("marieke", "Marieke Dekker", "99AA", (A,)),
    StaffSpec("hugo", "Hugo Smit", "99AA", (S,)),  # gym teacher: a member of staff without a group
    StaffSpec("esra", "Esra Yılmaz", "99AB", (T,), teaches=("Groep 1/2/3",)),  # noqa: RUF001 - Turkish dotless i
    StaffSpec("tom", "Tom Verhoeven", "99AB", (T,), teaches=("Groep 4/5",)),
    # A small school: the care coordinator also teaches a group.
    StaffSpec("noor", "Noor Benali", "99AB", (T, C), teaches=("Groep 6/7/8",), supports=ALL_GROUPS),
    StaffSpec("joyce", "Joyce Pinas", "99AB", (A,)),
    StaffSpec("wendy", "Wendy Bakker", "99AB", (S,)),  # teaching assistant, no group of her own
    StaffSpec("henk", "Henk van Leeuwen", None, board_admin=True),
)

# The first children of each group get these names until they run out, so every kind of
# name is in the demo for sure.
SHOWCASE_PER_GROUP = 2
SHOWCASE_CHILDREN = (
    (PersonName("Zoë", "van 't", "Hof"), "f"),
    (PersonName("Daniël", "van den", "Berg"), "m"),
    (PersonName("Anaïs", "de", "Vries"), "f"),
    (PersonName("Emir", "", "Çelik"), "m"),
    (PersonName("Noëlle", "ter", "Horst"), "f"),
    (PersonName("D'Angelo", "", "Martina"), "m"),
    (PersonName("Elif", "", "Öztürk"), "f"),
    (PersonName("Liam", "", "O'Brien"), "m"),
    (PersonName("Tess", "van der", "Meer"), "f"),
    (PersonName("Sem", "in 't", "Veld"), "m"),
    (PersonName("Fenna", "van", "Dijk"), "f"),
)


@dataclass
class DemoSchool:
    school: School
    years: Years
    groups: dict[str, Group]
    previous_groups: dict[str, Group]
    children: list[Child] = field(default_factory=list)


@dataclass
class DemoBoard:
    """What the demo consists of, for the steps features add (see onderstroom.demo.extensions)."""

    board: Board
    today: date
    schools: list[DemoSchool] = field(default_factory=list)
    staff: dict[str, User] = field(default_factory=dict)  # by login

    def rng(self, key: str) -> random.Random:
        """A generator of its own per step, so one step's draws never shift another's."""
        return random.Random(f"{DEMO_SEED}:{key}")


def find_demo_board() -> Board | None:
    return Board.objects.filter(name=DEMO_BOARD_NAME).first()


def build_demo_board(today: date) -> DemoBoard:
    """Create the whole demo in one transaction; raises DemoConflict when something is in the way."""
    with transaction.atomic():
        check_free()
        rng = random.Random(DEMO_SEED)
        demo = DemoBoard(board=builders.create_board(DEMO_BOARD_NAME), today=today)
        showcase = iter(SHOWCASE_CHILDREN)
        for spec in SCHOOLS:
            demo.schools.append(build_school(demo, spec, rng, showcase))
        build_staff(demo)
        extensions.run_all(demo)
        return demo


def reset_demo_board(today: date) -> DemoBoard:
    """Remove the demo board and everything under it (no other board), and build it again."""
    with transaction.atomic():
        if board := find_demo_board():
            builders.delete_board(board)
        return build_demo_board(today)


def check_free() -> None:
    taken = School.objects.filter(brin__in=[s.brin for s in SCHOOLS]).values_list("brin", flat=True)
    if taken:
        raise DemoConflict(f"BRIN {', '.join(sorted(taken))}")
    emails = [s.email for s in STAFF]
    members = Membership.objects.filter(user__email__in=emails).values_list("user__email", flat=True)
    busy = {
        *members,
        *BoardMembership.objects.filter(user__email__in=emails).values_list("user__email", flat=True),
    }
    if busy:
        raise DemoConflict(", ".join(sorted(busy)))


# --- schools and children -------------------------------------------------------------------------


def build_school(
    demo: DemoBoard, spec: SchoolSpec, rng: random.Random, showcase: Iterator[tuple[PersonName, str]]
) -> DemoSchool:
    school = builders.create_school(demo.board, spec.name, spec.brin)
    years = builders.create_years(school, demo.today)
    layouts = [GroupLayout(g.name, g.grades) for g in spec.groups]
    current = builders.create_groups(school, years.current, layouts)
    previous = builders.create_groups(school, years.previous, layouts)
    built = DemoSchool(
        school=school,
        years=years,
        groups={g.name: g for g in current},
        previous_groups={g.name: g for g in previous},
    )
    placed = place_children(built, spec, rng, showcase)
    builders.save_all([child for child, _group, _grade in placed])
    builders.save_all([builders.enrollment(group, child, grade) for child, group, grade in placed])
    pairs = [(child, grade) for child, _group, grade in placed]
    builders.save_all(builders.previous_enrollments(rng, pairs, previous))
    built.children = [child for child, _group, _grade in placed]
    builders.save_all(demo_holidays(school, years.previous.starts_on.year))
    builders.save_all(demo_holidays(school, years.current.starts_on.year))
    return built


def demo_holidays(school: School, first_year: int) -> list[SchoolHoliday]:
    """The demo school's own holidays in the school year that starts in `first_year`: made up,
    in the usual weeks, so its Banking Time plans count in school days (no official calendar)."""

    def monday_from(day: date) -> date:
        return day + timedelta(days=-day.weekday() % 7)

    periods = [
        ("Herfstvakantie", monday_from(date(first_year, 10, 19)), 5),
        ("Kerstvakantie", monday_from(date(first_year, 12, 21)), 12),
        ("Voorjaarsvakantie", monday_from(date(first_year + 1, 2, 16)), 5),
        ("Meivakantie", monday_from(date(first_year + 1, 4, 26)), 5),
        ("Zomervakantie", monday_from(date(first_year + 1, 7, 13)), 40),
    ]
    return [
        SchoolHoliday(
            school=school,
            name=name,
            first_day=monday - timedelta(days=2),
            last_day=monday + timedelta(days=days + 1),
        )
        for name, monday, days in periods
    ]


def place_children(
    built: DemoSchool, spec: SchoolSpec, rng: random.Random, showcase: Iterator[tuple[PersonName, str]]
) -> list[tuple[Child, Group, int]]:
    """Unsaved children with their group and grade; grades of a combination group take turns."""
    names = NamePicker(rng)
    placed = []
    number = spec.first_pupil_number
    for group_spec in spec.groups:
        group = built.groups[group_spec.name]
        for position in range(group_spec.children):
            grade = group_spec.grades[position % len(group_spec.grades)]
            child = builders.new_child(rng, names, built.school, built.years.current, grade, str(number))
            if position < SHOWCASE_PER_GROUP and (chosen := next(showcase, None)):
                name, gender = chosen
                child.first_name, child.surname_prefix, child.surname = (
                    name.first_name,
                    name.surname_prefix,
                    name.surname,
                )
                child.gender = gender
            placed.append((child, group, grade))
            number += 1
    return placed


# --- staff ----------------------------------------------------------------------------------------


def build_staff(demo: DemoBoard) -> None:
    hashed = builders.password_hash(DEMO_PASSWORD)
    schools = {s.school.brin: s for s in demo.schools}
    rows: list[Membership | GroupAssignment] = []
    for spec in STAFF:
        user = staff_user(spec, hashed)
        demo.staff[spec.login] = user
        if spec.board_admin:
            BoardMembership.objects.create(board=demo.board, user=user)
        if spec.brin is not None:
            rows += staff_roles(schools[spec.brin], spec, user)
    builders.save_all([r for r in rows if isinstance(r, Membership)])
    builders.save_all([r for r in rows if isinstance(r, GroupAssignment)])


def staff_user(spec: StaffSpec, hashed_password: str) -> User:
    """A new account, or the disabled one an earlier reset kept because the audit log names it."""
    user = User.objects.filter(email=spec.email).first() or builders.new_user(spec.email, spec.name, "")
    user.full_name = spec.name
    user.password = hashed_password
    user.is_active = True
    user.must_change_password = False
    user.totp_secret, user.totp_confirmed = "", False
    user.save()
    return user


def staff_roles(school: DemoSchool, spec: StaffSpec, user: User) -> list[Membership | GroupAssignment]:
    """Roles at the school, and the same groups this year and last year."""
    rows: list[Membership | GroupAssignment] = list(builders.memberships(school.school, user, spec.roles))
    for groups in (school.groups, school.previous_groups):
        supported = groups.values() if spec.supports == ALL_GROUPS else [groups[n] for n in spec.supports]
        rows += builders.assignments([groups[n] for n in spec.teaches], user, GroupAssignment.Kind.TEACHER)
        rows += builders.assignments(supported, user, GroupAssignment.Kind.CARE)
    return rows


# --- logins ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleLine:
    role: str  # Role value, or "board_admin"
    places: tuple[str, ...]  # group names, or school names for a board admin


@dataclass(frozen=True)
class Login:
    email: str
    full_name: str
    lines: tuple[RoleLine, ...]


@dataclass(frozen=True)
class LoginSection:
    title: str
    logins: tuple[Login, ...]


BOARD_ADMIN = "board_admin"
ROLE_ORDER = (Role.TEACHER, Role.CARE, Role.SCHOOL_ADMIN, Role.STAFF)


def demo_logins(board: Board) -> list[LoginSection]:
    """Who can sign in to the demo, read from the database (so it stays true after changes)."""
    schools = list(board.schools.order_by("brin"))
    sections = [school_logins(school) for school in schools]
    admins = board.admins.select_related("user").order_by("user__email")
    places = tuple(s.name for s in schools)
    logins = tuple(
        Login(a.user.email, a.user.full_name, (RoleLine(BOARD_ADMIN, places),))
        for a in admins
        if a.user.is_active
    )
    return [*sections, LoginSection(board.name, logins)]


def school_logins(school: School) -> LoginSection:
    roles: dict[User, set[str]] = {}
    for membership in Membership.objects.filter(school=school, user__is_active=True).select_related("user"):
        roles.setdefault(membership.user, set()).add(membership.role)
    groups = current_assignments(school)
    logins = []
    for user in sorted(roles, key=lambda u: (min(ROLE_ORDER.index(r) for r in roles[u]), u.email)):
        lines = tuple(
            RoleLine(role, groups.get((user.pk, role), ())) for role in ROLE_ORDER if role in roles[user]
        )
        logins.append(Login(user.email, user.full_name, lines))
    return LoginSection(f"{school.name} (BRIN {school.brin})", tuple(logins))


def current_assignments(school: School) -> dict[tuple[int, str], tuple[str, ...]]:
    """(user id, role) -> names of this year's groups, in name order."""
    year = current_school_year(school)
    found: dict[tuple[int, str], list[str]] = {}
    rows = GroupAssignment.objects.filter(school=school, group__school_year=year).order_by("group__name")
    for user_id, kind, name in rows.values_list("user_id", "kind", "group__name"):
        role = Role.TEACHER if kind == GroupAssignment.Kind.TEACHER else Role.CARE
        found.setdefault((user_id, role), []).append(name)
    return {key: tuple(names) for key, names in found.items()}


def demo_counts(board: Board, today: date) -> dict[str, int]:
    """Schools, this year's groups, children and enrollments (both years) of the demo."""
    schools = board.schools.all()
    return {
        "schools": schools.count(),
        "groups": Group.objects.filter(
            school__in=schools, school_year__name=SchoolYear.name_for(today)
        ).count(),
        "children": Child.objects.filter(school__in=schools).count(),
        "enrollments": Enrollment.objects.filter(school__in=schools).count(),
    }
