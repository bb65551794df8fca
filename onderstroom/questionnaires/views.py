"""Staff screens: moments, the rating grid, the class overview, reliability, exports and PDFs."""

from datetime import timedelta
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.audit import log
from onderstroom.core.errors import Refused
from onderstroom.core.exports import requested_format
from onderstroom.core.exports import response as kit_response
from onderstroom.core.forms import Pick, PickForm
from onderstroom.core.inputs import BadInput, bounded_int
from onderstroom.core.pdf import pdf_response
from onderstroom.instruments.answering import choices, questions
from onderstroom.instruments.engine import SUBJECT_CHILD
from onderstroom.instruments.library import current_versions
from onderstroom.instruments.reliability import SMALL_SAMPLE
from onderstroom.questionnaires import exports, pdf, reliability, services
from onderstroom.questionnaires.access import get_care_moment, get_staff_moment, get_teacher_moment
from onderstroom.questionnaires.forms import (
    MomentDatesForm,
    MomentForm,
    OverviewChoicesForm,
    OverviewFilterForm,
    parse_batch,
)
from onderstroom.questionnaires.grid import Grid, GridInvalid, grid_for, parse_grid_post
from onderstroom.questionnaires.models import MeasurementMoment
from onderstroom.questionnaires.overview import (
    SORTS,
    Filters,
    build_overview,
    child_history,
)
from onderstroom.questionnaires.scoring import PROFILE_RULES
from onderstroom.questionnaires.wording import teacher_reference
from onderstroom.schools import access
from onderstroom.schools.access import StaffActor, StaffHttpRequest, staff_view, today
from onderstroom.schools.models import Role

# The audit code of each export format (exports.FORMATS), written out so that each has its label.
EXPORT_ACTIONS = {"csv": "questionnaires.export.csv", "xlsx": "questionnaires.export.xlsx"}
RELIABILITY_EXPORT_ACTIONS = {
    "csv": "questionnaires.reliability.csv",
    "xlsx": "questionnaires.reliability.xlsx",
}
OVERVIEW_EXPORT_ACTIONS = {"csv": "questionnaires.overview.csv", "xlsx": "questionnaires.overview.xlsx"}

# --- moments ---------------------------------------------------------------------------------------


