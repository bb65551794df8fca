"""`manage.py demo_data`: the demo board that `make run` loads, and the logins it prints."""

import re
from collections import Counter, defaultdict
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.audit.models import AuditChain, AuditEvent
from onderstroom.demo import extensions
from onderstroom.demo.demo_board import (
    DEMO_BOARD_NAME,
    DEMO_PASSWORD,
    SHOWCASE_CHILDREN,
    DemoBoard,
    find_demo_board,
)
from onderstroom.schools.access import build_staff_actor, visible_children, visible_groups
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
from onderstroom.testing.world import World, open_class_session

# The demo is a whole board: these tests read it across its schools.
pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]

TEACHER = "sanne@demo.example.org"
CARE = "dirk@demo.example.org"
DIRECTOR = "marieke@demo.example.org"
BOARD_ADMIN = "henk@demo.example.org"


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def this_year() -> str:
    return SchoolYear.name_for(timezone.localdate())


def last_year() -> str:
    first = int(this_year()[:4]) - 1
    return f"{first}-{first + 1}"


@pytest.fixture
def demo() -> Board:
    run()
    board = find_demo_board()
    assert board is not None
    return board


def enrollments(board: Board, year: str) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(school__board=board, school_year__name=year).select_related(
            "child", "group"
        )
    )


def test_two_schools_with_valid_brin_codes_and_two_school_years(demo: Board) -> None:
    schools = list(demo.schools.order_by("brin"))
    assert [s.brin for s in schools] == ["99AA", "99AB"]
    for school in schools:
        school.full_clean()  # the BRIN validator accepts the fake codes
        names = set(SchoolYear.objects.filter(school=school).values_list("name", flat=True))
        assert names == {this_year(), last_year()}
        year = SchoolYear.objects.get(school=school, name=this_year())
        assert (year.starts_on, year.ends_on) == SchoolYear.bounds_for(this_year())


def test_about_eight_groups_and_two_hundred_children(demo: Board) -> None:
    groups = Group.objects.filter(school__board=demo, school_year__name=this_year())
    assert 7 <= groups.count() <= 9
    children = Child.objects.filter(school__board=demo)
    assert 180 <= children.count() <= 220
    current = enrollments(demo, this_year())
    assert len(current) == children.count()  # every child is in a group this year
    for row in current:
        assert row.grade in row.group.grades
    sizes = Counter(row.group_id for row in current)
    assert all(18 <= n <= 32 for n in sizes.values())


def test_the_combination_group_has_children_in_grades_4_5_and_6(demo: Board) -> None:
    group = Group.objects.get(school__board=demo, school_year__name=this_year(), name="Groep 4/5/6")
    assert group.grades == [4, 5, 6]
    grades = Counter(group.enrollments.values_list("grade", flat=True))
    assert set(grades) == {4, 5, 6}
    assert min(grades.values()) >= 5


def test_names_have_prefixes_diacritics_and_apostrophes(demo: Board) -> None:
    children = list(Child.objects.filter(school__board=demo))
    prefixes = {c.surname_prefix for c in children}
    assert {"van", "de", "van der", "van den", "ter", "in 't", "van 't"} <= prefixes
    firsts = {c.first_name for c in children}
    surnames = {c.surname for c in children}
    full = {c.full_name for c in children}
    assert {"Zoë", "Daniël", "Anaïs", "Noëlle", "D'Angelo"} <= firsts
    assert {"Çelik", "Öztürk", "O'Brien"} <= surnames
    assert {name.full_name for name, _gender in SHOWCASE_CHILDREN} <= full
    # Beyond the chosen few, generated names are varied too.
    assert len(firsts) > 80
    assert len(full) > 190


def test_children_have_birth_dates_that_fit_their_grade(demo: Board) -> None:
    start = SchoolYear.bounds_for(this_year())[0]
    cutoff = date(start.year, 9, 30)
    for row in enrollments(demo, this_year()):
        born = row.child.birth_date
        age = cutoff.year - born.year - ((cutoff.month, cutoff.day) < (born.month, born.day))
        # Group 3 is the year a child turns 6 before 1 October; every later group one year older.
        assert age == row.grade + 3, (row.child.full_name, born, row.grade)


