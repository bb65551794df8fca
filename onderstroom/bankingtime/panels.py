"""What Banking Time adds to the group page, the child page and the home page, and to the rest of the
app (registered by `register()` below)."""

import math

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from onderstroom.audit import log
from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.bankingtime import childdata as child_data_of_bankingtime
from onderstroom.bankingtime import demo, steps
from onderstroom.bankingtime import services as plan_services
from onderstroom.bankingtime.access import own_plans, visible_plans
from onderstroom.bankingtime.dosage import dosage
from onderstroom.bankingtime.models import Plan, Session
from onderstroom.core import actions
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.panels import HomeItem, HomeSource, Panel, child_panels, group_panels, home_items
from onderstroom.demo import extensions
from onderstroom.questionnaires.api import signal_links
from onderstroom.schools import access, yearend
from onderstroom.schools.access import StaffActor, StaffHttpRequest, today
from onderstroom.schools.models import Child, Group
from onderstroom.schools.schooldays import calendar_for


def group_panel(request: StaffHttpRequest, group: Group) -> str | None:
    """How many plans run in the group, and the way to them (and to the signals, for care)."""
    actor = request.actor
    if not isinstance(actor, StaffActor) or not actor.sees(group):
        return None
    day = today()
    plans = Plan.objects.filter(group=group, starts_on__lte=day).only("starts_on", "weeks", "ended_on")
    context = {
        "group": group,
        "running": sum(1 for plan in plans if plan.is_running(day)),
        "is_care": actor.cares_for(group),
    }
    return render_to_string("bankingtime/panels/group.html", context, request=request)


def child_panel(request: StaffHttpRequest, child: Child) -> str | None:
    """The child's plans the actor may follow, and for a teacher of the child the way to a new one."""
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    plans = list(
        visible_plans(actor)
        .filter(child=child)
        .select_related("teacher")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.only("plan_id", "held_on")))
    )
    teaches_child = access.teaches_child(actor, child)
    if not plans and not teaches_child:
        return None
    if plans:
        log.record(actor, "bankingtime.child.view", child=child, details={"plans": len(plans)})
    day = today()
    # A teacher whose own plan with the child runs is offered its next session, not a second plan.
    own_running = next((p for p in plans if p.teacher_id == actor.user_id and p.is_running(day)), None)
    calendar = calendar_for(child.school_id) if plans else None
    context = {
        "child": child,
        "rows": [(plan, dosage(plan, plan.sessions.all(), day, calendar)) for plan in plans],
        "may_plan": teaches_child and own_running is None,
        "own_running": own_running if teaches_child else None,
        "today": day,
    }
    return render_to_string("bankingtime/panels/child.html", context, request=request)


def home(actor: StaffActor) -> list[HomeItem]:
    """For a teacher: each running plan of theirs with sessions still to hold this week.

    The home page names the child (the teacher's own plan about a child of their own group) and
    counts sessions; one audit row per child, as the child page's panel writes.
    """
    if not actor.is_teacher:
        return []
    day = today()
    plans = [
        plan
        for plan in own_plans(actor)
        .filter(starts_on__lte=day, ended_on__isnull=True)
        .select_related("child")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.only("plan_id", "held_on")))
        .order_by("child__surname", "child__first_name")
        if plan.is_running(day)
    ]
    items = []
    calendar = calendar_for(actor.school) if plans else None
    for plan in plans:
        week = dosage(plan, list(plan.sessions.all()), day, calendar).current
        if week is None:
            continue
        planned = math.ceil(week.planned - 1e-9)
        if week.held >= planned:
            continue
        items.append((plan, week, planned))
    children = {plan.child_id: plan.child for plan, _week, _planned in items}
    log.record_reads(actor, "bankingtime.home.view", list(children.values()))
    return [
        HomeItem(
            text=ngettext(
                "Banking Time with %(child)s: %(held)s of %(planned)s session held this week.",
                "Banking Time with %(child)s: %(held)s of %(planned)s sessions held this week.",
                planned,
            )
            % {"child": plan.child.full_name, "held": week.held, "planned": planned},
            detail=gettext("Week %(week)s of %(weeks)s · %(moment)s")
            % {"week": week.number, "weeks": plan.weeks, "moment": plan.fixed_moment},
            url=reverse("bankingtime:session", args=[plan.uuid]),
            action=gettext("Start a session"),
        )
        for plan, week, planned in items
    ]


