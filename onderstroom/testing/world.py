"""A small, complete school world for tests: every persona of the permission matrix."""

import functools
import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone

from onderstroom import tenancy
from onderstroom.accounts.models import User
from onderstroom.childsessions.models import ChildSignIn, ClassSession
from onderstroom.childsessions.signin import CHILD_KEY
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
    SchoolYear,
)
from onderstroom.tenancy import all_schools, no_scope, school_scope

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def set_up[**P, R](builder: Callable[P, R]) -> Callable[P, R]:
    """A builder sets data up across schools, as a fixture does, even when a test body calls it.

    Test bodies run scoped (conftest.py); what they build for themselves is set-up, not the code
    under test, so it may touch any school.
    """

    @functools.wraps(builder)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with all_schools():
            return builder(*args, **kwargs)

    return wrapper


@functools.cache
def password_hash() -> str:
    """Argon2 is slow on purpose; hash the test password once and give every test user that hash."""
    return make_password(PASSWORD)


class Persona(StrEnum):
    TEACHER = "teacher of the group"
    OTHER_TEACHER = "teacher of another group"
    CARE = "care coordinator of the group"
    ADMIN = "school admin"
    BOARD = "board admin"
    OUTSIDER = "staff of another school"
    STAFF_MEMBER = "member of staff without a group"
    CHILD = "child in a session"
    ANONYMOUS = "anonymous"


@set_up
def make_school(board: Board | None = None, name: str | None = None) -> School:
    n = next(_counter)
    board = board or Board.objects.create(name=f"Bestuur {n}")
    brin = f"{n % 100:02d}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}"
    return School.objects.create(board=board, name=name or f"Basisschool {n}", brin=brin)


