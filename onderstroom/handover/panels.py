"""What the handover adds to the child page, the group page, the demo, the audit log and the privacy
registry (registered by `register()` below)."""

from datetime import timedelta

from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from onderstroom.audit import log
from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.dates import when
from onderstroom.core.panels import HomeItem, HomeSource, Panel, child_panels, group_panels, home_items
from onderstroom.demo import extensions
from onderstroom.handover import childdata as child_data_of_handover
from onderstroom.handover import demo
from onderstroom.handover.access import (
    grace_last_day,
    last_year_groups,
    own_notes_in,
    readable_notes,
    sees_every_note,
)
from onderstroom.handover.models import HandoverNote
from onderstroom.mapping import api as mapping
from onderstroom.schools.access import StaffActor, StaffHttpRequest, taught_groups, teaches_child, today
from onderstroom.schools.models import Child, Group


def child_panel(request: StaffHttpRequest, child: Child) -> str | None:
    """The notes the actor may read: the care coordinator all of them, the child's teacher those of
    earlier years (and their own), nobody else any."""
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    notes = list(readable_notes(actor, child))
    may_write = teaches_child(actor, child)
    if not notes and not may_write and not sees_every_note(actor, child):
        return None
    if notes:
        log.record(actor, "handover.notes.view", child=child, details={"notes": len(notes)})
    full = sees_every_note(actor, child)
    own = [
        n
        for n in notes
        if n.author_id == actor.user_id and n.school_year_id == getattr(actor.school_year, "pk", None)
    ]
    context = {
        "child": child,
        "champion": mapping.current_champion(child),
        "notes": notes if full else [n for n in notes if n not in own],
        "own": [] if full else own,
        "may_write": may_write,
        "full": full,
    }
    return render_to_string("handover/panels/child.html", context, request=request)


def group_panel(request: StaffHttpRequest, group: Group) -> str | None:
    """For a teacher of the group: how many handover notes they wrote this year, and the way there."""
    actor = request.actor
    if not isinstance(actor, StaffActor) or not actor.teaches(group):
        return None
    context = {"group": group, "written": own_notes_in(actor, group).count()}
    return render_to_string("handover/panels/group.html", context, request=request)


# The last weeks of a school year, when the home page reminds teachers of the handover.
HANDOVER_WEEKS = 6


def home(actor: StaffActor) -> list[HomeItem]:
    """In the last weeks of the school year: each group the teacher teaches, and how many notes they wrote."""
    year = actor.school_year
    if not actor.is_teacher or year is None or today() < year.ends_on - timedelta(weeks=HANDOVER_WEEKS):
        return []
    groups = list(taught_groups(actor).order_by("name"))
    written = dict(
        HandoverNote.objects.filter(group__in=groups, author=actor.user, school_year=year)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    return [
        HomeItem(
            text=gettext("Before the summer: write down what helped the children of %(group)s.")
            % {"group": group.name},
            detail=ngettext(
                "You wrote a note for %(count)s child.",
                "You wrote notes for %(count)s children.",
                written.get(group.pk, 0),
            )
            % {"count": written.get(group.pk, 0)},
            url=reverse("handover:group", args=[group.uuid]),
            action=gettext("Handover notes"),
        )
        for group in groups
    ]


def grace_home(actor: StaffActor) -> list[HomeItem]:
    """In the first weeks of the new year: last year's groups, whose handover the teacher may still write."""
    year = actor.school_year
    if not actor.is_teacher or year is None:
        return []
    groups = list(last_year_groups(actor).order_by("name"))
    if not groups:
        return []
    until = when(grace_last_day(year), "day")
    return [
        HomeItem(
            text=gettext(
                "Your group of last year, %(group)s: you can still write what helped, until %(day)s."
            )
            % {"group": group.name, "day": until},
            detail=gettext("The children's new teacher reads your notes."),
            url=reverse("handover:group", args=[group.uuid]),
            action=gettext("Handover notes"),
        )
        for group in groups
    ]


def register() -> None:
    """Everything the handover adds to shared places (AppConfig.ready calls this once)."""
    child_data.register(
        ChildData(
            "handover.notes",
            order=70,
            label=_("Handover notes"),
            purpose=_("So that next year's teacher knows what helped the child, without last year's scores."),
            models=("handover.HandoverNote",),
            export=child_data_of_handover.export_child,
            erase=child_data_of_handover.erase_child,
        )
    )
    child_panels.register(Panel("handover.notes", order=5, render=child_panel))
    home_items.register(HomeSource("handover.year_end", order=60, collect=home))
    home_items.register(HomeSource("handover.grace", order=61, collect=grace_home))
    group_panels.register(Panel("handover.group", order=70, render=group_panel))
    extensions.registry.register(extensions.DemoStep("handover.notes", order=80, step=demo.add_demo_notes))
    audit_labels.register(
        AuditLabels(
            "handover",
            actions={
                "handover.group.view": _("Opened the handover of a group"),
                "handover.note.change": _("Changed a handover note"),
                "handover.note.remove": _("Removed a handover note"),
                "handover.note.view": _("Read their own handover note"),
                "handover.note.write": _("Wrote a handover note"),
                "handover.notes.view": _("Read a pupil's handover notes"),
                "handover.notes.pdf": _("Printed a pupil's handover notes"),
            },
        )
    )
