"""School admin screens: the instruments the school can use (and loading a licensed one), the
school overview, which shows counts only, and the research export (with the school's consent)."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.audit import log
from onderstroom.core.errors import Refused
from onderstroom.core.privacy import SMALL
from onderstroom.instruments.engine import InstrumentError
from onderstroom.instruments.library import current_versions
from onderstroom.instruments.models import InstrumentVersion
from onderstroom.jobs import services as jobs
from onderstroom.questionnaires import research, services
from onderstroom.questionnaires.forms import InstrumentUploadForm, ResearchConsentForm
from onderstroom.questionnaires.school import school_overview
from onderstroom.schools.access import StaffHttpRequest, staff_view
from onderstroom.schools.models import Role


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def instruments(request: StaffHttpRequest) -> HttpResponse:
    actor = request.actor
    form = InstrumentUploadForm(request.POST or None, request.FILES or None)
    line_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            version, created = services.load_instrument(actor, form.cleaned_data["file"])
        except InstrumentError as error:
            line_errors = [str(e) for e in error.errors]
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            if created:
                messages.success(
                    request,
                    _("“%(title)s” is loaded as version %(number)d.")
                    % {
                        "title": version.spec.title.get(),
                        "number": version.number,
                    },
                )
            else:
                messages.info(request, _("This exact file was loaded before; nothing changed."))
            return redirect("questionnaires:instrument", uuid=version.uuid)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "questionnaires/instruments.html",
        {
            "versions": current_versions(),
            "form": form,
            "line_errors": line_errors,
            "example": static("questionnaires/example-instrument.yaml"),
        },
        status=status,
    )


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def instrument(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    version = InstrumentVersion.objects.filter(uuid=uuid).select_related("instrument").first()
    if version is None:
        raise Http404
    history = list(version.instrument.versions.order_by("-number"))
    return render(
        request,
        "questionnaires/instrument.html",
        {"version": version, "spec": version.spec, "history": history},
    )


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def school(request: StaffHttpRequest) -> HttpResponse:
    actor = request.actor
    data = school_overview(actor)
    log.record(actor, "questionnaires.school_overview.view", details={"groups": len(data.lines)})
    return render(request, "questionnaires/school.html", {"overview": data, "suppress_below": SMALL})


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def school_pdf(request: StaffHttpRequest) -> HttpResponse:
    """Ask a worker for the school overview as a PDF; the job's page shows its progress."""
    job = jobs.request_job(request.actor, "questionnaires.school_pdf")
    return redirect("jobs:job", uuid=job.uuid)


# --- research export --------------------------------------------------------------------------------


def _research_page(
    request: StaffHttpRequest, form: ResearchConsentForm | None = None, error: str = "", status: int = 200
) -> HttpResponse:
    actor = request.actor
    return render(
        request,
        "questionnaires/research.html",
        {
            "consent": research.consent_of(actor),
            "form": form or ResearchConsentForm(),
            "is_admin": actor.is_school_admin,
            "error": error,
        },
        status=status,
    )


@require_GET
@staff_view(Role.CARE, Role.SCHOOL_ADMIN)
def research_page(request: StaffHttpRequest) -> HttpResponse:
    return _research_page(request)


@require_GET
@staff_view(Role.CARE, Role.SCHOOL_ADMIN)
def research_export(request: StaffHttpRequest) -> HttpResponse:
    """The pseudonymised ZIP; refused, with the reason on the page, without the school's consent."""
    actor = request.actor
    try:
        export = research.build(actor)
    except Refused as refused:
        return _research_page(request, error=refused.message, status=409)
    content = research.to_zip(export)
    log.record_reads(actor, "questionnaires.research.export", export.children)
    result = HttpResponse(content, content_type="application/zip")
    result["Content-Disposition"] = 'attachment; filename="onderzoek-export.zip"'
    return result


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def research_consent(request: StaffHttpRequest) -> HttpResponse:
    """Record (or, with `withdraw`, withdraw) the school's consent for research use."""
    actor = request.actor
    if "withdraw" in request.POST:
        if services.withdraw_research_consent(actor):
            messages.success(
                request, _("The consent is withdrawn: research exports are refused from now on.")
            )
        return redirect("questionnaires:research")
    form = ResearchConsentForm(request.POST)
    if not form.is_valid():
        return _research_page(request, form=form, status=400)
    try:
        services.record_research_consent(actor, form.cleaned_data["consented_on"])
    except Refused as refused:
        form.add_error("consented_on", refused.message)
        return _research_page(request, form=form, status=400)
    messages.success(request, _("The school's consent for research use is recorded."))
    return redirect("questionnaires:research")
