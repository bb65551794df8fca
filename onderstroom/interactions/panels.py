"""What the interaction log adds to the group page and the child page (registered by `register()` below)."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onderstroom.audit import log
from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.core import dates
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.panels import HomeItem, HomeSource, Panel, child_panels, group_panels, home_items
from onderstroom.demo import extensions
from onderstroom.interactions import childdata as child_data_of_interactions
from onderstroom.interactions import demo, measures, reports
from onderstroom.interactions.access import log_owners, shared_with_care
from onderstroom.interactions.models import Kind, LogShare
from onderstroom.schools.access import StaffActor, StaffHttpRequest, today, visible_group_of
from onderstroom.schools.models import Child, Enrollment, Group

PANEL_DAYS = 28


def group_panel(request: StaffHttpRequest, group: Group) -> str | None:
    """The way to the logger and the views; for the teacher, this week's turns in two numbers."""
    actor = request.actor
    if not isinstance(actor, StaffActor) or not actor.sees(group):
        return None
    is_teacher = actor.teaches(group)
    owners = log_owners(actor, group)
    context: dict[str, object] = {"group": group, "is_teacher": is_teacher, "owners": owners}
    if is_teacher:
        start, end = measures.week_bounds(today(), timezone.get_current_timezone())
        counts = reports.counts_of(actor.user, group, Kind.TURN, start, end)
        context["turns"] = sum(counts.values())
        context["without_turn"] = Enrollment.objects.filter(group=group).exclude(child_id__in=counts).count()
        context["shared"] = LogShare.objects.filter(teacher=actor.user, group=group).exists()
    return render_to_string("interactions/panels/group.html", context, request=request)


def child_panel(request: StaffHttpRequest, child: Child) -> str | None:
    """The teacher's own balance with this child over the last four weeks; for care, the shared logs."""
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    group = visible_group_of(actor, child)
    if group is None:
        return None
    owners = log_owners(actor, group)
    if not owners:
        return None
    context: dict[str, object] = {"group": group, "child": child, "owners": owners}
    own = owners[0] if owners[0].pk == actor.user.pk else None
    if own is not None:
        zone = timezone.get_current_timezone()
        last = today()
        start, end = measures.day_bounds(last - timedelta(days=PANEL_DAYS - 1), last, zone)
        kinds = reports.counts_by_kind(own, group, start, end).get(child.pk, {})
        context.update(
            own=own,
            days=PANEL_DAYS,
            turns=kinds.get(Kind.TURN, 0),
            balance=measures.positive_negative(kinds),
            last_noticed=reports.last_noticed(own, group, child=child).get(child.pk),
        )
        log.record(actor, "interactions.child.panel", child=child, obj=group)
    return render_to_string("interactions/panels/child.html", context, request=request)


# How long a newly shared log stays on the care coordinator's home page.
RECENT_SHARE_DAYS = 14


def home(actor: StaffActor) -> list[HomeItem]:
    """For a care coordinator: logs that teachers of their groups shared with them lately."""
    if not actor.is_care:
        return []
    since = timezone.now() - timedelta(days=RECENT_SHARE_DAYS)
    shares = (
        shared_with_care(actor)
        .filter(shared_at__gte=since)
        .select_related("teacher", "group")
        .order_by("-shared_at")
    )
    return [
        HomeItem(
            text=gettext("%(teacher)s shared the interaction log of %(group)s with you.")
            % {"teacher": share.teacher.full_name, "group": share.group.name},
            detail=gettext("Shared on %(date)s.") % {"date": dates.when(share.shared_at, "day_month")},
            url=f"{reverse('interactions:balance', args=[share.group.uuid])}?teacher={share.teacher.uuid}",
            action=gettext("Look at the balance"),
        )
        for share in shares
    ]


def register() -> None:
    """Everything the interaction log adds to shared places (AppConfig.ready calls this once)."""
    child_data.register(
        ChildData(
            "interactions.events",
            order=50,
            label=_("Interaction log"),
            purpose=_("So that a teacher notices which children get little personal attention in class."),
            models=("interactions.InteractionEvent",),
            export=child_data_of_interactions.export_child,
            erase=child_data_of_interactions.erase_child,
            retention="interactions",
            expire=child_data_of_interactions.expire,
        )
    )
    group_panels.register(Panel("interactions.log", order=20, render=group_panel))
    child_panels.register(Panel("interactions.balance", order=20, render=child_panel))
    home_items.register(HomeSource("interactions.shared", order=40, collect=home))
    extensions.registry.register(extensions.DemoStep("interactions.logs", order=40, step=demo.add_demo_logs))
    audit_labels.register(
        AuditLabels(
            "interactions",
            actions={
                "interactions.balance.view": _("Viewed the interaction balance"),
                "interactions.child.panel": _("Viewed a pupil's interaction balance"),
                "interactions.child.view": _("Viewed a pupil's interactions"),
                "interactions.distribution.view": _("Viewed the distribution of interactions"),
                "interactions.distribution.csv": _("Downloaded the distribution of interactions (CSV)"),
                "interactions.distribution.xlsx": _("Downloaded the distribution of interactions (Excel)"),
                "interactions.logger.view": _("Opened the interaction logger"),
                "interactions.share.off": _("Stopped sharing the interaction log with the care coordinator"),
                "interactions.share.on": _("Shared the interaction log with the care coordinator"),
                "interactions.tap.add": _("Logged an interaction"),
                "interactions.tap.undo": _("Undid a logged interaction"),
                "interactions.turns.view": _("Viewed who had turns"),
                "interactions.turns.csv": _("Downloaded who had turns (CSV)"),
                "interactions.turns.xlsx": _("Downloaded who had turns (Excel)"),
                "interactions.balance.csv": _("Downloaded the balance of contacts (CSV)"),
                "interactions.balance.xlsx": _("Downloaded the balance of contacts (Excel)"),
                "interactions.unnoticed.csv": _("Downloaded who went unnoticed (CSV)"),
                "interactions.unnoticed.xlsx": _("Downloaded who went unnoticed (Excel)"),
                "interactions.unnoticed.view": _("Viewed who was not noticed"),
            },
        )
    )
