"""The printed reports: a group's overview and one child's history, with the SVG charts of the screens."""

from django.http import HttpRequest
from django.utils import timezone

from onderstroom.core.pdf import render_pdf
from onderstroom.questionnaires.overview import ChildHistory, Overview

STYLESHEET = "questionnaires/print.css"


def overview_pdf(request: HttpRequest, overview: Overview) -> bytes:
    context = {"overview": overview, "printed": timezone.localtime()}
    return render_pdf("questionnaires/pdf/overview.html", context, stylesheet=STYLESHEET, request=request)


def child_pdf(request: HttpRequest, history: ChildHistory) -> bytes:
    context = {"history": history, "printed": timezone.localtime()}
    return render_pdf("questionnaires/pdf/child.html", context, stylesheet=STYLESHEET, request=request)
