"""Small builders that demo and benchmark boards are made of.

Everything here creates rows in bulk (a benchmark board has tens of thousands) and draws
every random choice from the `random.Random` it is given, so a seed always gives the same
board. Callers wrap the work in `all_schools()` and a transaction.
"""

import functools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import models

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.audit.models import AuditEvent
from onderstroom.demo.names import NamePicker
from onderstroom.schools.models import (
    PICTURE_CODE_LENGTH,
    PICTURE_COUNT,
    Board,
    BoardMembership,
    Child,
    Enrollment,
    Group,
    GroupAssignment,
    Membership,
    School,
    SchoolYear,
)

BATCH_SIZE = 1000
# Share of children who arrived at the school this year, so have no enrollment last year.
NEWCOMER_SHARE = 0.05


@functools.cache
def password_hash(password: str) -> str:
    """Argon2 is slow on purpose: hash a shared password once and give every account that hash."""
    return make_password(password)


def save_all[ModelT: models.Model](objects: Sequence[ModelT]) -> list[ModelT]:
    """Insert rows of one model in batches; primary keys are set on the objects (SQLite and PostgreSQL)."""
    if not objects:
        return []
    manager = type(objects[0])._default_manager
    return manager.bulk_create(objects, batch_size=BATCH_SIZE)


# --- board, schools, years ------------------------------------------------------------------------


def create_board(name: str) -> Board:
    return Board.objects.create(name=name)


def create_school(board: Board, name: str, brin: str) -> School:
    return School.objects.create(board=board, name=name, brin=brin)


@dataclass(frozen=True)
class Years:
    current: SchoolYear
    previous: SchoolYear


def previous_year_name(name: str) -> str:
    first = int(name[:4]) - 1
    return f"{first}-{first + 1}"


def create_years(school: School, today: date) -> Years:
    """The school year `today` falls in and the one before it."""
    current_name = SchoolYear.name_for(today)
    years = [
        SchoolYear(school=school, name=name, starts_on=bounds[0], ends_on=bounds[1])
        for name in (current_name, previous_year_name(current_name))
        for bounds in [SchoolYear.bounds_for(name)]
    ]
    current, previous = save_all(years)
    return Years(current=current, previous=previous)


# --- groups ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupLayout:
    name: str
    grades: tuple[int, ...]


def grades_label(grades: Iterable[int]) -> str:
    return "/".join(str(g) for g in sorted(set(grades)))


def create_groups(school: School, year: SchoolYear, layouts: Sequence[GroupLayout]) -> list[Group]:
    groups = [
        Group(school=school, school_year=year, name=layout.name, grades=list(layout.grades))
        for layout in layouts
    ]
    return save_all(groups)


def group_for_grade(groups: Sequence[Group], grade: int) -> Group | None:
    """The first group that teaches a grade (last year's group of a child who moved up)."""
    return next((g for g in groups if grade in g.grades), None)


# --- children -------------------------------------------------------------------------------------


def birth_window(grade: int, year_starts_on: date) -> tuple[date, date]:
    """Children go to group 3 in the school year they turn 6 before 1 October; group g follows from it."""
    first = year_starts_on.year - grade - 4
    return date(first, 10, 1), date(first + 1, 9, 30)


def birth_date(rng: random.Random, grade: int, year: SchoolYear) -> date:
    earliest, latest = birth_window(grade, year.starts_on)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def pick_gender(rng: random.Random) -> str:
    """Mostly girls and boys; a few children are registered as other, a few without gender."""
    roll = rng.random()
    if roll < 0.485:
        return Child.Gender.GIRL
    if roll < 0.97:
        return Child.Gender.BOY
    if roll < 0.98:
        return Child.Gender.OTHER
    return ""


def picture_code(rng: random.Random) -> str:
    """Like schools.models.new_picture_code (three different pictures), but from the seeded generator."""
    return "".join(str(d) for d in rng.sample(range(PICTURE_COUNT), PICTURE_CODE_LENGTH))


