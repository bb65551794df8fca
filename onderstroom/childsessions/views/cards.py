from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from onderstroom.childsessions.cards import login_cards as build_cards
from onderstroom.core.pdf import pdf_response
from onderstroom.schools.access import StaffHttpRequest, staff_view
from onderstroom.schools.models import Role


@require_GET
@staff_view(Role.TEACHER)
def login_cards(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    start_url = request.build_absolute_uri(reverse("childsessions:start"))
    cards = build_cards(request.actor, uuid, start_url)
    if not cards.count:
        messages.info(request, _("This group has no pupils yet, so there are no login cards to print."))
        return redirect("schools:group", uuid=uuid)
    name = _("login cards")  # outside the f-string, where makemessages finds it
    return pdf_response(cards.pdf, f"{name} {cards.group.name}")
