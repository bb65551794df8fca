"""Import pupils and groups from the command line, with the same checks as the upload screen."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onderstroom.imports import services
from onderstroom.imports.errors import ImportFileError, ImportRejected
from onderstroom.imports.oneroster import zip_directory
from onderstroom.imports.planning import Plan
from onderstroom.schools.access import SystemActor
from onderstroom.schools.models import School
from onderstroom.tenancy import school_scope


class Command(BaseCommand):
    help = (
        "Import pupils and groups from a CSV or XLSX export, or from a OneRoster 1.1 set "
        "(a ZIP file or a directory). All or nothing: with any error, nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="CSV, XLSX or ZIP file, or a directory with OneRoster CSV files")
        parser.add_argument("--school", required=True, help="BRIN code of the school, such as 12AB")
        parser.add_argument("--year", help="school year such as 2026-2027 (default: the current one)")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the messages",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            school = School.objects.filter(brin=options["school"].strip().upper()).first()
            if school is None:
                raise CommandError(
                    _("There is no school with BRIN code %(brin)s.") % {"brin": options["school"]}
                )
            content, filename = self.read(Path(options["path"]))
            year_name = options["year"] or services.current_year_name()
            with school_scope(school):
                self.run(school, content, filename, year_name, dry_run=options["dry_run"])

    def read(self, path: Path) -> tuple[bytes, str]:
        if path.is_dir():
            return zip_directory(path), f"{path.name}.zip"
        if not path.is_file():
            raise CommandError(_("%(path)s is neither a file nor a directory.") % {"path": path})
        if path.stat().st_size > settings.IMPORT_MAX_BYTES:
            raise CommandError(
                _("The file is larger than %(size)s MB.")
                % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return path.read_bytes(), path.name

    def run(self, school: School, content: bytes, filename: str, year_name: str, *, dry_run: bool) -> None:
        actor = SystemActor(school=school, name="import_pupils")
        try:
            plan = services.preview_file(actor, content=content, year_name=year_name).plan
            self.report(plan)
            if not plan.ok:
                count = plan.counts["errors"]
                raise CommandError(
                    ngettext(
                        "Nothing was imported: the file has %(count)s error.",
                        "Nothing was imported: the file has %(count)s errors.",
                        count,
                    )
                    % {"count": count}
                )
            if dry_run:
                self.stdout.write(_("Dry run: nothing was written."))
                return
            job = services.start_import(actor, content=content, filename=filename, year_name=year_name)
            services.apply_import(actor, job)
        except ImportFileError as error:
            raise CommandError(error.message) from error
        except ImportRejected as rejected:
            raise CommandError(
                _("Nothing was imported: %(problem)s") % {"problem": rejected.problems[0]}
            ) from None
        self.stdout.write(self.style.SUCCESS(_("The import is complete.")))

    def report(self, plan: Plan) -> None:
        for problem in [*plan.problems, *(str(error) for error in plan.errors)]:
            self.stderr.write(problem)
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if plan.problems:
            return
        counts = plan.counts
        self.stdout.write(
            _(
                "School year %(year)s - new pupils: %(new)s, changed: %(changed)s, unchanged: %(unchanged)s, "
                "new groups: %(groups)s, teachers linked to a group: %(teachers)s."
            )
            % {
                "year": plan.year_name,
                "new": counts["new"],
                "changed": counts["changed"],
                "unchanged": counts["unchanged"],
                "groups": counts["groups_new"],
                "teachers": counts["teachers"],
            }
        )
