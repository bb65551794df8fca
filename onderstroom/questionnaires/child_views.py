"""The child's side: one question per screen, read aloud, every answer kept safe on the device.

The page works plainly (each answer a form post), and static/instruments/childform.js turns it
into a one-page form with an offline queue. A child only ever reaches their own forms: the
forms come from the signed-in child and the class session, never from an id in the URL.
"""

from uuid import UUID

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.core.errors import Refused
from onderstroom.core.inputs import BadInput, bounded_int
from onderstroom.instruments.answering import first_open, form_context, questions, save_plain_answer
from onderstroom.instruments.models import Respondent
from onderstroom.questionnaires import access, services
from onderstroom.questionnaires.forms import parse_batch
from onderstroom.questionnaires.models import Response
from onderstroom.questionnaires.services import AnswerIn, ChildForm
from onderstroom.questionnaires.wording import teacher_reference
from onderstroom.schools.access import ChildActor, ChildHttpRequest, child_view


def form_url(form: ChildForm) -> str:
    return reverse(
        "questionnaires:child_form", kwargs={"moment": form.moment.uuid, "teacher": form.teacher.uuid}
    )


def child_url(actor: ChildActor) -> str | None:
    """Where the class session's "questionnaire" activity sends a signed-in child."""
    return reverse("questionnaires:child_start") if access.child_forms(actor) else None


# What an answer (a small integer) can hold; the service checks the questionnaire's own scale.


@require_GET
@child_view
def start(request: ChildHttpRequest) -> HttpResponse:
    """The first form this child has not finished, or a thank-you when all are done."""
    actor: ChildActor = request.actor
    forms = access.child_forms(actor)
    if not forms:
        return redirect("childsessions:home")
    finished = set(
        Response.objects.filter(
            moment=forms[0].moment, child=actor.child, respondent=Respondent.CHILD, completed_at__isnull=False
        ).values_list("teacher_id", flat=True)
    )
    for form in forms:
        if form.teacher.pk not in finished:
            return redirect(form_url(form))
    return render(request, "questionnaires/child/all_done.html", {})


@require_http_methods(["GET", "POST"])
@child_view
def form(request: ChildHttpRequest, moment: UUID, teacher: UUID) -> HttpResponse:
    actor: ChildActor = request.actor
    child_form = access.child_form(actor, moment, teacher)
    spec = child_form.version.spec
    items = questions(spec, teacher_reference(child_form.moment_teacher))
    if request.method == "POST":
        return _save_plain(request, actor, child_form, [q.key for q in items])
    response = services.responses_of_child(actor, child_form)
    values = response.values if response else {}
    wanted = request.GET.get("q")
    number = bounded_int(wanted, 1, len(items)) or first_open(items, values)
    forms = access.child_forms(actor)
    position = next(i for i, f in enumerate(forms) if f.teacher.pk == child_form.teacher.pk)
    context = form_context(
        spec,
        items,
        values,
        number,
        more=position + 1 < len(forms),
        next_url=reverse("questionnaires:child_start"),
        endpoint=reverse("questionnaires:child_answers", kwargs={"moment": moment, "teacher": teacher}),
        queue=f"onderstroom:child:{moment}:{teacher}:{actor.child.uuid}",
    )
    context |= {"child_form": child_form, "teacher_name": teacher_reference(child_form.moment_teacher)}
    return render(request, "questionnaires/child/form.html", context)


def _save_plain(
    request: HttpRequest, actor: ChildActor, child_form: ChildForm, keys: list[str]
) -> HttpResponse:
    def save(item: str, value: int) -> bool:
        # Picked on this page just now: an answer of now, which replaces an older one for the item.
        answer = AnswerIn(item=item, value=value, answered_at=timezone.now())
        return not services.save_child_answers(actor, child_form, [answer]).rejected

    return save_plain_answer(request, keys, form_url(child_form), save)


@require_POST
@child_view
def answers(request: ChildHttpRequest, moment: UUID, teacher: UUID) -> JsonResponse:
    """The device's queue sends its answers here; each client id is stored once."""
    actor: ChildActor = request.actor
    child_form = access.child_form(actor, moment, teacher)
    try:
        batch = [answer for _child, answer in parse_batch(request, with_child=False)]
        result = services.save_child_answers(actor, child_form, batch)
    except BadInput as bad:
        return bad.response()
    except Refused as refused:
        return JsonResponse({"error": refused.message}, status=409)
    answered, total = result.progress.get(str(actor.child.uuid), (0, 0))
    return JsonResponse({"stored": result.stored, "rejected": result.rejected, "complete": answered == total})