def test_children_have_genders_pupil_numbers_and_picture_codes(demo: Board) -> None:
    children = list(Child.objects.filter(school__board=demo))
    genders = Counter(c.gender for c in children)
    assert genders[Child.Gender.GIRL] > 60
    assert genders[Child.Gender.BOY] > 60
    numbers = [c.external_id for c in children]
    assert all(re.fullmatch(r"\d{6}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    for child in children:
        assert re.fullmatch(r"[0-8]{3}", child.picture_code)
        assert len(set(child.picture_code)) == 3


def test_last_years_enrollments_are_one_grade_lower(demo: Board) -> None:
    now = {row.child_id: row.grade for row in enrollments(demo, this_year())}
    previous = enrollments(demo, last_year())
    for row in previous:
        assert row.grade == now[row.child_id] - 1
        assert row.grade in row.group.grades
        assert row.group.school_year.name == last_year()
    had_a_year = [child for child, grade in now.items() if grade > 1]
    assert 0.85 * len(had_a_year) <= len(previous) < len(had_a_year)  # a few children are new this year
    assert not {row.child_id for row in previous} & {c for c, g in now.items() if g == 1}


def roles_of(email: str) -> set[str]:
    return set(Membership.objects.filter(user__email=email).values_list("role", flat=True))


def test_staff_in_every_role(demo: Board) -> None:
    memberships = Membership.objects.filter(school__board=demo)
    assert {m.role for m in memberships} == set(Role)
    for school in demo.schools.all():
        assert {m.role for m in memberships if m.school_id == school.pk} == set(Role)
    assert BoardMembership.objects.filter(board=demo, user__email=BOARD_ADMIN).exists()
    assert roles_of(DIRECTOR) == {Role.SCHOOL_ADMIN}
    both = [
        u
        for u in User.objects.filter(memberships__school__board=demo).distinct()
        if len(roles_of(u.email)) > 1
    ]
    assert [roles_of(u.email) for u in both] == [{Role.TEACHER, Role.CARE}]


def teachers_by_group(board: Board) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    rows = GroupAssignment.objects.filter(
        school__board=board, group__school_year__name=this_year(), kind=GroupAssignment.Kind.TEACHER
    )
    for name, email in rows.values_list("group__name", "user__email"):
        found[name].add(email)
    return found


def test_duo_teachers_and_a_teacher_with_two_groups(demo: Board) -> None:
    teachers = teachers_by_group(demo)
    assert teachers["Groep 4/5/6"] == {TEACHER, "bram@demo.example.org"}
    groups_per_teacher = Counter(email for emails in teachers.values() for email in emails)
    assert 2 in groups_per_teacher.values()
    all_groups = Group.objects.filter(school__board=demo, school_year__name=this_year())
    assert set(teachers) == set(all_groups.values_list("name", flat=True))  # every group has a teacher


def test_the_care_coordinator_is_assigned_to_every_group_of_the_school(demo: Board) -> None:
    school = School.objects.get(brin="99AA")
    groups = set(Group.objects.filter(school=school, school_year__name=this_year()))
    cared = GroupAssignment.objects.filter(user__email=CARE, kind=GroupAssignment.Kind.CARE)
    assert {a.group for a in cared if a.group.school_year.name == this_year()} == groups


def test_every_account_signs_in_with_the_one_demo_password(demo: Board) -> None:
    users = list(User.objects.filter(email__endswith="@demo.example.org"))
    assert len(users) >= 10
    assert len({u.password for u in users}) == 1  # hashed once, shared
    assert check_password(DEMO_PASSWORD, users[0].password)
    assert users[0].password.startswith("argon2")
    assert all(u.is_active and not u.must_change_password for u in users)


def test_the_demo_teacher_sees_their_group_through_the_access_helpers(demo: Board) -> None:
    actor = build_staff_actor(User.objects.get(email=TEACHER), None, None)
    assert actor.school.brin == "99AA"
    assert actor.school_year.name == this_year()
    assert [g.name for g in visible_groups(actor)] == ["Groep 4/5/6"]
    assert visible_children(actor).count() == 27


def test_the_other_demo_roles_see_what_their_role_allows(demo: Board) -> None:
    care = build_staff_actor(User.objects.get(email=CARE), None, None)
    assert visible_groups(care).count() == 5
    director = build_staff_actor(User.objects.get(email=DIRECTOR), None, None)
    assert director.is_school_admin
    assert visible_groups(director).count() == 0
    board_admin = build_staff_actor(User.objects.get(email=BOARD_ADMIN), None, None)
    assert board_admin.boards == (demo,)


def test_the_output_lists_every_login_in_dutch_and_english() -> None:
    out = run("--if-empty")
    assert "Go to http://127.0.0.1:8000 and sign in with one of these accounts." in out
    assert "Ga naar http://127.0.0.1:8000 en meld je aan met een van deze accounts." in out
    assert DEMO_PASSWORD in out
    for email in User.objects.filter(email__endswith="@demo.example.org").values_list("email", flat=True):
        assert email in out
    assert "Basisschool De Stroming (BRIN 99AA)" in out
    assert re.search(r"leerkracht / teacher: Groep 4/5/6", out)
    assert re.search(r"intern begeleider / care coordinator: Groep 1/2, Groep 3, Groep 4/5/6", out)
    assert "Groep 7, Groep 8" in out  # the teacher of two groups
    assert "Basisschool De Stroming, Kindcentrum Het Getij" in out  # the board admin's schools


def test_if_empty_builds_once_and_prints_the_logins_every_time() -> None:
    first = run("--if-empty")
    counts = (Board.objects.count(), Child.objects.count(), User.objects.count())
    second = run("--if-empty")
    assert (Board.objects.count(), Child.objects.count(), User.objects.count()) == counts
    assert "The demo board was created." in first
    assert "The demo board is already there." in second
    assert TEACHER in second


def test_if_empty_leaves_a_database_with_schools_alone(world: World) -> None:
    out = run("--if-empty")
    assert find_demo_board() is None
    assert "De database bevat al scholen, dus er is geen demo geladen." in out
    assert "The database already holds schools, so no demo was loaded." in out


def test_without_options_the_demo_is_added_once_next_to_other_boards(world: World) -> None:
    run()
    children = Child.objects.count()
    out = run()
    assert Child.objects.count() == children
    assert "--reset" in out
    assert Board.objects.filter(name=DEMO_BOARD_NAME).count() == 1


def snapshot_world(world: World) -> dict[str, object]:
    schools = [world.school, world.other_school]
    return {
        "boards": set(Board.objects.exclude(name=DEMO_BOARD_NAME).values_list("pk", flat=True)),
        "children": set(Child.objects.filter(school__in=schools).values_list("pk", "first_name")),
        "groups": set(Group.objects.filter(school__in=schools).values_list("pk", flat=True)),
        "users": set(User.objects.exclude(email__endswith="@demo.example.org").values_list("pk", "password")),
        "memberships": Membership.objects.exclude(school__board__name=DEMO_BOARD_NAME).count(),
    }


def test_reset_rebuilds_the_demo_and_leaves_other_boards_alone(world: World) -> None:
    call_command("generate_board", "--schools", "1", "--children", "40", "--staff", "3", stdout=StringIO())
    run()
    before = snapshot_world(world)
    old_children = set(Child.objects.filter(school__board__name=DEMO_BOARD_NAME).values_list("pk", flat=True))
    old_names = sorted(
        Child.objects.filter(school__board__name=DEMO_BOARD_NAME).values_list("external_id", "first_name")
    )
    out = run("--reset")
    assert "The demo board was removed and built again." in out
    assert snapshot_world(world) == before
    assert Board.objects.filter(name=DEMO_BOARD_NAME).count() == 1
    new_children = set(Child.objects.filter(school__board__name=DEMO_BOARD_NAME).values_list("pk", flat=True))
    assert not old_children & new_children
    # The same seed gives the same children again.
    assert (
        sorted(
            Child.objects.filter(school__board__name=DEMO_BOARD_NAME).values_list("external_id", "first_name")
        )
        == old_names
    )


def test_reset_keeps_every_audit_chain_intact(world: World) -> None:
    run()
    teacher = build_staff_actor(User.objects.get(email=TEACHER), "192.0.2.1", None)
    child = visible_children(teacher).first()
    log.record(teacher, "child.view", child=child, obj=child)
    board_admin = build_staff_actor(User.objects.get(email=BOARD_ADMIN), "192.0.2.1", None)
    log.record(board_admin, "board.overview")  # no school: the global chain
    outsider = build_staff_actor(world.teacher, "192.0.2.2", None)
    log.record(outsider, "child.view", child=world.child, obj=world.child)
    run("--reset")
    demo_school = School.objects.get(brin="99AA")
    assert not AuditEvent.objects.filter(school=demo_school).exists()
    assert not AuditChain.objects.filter(key=str(demo_school.uuid)).exists()
    assert log.verify_chain(None).intact
    assert log.verify_chain(world.school).intact
    # The board admin appears in the global chain, so the account was kept, and is in use again.
    henk = User.objects.get(email=BOARD_ADMIN)
    assert AuditEvent.objects.filter(actor_user=henk).exists()
    assert henk.is_active
    assert check_password(DEMO_PASSWORD, henk.password)
    assert BoardMembership.objects.filter(user=henk, board__name=DEMO_BOARD_NAME).exists()


def test_a_brin_code_in_use_elsewhere_stops_the_demo_with_a_clear_message() -> None:
    other = Board.objects.create(name="Ander bestuur")
    School.objects.create(board=other, name="Bestaande school", brin="99AA")
    with pytest.raises(CommandError, match="99AA"):
        run()
    assert find_demo_board() is None
    assert not Child.objects.exists()


def test_features_can_add_steps_to_the_demo() -> None:
    seen: list[DemoBoard] = []

    def step(demo: DemoBoard) -> None:
        assert demo.board.name == DEMO_BOARD_NAME
        assert [s.school.brin for s in demo.schools] == ["99AA", "99AB"]
        assert "Groep 4/5/6" in demo.schools[0].groups
        assert demo.rng("x").random() == demo.rng("x").random()
        seen.append(demo)

    extensions.registry.register(extensions.DemoStep("test.step", order=100, step=step))
    try:
        run()
    finally:
        extensions.registry.unregister("test.step")
    assert len(seen) == 1
    assert set(seen[0].staff) >= {"sanne", "henk"}


def test_a_reset_blocked_by_other_data_says_why_and_changes_nothing(world: World) -> None:
    run()
    sanne = User.objects.get(email=TEACHER)
    # A class session of another school that names a demo teacher keeps that account in use.
    open_class_session(world.group, sanne)
    children = set(Child.objects.values_list("pk", flat=True))
    with pytest.raises(CommandError, match="andere gegevens verwijzen er nog naar"):
        run("--reset")
    assert set(Child.objects.values_list("pk", flat=True)) == children
    assert find_demo_board() is not None
