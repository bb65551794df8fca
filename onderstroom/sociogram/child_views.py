"""The peer survey on a child's tablet: one question per screen, read aloud, safe on bad wifi.

The page works without JavaScript as one plain form. survey.js turns it into screens, reads the
questions aloud, and sends every tap as a change with its own id through a queue kept on the
device, so answers given while the connection is gone are sent later, and stored once.
"""

import uuid as uuid_module
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onderstroom.core.inputs import BadInput, bounded_int, read_json
from onderstroom.schools.access import ChildActor, ChildHttpRequest, child_view
from onderstroom.sociogram import display
from onderstroom.sociogram.access import asked_questions, get_child_survey, survey_classmates
from onderstroom.sociogram.models import PeerNomination, PeerRating, PeerResponse, PeerSurvey
from onderstroom.sociogram.results import short_names
from onderstroom.sociogram.services import AnswerRefused, Change, Submission, apply_change, submit_all

MAX_RATING = 100  # far above any rating scale; a longer number is no rating


@require_http_methods(["GET", "POST"])
@child_view
def survey(request: ChildHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    peer_survey = get_child_survey(actor, uuid)
    response = PeerResponse.objects.filter(survey=peer_survey, child=actor.child).first()
    if response is not None and response.finished_at is not None:
        return render(request, "sociogram/child/done.html", {"survey": peer_survey})
    if not peer_survey.is_open:
        return render(request, "sociogram/child/done.html", {"survey": peer_survey, "closed": True})
    if request.method == "POST":
        return _submit_form(request, actor, peer_survey)
    return render(request, "sociogram/child/survey.html", _survey_context(actor, peer_survey, response))


def _submit_form(request: HttpRequest, actor: ChildActor, peer_survey: PeerSurvey) -> HttpResponse:
    """The plain form (no JavaScript): every answer at once, then finished."""
    try:
        submission = _parse_submission(request, peer_survey)
        submit_all(actor, peer_survey, submission)
    except (ValueError, KeyError):
        return _survey_again(
            request, actor, peer_survey, _("Something went wrong with your answers. Try again.")
        )
    except AnswerRefused as refused:
        return _survey_again(request, actor, peer_survey, str(refused.message))
    return redirect("sociogram:survey", uuid=peer_survey.uuid)


def _survey_again(
    request: HttpRequest, actor: ChildActor, peer_survey: PeerSurvey, error: str
) -> HttpResponse:
    response = PeerResponse.objects.filter(survey=peer_survey, child=actor.child).first()
    context = {**_survey_context(actor, peer_survey, response), "error": error}
    return render(request, "sociogram/child/survey.html", context, status=400)


def _parse_submission(request: HttpRequest, peer_survey: PeerSurvey) -> Submission:
    nominations: dict[str, list[UUID]] = {
        q: [UUID(v) for v in request.POST.getlist(f"q-{q}")] for q in asked_questions(peer_survey)
    }
    ratings = {
        UUID(key[2:]): _rating(value) for key, value in request.POST.items() if key.startswith("r-") and value
    }
    return Submission(client_id=UUID(request.POST["client_id"]), nominations=nominations, ratings=ratings)


@require_POST
@child_view
def answer(request: ChildHttpRequest, uuid: UUID) -> JsonResponse:
    """One change from the device's queue (JSON, or a plain form post). Resending it is harmless."""
    actor = request.actor
    peer_survey = get_child_survey(actor, uuid)
    try:
        change = parse_change(_reader(request))
    except BadInput as bad:
        return bad.response()
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("This answer could not be understood.")}, status=400)
    try:
        stored = apply_change(actor, peer_survey, change)
    except AnswerRefused as refused:
        return JsonResponse({"error": str(refused.message)}, status=400)
    return JsonResponse({"stored": stored})


def _reader(request: HttpRequest) -> Callable[[str, bool], Any]:
    """A getter over the JSON body or the form fields: get(name, many)."""
    if request.content_type == "application/json":
        data = read_json(request)
        if not isinstance(data, dict):
            raise TypeError("the change must be an object")
        return lambda name, many: data.get(name, [] if many else "")
    return lambda name, many: request.POST.getlist(name) if many else request.POST.get(name, "")


def parse_change(get: Callable[[str, bool], Any]) -> Change:
    kind = str(get("kind", False))
    nominees = get("nominees", True)
    if not isinstance(nominees, list):
        raise TypeError("nominees must be a list")
    value = get("value", False)
    ratee = get("ratee", False)
    return Change(
        client_id=UUID(str(get("client_id", False))),
        kind=kind,
        question=str(get("question", False)),
        nominees=tuple(UUID(str(n)) for n in nominees),
        ratee=UUID(str(ratee)) if ratee else None,
        value=_rating(value) if value not in ("", None) else None,
    )


def _rating(value: object) -> int:
    """A rating as sent; whether it is on the survey's scale is the service's to judge."""
    rating = bounded_int(value, -MAX_RATING, MAX_RATING)
    if rating is None:
        raise ValueError("a rating is a whole number")
    return rating


def _survey_context(
    actor: ChildActor, peer_survey: PeerSurvey, response: PeerResponse | None
) -> dict[str, Any]:
    classmates = survey_classmates(peer_survey, actor.child)
    names = short_names(classmates)
    asked = asked_questions(peer_survey)
    chosen: dict[str, set[UUID]] = {q: set() for q in asked}
    rated: dict[UUID, int] = {}
    if response is not None:
        for question, nominee in PeerNomination.objects.filter(response=response).values_list(
            "question", "nominee__uuid"
        ):
            chosen.setdefault(question, set()).add(nominee)
        rated = dict(PeerRating.objects.filter(response=response).values_list("ratee__uuid", "value"))
    mates = [
        {
            "uuid": mate.uuid,
            "name": names[mate.pk],
            "photo": reverse("schools:child_photo", args=[mate.uuid])
            if peer_survey.show_photos and mate.photo
            else None,
            "rating": rated.get(mate.uuid),
        }
        for mate in classmates
    ]
    questions = [
        {
            "key": q,
            "text": display.question_text(q),
            "chosen": chosen.get(q, set()),
        }
        for q in asked
    ]
    return {
        "survey": peer_survey,
        "mates": mates,
        "questions": questions,
        "faces": display.faces(peer_survey.rating_scale) if peer_survey.uses_ratings else [],
        "hint": display.limit_hint(peer_survey.nomination_limit),
        "client_id": uuid_module.uuid4(),
        "screens": len(questions) if not peer_survey.uses_ratings else len(mates),
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
    }
