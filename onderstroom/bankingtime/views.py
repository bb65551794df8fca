"""Banking Time screens: the group's plans, a new plan, one plan, changing it, session mode, and the
care coordinator's list of signals with and without a plan."""

from datetime import date
from uuid import UUID

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.audit import log
from onderstroom.bankingtime import charts, exports, scores, services, steps
from onderstroom.bankingtime.access import get_own_plan, get_visible_plan, is_own
from onderstroom.bankingtime.dosage import Dosage, dosage, fidelity
from onderstroom.bankingtime.forms import PlanChangeForm, PlanForm, SessionForm
from onderstroom.bankingtime.models import Plan, Session, Slip, Technique
from onderstroom.core.errors import Refused
from onderstroom.core.exports import requested_format
from onderstroom.core.exports import response as export_response
from onderstroom.questionnaires.api import group_moment, signal_from_query
from onderstroom.schools import access
from onderstroom.schools.access import StaffActor, StaffHttpRequest, staff_view, today
from onderstroom.schools.models import Enrollment, Role
from onderstroom.schools.schooldays import SchoolCalendar, calendar_for

# The audit code of each download of a table, written out so that each has its label.
OVERVIEW_EXPORT = {"csv": "bankingtime.overview.csv", "xlsx": "bankingtime.overview.xlsx"}
SIGNALS_EXPORT = {"csv": "bankingtime.signals.csv", "xlsx": "bankingtime.signals.xlsx"}


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def overview(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Every Banking Time plan of the group, with how much of it has been held so far."""
    actor = request.actor
    group = access.get_visible_group(actor, uuid)
    fmt = requested_format(request)
    day = today()
    plans = list(
        Plan.objects.filter(group=group)
        .select_related("child", "teacher")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("held_on", "pk")))
        .order_by("child__surname", "child__first_name", "-starts_on")
    )
    calendar = calendar_for(actor.school) if plans else None
    rows = [_row(plan, day, calendar) for plan in plans]
    is_teacher = actor.teaches(group)
    without_plan = []
    if is_teacher:
        planned_ids = {plan.child_id for plan in plans if plan.last_day >= day}
        without_plan = [
            e.child
            for e in Enrollment.objects.filter(group=group)
            .exclude(child_id__in=planned_ids)
            .select_related("child")
            .order_by("child__surname", "child__first_name")
        ]
    action = OVERVIEW_EXPORT[fmt] if fmt else "bankingtime.overview.view"
    log.record_reads(actor, action, list({p.child_id: p.child for p in plans}.values()), obj=group)
    if fmt:  # the plans table; the teacher's list of children without a plan is a list, not this table
        return export_response(exports.plans_sheet(rows, day), fmt, f"banking-time-{group.name}")
    context = {
        "group": group,
        "rows": rows,
        "today": day,
        "is_teacher": is_teacher,
        "is_care": actor.cares_for(group),
        "without_plan": without_plan,
    }
    return render(request, "bankingtime/overview.html", context)


def _row(plan: Plan, day: date, calendar: SchoolCalendar | None) -> tuple[Plan, Dosage, date | None]:
    """A plan with its dosage and the day of its last session (sessions are prefetched in order)."""
    sessions = list(plan.sessions.all())
    return plan, dosage(plan, sessions, day, calendar), sessions[-1].held_on if sessions else None


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER)
def new_plan(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Plan Banking Time with a child; from a signal, the reason starts as the signal's sentence."""
    actor: StaffActor = request.actor
    enrollment = access.teacher_enrollment(actor, uuid)
    child = enrollment.child
    day = today()
    if request.method == "POST":
        form = PlanForm(request.POST, today=day)
        if form.is_valid():
            moment = group_moment(enrollment, form.cleaned_data["moment"])
            try:
                plan = services.create_plan(actor, enrollment, form.plan_data(moment))
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The plan is ready. Start a session from this page."))
                return redirect("bankingtime:plan", uuid=plan.uuid)
        status = 400
    else:
        form, status = PlanForm(initial=_from_signal(actor, enrollment, request), today=day), 200
        log.record(actor, "bankingtime.plan.new", child=child, obj=enrollment.group)
    context = {"form": form, "child": child, "group": enrollment.group}
    return render(request, "bankingtime/plan_form.html", context, status=status)


def _from_signal(actor: StaffActor, enrollment: Enrollment, request: HttpRequest) -> dict[str, object]:
    """The reason and the link to the signal the teacher came from (?signal=key&moment=uuid)."""
    came = signal_from_query(request.GET, enrollment, prefer=actor.user)
    if came is None:
        return {}
    reason = _("%(sentence)s (%(moment)s)") % {"sentence": came.signal.sentence, "moment": came.moment.name}
    return {"reason": reason, "signal": came.key, "moment": came.moment.uuid}


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER)
def edit_plan(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The plan's own teacher changes it (moment, minutes, frequency, weeks, themes, reason) until it ends."""
    actor = request.actor
    found = get_own_plan(actor, uuid)
    day = today()
    if not found.can_change(day):
        messages.error(request, _("This plan has ended, so it can no longer be changed."))
        return redirect("bankingtime:plan", uuid=found.uuid)
    if request.method == "POST":
        form = PlanChangeForm(request.POST, plan=found, today=day)
        if form.is_valid():
            try:
                changed = services.update_plan(actor, found, form.plan_data(), day)
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                if changed:
                    messages.success(request, _("The plan is changed."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("bankingtime:plan", uuid=found.uuid)
        status = 400
    else:
        form, status = PlanChangeForm(plan=found, today=day), 200
        log.record(actor, "bankingtime.plan.edit", child=found.child, obj=found)
    context = {"form": form, "plan": found, "child": found.child, "group": found.group}
    return render(request, "bankingtime/plan_form.html", context, status=status)


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def plan(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """One plan: dosage, fidelity, the scores before and after, and the sessions held."""
    actor = request.actor
    found = get_visible_plan(actor, uuid)
    day = today()
    sessions = list(found.sessions.order_by("held_on", "pk"))
    given = dosage(found, sessions, day, calendar_for(found.school_id))
    kept = fidelity(sessions)
    log.record(actor, "bankingtime.plan.view", child=found.child, obj=found)
    techniques, slips = dict(Technique.choices), dict(Slip.choices)
    context = {
        "plan": found,
        "child": found.child,
        "group": found.group,
        "sessions": sessions,
        "dosage": given,
        "dosage_chart": charts.dosage_chart(given),
        "fidelity": kept,
        "fidelity_chart": charts.fidelity_chart(kept),
        "technique_counts": [(techniques[key], count) for key, count in kept.technique_counts],
        "slip_counts": [(slips[key], count) for key, count in kept.slip_counts],
        "most_slipped": slips.get(kept.most_slipped or ""),
        "before_after_sides": _sides(scores.before_after(found.child, found.teacher, found.starts_on, day)),
        "own": is_own(actor, found),
        "running": found.is_running(day),
        "changeable": found.can_change(day),
        "today": day,
    }
    return render(request, "bankingtime/plan.html", context)


def _sides(found: scores.BeforeAfter) -> tuple[scores.Side, scores.Side]:
    return (found.teacher, found.child)


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER)
def session(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Session mode on a tablet: timer, the child's activity, what to do and not to do; then the log."""
    actor = request.actor
    found = get_own_plan(actor, uuid)
    day = today()
    form = SessionForm(request.POST or None, today=day, minutes=found.minutes)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.log_session(actor, found, form.session_data(), day)
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The session is saved. Thank you for making the time."))
                return redirect("bankingtime:plan", uuid=found.uuid)
        status = 400
    else:
        log.record(actor, "bankingtime.session.open", child=found.child, obj=found)
    context = {
        "plan": found,
        "child": found.child,
        "form": form,
        "running": found.is_running(day),
        "today": day,
        "techniques": Technique.choices,
        "slips": Slip.choices,
    }
    return render(request, "bankingtime/session.html", context, status=status)


@require_POST
@staff_view(Role.TEACHER)
def stop(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    found = get_own_plan(actor, uuid)
    try:
        services.end_plan(actor, found, today())
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The plan is stopped. What was held stays visible here."))
    return redirect("bankingtime:plan", uuid=found.uuid)


@require_GET
@staff_view(Role.CARE)
def signals(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """For the care coordinator: the group's current signals, and which have a plan and which none."""
    actor: StaffActor = request.actor
    group = access.get_care_group(actor, uuid)
    fmt = requested_format(request)
    listed = steps.signals_with_plans(actor, group, today())
    children = {row.child.pk: row.child for row, _linked in listed}
    action = SIGNALS_EXPORT[fmt] if fmt else "bankingtime.signals.view"
    log.record_reads(actor, action, list(children.values()), obj=group)
    if fmt:
        return export_response(exports.signals_sheet(listed), fmt, f"signalen-{group.name}")
    context = {
        "group": group,
        "rows": listed,
        "without": sum(1 for _row, found in listed if not found),
    }
    return render(request, "bankingtime/signals.html", context)
