"""The import screens of the school administrator: upload, preview with mapping, result."""

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.core.htmx import render_page
from onderstroom.imports import access, services
from onderstroom.imports.columns import FIELD_LABELS, Field
from onderstroom.imports.errors import ImportFileError, ImportRejected
from onderstroom.imports.forms import MappingForm, UploadForm
from onderstroom.imports.models import ImportJob
from onderstroom.imports.planning import Plan, RowPlan
from onderstroom.schools.access import StaffActor, StaffHttpRequest, staff_view
from onderstroom.schools.models import Child, Role

PREVIEW_ROWS = 50
SHOWN_ERRORS = 100
CHANGE_LABELS: dict[str, str | Promise] = {
    "first_name": FIELD_LABELS[Field.FIRST_NAME],
    "surname_prefix": FIELD_LABELS[Field.PREFIX],
    "surname": FIELD_LABELS[Field.SURNAME],
    "birth_date": FIELD_LABELS[Field.BIRTH_DATE],
    "gender": FIELD_LABELS[Field.GENDER],
    "external_id": FIELD_LABELS[Field.EXTERNAL_ID],
    "group": FIELD_LABELS[Field.GROUP],
    "grade": FIELD_LABELS[Field.GRADE],
}
STATUS_LABELS = {
    "new": pgettext_lazy("import status", "new"),
    "changed": pgettext_lazy("import status", "changed"),
    "unchanged": pgettext_lazy("import status", "unchanged"),
}


def _job(actor: StaffActor, uuid: UUID) -> ImportJob:
    """The import, after a stale preview of the school (a closed tab, a killed request) is cancelled."""
    services.forget_stale_imports(actor)
    return access.get_job(actor, uuid)


@dataclass(frozen=True)
class ShownRow:
    """A preview line as the table shows it."""

    line: int
    name: str
    group: str
    grade: int
    birth_date: object
    gender: str
    external_id: str
    status: str
    status_label: str
    changes: str


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def start(request: StaffHttpRequest) -> HttpResponse:
    actor = request.actor
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        years=services.year_choices(actor),
        initial_year=services.current_year_name(),
    )
    services.forget_stale_imports(actor)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.start_import(
                actor, content=form.content(), filename=upload.name or "", year_name=form.cleaned_data["year"]
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            return redirect("imports:preview", uuid=job.uuid)
    context = {
        "form": form,
        "jobs": access.recent_jobs(actor),
    }
    return render(request, "imports/start.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def preview(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    job = _job(actor, uuid)
    if not job.is_pending:
        return redirect("imports:result", uuid=job.uuid)
    try:
        result = services.preview_import(actor, job)
    except ImportFileError as error:
        services.abandon_import(actor, job)
        messages.error(request, error.message)
        return redirect("imports:start")
    form = None
    if result.table is not None and result.mapping is not None:
        form = MappingForm(request.POST or None, table=result.table, mapping=result.mapping)
        if request.method == "POST" and form.is_valid():
            services.change_mapping(actor, job, form.mapping())
            return redirect("imports:preview", uuid=job.uuid)
    plan = result.plan
    context = {
        "job": job,
        "plan": plan,
        "counts": plan.counts,
        "form": form,
        "rows": shown_rows(plan),
        "errors": [str(error) for error in plan.errors[:SHOWN_ERRORS]],
        "more_errors": max(0, len(plan.errors) - SHOWN_ERRORS),
        "year_exists": plan.year is not None,
    }
    status = 400 if form is not None and form.errors else 200
    return render_page(request, "imports/preview.html", context, partial="preview", status=status)


def shown_rows(plan: Plan, limit: int = PREVIEW_ROWS) -> list[ShownRow]:
    genders = dict(Child.Gender.choices)
    return [_shown(row, genders) for row in plan.rows[:limit]]


def _shown(row: RowPlan, genders: Mapping[str, object]) -> ShownRow:
    pupil = row.pupil
    return ShownRow(
        line=pupil.line,
        name=pupil.full_name,
        group=row.group.name,
        grade=pupil.grade,
        birth_date=pupil.birth_date,
        gender=str(genders.get(pupil.gender or "", "")),
        external_id=pupil.external_id,
        status=row.status,
        status_label=str(STATUS_LABELS[row.status]),
        changes=", ".join(str(CHANGE_LABELS[name]) for name in row.changes)
        if row.status == "changed"
        else "",
    )


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def confirm(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    job = _job(actor, uuid)
    if not job.is_pending:
        return redirect("imports:result", uuid=job.uuid)
    try:
        services.apply_import(actor, job)
    except ImportRejected as rejected:
        messages.error(
            request,
            _("Nothing was imported: %(problem)s") % {"problem": rejected.problems[0]}
            if rejected.problems
            else _("Nothing was imported."),
        )
        return redirect("imports:preview", uuid=job.uuid)
    messages.success(request, _("The import is complete."))
    return redirect("imports:result", uuid=job.uuid)


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def cancel(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    job = _job(actor, uuid)
    if job.is_pending:
        services.abandon_import(actor, job)
        messages.info(
            request, _("The import was cancelled and the uploaded file deleted. Nothing was changed.")
        )
    return redirect("imports:start")


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def result(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    job = _job(actor, uuid)
    if job.is_pending:
        return redirect("imports:preview", uuid=job.uuid)
    return render(
        request, "imports/result.html", {"job": job, "counts": job.counts, "applied": _applied(job)}
    )


def _applied(job: ImportJob) -> bool:
    return job.status == ImportJob.Status.APPLIED
