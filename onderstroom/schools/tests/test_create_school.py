"""manage.py create_school: how a real school starts."""

import io
import re
from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.audit.models import AuditEvent
from onderstroom.schools import services
from onderstroom.schools.models import Board, Membership, Role, School, SchoolYear
from onderstroom.schools.tests.conftest import actor_for
from onderstroom.tenancy import no_scope
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def create_school(**overrides: str) -> str:
    options = {
        "board": "Stichting Nieuwe Wegen",
        "school": "De Vlinder",
        "brin": "12ab",
        "admin_email": "Directie@Vlinder.nl",
        "admin_name": "Eva de Vries",
        **overrides,
    }
    out = io.StringIO()
    # Commands open their own scope: run it outside the tests' all-schools scope, as manage.py would.
    with no_scope(), mock.patch("onderstroom.schools.access.today", return_value=date(2026, 11, 27)):
        call_command(
            "create_school", *[f"--{k.replace('_', '-')}={v}" for k, v in options.items()], stdout=out
        )
    return out.getvalue()


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_a_new_school_gets_its_board_year_and_administrator() -> None:
    output = create_school()
    school = School.objects.get(brin="12AB")
    assert (school.name, school.board.name) == ("De Vlinder", "Stichting Nieuwe Wegen")
    year = SchoolYear.objects.get(school=school)
    assert (year.name, year.starts_on, year.ends_on) == ("2026-2027", date(2026, 8, 1), date(2027, 7, 31))
    admin = User.objects.get(email="directie@vlinder.nl")
    assert admin.full_name == "Eva de Vries"
    assert admin.must_change_password
    assert list(Membership.objects.filter(user=admin).values_list("school", "role")) == [
        (school.pk, Role.SCHOOL_ADMIN)
    ]
    password = re.search(r"Temporary password: (\S+)", output).group(1)
    assert admin.check_password(password)
    event = AuditEvent.objects.get(action="schools.school.create")
    assert (event.school, event.actor_kind, event.actor_label) == (school, "system", "create_school")
    assert event.details == {"board_created": True, "new_account": True}
    assert log.verify_chain(school).intact


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_a_second_school_joins_the_existing_board_and_admin() -> None:
    create_school()
    output = create_school(school="De Rups", brin="34CD", admin_email="directie@vlinder.nl")
    assert Board.objects.filter(name="Stichting Nieuwe Wegen").count() == 1
    assert School.objects.get(brin="34CD").board == School.objects.get(brin="12AB").board
    assert "Temporary password" not in output
    assert Membership.objects.filter(user__email="directie@vlinder.nl", role=Role.SCHOOL_ADMIN).count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"brin": "1234"}, "BRIN"),
        ({"brin": "12ABC"}, "BRIN"),
        ({"admin_email": "not an address"}, "e-mailadres"),
        ({"school": "  "}, "namen"),
        ({"admin_name": ""}, "namen"),
    ],
)
def test_bad_input_stops_with_a_message_and_creates_nothing(overrides: dict[str, str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        create_school(**overrides)
    assert not Board.objects.exists()
    assert not School.objects.exists()
    assert not User.objects.exists()


def test_a_brin_code_is_used_once(world: World) -> None:
    create_school()
    users, boards = User.objects.count(), Board.objects.count()
    with pytest.raises(CommandError, match="12AB"):
        create_school(board="Ander Bestuur", admin_email="iemand@anders.nl")
    assert (User.objects.count(), Board.objects.count()) == (users, boards)


def test_only_the_system_creates_schools(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.create_school(
            actor_for(world.admin),
            board_name="x",
            school_name="y",
            brin="99ZZ",
            admin_email="a@b.nl",
            admin_name="z",
        )
    assert not School.objects.filter(brin="99ZZ").exists()