def _moment_rows(group_moments: list[MeasurementMoment]) -> list[dict[str, object]]:
    day = today()
    return [{"moment": m, "open": m.is_open(day), "started": m.has_started(day)} for m in group_moments]


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER, Role.CARE)
def moments(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The group's measurement moments, and the form to plan the next one."""
    actor = request.actor
    group = access.get_visible_group(actor, uuid)
    group_moments = list(
        MeasurementMoment.objects.filter(group=group)
        .prefetch_related("teachers__teacher")
        .order_by("opens_on")
    )
    form = None
    if services.may_plan(actor, group):
        form = MomentForm(
            request.POST if request.method == "POST" else None,
            versions=current_versions(subject=SUBJECT_CHILD),
            teachers=services.group_teachers(group),
            first_free_day=max([today(), *(m.closes_on + timedelta(days=1) for m in group_moments)]),
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                moment = services.plan_moment(actor, group, form.plan())
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The moment “%(name)s” is planned.") % {"name": moment.name})
                return redirect("questionnaires:moments", uuid=group.uuid)
    return render(
        request,
        "questionnaires/moments.html",
        {
            "group": group,
            "rows": _moment_rows(group_moments),
            "form": form,
            "is_teacher": actor.teaches(group),
            "is_care": actor.cares_for(group),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER, Role.CARE)
def moment_edit(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor: StaffActor = request.actor
    moment = get_staff_moment(actor, uuid)
    if not services.may_plan(actor, moment.group):
        raise Http404
    initial = {"name": moment.name, "opens_on": moment.opens_on, "closes_on": moment.closes_on}
    form = MomentDatesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_moment_dates(actor, moment, data["name"], data["opens_on"], data["closes_on"])
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The moment is changed."))
            return redirect("questionnaires:moments", uuid=moment.group.uuid)
    status = 400 if request.method == "POST" else 200
    return render(request, "questionnaires/moment_edit.html", {"moment": moment, "form": form}, status=status)


# --- the rating grid ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER)
def rate(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The teacher rates the whole class: one key per answer (static/questionnaires/grid.js).

    Without JavaScript the grid is a plain form of small inputs, saved with one button.
    """
    actor: StaffActor = request.actor
    moment = get_teacher_moment(actor, uuid)
    if moment.teacher_version is None:
        raise Http404
    grid: Grid = grid_for(actor, moment)
    errors: list[str] = []
    if request.method == "POST":
        try:
            answers = parse_grid_post(grid, request.POST)
            result = services.save_teacher_answers(actor, moment, answers)
        except GridInvalid as invalid:
            errors = invalid.errors
        except Refused as refused:
            errors = [refused.message]
        else:
            messages.success(request, _("%(count)d answers saved.") % {"count": len(result.stored)})
            return redirect("questionnaires:rate", uuid=moment.uuid)
    log.record_reads(actor, "questionnaires.rate.view", [row.child for row in grid.rows], obj=moment)
    return render(
        request,
        "questionnaires/rate.html",
        {"moment": moment, "grid": grid, "errors": errors, "open": moment.is_open(today())},
        status=400 if errors else 200,
    )


@require_POST
@staff_view(Role.TEACHER)
def rate_answers(request: StaffHttpRequest, uuid: UUID) -> JsonResponse:
    """The grid's queue sends its answers here; each client id is stored once."""
    actor: StaffActor = request.actor
    moment = get_teacher_moment(actor, uuid)
    try:
        batch = parse_batch(request, with_child=True)
        result = services.save_teacher_answers(actor, moment, batch)
    except BadInput as bad:
        return bad.response()
    except Refused as refused:
        return JsonResponse({"error": refused.message}, status=409)
    return JsonResponse({"stored": result.stored, "rejected": result.rejected, "progress": result.progress})


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def read_aloud(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Board mode: one question at a time in large type, for the teacher to read to the class when the
    tablets cannot speak. It shows the questions only, never an answer."""
    actor: StaffActor = request.actor
    moment = get_staff_moment(actor, uuid)
    versions = [v for v in moment.child_versions.all() if v.spec.read_aloud] or list(
        moment.child_versions.all()
    )
    teachers = list(moment.teachers.select_related("teacher"))
    if not versions or not teachers:
        raise Http404
    version = next((v for v in versions if str(v.uuid) == request.GET.get("form")), versions[0])
    moment_teacher = next(
        (t for t in teachers if str(t.teacher.uuid) == request.GET.get("teacher")), teachers[0]
    )
    items = questions(version.spec, teacher_reference(moment_teacher))
    number = _question_number(request.GET.get("q"), len(items))
    picks = []  # a choice only where there is one
    if len(versions) > 1:
        picks.append(
            Pick("form", _("Form"), [(str(v.uuid), v.spec.title.get()) for v in versions], str(version.uuid))
        )
    if len(teachers) > 1:
        options = [(str(t.teacher.uuid), t.teacher.full_name) for t in teachers]
        picks.append(Pick("teacher", _("About"), options, str(moment_teacher.teacher.uuid)))
    return render(
        request,
        "questionnaires/read_aloud.html",
        {
            "moment": moment,
            "versions": versions,
            "version": version,
            "teachers": teachers,
            "moment_teacher": moment_teacher,
            "form": PickForm(picks),
            "question": items[number - 1],
            "count": len(items),
            "choices": choices(version.spec),
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < len(items) else None,
        },
    )


def _question_number(raw: str | None, count: int) -> int:
    return bounded_int(raw, 1, count) or 1


# --- results --------------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> tuple[Filters, dict[str, str]]:
    form = OverviewFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = Filters(
        sort=data.get("sort") or "name",
        profile=data.get("profile") or "",
        signals_only=bool(data.get("signals")),
        query=(data.get("q") or "").strip(),
    )
    return filters, {"moment": data.get("moment") or "", "rater": data.get("rater") or ""}


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def overview(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    group = access.get_visible_group(actor, uuid)
    filters, chosen = _filters(request)
    fmt = requested_format(request)
    data = build_overview(
        actor,
        group,
        moment_uuid=chosen["moment"],
        rater_uuid=chosen["rater"],
        filters=filters,
        audit_action=OVERVIEW_EXPORT_ACTIONS[fmt] if fmt else "questionnaires.overview.view",
    )
    if fmt:
        if data.moment is None:
            raise Http404
        name = f"relaties-{group.name}-{data.moment.name}"
        return kit_response(exports.overview_sheet(data), fmt, name)
    form = OverviewChoicesForm(
        {
            "moment": str(data.moment.uuid) if data.moment else "",
            "rater": str(data.rater.uuid) if data.rater else "",
            "profile": filters.profile,
            "sort": filters.sort,
            "q": filters.query,
            "signals": filters.signals_only,
        },
        moments=[(str(m.uuid), m.name) for m in data.moments],
        raters=[(str(u.uuid), u.full_name) for u in data.raters],
        profiles=[(rule.key, rule.label) for rule in PROFILE_RULES],
        sorts=[(key, label) for key, (label, _descending) in SORTS.items()],
    )
    return render(
        request,
        "questionnaires/overview.html",
        {
            "overview": data,
            "group": group,
            "filters": filters,
            "form": form,
            "is_teacher": actor.teaches(group),
            "is_care": actor.cares_for(group),
            "rate_open": data.moment is not None and data.moment.is_open(today()),
            "export_forms": (
                exports.moment_versions(data.moment) if data.moment and actor.cares_for(group) else []
            ),
        },
    )


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def overview_pdf(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    group = access.get_visible_group(actor, uuid)
    filters, chosen = _filters(request)
    data = build_overview(
        actor,
        group,
        moment_uuid=chosen["moment"],
        rater_uuid=chosen["rater"],
        filters=filters,
        audit_action="questionnaires.overview.pdf",
    )
    if data.moment is None:
        raise Http404
    content = pdf.overview_pdf(request, data)
    return pdf_response(content, f"relaties-{group.name}-{data.moment.name}", fallback="rapport")


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def child_pdf(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    child = access.read_child(actor, uuid, action="questionnaires.child.pdf")
    history = child_history(actor, child)
    content = pdf.child_pdf(request, history)
    return pdf_response(content, f"relaties-{child.first_name}-{child.surname}", fallback="rapport")


@require_GET
@staff_view(Role.CARE)
def reliability_view(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor: StaffActor = request.actor
    moment = get_care_moment(actor, uuid)
    fmt = requested_format(request)
    reports = reliability.for_moment(moment)
    action = RELIABILITY_EXPORT_ACTIONS[fmt] if fmt else "questionnaires.reliability.view"
    log.record(actor, action, obj=moment, details={"forms": len(reports)})
    if fmt:  # figures about questions, not about a child: one row, as the page writes
        name = f"betrouwbaarheid-{moment.group.name}-{moment.name}"
        return kit_response(exports.reliability_sheet(reports), fmt, name)
    return render(
        request,
        "questionnaires/reliability.html",
        {"moment": moment, "reports": reports, "small": SMALL_SAMPLE},
    )


@require_GET
@staff_view(Role.CARE)
def export(request: StaffHttpRequest, uuid: UUID, version: UUID, fmt: str) -> HttpResponse:
    """One form of the moment (one table) as CSV or XLSX."""
    actor: StaffActor = request.actor
    moment = get_care_moment(actor, uuid)
    if fmt not in exports.FORMATS:
        raise Http404
    form = next((v for v in exports.moment_versions(moment) if v.uuid == version), None)
    if form is None:
        raise Http404
    sheet = exports.form_sheet(moment, form)
    log.record_reads(actor, EXPORT_ACTIONS[fmt], sheet.children, obj=moment)
    return exports.response(sheet, fmt, f"relaties-{moment.group.name}-{moment.name}-{form.spec.key}")
