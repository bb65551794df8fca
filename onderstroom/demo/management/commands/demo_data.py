"""Load the demo board and print how to sign in to it, in Dutch and in English.

manage.py demo_data             # create the demo board unless it exists
manage.py demo_data --if-empty  # only on a database without any school (what `make run` does)
manage.py demo_data --reset     # remove the demo board and everything under it, build it again
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import ProtectedError
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onderstroom.demo.demo_board import (
    BOARD_ADMIN,
    DEMO_PASSWORD,
    DemoConflict,
    Login,
    LoginSection,
    build_demo_board,
    demo_counts,
    demo_logins,
    find_demo_board,
    reset_demo_board,
)
from onderstroom.schools.models import Role, School
from onderstroom.tenancy import all_schools

LANGUAGES = ("nl", "en")
RULE = "=" * 78
ROLE_LABELS = {
    Role.TEACHER: _("teacher"),
    Role.CARE: _("care coordinator"),
    Role.SCHOOL_ADMIN: _("school admin (director)"),
    Role.STAFF: _("member of staff (no group)"),
    BOARD_ADMIN: _("board admin"),
}


def in_both(message: str | Promise, **values: object) -> tuple[str, str]:
    """The message in Dutch and in English, so every visitor can read the output."""
    texts = []
    for language in LANGUAGES:
        with translation.override(language):
            texts.append(str(message) % values if values else str(message))
    return texts[0], texts[1]


def both_on_one_line(message: str | Promise, **values: object) -> str:
    dutch, english = in_both(message, **values)
    return dutch if dutch == english else f"{dutch} / {english}"


class Command(BaseCommand):
    help = "Create the demo board (two schools, staff in every role) and print its logins."

    def add_arguments(self, parser: CommandParser) -> None:
        when = parser.add_mutually_exclusive_group()
        when.add_argument(
            "--if-empty", action="store_true", help="Create the demo only when the database has no school."
        )
        when.add_argument(
            "--reset",
            action="store_true",
            help="Remove the demo board and everything under it, then rebuild it.",
        )
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="Address printed for signing in.")

    def handle(self, *args: Any, if_empty: bool, reset: bool, url: str, **options: Any) -> None:
        with all_schools():
            self.say(*in_both(self.load(if_empty=if_empty, reset=reset)))
            board = find_demo_board()
            if board is not None:
                self.stdout.write(
                    self.printout(demo_logins(board), demo_counts(board, timezone.localdate()), url)
                )

    def load(self, *, if_empty: bool, reset: bool) -> Promise:
        """Build or rebuild as asked; returns what happened, to tell the visitor."""
        today = timezone.localdate()
        try:
            if reset:
                reset_demo_board(today)
                return _("The demo board was removed and built again.")
            if if_empty and School.objects.exists():
                if find_demo_board() is None:
                    return _("The database already holds schools, so no demo was loaded.")
                return _("The demo board is already there.")
            if find_demo_board() is not None:
                return _("The demo board is already there. Use --reset to build it again.")
            build_demo_board(today)
            return _("The demo board was created.")
        except DemoConflict as conflict:
            dutch, english = in_both(
                _("The demo cannot be built: %(what)s is already used outside the demo."), what=conflict
            )
            raise CommandError(f"{dutch}\n{english}") from conflict
        except ProtectedError as error:
            dutch, english = in_both(
                _("The demo cannot be removed: other data still refers to it (%(what)s)."),
                what=", ".join(sorted({str(o._meta.verbose_name) for o in error.protected_objects})),
            )
            raise CommandError(f"{dutch}\n{english}") from error

    def say(self, *lines: str) -> None:
        for line in lines:
            self.stdout.write(line)

    def printout(self, sections: list[LoginSection], counts: dict[str, int], url: str) -> str:
        lines = [
            RULE,
            *in_both(_("Onderstroom demo: %(board)s"), board=sections[-1].title),
            *in_both(
                _(
                    "%(schools)d schools, %(groups)d groups, %(children)d children "
                    "(generated, not real people)."
                ),
                **counts,
            ),
            "",
            *in_both(_("Go to %(url)s and sign in with one of these accounts."), url=url),
            *in_both(_("Password of every demo account: %(password)s"), password=DEMO_PASSWORD),
        ]
        for section in sections:
            lines += ["", section.title, *(line for login in section.logins for line in login_lines(login))]
        return "\n".join([*lines, RULE])


def login_lines(login: Login) -> list[str]:
    lines = [f"  {login.email:<28} {login.full_name}"]
    for role_line in login.lines:
        label = both_on_one_line(ROLE_LABELS[role_line.role])
        places = ", ".join(role_line.places)
        lines.append(f"      {label}: {places}" if places else f"      {label}")
    return lines
