"""The child's screen: which adults at school would you go to? ("Nobody" is a real answer.)"""

from uuid import UUID

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from onderstroom.core.errors import Refused
from onderstroom.core.net import allow_caching
from onderstroom.mapping import access, services
from onderstroom.mapping.models import READ_ALOUD_GRADES
from onderstroom.schools.access import ActorHttpRequest, ChildHttpRequest, child_view


@require_http_methods(["GET", "POST"])
@child_view
def answer(request: ChildHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    found = access.get_child_round(actor, uuid)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            services.answer(
                actor, found.uuid, request.POST.getlist("adult"), nobody=request.POST.get("nobody") == "1"
            )
        except Refused as refused:
            error = refused.message
            status = 400
        else:
            return render(request, "mapping/child/thanks.html", {"round": found})
    saved = access.own_answer(actor, found)
    chosen = {str(named.adult.uuid) for named in saved.adults.select_related("adult")} if saved else set()
    context = {
        "round": found,
        "adults": access.school_adults(found.school_id),
        "chosen": chosen,
        "error": error,
        "read_aloud": access.child_grade(actor, found) in READ_ALOUD_GRADES,
    }
    return render(request, "mapping/child/answer.html", context, status=status)


@require_GET
def adult_photo(request: ActorHttpRequest, uuid: UUID, adult: UUID) -> FileResponse:
    """The photo of an adult of the school, on the child's screen of the open round (anybody else,
    signed in or not, gets 404, as the other photo views answer)."""
    found = access.get_round_adult_photo(request.actor, uuid, adult)
    response = FileResponse(found.photo.open("rb"), content_type="image/jpeg")
    return allow_caching(response, "private, max-age=300")
