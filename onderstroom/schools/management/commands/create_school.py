"""Start a real school: its board (if new), the school, this school year and its first administrator.

    manage.py create_school --board "Stichting De Stroom" --school "De Regenboog" --brin 12AB \
        --admin-email directie@regenboog.nl --admin-name "Eva de Vries"

Prints the administrator's temporary password once; they choose their own at first sign-in.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onderstroom.core.errors import Refused
from onderstroom.schools import services
from onderstroom.schools.access import SystemActor
from onderstroom.tenancy import all_schools


class Command(BaseCommand):
    help = "Create a school with its board, the current school year and a school administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--board", required=True, help="Name of the school board; created if new.")
        parser.add_argument("--school", required=True, help="Name of the school.")
        parser.add_argument("--brin", required=True, help="BRIN code: two digits and two letters, e.g. 12AB.")
        parser.add_argument("--admin-email", required=True, help="Email address of the school administrator.")
        parser.add_argument("--admin-name", required=True, help="Full name of the school administrator.")

    def handle(self, *args: Any, **options: Any) -> None:
        with all_schools():
            try:
                created = services.create_school(
                    SystemActor(name="create_school"),
                    board_name=options["board"],
                    school_name=options["school"],
                    brin=options["brin"],
                    admin_email=options["admin_email"],
                    admin_name=options["admin_name"],
                )
            except Refused as refused:
                raise CommandError(refused.message) from refused
        self._report(created)

    def _report(self, created: services.SchoolCreated) -> None:
        school = created.school
        board = f"{school.board.name} (new)" if created.board_created else school.board.name
        self.stdout.write(f"Board:        {board}")
        self.stdout.write(f"School:       {school.name} ({school.brin})")
        self.stdout.write(f"School year:  {created.year.name}")
        self.stdout.write(f"Administrator: {created.admin.full_name} <{created.admin.email}>")
        if created.temporary_password:
            self.stdout.write(f"Temporary password: {created.temporary_password}")
            self.stdout.write("Shown only now. They choose their own password when they first sign in.")
        else:
            self.stdout.write("This address already had an account: they sign in with their own password.")
        self.stdout.write(
            self.style.SUCCESS("Done. Next: sign in, add your colleagues and import your pupils.")
        )
