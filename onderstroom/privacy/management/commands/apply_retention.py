"""`manage.py apply_retention [--dry-run]`: carry out every school's retention policy (cron, systemd)."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from onderstroom.privacy.retention import run_retention


class Command(BaseCommand):
    help = "Erase what is past each school's retention policy; --dry-run lists it and removes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be removed, remove nothing"
        )

    def handle(self, *args: object, **options: object) -> None:
        dry_run = bool(options["dry_run"])
        verb = "would erase" if dry_run else "erased"
        for run in run_retention(timezone.now(), dry_run):
            label = f"{run.school.name} ({run.school.brin})"
            self.stdout.write(f"{label}: {len(run.leavers)} pupils and {run.rows} rows {verb}")
            for leaver in run.leavers:
                self.stdout.write(f"  pupil {leaver.uuid} (left {leaver.left_on.isoformat()}): {verb}")
            for key, rows in run.expired.items():
                if rows:
                    self.stdout.write(f"  {key}: {rows} rows {verb}")
