"""What the reflection journal adds to the child page (registered by `register()` below).

The author sees their own entries on one timeline with the relationship scores; a care
coordinator sees the entries shared with them. Anyone else sees nothing at all, not even that
entries exist.
"""

from datetime import timedelta

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onderstroom.audit import log
from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.core import actions, dates
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.panels import HomeItem, HomeSource, Panel, child_panels, home_items
from onderstroom.demo import extensions
from onderstroom.reflection import childdata as child_data_of_reflection
from onderstroom.reflection import demo, steps, timeline
from onderstroom.reflection.access import audit_reads, own_entries, shared_entries, shared_with_me
from onderstroom.schools.access import StaffActor, StaffHttpRequest, teaches_child, today
from onderstroom.schools.models import Child


def child_panel(request: StaffHttpRequest, child: Child) -> str | None:
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    may_write = teaches_child(actor, child)
    own = list(
        own_entries(actor, child).select_related("child", "shared_with").order_by("written_on", "created_at")
    )
    shared = list(shared_with_me(actor, child).select_related("child", "author"))
    if not (may_write or own or shared):
        return None
    audit_reads(actor, own)  # the list shows each entry's one-sentence picture of the child
    context = {
        "child": child,
        "may_write": may_write,
        "own": own,
        "shared": shared,
        "timeline": timeline.build(actor, child, own, today()) if may_write or own else None,
    }
    return render_to_string("reflection/panels/child.html", context, request=request)


# How long an entry shared with a care coordinator stays on their home page.
RECENT_SHARE_DAYS = 30


def home(actor: StaffActor) -> list[HomeItem]:
    """For a care coordinator: entries shared with them lately, who shared them and about whom.

    The home page names the child and the author, never a word of the entry; one audit row per
    child shows that the care coordinator saw that an entry exists.
    """
    if not actor.is_care:
        return []
    since = timezone.now() - timedelta(days=RECENT_SHARE_DAYS)
    entries = list(
        shared_entries(actor)
        .filter(shared_at__gte=since)
        .select_related("child", "author")
        .order_by("-shared_at")
    )
    log.record_reads(actor, "reflection.shared.listed", list({e.child_id: e.child for e in entries}.values()))
    return [
        HomeItem(
            text=gettext("%(author)s shared a reflection about %(child)s with you.")
            % {"author": entry.author.full_name, "child": entry.child.full_name},
            detail=gettext("Shared on %(date)s.") % {"date": dates.when(entry.shared_at, "day_month")},
            url=reverse("reflection:entry", args=[entry.uuid]),
            action=gettext("Read"),
        )
        for entry in entries
    ]


def register() -> None:
    """Everything the reflection journal adds to shared places (AppConfig.ready calls this once)."""
    child_data.register(
        ChildData(
            "reflection.entries",
            order=70,
            label=_("Reflections of teachers"),
            purpose=_(
                "So that a teacher can reflect on their relationship with the "
                "child, privately or with the care coordinator."
            ),
            models=("reflection.Entry",),
            export=child_data_of_reflection.export_child,
            erase=child_data_of_reflection.erase_child,
            retention="reflections",
            expire=child_data_of_reflection.expire,
        )
    )
    child_panels.register(Panel("reflection.journal", order=15, render=child_panel))
    home_items.register(HomeSource("reflection.shared", order=55, collect=home))
    actions.steps.register(actions.StepKind(steps.WRITE_STEP, order=10, build=steps.write_step))
    actions.plans.register(
        actions.PlanSource(
            steps.SHARED,
            order=20,
            collect=steps.shared_reflections,
            collect_groups=steps.shared_reflections_in,
        )
    )
    extensions.registry.register(
        extensions.DemoStep("reflection.entries", order=55, step=demo.add_demo_entries)
    )
    audit_labels.register(
        AuditLabels(
            "reflection",
            actions={
                "reflection.journal.view": _("Opened a pupil's reflection journal"),
                "reflection.entry.create": _("Wrote a reflection"),
                "reflection.entry.delete": _("Deleted a reflection"),
                "reflection.entry.new": _("Started a reflection"),
                "reflection.entry.share": _("Shared a reflection"),
                "reflection.entry.unshare": _("Stopped sharing a reflection"),
                "reflection.entry.update": _("Changed a reflection"),
                "reflection.entry.view": _("Read a reflection"),
                "reflection.shared.listed": _("Saw on the home page that a reflection was shared with them"),
            },
        )
    )
