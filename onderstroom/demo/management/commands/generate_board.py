"""Generate a large board for benchmarks, next to whatever the database holds.

    manage.py generate_board --schools 50 --children 15000 --staff 600 [--seed N] [--name ...] [--json]

Prints a summary and one login per role; with --json the same as one JSON object, for scripts.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.demo.benchmark import (
    DEFAULT_NAME,
    BenchmarkBoard,
    BenchmarkError,
    BenchmarkSpec,
    build_benchmark_board,
)
from onderstroom.tenancy import all_schools


class Command(BaseCommand):
    help = "Generate a large board (schools, groups, children, staff) for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = BenchmarkSpec()
        parser.add_argument("--schools", type=int, default=defaults.schools)
        parser.add_argument("--children", type=int, default=defaults.children)
        parser.add_argument(
            "--staff", type=int, default=defaults.staff, help="Accounts, the board admin included."
        )
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--name", default=DEFAULT_NAME, help="Name of the new board.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        spec = BenchmarkSpec(
            schools=options["schools"],
            children=options["children"],
            staff=options["staff"],
            seed=options["seed"],
            name=options["name"],
        )
        try:
            with all_schools():
                result = build_benchmark_board(spec, timezone.localdate())
        except BenchmarkError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(as_json(result) if options["json"] else summary(result))


def as_json(result: BenchmarkBoard) -> str:
    return json.dumps(
        {
            "board": {"name": result.board.name, "uuid": str(result.board.uuid)},
            "seconds": round(result.seconds, 2),
            "counts": result.counts,
            "password": result.password,
            "logins": {login.role: {"email": login.email, "school": login.school} for login in result.logins},
        },
        ensure_ascii=False,
        indent=2,
    )


def summary(result: BenchmarkBoard) -> str:
    counts = result.counts
    lines = [
        _("Board “%(name)s” generated in %(seconds).1f seconds.")
        % {"name": result.board.name, "seconds": result.seconds},
        _(
            "%(schools)d schools, %(groups)d groups this year (%(combination_groups)d combination groups, "
            "%(duo_groups)d with duo teachers), %(children)d children, %(enrollments)d enrollments "
            "(this year and last year), %(staff)d staff."
        )
        % counts,
        _("Password of every account: %(password)s") % {"password": result.password},
    ]
    for login in result.logins:
        lines.append(f"  {login.role:<17} {login.email:<42} {login.school}")
    return "\n".join(lines)