def new_child(
    rng: random.Random,
    names: NamePicker,
    school: School,
    year: SchoolYear,
    grade: int,
    pupil_number: str,
) -> Child:
    gender = pick_gender(rng)
    name = names.child(gender)
    return Child(
        school=school,
        first_name=name.first_name,
        surname_prefix=name.surname_prefix,
        surname=name.surname,
        birth_date=birth_date(rng, grade, year),
        gender=gender,
        external_id=pupil_number,
        picture_code=picture_code(rng),
    )


def enrollment(group: Group, child: Child, grade: int) -> Enrollment:
    return Enrollment(
        school=group.school, child=child, group=group, school_year_id=group.school_year_id, grade=grade
    )


def previous_enrollments(
    rng: random.Random, placed: Iterable[tuple[Child, int]], previous_groups: Sequence[Group]
) -> list[Enrollment]:
    """Last year's enrollments: everybody one grade lower, except group 1 and this year's newcomers."""
    rows = []
    for child, grade in placed:
        if grade == 1 or rng.random() < NEWCOMER_SHARE:
            continue
        group = group_for_grade(previous_groups, grade - 1)
        if group is not None:
            rows.append(enrollment(group, child, grade - 1))
    return rows


# --- staff ----------------------------------------------------------------------------------------


def new_user(email: str, full_name: str, hashed_password: str) -> User:
    return User(email=email.lower(), full_name=full_name, password=hashed_password)


def memberships(school: School, user: User, roles: Iterable[str]) -> list[Membership]:
    return [Membership(school=school, user=user, role=role) for role in roles]


def assignments(groups: Iterable[Group], user: User, kind: str) -> list[GroupAssignment]:
    return [GroupAssignment(school=group.school, group=group, user=user, kind=kind) for group in groups]


# --- removal --------------------------------------------------------------------------------------


def board_user_ids(board: Board, school_ids: Sequence[int]) -> set[int]:
    """Everybody who holds a role at the board or one of its schools."""
    ids = set(Membership.objects.filter(school_id__in=school_ids).values_list("user_id", flat=True))
    ids |= set(GroupAssignment.objects.filter(school_id__in=school_ids).values_list("user_id", flat=True))
    ids |= set(board.admins.values_list("user_id", flat=True))
    return ids


def users_only_at(board: Board, school_ids: Sequence[int]) -> set[int]:
    """Of the board's people, those with no role at any other board or school."""
    ids = board_user_ids(board, school_ids)
    elsewhere = set(
        Membership.objects.filter(user_id__in=ids)
        .exclude(school_id__in=school_ids)
        .values_list("user_id", flat=True)
    )
    elsewhere |= set(
        BoardMembership.objects.filter(user_id__in=ids).exclude(board=board).values_list("user_id", flat=True)
    )
    return ids - elsewhere


def delete_board(board: Board) -> None:
    """Remove a board, its schools with everything they own, and the people who worked only there.

    The audit chains of the board's schools go with them (whole chains, so no chain elsewhere
    breaks; their anchors record that they were removed). A person who still appears in another
    chain (a board admin's events sit in the global chain) is kept but disabled: deleting them
    would blank the user column of those rows and break that chain's seals.
    """
    schools = list(board.schools.all())
    school_ids = [s.pk for s in schools]
    people = users_only_at(board, school_ids)
    log.delete_school_chains(schools)
    for school in schools:
        school.delete()
    board.delete()
    retire_users(people)


def retire_users(user_ids: set[int]) -> None:
    in_audit = set(
        AuditEvent.objects.filter(actor_user_id__in=user_ids).values_list("actor_user_id", flat=True)
    )
    User.objects.filter(pk__in=user_ids - in_audit).delete()
    User.objects.filter(pk__in=in_audit).update(is_active=False, password=make_password(None))