def care_home(actor: StaffActor) -> list[HomeItem]:
    """For a care coordinator: per supported group, how many current signals have no plan yet.

    Counts only, no child named, so nothing individual is read here; the signals page behind the
    link audits what it shows. The signals are the questionnaires' stored counts (`signal_links`),
    the plans are found for all groups at once: a fixed number of queries however many groups.
    """
    if not actor.is_care:
        return []
    day = today()
    groups = list(access.care_groups(actor).order_by("name"))
    signals = signal_links(groups, day)
    linked = actions.planned_in(actor, groups)
    items = []
    for group in groups:
        listed = signals.get(group.pk, [])
        without = sum(1 for link in listed if not linked.get(link))
        if not without:
            continue
        items.append(
            HomeItem(
                text=ngettext(
                    "%(group)s: %(without)s of %(count)s signal has no plan yet.",
                    "%(group)s: %(without)s of %(count)s signals have no plan yet.",
                    len(listed),
                )
                % {"group": group.name, "without": without, "count": len(listed)},
                url=reverse("bankingtime:signals", args=[group.uuid]),
                action=gettext("Signals and plans"),
            )
        )
    return items


def register() -> None:
    """Everything Banking Time adds to shared places (AppConfig.ready calls this once)."""
    yearend.closers.register(
        yearend.YearClose(
            "bankingtime.plans",
            order=30,
            label=_("Running Banking Time plans"),
            close=plan_services.close_year,
        )
    )
    child_data.register(
        ChildData(
            "bankingtime.plans",
            order=60,
            label=_("Banking Time"),
            purpose=_("To plan and follow short one-to-one sessions between the teacher and the child."),
            models=("bankingtime.Plan", "bankingtime.Session"),
            export=child_data_of_bankingtime.export_child,
            erase=child_data_of_bankingtime.erase_child,
        )
    )
    group_panels.register(Panel("bankingtime.plans", order=30, render=group_panel))
    child_panels.register(Panel("bankingtime.plans", order=30, render=child_panel))
    home_items.register(HomeSource("bankingtime.sessions", order=30, collect=home))
    home_items.register(HomeSource("bankingtime.signals", order=35, collect=care_home))
    actions.steps.register(
        actions.StepKind(steps.PLAN_STEP, order=20, build=steps.plan_step, signals=steps.PLAN_SIGNALS)
    )
    actions.steps.register(
        actions.StepKind(
            steps.BALANCE_STEP, order=30, build=steps.balance_step, signals=steps.BALANCE_SIGNALS
        )
    )
    actions.plans.register(
        actions.PlanSource(
            steps.PLAN_STEP, order=10, collect=steps.linked_plans, collect_groups=steps.linked_plans_in
        )
    )
    extensions.registry.register(extensions.DemoStep("bankingtime.plans", order=50, step=demo.add_demo_plans))
    audit_labels.register(
        AuditLabels(
            "bankingtime",
            actions={
                "bankingtime.child.view": _("Viewed a pupil's Banking Time"),
                "bankingtime.home.view": _("Saw the Banking Time sessions still to hold on the home page"),
                "bankingtime.overview.view": _("Viewed the Banking Time overview"),
                "bankingtime.overview.csv": _("Downloaded the Banking Time plans (CSV)"),
                "bankingtime.overview.xlsx": _("Downloaded the Banking Time plans (Excel)"),
                "bankingtime.plan.create": _("Made a Banking Time plan"),
                "bankingtime.plan.edit": _("Opened a Banking Time plan to change it"),
                "bankingtime.plan.end": _("Ended a Banking Time plan"),
                "bankingtime.plan.new": _("Started a Banking Time plan"),
                "bankingtime.plan.update": _("Changed a Banking Time plan"),
                "bankingtime.plan.view": _("Viewed a Banking Time plan"),
                "bankingtime.session.log": _("Logged a Banking Time session"),
                "bankingtime.session.open": _("Opened a Banking Time session"),
                "bankingtime.signals.view": _("Viewed the Banking Time signals"),
                "bankingtime.signals.csv": _("Downloaded the Banking Time signals (CSV)"),
                "bankingtime.signals.xlsx": _("Downloaded the Banking Time signals (Excel)"),
            },
        )
    )
