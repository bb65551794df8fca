"""Give someone the board administrator's role: aggregate figures of the board's schools, no children.

    manage.py add_board_admin --board "Stichting De Stroom" --email bestuur@destroom.nl --name "Fleur Bakker"

A new account gets a temporary password, printed once; an existing account keeps its own.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from onderstroom.accounts.models import User
from onderstroom.accounts.services import issue_temporary_password
from onderstroom.audit import log
from onderstroom.schools.access import SystemActor
from onderstroom.schools.models import Board, BoardMembership


class Command(BaseCommand):
    help = "Make someone administrator of a school board (aggregates only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--board", required=True, help="Name of an existing board.")
        parser.add_argument("--email", required=True, help="Email address of the board administrator.")
        parser.add_argument("--name", required=True, help="Full name (used for a new account).")

    def handle(self, *args: Any, **options: Any) -> None:
        board = Board.objects.filter(name=options["board"].strip()).first()
        if board is None:
            raise CommandError(f"No board named {options['board']!r}; create it with create_school first.")
        email = User.objects.normalize_email(options["email"].strip()).lower()
        with transaction.atomic():
            user = User.objects.filter(email__iexact=email).first()
            password = None
            if user is None:
                user = User.objects.create_user(email, None, full_name=options["name"].strip())
                password = issue_temporary_password(user)
            _, created = BoardMembership.objects.get_or_create(board=board, user=user)
            if created:
                log.record(SystemActor(name="add_board_admin"), "schools.board_admin.add", obj=user)
        self.stdout.write(f"{user.full_name} <{user.email}> is board administrator of {board.name}.")
        if password:
            self.stdout.write(f"Temporary password: {password}")
            self.stdout.write("Shown only now. They choose their own password when they first sign in.")
