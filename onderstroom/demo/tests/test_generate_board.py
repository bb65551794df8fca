"""`manage.py generate_board`: a large board for benchmarks, here at a small size."""

import json
import random
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from onderstroom.accounts.models import User
from onderstroom.demo.benchmark import (
    GROUP_MAX,
    GROUP_MIN,
    PASSWORD,
    class_order,
    class_sizes,
    even_grades,
    split_total,
)
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

# The demo is a whole board: these tests read it across its schools.
pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]


def generate(*args: str) -> dict:
    out = StringIO()
    call_command("generate_board", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def this_year() -> str:
    return SchoolYear.name_for(timezone.localdate())


@pytest.fixture
def small() -> dict:
    return generate("--schools", "2", "--children", "120", "--staff", "12", "--seed", "7", "--name", "Klein")


def board_of(result: dict) -> Board:
    return Board.objects.get(uuid=result["board"]["uuid"])


def current_groups(board: Board) -> list[Group]:
    return list(Group.objects.filter(school__board=board, school_year__name=this_year()))


def test_the_counts_are_the_ones_asked_for(small: dict) -> None:
    board = board_of(small)
    assert board.name == "Klein"
    assert board.schools.count() == 2
    assert Child.objects.filter(school__board=board).count() == 120
    people = set(Membership.objects.filter(school__board=board).values_list("user_id", flat=True))
    admins = set(BoardMembership.objects.filter(board=board).values_list("user_id", flat=True))
    assert len(people | admins) == 12
    assert small["counts"]["children"] == 120
    assert small["counts"]["staff"] == 12
    assert small["counts"]["schools"] == 2


def test_every_child_is_in_one_group_of_20_to_32_this_year(small: dict) -> None:
    board = board_of(small)
    rows = list(
        Enrollment.objects.filter(school__board=board, school_year__name=this_year()).select_related("group")
    )
    assert len(rows) == 120
    assert len({r.child_id for r in rows}) == 120
    for row in rows:
        assert row.grade in row.group.grades
        assert row.group.school_id == row.school_id
    sizes = Counter(r.group_id for r in rows)
    assert all(GROUP_MIN <= n <= GROUP_MAX for n in sizes.values())
    grades = Counter(r.grade for r in rows)
    assert set(grades) == set(range(1, 9))


def test_small_schools_have_combination_groups_and_duo_teachers(small: dict) -> None:
    board = board_of(small)
    groups = current_groups(board)
    assert any(len(g.grades) > 1 for g in groups)
    assert small["counts"]["combination_groups"] == sum(len(g.grades) > 1 for g in groups)
    teachers: dict[int, set[int]] = defaultdict(set)
    for group_id, user_id in GroupAssignment.objects.filter(
        school__board=board, kind=GroupAssignment.Kind.TEACHER, group__school_year__name=this_year()
    ).values_list("group_id", "user_id"):
        teachers[group_id].add(user_id)
    assert set(teachers) == {g.pk for g in groups}  # every group has a teacher
    assert any(len(t) > 1 for t in teachers.values())
    assert small["counts"]["duo_groups"] == sum(len(t) > 1 for t in teachers.values())


def test_every_school_has_a_director_a_care_coordinator_and_teachers(small: dict) -> None:
    board = board_of(small)
    for school in board.schools.all():
        roles = Counter(Membership.objects.filter(school=school).values_list("role", flat=True))
        assert roles[Role.SCHOOL_ADMIN] == 1
        assert roles[Role.CARE] >= 1
        assert roles[Role.TEACHER] >= 2
        groups = set(Group.objects.filter(school=school, school_year__name=this_year()))
        cared = GroupAssignment.objects.filter(school=school, kind=GroupAssignment.Kind.CARE)
        assert {a.group for a in cared} == groups  # the care coordinators cover every group
    assert BoardMembership.objects.filter(board=board).count() == 1


def test_last_years_enrollments_are_one_grade_lower(small: dict) -> None:
    board = board_of(small)
    now = dict(
        Enrollment.objects.filter(school__board=board, school_year__name=this_year()).values_list(
            "child_id", "grade"
        )
    )
    first = int(this_year()[:4]) - 1
    previous = Enrollment.objects.filter(school__board=board, school_year__name=f"{first}-{first + 1}")
    assert previous.exists()
    for row in previous.select_related("group"):
        assert row.grade == now[row.child_id] - 1
        assert row.grade in row.group.grades


def test_the_printed_logins_sign_in_with_the_printed_password(small: dict) -> None:
    assert small["password"] == PASSWORD
    assert {"teacher", "care", "school_admin", "board_admin"} <= set(small["logins"])
    board = board_of(small)
    expected = {
        "teacher": {Role.TEACHER},
        "care": {Role.CARE},
        "school_admin": {Role.SCHOOL_ADMIN},
    }
    for role, roles in expected.items():
        user = User.objects.get(email=small["logins"][role]["email"])
        assert set(user.memberships(manager="across_schools").values_list("role", flat=True)) == roles
        assert check_password(PASSWORD, user.password)
    admin = User.objects.get(email=small["logins"]["board_admin"]["email"])
    assert admin.board_memberships.get().board == board


def test_a_school_short_of_teachers_has_a_care_coordinator_who_teaches() -> None:
    result = generate("--schools", "1", "--children", "130", "--staff", "6")
    user = User.objects.get(email=result["logins"]["teacher_and_care"]["email"])
    roles = set(user.memberships(manager="across_schools").values_list("role", flat=True))
    assert roles == {Role.TEACHER, Role.CARE}
    kinds = set(user.group_assignments(manager="across_schools").values_list("kind", flat=True))
    assert kinds == {GroupAssignment.Kind.TEACHER, GroupAssignment.Kind.CARE}


def names(result: dict) -> list[tuple[str, str, str]]:
    children = Child.objects.filter(school__board=board_of(result)).order_by("external_id")
    return [(c.external_id[4:], c.first_name, c.full_surname) for c in children]


def test_the_same_seed_gives_the_same_board_and_boards_do_not_collide() -> None:
    first = generate("--schools", "2", "--children", "100", "--staff", "8", "--seed", "3")
    second = generate("--schools", "2", "--children", "100", "--staff", "8", "--seed", "3")
    other = generate("--schools", "2", "--children", "100", "--staff", "8", "--seed", "4")
    assert names(first) == names(second)
    assert names(first) != names(other)
    assert School.objects.count() == 6  # BRIN codes are unique, so every board got its own
    assert User.objects.count() == 24  # and so are the email addresses


def test_the_text_output_has_a_summary_and_one_login_per_role() -> None:
    out = StringIO()
    call_command("generate_board", "--schools", "2", "--children", "120", "--staff", "12", stdout=out)
    text = out.getvalue()
    assert "2 scholen" in text
    assert "120 leerlingen" in text
    assert f"Wachtwoord van elk account: {PASSWORD}" in text
    for role in ("teacher", "care", "school_admin", "board_admin"):
        assert f"  {role} " in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--schools", "0"], "minstens één school"),
        (["--schools", "3", "--children", "50"], "minstens 60 leerlingen"),
        (["--schools", "3", "--children", "90", "--staff", "5"], "minstens 7 medewerkers"),
        (["--schools", "1", "--children", "40", "--name", "  "], "naam van hoogstens 200 tekens"),
        (["--schools", "1", "--children", "40", "--name", "B" * 201], "naam van hoogstens 200 tekens"),
    ],
)
def test_impossible_sizes_get_a_clear_message_and_change_nothing(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("generate_board", *args, stdout=StringIO())
    assert not Board.objects.exists()
    assert not User.objects.exists()


def test_split_total_is_exact_and_respects_the_floor() -> None:
    rng = random.Random(1)
    for _ in range(200):
        parts = rng.randint(1, 60)
        floor = rng.randint(0, 40)
        total = floor * parts + rng.randint(0, 20000)
        weights = [rng.random() + 0.01 for _ in range(parts)]
        result = split_total(total, weights, floor)
        assert sum(result) == total
        assert min(result) >= floor


@pytest.mark.parametrize("children", [*range(20, 33), *range(40, 800, 7)])
def test_groups_are_20_to_32_children_for_every_school_size(children: int) -> None:
    grades = class_order(even_grades(children), lambda grade: grade)
    sizes = class_sizes(grades)
    assert sum(sizes) == children
    assert all(GROUP_MIN <= size <= GROUP_MAX for size in sizes), sizes


def test_kindergarten_groups_mix_grades_1_and_2() -> None:
    grades = class_order(even_grades(300), lambda grade: grade)
    first_group = grades[: class_sizes(grades)[0]]
    assert set(first_group) == {1, 2}
