"""A teacher's taps about a child, for the privacy registry (core/childdata.py)."""

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.core.childdata import Erased, Table
from onderstroom.interactions.models import InteractionEvent
from onderstroom.schools.models import Child


def export_child(child: Child) -> list[Table]:
    events = list(
        InteractionEvent.objects.filter(child=child).select_related("teacher").order_by("occurred_at")
    )
    return [
        Table(
            key="interactions.events",
            title=_("Interactions noted in class"),
            columns=("occurred_at", "kind", "teacher"),
            headers=(_("when"), _("kind"), _("teacher")),
            rows=[
                (e.occurred_at, e.get_kind_display(), e.teacher.full_name or e.teacher.email) for e in events
            ],
            since=events[0].occurred_at.date() if events else None,
        )
    ]


def erase_child(child: Child) -> Erased:
    anonymised = InteractionEvent.objects.filter(child=child).update(child=None, kind="")
    return Erased(
        anonymised=anonymised, kept=[_("the device ids of interaction taps, without child or kind")]
    )


def expire(before: date, dry_run: bool) -> int:
    """Taps noted before the day `before`: wiped as an undone tap is (none left with a child)."""
    start = timezone.make_aware(datetime.combine(before, time.min))
    events = InteractionEvent.objects.filter(child__isnull=False, occurred_at__lt=start)
    return events.count() if dry_run else events.update(child=None, kind="")
