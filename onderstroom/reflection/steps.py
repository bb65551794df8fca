"""The reflection journal's part in "from signal to action" (registered in panels.py).

- The next step "Write a reflection", for every signal, with the signal carried into the form.
- Entries linked to a signal and shared with the care coordinator who asks: only those count as
  a plan on their list. A private entry is never counted, so its existence never shows.
"""

from collections.abc import Iterator, Sequence
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from onderstroom.core import dates
from onderstroom.core.actions import LinkedAction, NextStep
from onderstroom.core.links import uuid_link
from onderstroom.questionnaires.api import MeasurementMoment, Signal
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import StaffActor, taught_group_id
from onderstroom.schools.models import Child, Group

WRITE_STEP = "reflection.write"
SHARED = "reflection.shared"


def write_step(
    actor: StaffActor, child: Child, signal: Signal, moment: MeasurementMoment | None
) -> NextStep | None:
    if taught_group_id(actor, child, moment.group_id if moment is not None else None) is None:
        return None
    url = uuid_link("reflection:new", uuid=child.uuid)
    if moment is not None:
        url += "?" + urlencode({"signal": signal.key, "moment": str(moment.uuid)})
    return NextStep(WRITE_STEP, _("Write a reflection"), url)


def shared_reflections(actor: StaffActor, group: Group) -> Iterator[LinkedAction]:
    return shared_reflections_in(actor, [group])


def shared_reflections_in(actor: StaffActor, groups: Sequence[Group]) -> Iterator[LinkedAction]:
    """Entries linked to a signal in the groups the actor cares for, shared with them: one query."""
    cared = [group for group in groups if actor.cares_for(group)]
    if not cared:
        return
    entries = (
        Entry.objects.filter(group__in=cared, shared_with=actor.user, signal_moment__isnull=False)
        .exclude(signal_key="")
        .select_related("author")
    )
    for entry in entries:
        yield LinkedAction(
            child_id=entry.child_id,
            signal_key=entry.signal_key,
            moment_id=entry.signal_moment_id,
            kind=SHARED,
            label=_("Reflection by %(author)s, %(day)s, shared with you")
            % {"author": entry.author.full_name, "day": dates.when(entry.written_on, "day_month")},
            url=reverse("reflection:entry", kwargs={"uuid": entry.uuid}),
        )
