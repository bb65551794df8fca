"""The action plan: the list per role, a new action (school, class, relationship), one action,
its follow-up and its review (baseline beside follow-up, then keep, adjust or stop)."""

from collections import defaultdict
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.actionplan import services
from onderstroom.actionplan.access import (
    audit_list,
    audit_read,
    counts,
    get_action,
    may_decide,
    target_of,
    visible_actions,
)
from onderstroom.actionplan.catalogue import label_of, suggestions_for
from onderstroom.actionplan.forms import ActionForm, DecisionForm
from onderstroom.actionplan.models import Action, Level, Status
from onderstroom.audit import log
from onderstroom.core import measures
from onderstroom.core.errors import Refused
from onderstroom.core.measures import MeasureOption, Target
from onderstroom.questionnaires.api import signal_from_query
from onderstroom.schools import access
from onderstroom.schools.access import StaffActor, StaffHttpRequest, staff_view, today
from onderstroom.schools.models import Enrollment, Role

STAFF_ROLES = (Role.TEACHER, Role.CARE, Role.SCHOOL_ADMIN)


@require_GET
@staff_view(*STAFF_ROLES)
def action_list(request: StaffHttpRequest) -> HttpResponse:
    """The actions the actor may see, by level; the school admin also the counts of all."""
    actor = request.actor
    actions = list(visible_actions(actor).order_by("status", "review_on", "pk"))
    audit_list(actor, actions)
    by_level: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        action.label = label_of(action.catalogue_key)  # type: ignore[attr-defined]
        by_level[action.level].append(action)
    sections = [(level.label, by_level[level.value]) for level in Level if by_level[level.value]]
    found = counts(actor)
    rows = [
        (
            level.label,
            found.get((level.value, Status.RUNNING), 0),
            found.get((level.value, Status.STOPPED), 0),
        )
        for level in Level
    ]
    context = {
        "sections": sections,
        "counts": rows if actor.is_school_admin else None,
        "may_plan_school": actor.is_school_admin,
        "groups": list(access.visible_groups(actor).order_by("name")),
        "today": today(),
    }
    return render(request, "actionplan/list.html", context)


def proposed(query: QueryDict, level: measures.Level, options: list[MeasureOption]) -> dict[str, str]:
    """What a proposal's link preselects (`?suggestion=…&measure=…`, as climate's low levers link):
    only a suggestion of the catalogue for this level and a measure the actor may choose here; any
    other value is left out, and the form opens as it would without it."""
    found = {}
    suggestion = query.get("suggestion", "")
    if any(s.key == suggestion for s in suggestions_for(level)):
        found["suggestion"] = suggestion
    measure = query.get("measure", "")
    if any(option.ref == measure for option in options):
        found["measure"] = measure
    return found


def _create(request: StaffHttpRequest, target: Target, enrollment: Enrollment | None = None) -> HttpResponse:
    """The form for any level; from a signal (relationship level) the signal stays in view."""
    actor: StaffActor = request.actor
    if not services.may_create(actor, target):
        raise Http404
    options = measures.options(actor, target)
    came = (
        signal_from_query(request.POST if request.method == "POST" else request.GET, enrollment, actor.user)
        if enrollment
        else None
    )
    status = 200
    if request.method == "POST":
        form = ActionForm(request.POST, level=target.level, options=options, today=today())
        if form.is_valid():
            try:
                action = services.create_action(
                    actor,
                    target,
                    form.action_in(
                        signal_key=came.key if came else "",
                        signal_text=str(came.signal.sentence) if came else "",
                        signal_moment=came.moment if came else None,
                    ),
                )
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The action is in the plan."))
                return redirect("actionplan:action", uuid=action.uuid)
        status = 400
    else:
        initial = {
            **proposed(request.GET, target.level, options),
            **({"signal": came.key, "moment": came.moment.uuid} if came else {}),
        }
        form = ActionForm(level=target.level, options=options, today=today(), initial=initial)
        log.record(actor, "actionplan.action.new", child=target.child, obj=target.group)
    context = {"form": form, "target": target, "signal": came.signal if came else None}
    return render(request, "actionplan/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def new_school(request: StaffHttpRequest) -> HttpResponse:
    return _create(request, Target(measures.Level.SCHOOL))


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER, Role.CARE)
def new_class(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    group = access.get_visible_group(request.actor, uuid)
    return _create(request, Target(measures.Level.CLASS, group=group))


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER, Role.CARE)
def new_relationship(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    enrollment = access.get_in_group(
        request.actor, Enrollment.objects.select_related("child", "group"), child__uuid=uuid
    )
    target = Target(measures.Level.RELATIONSHIP, group=enrollment.group, child=enrollment.child)
    return _create(request, target, enrollment)


@require_GET
@staff_view(*STAFF_ROLES)
def action(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    found = get_action(actor, uuid)
    audit_read(actor, found)
    context = {
        "action": found,
        "label": label_of(found.catalogue_key),
        "may_decide": may_decide(actor, found),
        "reviews": list(found.reviews.select_related("decided_by")),
    }
    return render(request, "actionplan/action.html", context)


@require_POST
@staff_view(*STAFF_ROLES)
def followup(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    found = get_action(actor, uuid)
    try:
        services.plan_followup(actor, found)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The follow-up measurement is planned."))
    return redirect("actionplan:action", uuid=found.uuid)


@require_http_methods(["GET", "POST"])
@staff_view(*STAFF_ROLES)
def review(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The baseline beside the follow-up with the change judgment; the owner keeps, adjusts or stops."""
    actor = request.actor
    found = get_action(actor, uuid)
    allowed = may_decide(actor, found)
    status = 200
    form = DecisionForm(request.POST if request.method == "POST" else None, today=today())
    if request.method == "POST":
        if not allowed:
            raise Http404
        if form.is_valid():
            try:
                services.decide(
                    actor,
                    found,
                    form.cleaned_data["decision"],
                    form.cleaned_data["note"],
                    form.cleaned_data["next_review_on"],
                )
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Your decision is recorded."))
                return redirect("actionplan:action", uuid=found.uuid)
        status = 400
    audit_read(actor, found)
    judgment = (
        measures.compare(
            actor,
            target_of(found),
            found.measure_source,
            found.measure_key,
            found.starts_on,
            found.followup_ref or None,
        )
        if found.has_measure
        else None
    )
    context = {
        "action": found,
        "label": label_of(found.catalogue_key),
        "judgment": judgment,
        "form": form if allowed else None,
    }
    return render(request, "actionplan/review.html", context, status=status)
