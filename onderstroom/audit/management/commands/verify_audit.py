from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from onderstroom.audit.verify import GLOBAL_CHAIN, ChainCheck, chain_keys, verify_key
from onderstroom.schools.models import School
from onderstroom.tenancy import all_schools


class Command(BaseCommand):
    help = (
        "Check every audit chain (each school's and the global one for events outside a school) against "
        "its seals and its anchor outside the database. Exits 0 when all are intact, 1 otherwise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", help="check only this school's chain (its uuid or BRIN code)")

    def handle(self, *args: object, **options: str | None) -> None:
        with translation.override("en"), all_schools():
            keys = [self._school_key(options["school"])] if options["school"] else chain_keys()
            broken = [key for key in keys if not self._report(key)]
        if broken:
            raise CommandError(f"{len(broken)} of {len(keys)} audit chains are broken.", returncode=1)

    def _school_key(self, given: str) -> str:
        try:
            school = School.objects.filter(uuid=given).first()
        except ValidationError:
            school = None
        school = school or School.objects.filter(brin__iexact=given).first()
        if school is None:
            raise CommandError(f"No school with uuid or BRIN code {given!r}.", returncode=2)
        return str(school.uuid)

    def _report(self, key: str) -> bool:
        school = None if key == GLOBAL_CHAIN else School.objects.filter(uuid=key).first()
        check = verify_key(key, school.pk if school else None)
        name = f"{school.name if school else 'no school'} {key}"
        if key == GLOBAL_CHAIN:
            name = "global (no school)"
        if check.intact:
            self.stdout.write(f"intact  {name}: {check.checked} rows, {check.anchored} anchored")
        else:
            self.stderr.write(f"BROKEN  {name}: {_where(check)}: {check.reason_text}")
        return check.intact


def _where(check: ChainCheck) -> str:
    if check.broken_at is None:
        return "anchor"
    row = f"row id {check.row_id}" if check.row_id is not None else "row gone"
    return f"sequence {check.broken_at} ({row}), after {check.checked} intact rows"
