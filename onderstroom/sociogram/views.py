"""The teacher's and the care coordinator's screens: surveys of a group, results, sociogram, report."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.audit import log
from onderstroom.core.exports import requested_format
from onderstroom.core.exports import response as export_response
from onderstroom.core.pdf import pdf_response, render_pdf
from onderstroom.schools import access
from onderstroom.schools.access import StaffActor, StaffHttpRequest, staff_view
from onderstroom.schools.models import Role
from onderstroom.sociogram import display, exports, services
from onderstroom.sociogram.access import (
    ACTIVITY,
    get_teacher_survey,
    get_visible_survey,
    school_peer_settings,
)
from onderstroom.sociogram.forms import SurveyForm
from onderstroom.sociogram.models import PeerResponse
from onderstroom.sociogram.pdf import photo_resolver
from onderstroom.sociogram.relationships import Relationship, relationships
from onderstroom.sociogram.results import ChildResult, SurveyResults, load_results

# Results name children and show how classmates see them: never cached, never kept by a shared device.


# The audit code of each download of the results table, written out so that each has its label.
EXPORT_ACTIONS = {"csv": "sociogram.results.csv", "xlsx": "sociogram.results.xlsx"}


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def surveys(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    group = access.get_visible_group(actor, uuid)
    found = list(group.peer_surveys.all())
    finished = dict.fromkeys((s.pk for s in found), 0)
    for survey_id in PeerResponse.objects.filter(survey__group=group, finished_at__isnull=False).values_list(
        "survey_id", flat=True
    ):
        finished[survey_id] += 1
    rows = [(survey, display.survey_title(survey), finished[survey.pk]) for survey in found]
    context = {"group": group, "rows": rows, "is_teacher": actor.teaches(group)}
    return render(request, "sociogram/surveys.html", context)


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER)
def new(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    group = access.get_teacher_group(actor, uuid)
    negative_allowed = school_peer_settings(group.school_id).negative_nominations
    form = SurveyForm(request.POST or None, negative_allowed=negative_allowed)
    if request.method == "POST" and form.is_valid():
        survey = services.create_survey(actor, group, form.options())
        messages.success(request, _("The survey is ready. Let the children sign in to answer it."))
        return redirect("sociogram:results", uuid=survey.uuid)
    status = 400 if request.method == "POST" else 200
    return render(request, "sociogram/new.html", {"group": group, "form": form}, status=status)


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def results(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    survey = get_visible_survey(actor, uuid)
    photos = request.GET.get("photos") == "1"
    fmt = requested_format(request)
    found = load_results(survey)
    log.record_reads(
        actor, EXPORT_ACTIONS[fmt] if fmt else "sociogram.results.view", found.children, obj=survey
    )
    if fmt:
        sheet = exports.table_sheet(found, table_rows(actor, found))
        return export_response(sheet, fmt, f"klasgenoten-{survey.group.name}-{display.survey_title(survey)}")
    context = _shown_results(actor, found, photos)
    context.update(photos=photos, is_teacher=actor.teaches(survey.group_id), activity=ACTIVITY)
    return render(request, "sociogram/results.html", context)


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def sociogram(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The sociogram alone, as an SVG file (to save or to place in another document)."""
    actor = request.actor
    survey = get_visible_survey(actor, uuid)
    found = load_results(survey)
    log.record_reads(actor, "sociogram.sociogram.view", found.children, obj=survey)
    response = HttpResponse(display.sociogram_svg(found, request.GET.get("photos") == "1"))
    response["Content-Type"] = "image/svg+xml; charset=utf-8"
    return response


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def report(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The printable report: the same sociogram and table as the page, as a PDF."""
    actor = request.actor
    survey = get_visible_survey(actor, uuid)
    photos = request.GET.get("photos") == "1"
    found = load_results(survey)
    log.record_reads(actor, "sociogram.report.pdf", found.children, obj=survey)
    context = _shown_results(actor, found, photos)
    content = render_pdf(
        "sociogram/report.html",
        context,
        stylesheet="sociogram/report.css",
        request=request,
        resolve=photo_resolver(found.children if photos else []),
    )
    return pdf_response(content, f"sociogram-{survey.created_at:%Y-%m-%d}")


def _shown_results(actor: StaffActor, found: SurveyResults, photos: bool) -> dict[str, Any]:
    """What the results page and the PDF report both show (each writes its own audit rows)."""
    survey = found.survey
    rows = table_rows(actor, found)
    return {
        "survey": survey,
        "group": survey.group,
        "title": display.survey_title(survey),
        "results": found,
        "rows": rows,
        "attention": [(row, relation) for row, relation in rows if relation.notes],
        "sociogram": display.sociogram_svg(found, photos),
        **display.findings(found),
    }


def table_rows(actor: StaffActor, found: SurveyResults) -> list[tuple[ChildResult, Relationship]]:
    """Each child's peer results with the relationship with the teacher beside them."""
    beside = relationships(actor, found)
    return [(row, beside[row.child.pk]) for row in found.rows]


@require_POST
@staff_view(Role.TEACHER)
def close(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    survey = get_teacher_survey(request.actor, uuid)
    services.close_survey(request.actor, survey)
    messages.success(request, _("The survey is closed. Children can no longer change their answers."))
    return redirect("sociogram:results", uuid=survey.uuid)


@require_POST
@staff_view(Role.TEACHER)
def reopen(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    survey = get_teacher_survey(request.actor, uuid)
    services.reopen_survey(request.actor, survey)
    messages.success(request, _("The survey is open again."))
    return redirect("sociogram:results", uuid=survey.uuid)
