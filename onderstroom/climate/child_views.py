"""The child's side: one question per screen, read aloud, every answer kept safe on the device.

The instrument engine's child form (`instruments/child/form.html` and its `childform.js`, offline
queue and read-aloud), as the relationship questionnaire uses it; only the form and where the
answers go differ. A
child only ever reaches their own forms: the forms come from the signed-in child and the class
session, never from an id in the URL.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.climate import access, services
from onderstroom.climate.access import ChildForm
from onderstroom.climate.forms import parse_batch
from onderstroom.climate.services import AnswerIn
from onderstroom.core.errors import Refused
from onderstroom.core.inputs import BadInput, bounded_int
from onderstroom.instruments import answering
from onderstroom.schools.access import ChildActor, ChildHttpRequest, child_view

KINDS = ("class", "school")


def form_url(form: ChildForm) -> str:
    return reverse("climate:child_form", kwargs={"kind": form.kind})


def child_url(actor: ChildActor) -> str | None:
    """Where the class session's climate activity sends a signed-in child."""
    return reverse("climate:child_start") if access.child_forms(actor) else None


def _finished(actor: ChildActor, form: ChildForm) -> bool:
    response = access.child_response(actor, form)
    return response is not None and response.completed_at is not None


@require_GET
@child_view
def start(request: ChildHttpRequest) -> HttpResponse:
    """The first form this child has not finished, or a thank-you when all are done."""
    actor: ChildActor = request.actor
    forms = access.child_forms(actor)
    if not forms:
        return redirect("childsessions:home")
    for form in forms:
        if not _finished(actor, form):
            return redirect(form_url(form))
    return render(request, "climate/child/all_done.html", {})


@require_http_methods(["GET", "POST"])
@child_view
def form(request: ChildHttpRequest, kind: str) -> HttpResponse:
    actor: ChildActor = request.actor
    child_form = access.child_form(actor, kind)
    spec = child_form.version.spec
    items = answering.questions(spec)
    if request.method == "POST":
        return _save_plain(request, actor, child_form, [item.key for item in items])
    response = access.child_response(actor, child_form)
    values = response.values if response else {}
    number = bounded_int(request.GET.get("q"), 1, len(items)) or answering.first_open(items, values)
    more = any(f.kind != kind and not _finished(actor, f) for f in access.child_forms(actor))
    context = answering.form_context(
        spec,
        items,
        values,
        number,
        more=more,
        next_url=reverse("climate:child_start"),
        endpoint=reverse("climate:child_answers", kwargs={"kind": kind}),
        queue=f"onderstroom:climate:{kind}:{child_form.version.pk}:{actor.child.uuid}",
    )
    context["kind"] = kind
    return render(request, "climate/child/form.html", context)


def _save_plain(
    request: HttpRequest, actor: ChildActor, child_form: ChildForm, keys: list[str]
) -> HttpResponse:
    def save(item: str, value: int) -> bool:
        answer = AnswerIn(item=item, value=value, answered_at=timezone.now(), client_id="plain")
        return not services.save_child_answers(actor, child_form, [answer]).rejected

    return answering.save_plain_answer(request, keys, form_url(child_form), save)


@require_POST
@child_view
def answers(request: ChildHttpRequest, kind: str) -> JsonResponse:
    """The device's queue sends its answers here; a repeated answer changes nothing."""
    actor: ChildActor = request.actor
    child_form = access.child_form(actor, kind)
    try:
        result = services.save_child_answers(actor, child_form, parse_batch(request))
    except BadInput as bad:
        return bad.response()
    except Refused as refused:
        return JsonResponse({"error": refused.message}, status=409)
    return JsonResponse({"stored": result.stored, "rejected": result.rejected, "complete": result.complete})
