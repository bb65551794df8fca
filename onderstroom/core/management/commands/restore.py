from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onderstroom.core.management.backup import restore_backup


class Command(BaseCommand):
    help = "Restore a backup made with `manage.py backup`. Stop the app first; this replaces all data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the .tar.gz written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: object, **options: object) -> None:
        archive = Path(str(options["archive"]))
        if not archive.is_file():
            raise CommandError(f"No such backup: {archive}")
        if not options["yes"] and input("This replaces ALL data with the backup. Type 'yes': ") != "yes":
            raise CommandError("Nothing restored.")
        restore_backup(archive)
        self.stdout.write(f"Restored {archive}")
