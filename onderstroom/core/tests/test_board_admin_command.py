"""`manage.py add_board_admin` makes someone board administrator, who then sees the board overview."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from onderstroom.accounts.models import User
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def test_a_new_board_admin_gets_a_temporary_password(world: World) -> None:
    out = StringIO()
    call_command(
        "add_board_admin", board=world.board.name, email="Bestuur@Example.org", name="Kees", stdout=out
    )
    user = User.objects.get(email="bestuur@example.org")
    temporary = out.getvalue().split("Temporary password: ", 1)[1].split()[0]
    assert user.check_password(temporary)
    assert user.must_change_password
    client = Client()
    client.force_login(user)
    user.must_change_password = False
    user.save()
    assert client.get("/board/").status_code == 200


def test_an_existing_account_keeps_its_password(world: World) -> None:
    out = StringIO()
    call_command("add_board_admin", board=world.board.name, email=world.teacher.email, name="x", stdout=out)
    assert "Temporary password" not in out.getvalue()
    assert world.teacher.board_memberships.filter(board=world.board).exists()


def test_an_unknown_board_is_refused(world: World) -> None:
    with pytest.raises(CommandError, match="No board named"):
        call_command("add_board_admin", board="Bestaat niet", email="a@example.org", name="A")
