"""The printed reports: a group's overview and one child's history, with the SVG charts of the screens,
and the school overview (counts only), which a worker makes in the background (onderstroom.jobs)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from onderstroom.audit import log
from onderstroom.core.pdf import render_pdf
from onderstroom.core.privacy import SMALL
from onderstroom.jobs.registry import JobFile, Progress
from onderstroom.questionnaires.overview import ChildHistory, Overview
from onderstroom.questionnaires.school import school_overview
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Role

STYLESHEET = "questionnaires/print.css"


def overview_pdf(request: HttpRequest, overview: Overview) -> bytes:
    context = {"overview": overview, "printed": timezone.localtime()}
    return render_pdf("questionnaires/pdf/overview.html", context, stylesheet=STYLESHEET, request=request)


def child_pdf(request: HttpRequest, history: ChildHistory) -> bytes:
    context = {"history": history, "printed": timezone.localtime()}
    return render_pdf("questionnaires/pdf/child.html", context, stylesheet=STYLESHEET, request=request)


def school_pdf(actor: StaffActor, params: dict[str, Any], progress: Progress) -> JobFile:
    """The school overview as a PDF, made by a worker (a job of kind `questionnaires.school_pdf`)."""
    data = school_overview(actor)
    progress(1, 3)
    log.record(actor, "questionnaires.school_overview.pdf", details={"groups": len(data.lines)})
    context = {
        "overview": data,
        "school": actor.school,
        "printed": timezone.localtime(),
        "suppress_below": SMALL,
    }
    content = render_pdf("questionnaires/pdf/school.html", context, stylesheet=STYLESHEET)
    progress(3, 3)
    title = gettext("relationships")  # outside the f-string, where makemessages finds it
    name = slugify(f"{title} {actor.school.name if actor.school else ''}") or "report"
    return JobFile(content=content, name=f"{name}.pdf", content_type="application/pdf")


def may_print_school(actor: StaffActor, params: dict[str, Any]) -> bool:
    return Role.SCHOOL_ADMIN in actor.roles
