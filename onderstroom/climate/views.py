"""The staff's climate pages: a group's moments, the class result and its board view, the teacher's
self-assessment and vision, the school form and the school report (with the monitoring CSV).

Pages are never cached (the middleware makes every page private); none shows one child's answers.
"""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.audit import log
from onderstroom.climate import access, proposals, research, results, services
from onderstroom.climate.forms import PeriodForm, QuestionnaireForm, RoundForm, VisionForm
from onderstroom.climate.models import SchoolRound
from onderstroom.core import exports
from onderstroom.core.errors import Refused
from onderstroom.core.pdf import pdf_response, render_pdf
from onderstroom.schools.access import StaffHttpRequest, staff_view, today
from onderstroom.schools.models import Role


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER, Role.CARE)
def group(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The group's class-climate moments, and planning a new one."""
    actor = request.actor
    found = access.visible_group(actor, uuid)
    form = PeriodForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.plan_class_moment(
                    actor, found, form.cleaned_data["opens_on"], form.cleaned_data["closes_on"]
                )
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The class-climate moment is planned."))
                return redirect("climate:group", uuid=found.uuid)
        status = 400
    moments = list(access.group_moments(found))
    context = {
        "group": found,
        "moments": moments,
        "form": form,
        "today": today(),
        "teaches": actor.teaches(found),
        "cares": actor.cares_for(found),
    }
    return render(request, "climate/group.html", context, status=status)


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def result(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The class result as aggregates, beside the teacher's own self-assessment."""
    actor = request.actor
    moment = access.result_moment(actor, uuid)
    teacher_id = actor.user_id if actor.teaches(moment.group_id) else None
    found = results.class_result(moment, teacher_id)
    log.record(actor, "climate.result.view", obj=moment, details={"shown": found.shown})
    context = {
        "moment": moment,
        "result": found,
        "teaches": teacher_id is not None,
        "links": proposals.links(moment, found),
    }
    return render(request, "climate/result.html", context)


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def board(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The class conversation on the digital board: large type, the class as a whole, nobody's answer."""
    actor = request.actor
    moment = access.result_moment(actor, uuid)
    found = results.class_result(moment, None)
    log.record(actor, "climate.board.view", obj=moment, details={"shown": found.shown})
    return render(request, "climate/board.html", {"moment": moment, "result": found})


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER)
def practice(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The teacher's self-assessment of their practice on the three class levers; only they see it."""
    actor = request.actor
    moment = access.teacher_moment(actor, uuid)
    spec = moment.practice_version.spec
    response = access.own_response(moment, actor)
    form = QuestionnaireForm(spec, response.values if response else {}, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_staff_answers(actor, moment, form.answers())
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Your self-assessment is saved. Only you see it."))
            return redirect("climate:result", uuid=moment.uuid)
    status = 400 if request.method == "POST" else 200
    context = {"moment": moment, "spec": spec, "form": form}
    return render(request, "climate/practice.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER)
def vision(request: StaffHttpRequest) -> HttpResponse:
    """My vision and my reactions: private to its author, every read and write audited."""
    actor = access.may_write_vision(request.actor)
    own = access.own_vision(actor)
    initial = {name: getattr(own, name) for name in VisionForm.base_fields} if own else None
    form = VisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_vision(actor, form.text())
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Saved. Only you can read this."))
            return redirect("climate:vision")
    if request.method == "GET" and own is not None:
        log.record(actor, "climate.vision.view", obj=own)
    status = 400 if request.method == "POST" else 200
    return render(request, "climate/vision.html", {"form": form, "vision": own}, status=status)


@require_POST
@staff_view(Role.TEACHER)
def vision_delete(request: StaffHttpRequest) -> HttpResponse:
    actor = access.may_write_vision(request.actor)
    own = access.own_vision(actor)
    if own is not None:
        services.delete_vision(actor, own)
        messages.success(request, _("Deleted."))
    return redirect("climate:vision")


@require_http_methods(["GET", "POST"])
@staff_view()
def staff_form(request: StaffHttpRequest) -> HttpResponse:
    """The school-climate form for every member of staff, from the home page."""
    actor = request.actor
    found = access.open_round_for_staff(actor)
    spec = found.staff_version.spec
    response = access.own_response(found, actor)
    form = QuestionnaireForm(spec, response.values if response else {}, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_staff_answers(actor, found, form.answers())
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request, _("Thank you. Your answers are only shown added up with your colleagues'.")
            )
            return redirect("core:home")
    status = 400 if request.method == "POST" else 200
    context = {"round": found, "spec": spec, "form": form, "done": bool(response and response.completed_at)}
    return render(request, "climate/staff_form.html", context, status=status)


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def school(request: StaffHttpRequest) -> HttpResponse:
    """The school report: participation per group, each lever, the change since last year; as CSV too."""
    actor = access.report_actor(request.actor)
    fmt = exports.requested_format(request)
    found = access.current_round(actor)
    rounds = list(SchoolRound.objects.select_related("school_year").order_by("-opens_on"))
    report = results.school_report(found) if found is not None else None
    log.record(actor, "climate.report.view", obj=found, details={"format": fmt or "page"})
    if fmt is not None:
        if report is None:
            raise Http404
        header, rows = results.monitoring_rows(report)
        sheet = exports.Sheet(_("School climate"), header, rows)
        return exports.response(sheet, fmt, f"{_('school climate')} {report.round.school_year.name}")
    context = {
        "round": found,
        "report": report,
        "rounds": rounds,
        "form": RoundForm() if found is None else None,
        "upload_url": reverse("questionnaires:instruments"),
    }
    return render(request, "climate/school.html", context)


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def school_pdf(request: StaffHttpRequest) -> HttpResponse:
    """The school report printed: the same participation and aggregates as the page, with the notice."""
    actor = access.report_actor(request.actor)
    found = access.current_round(actor)
    if found is None:
        raise Http404
    report = results.school_report(found)
    log.record(actor, "climate.report.view", obj=found, details={"format": "pdf"})
    context = {"round": found, "report": report, "printed": timezone.localtime()}
    content = render_pdf("climate/school_pdf.html", context, stylesheet="climate/pdf.css", request=request)
    return pdf_response(content, f"{_('school climate')} {found.school_year.name}", fallback="climate")


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def open_round(request: StaffHttpRequest) -> HttpResponse:
    actor = access.report_actor(request.actor)
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            services.open_school_round(
                actor,
                form.cleaned_data["opens_on"],
                form.cleaned_data["closes_on"],
                form.version("staff_form"),
                form.version("child_form"),
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The school-climate round is open for all staff and groups 5 to 8."))
    else:
        messages.error(request, _("Give an opening and a closing date, and choose both forms."))
    return redirect("climate:school")


@require_GET
@staff_view(Role.CARE)
def research_export(request: StaffHttpRequest) -> HttpResponse:
    """The care coordinator's pseudonymised CSV of the climate answers in their groups."""
    actor = request.actor
    try:
        export = research.build(actor)
    except Refused as refused:
        return render(request, "climate/research_refused.html", {"message": refused.message}, status=409)
    log.record_reads(actor, "climate.research.export", export.children)
    sheet = exports.Sheet(_("Climate research"), research.HEADER, export.rows)
    return exports.response(sheet, "csv", _("climate research"))
