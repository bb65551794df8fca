"""A job's page (its progress, polled by htmx) and its file."""

from uuid import UUID

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from onderstroom.audit import log
from onderstroom.core.htmx import render_page
from onderstroom.jobs import services
from onderstroom.jobs.access import get_own_file, get_own_job
from onderstroom.schools.access import StaffHttpRequest, staff_view


@require_GET
@staff_view()
def job(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    found = get_own_job(request.actor, uuid)
    kind = services.kinds.get(found.kind)
    return render_page(
        request,
        "jobs/job.html",
        {"job": found, "label": kind.label if kind else found.kind},
        partial="status",
    )


@require_GET
@staff_view()
def download(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    found = get_own_file(actor, uuid)
    try:
        content = services.file_path(found).read_bytes()  # a report of a school or board: megabytes at most
    except FileNotFoundError:
        raise Http404 from None
    log.record(actor, "jobs.file.download", school=found.school, obj=found, details={"kind": found.kind})
    response = HttpResponse(content, content_type=found.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=found.file_name)
    return response