@set_up
def current_year(school: School) -> SchoolYear:
    name = SchoolYear.name_for(timezone.localdate())
    starts_on, ends_on = SchoolYear.bounds_for(name)
    year, _ = SchoolYear.objects.get_or_create(
        school=school, name=name, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    return year


@set_up
def make_child(school: School, **fields: object) -> Child:
    n = next(_counter)
    defaults: dict[str, object] = {
        "first_name": f"Kind{n}",
        "surname": f"Achternaam{n}",
        "external_id": f"L{n}",
    }
    defaults.update(fields)
    return Child.objects.create(school=school, **defaults)


@set_up
def make_group(school: School, name: str, grades: list[int], children: int = 0) -> Group:
    group = Group.objects.create(school=school, school_year=current_year(school), name=name, grades=grades)
    for i in range(children):
        add_child(group, make_child(school, gender="f" if i % 2 else "m"), grades[i % len(grades)])
    return group


@set_up
def add_child(group: Group, child: Child, grade: int | None = None) -> Enrollment:
    return Enrollment.objects.create(
        school=group.school,
        child=child,
        group=group,
        school_year=group.school_year,
        grade=grade or group.grades[0],
    )


@set_up
def make_staff(
    school: School | None,
    roles: list[str],
    *,
    teaches: Sequence[Group] = (),
    supports: Sequence[Group] = (),
    name: str | None = None,
) -> User:
    n = next(_counter)
    user = User.objects.create(
        email=f"staff{n}@example.org", password=password_hash(), full_name=name or f"Medewerker {n}"
    )
    for role in roles:
        assert school is not None  # roles are held at a school
        Membership.objects.create(school=school, user=user, role=role)
    for group in teaches:
        GroupAssignment.objects.create(
            school=group.school, group=group, user=user, kind=GroupAssignment.Kind.TEACHER
        )
    for group in supports:
        GroupAssignment.objects.create(
            school=group.school, group=group, user=user, kind=GroupAssignment.Kind.CARE
        )
    return user


@set_up
def open_class_session(group: Group, teacher: User, code: str | None = None) -> ClassSession:
    now = timezone.now()
    return ClassSession.objects.create(
        school=group.school,
        group=group,
        opened_by=teacher,
        code=code or f"{next(_counter) % 1000000:06d}",
        opened_at=now,
        expires_at=now + timedelta(minutes=90),
    )


@set_up
def sign_in_child(client: Client, class_session: ClassSession, child: Child) -> ChildSignIn:
    sign_in, _ = ChildSignIn.objects.update_or_create(
        school=class_session.school,
        class_session=class_session,
        child=child,
        defaults={"signed_in_at": timezone.now()},
    )
    session = client.session
    session[CHILD_KEY] = {"session": str(class_session.uuid), "child": str(child.uuid)}
    session.save()
    return sign_in


@dataclass
class World:
    board: Board
    school: School
    other_school: School
    group: Group
    other_group: Group
    outsider_group: Group
    teacher: User
    co_teacher: User
    other_teacher: User
    care: User
    admin: User
    board_admin: User
    outsider: User
    class_session: ClassSession
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def child(self) -> Child:
        return self.group.enrollments.order_by("child__surname")[0].child

    @property
    def other_child(self) -> Child:
        return self.other_group.enrollments.order_by("child__surname")[0].child

    @property
    def outsider_child(self) -> Child:
        return self.outsider_group.enrollments.order_by("child__surname")[0].child

    @property
    def staff_member(self) -> User:
        """A colleague with the plain "member of staff" role and no group (a gym teacher); made on
        first use, so worlds that never meet them count the same staff as before."""
        if "staff_member" not in self.extra:
            self.extra["staff_member"] = make_staff(self.school, [Role.STAFF], name="Meester Hugo (gym)")
        return self.extra["staff_member"]  # type: ignore[return-value]

    def user_for(self, persona: Persona) -> User | None:
        if persona == Persona.STAFF_MEMBER:
            return self.staff_member
        return {
            Persona.TEACHER: self.teacher,
            Persona.OTHER_TEACHER: self.other_teacher,
            Persona.CARE: self.care,
            Persona.ADMIN: self.admin,
            Persona.BOARD: self.board_admin,
            Persona.OUTSIDER: self.outsider,
        }.get(persona)

    def client_for(self, persona: Persona, client: Client | None = None) -> Client:
        client = client or Client()
        if user := self.user_for(persona):
            client.force_login(user)
        elif persona == Persona.CHILD:
            sign_in_child(client, self.class_session, self.child)
        return client


# Set while a test body runs (conftest.py): a world built there scopes the rest of the body to its
# home school, as the `world` fixture does.
_in_test_body: ContextVar[bool] = ContextVar("onderstroom_in_test_body", default=False)


@contextmanager
def test_body(school: School | None) -> Iterator[None]:
    """Run a test body in `school`'s scope, or in none until the body builds a world."""
    body = _in_test_body.set(True)
    try:
        with school_scope(school) if school is not None else no_scope():
            yield
    finally:
        _in_test_body.reset(body)


def build_world(children_per_group: int = 3) -> World:
    """The world of every persona; built inside a test body, it also scopes the rest of the body."""
    world = _build_world(children_per_group)
    # Left set on purpose: test_body() resets the scope when the body ends.
    if _in_test_body.get() and tenancy._active_scope.get() is None:
        tenancy._active_scope.set(frozenset({world.school.pk}))
    return world


@set_up
def _build_world(children_per_group: int = 3) -> World:
    board = Board.objects.create(name="Stichting De Stroom")
    school = make_school(board, "De Regenboog")
    sister_school = make_school(board, "Het Kompas")
    other_school = make_school(None, "De Buitenste")
    group = make_group(school, "Groep 4/5/6", [4, 5, 6], children_per_group)
    other_group = make_group(school, "Groep 7", [7], children_per_group)
    make_group(sister_school, "Groep 3", [3], children_per_group)
    outsider_group = make_group(other_school, "Groep 5", [5], children_per_group)
    teacher = make_staff(school, [Role.TEACHER], teaches=[group], name="Juf Anna")
    co_teacher = make_staff(school, [Role.TEACHER], teaches=[group], name="Meester Bram")
    other_teacher = make_staff(school, [Role.TEACHER], teaches=[other_group], name="Juf Carla")
    care = make_staff(school, [Role.CARE], supports=[group], name="Intern begeleider Dirk")
    admin = make_staff(school, [Role.SCHOOL_ADMIN], name="Directeur Eva")
    board_admin = make_staff(None, [], name="Bestuurder Fleur")
    BoardMembership.objects.create(board=board, user=board_admin)
    outsider = make_staff(
        other_school,
        [Role.TEACHER, Role.CARE, Role.SCHOOL_ADMIN],
        teaches=[outsider_group],
        supports=[outsider_group],
        name="Buitenstaander Gijs",
    )
    return World(
        board=board,
        school=school,
        other_school=other_school,
        group=group,
        other_group=other_group,
        outsider_group=outsider_group,
        teacher=teacher,
        co_teacher=co_teacher,
        other_teacher=other_teacher,
        care=care,
        admin=admin,
        board_admin=board_admin,
        outsider=outsider,
        class_session=open_class_session(group, teacher),
    )
