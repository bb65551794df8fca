"""Cancel import previews left unconfirmed, deleting their stored files; run it from cron or a timer."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from onderstroom.imports import services
from onderstroom.schools.access import SystemActor
from onderstroom.schools.models import School
from onderstroom.tenancy import school_scope


class Command(BaseCommand):
    help = (
        "Cancel every import preview older than an hour that nobody confirmed or cancelled, "
        "and delete the pupil file it kept."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for school in School.objects.all():
            with school_scope(school):
                count += services.forget_stale_imports(SystemActor(school=school, name="expire_imports"))
        self.stdout.write(
            ngettext("%(count)s import preview cancelled.", "%(count)s import previews cancelled.", count)
            % {"count": count}
        )
