from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from onderstroom.core.management.backup import create_backup


class Command(BaseCommand):
    help = "Write a backup (database + uploaded photos) as one .tar.gz; safe while the app runs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", default=str(Path(settings.DATA_DIR) / "backups"), help="folder to write to"
        )

    def handle(self, *args: object, **options: str) -> None:
        archive = create_backup(Path(options["output"]))
        self.stdout.write(str(archive))
