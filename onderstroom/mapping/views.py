"""The staff screens of relationship mapping: the rounds, marking, the map, champions, settings."""

import uuid as uuid_lib
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.audit import log
from onderstroom.core.errors import Refused
from onderstroom.core.inputs import BadInput, read_json
from onderstroom.core.net import allow_caching
from onderstroom.mapping import access, counts, services
from onderstroom.mapping.access import MAP_ROLES, MARKER_ROLES
from onderstroom.mapping.forms import HOW_CHOICES, ChampionForm, CheckInForm, RoundForm, SettingsForm
from onderstroom.mapping.models import CHECK_IN_AFTER, CheckIn
from onderstroom.mapping.relationships import load_map
from onderstroom.schools import access as school_access
from onderstroom.schools.access import ActorHttpRequest, StaffHttpRequest, staff_view, today
from onderstroom.schools.models import Enrollment, Group, Role
from onderstroom.tenancy import school_scope

MAX_MARKS = 200  # entries in one outbox batch


@require_http_methods(["GET", "POST"])
@staff_view(*MAP_ROLES)
def overview(request: StaffHttpRequest) -> HttpResponse:
    """The care coordinator's and the director's page: start a round, the rounds, the counts."""
    actor = request.actor
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            started = services.start_round(actor, form.cleaned_data["closes_on"])
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request, _("The mapping round is open. Every member of staff sees it on their home page.")
            )
            return redirect("mapping:round", uuid=started.uuid)
    rounds = list(access.school_rounds(actor))
    year = actor.school_year
    this_year = [r for r in reversed(rounds) if year is not None and r.school_year_id == year.pk]
    context = {
        "form": form,
        "rounds": rounds,
        "open": access.open_round(actor),
        "counts": counts.school_table(this_year) if this_year else None,
        "is_admin": actor.is_school_admin,
    }
    return render(request, "mapping/overview.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(*MARKER_ROLES)
def round_page(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Mark the children who would come to you with a personal problem: one tap or key per child."""
    actor = request.actor
    found = access.get_round(actor, uuid)
    enrollments = access.roster(found)
    marked = access.own_marks(actor, found)
    classes: dict[int, tuple[Group, list[Enrollment]]] = {}
    for enrollment in enrollments:
        classes.setdefault(enrollment.group_id, (enrollment.group, []))[1].append(enrollment)
    context = {
        "round": found,
        "open": found.is_open(today()),
        "classes": list(classes.values()),
        "marked": marked,
        "count": len(enrollments),
        "named_me": access.children_who_named(actor, found),
        "offered": access.offered(actor, found),
        "is_mapper": access.is_mapper(actor),
    }
    return render(request, "mapping/round.html", context)


@require_POST
@staff_view(*MARKER_ROLES)
def marks(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The outbox's endpoint ({"marks": [{client_id, child, marked}]}), or one plain form tap."""
    actor = request.actor
    found = access.get_round(actor, uuid)
    wants_json = request.content_type == "application/json"
    try:
        entries = _json_marks(request) if wants_json else _form_mark(request)
        result = services.save_marks(actor, found.uuid, entries)
    except BadInput as bad:
        return bad.response()
    except Refused as refused:
        if wants_json:
            return JsonResponse({"error": refused.message}, status=409)
        messages.error(request, refused.message)
        return redirect("mapping:round", uuid=found.uuid)
    if wants_json:
        return JsonResponse({"stored": result.stored, "rejected": result.rejected})
    for reason in result.rejected.values():
        messages.error(request, reason)
    return redirect("mapping:round", uuid=found.uuid)


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _json_marks(request: StaffHttpRequest) -> list[tuple[UUID, UUID, bool]]:
    data = read_json(request)
    items = data.get("marks") if isinstance(data, dict) else None
    if not isinstance(items, list) or len(items) > MAX_MARKS:
        raise BadInput(_("The request could not be read."))
    entries = []
    for item in items:
        if not isinstance(item, dict):
            raise BadInput(_("The request could not be read."))
        client_id, child = _uuid(item.get("client_id")), _uuid(item.get("child"))
        marked = item.get("marked")
        if client_id is None or child is None or not isinstance(marked, bool):
            raise BadInput(_("The request could not be read."))
        entries.append((client_id, child, marked))
    return entries


def _form_mark(request: StaffHttpRequest) -> list[tuple[UUID, UUID, bool]]:
    """A plain form's tap: `child` is "<uuid>:1" (mark) or "<uuid>:0" (take back)."""
    child, _sep, flag = str(request.POST.get("child", "")).partition(":")
    child_uuid = _uuid(child)
    if child_uuid is None or flag not in {"0", "1"}:
        raise Refused(_("Choose a child."))
    client_id = _uuid(request.POST.get("client_id")) or uuid_lib.uuid4()
    return [(client_id, child_uuid, flag == "1")]


@require_GET
def photo(request: ActorHttpRequest, uuid: UUID, child: UUID) -> FileResponse:
    """A child's photo on the marking page: for every member of staff, only while the round is open
    (anybody else, signed in or not, gets 404, as the school's own photo view answers)."""
    photo_child = access.get_round_photo_child(request.actor, uuid, child)
    log.record_reads(request.actor, "mapping.photo.view", [photo_child])
    response = FileResponse(photo_child.photo.open("rb"), content_type="image/jpeg")
    # Deliberately cached, as the school's own photo view: a page of 30 buttons asks for 30 photos.
    return allow_caching(response, "private, max-age=300")


@require_POST
@staff_view(*MARKER_ROLES)
def offer(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Volunteer (or withdraw) as champion for a child without a trusted adult."""
    wants = request.POST.get("offer") == "1"
    services.offer_champion(request.actor, uuid, offer=wants)
    if wants:
        messages.success(request, _("Thank you. The care coordinator will pair you with a child."))
    return redirect("mapping:round", uuid=uuid)


@require_POST
@staff_view(*MAP_ROLES)
def close(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    services.close_round(request.actor, uuid)
    messages.success(request, _("The mapping round is closed."))
    return redirect("mapping:map", uuid=uuid)


@require_GET
@staff_view(*MAP_ROLES)
def map_page(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The map for the care team's meeting: children without a trusted adult first."""
    actor = request.actor
    found = access.get_map_round(actor, uuid)
    rows = load_map(actor, found)
    adults = access.school_adults(found.school_id)
    volunteers = access.offers(found)
    volunteer = _("%(name)s (volunteers)")
    context = {
        "round": found,
        "rows": rows,
        "without": sum(1 for row in rows if not row.trusted),
        # The choices once, not once per row that offers them; volunteers first.
        "adults": [
            (
                str(adult.uuid),
                volunteer % {"name": adult.full_name} if adult.pk in volunteers else adult.full_name,
            )
            for adult in sorted(adults, key=lambda a: a.pk not in volunteers)
        ],
        "ways": HOW_CHOICES,
    }
    return render(request, "mapping/map.html", context)


@require_POST
@staff_view(*MAP_ROLES)
def set_champion(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    found = access.get_map_round(actor, uuid)
    form = ChampionForm(request.POST, adults=access.school_adults(found.school_id))
    child_uuid = _uuid(request.POST.get("child"))
    if not form.is_valid() or child_uuid is None:
        messages.error(request, _("Choose a child and a colleague."))
        return redirect("mapping:map", uuid=found.uuid)
    try:
        services.set_champion(
            actor,
            found.uuid,
            child_uuid,
            form.cleaned_data["champion"].uuid,
            volunteered=form.cleaned_data["how"] == "volunteered",
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The champion is recorded. They find a short guide on their home page."))
    return redirect("mapping:map", uuid=found.uuid)


@require_http_methods(["GET", "POST"])
@staff_view(*MARKER_ROLES)
def champion(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The champion's page: the short guide, and the check-ins at 4 weeks and 2 months."""
    actor = request.actor
    found = access.get_my_champion(actor, uuid)
    status = 200
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                services.write_check_in(
                    actor, found.uuid, form.cleaned_data["due"], form.cleaned_data["note"]
                )
            except Refused as refused:
                messages.error(request, refused.message)
                status = 400
            else:
                messages.success(request, _("Thank you. Your check-in is saved."))
                return redirect("mapping:champion", uuid=found.uuid)
        else:
            status = 400
            messages.error(request, _("Keep the note to one line."))
    day = today()
    written = {check.due: check for check in found.check_ins.all()}
    check_ins = [
        {
            "key": key,
            "label": CheckIn.Due(key).label,
            "due_on": found.due_on(key),
            "due": found.due_on(key) <= day,
            "written": written.get(key),
            "form": CheckInForm(initial={"due": key, "note": written[key].note if key in written else ""}),
        }
        for key in CHECK_IN_AFTER
    ]
    context = {"champion": found, "check_ins": check_ins}
    return render(request, "mapping/champion.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def settings(request: StaffHttpRequest) -> HttpResponse:
    actor = request.actor
    current = access.settings_for(actor.current_school.pk)
    form = SettingsForm(
        request.POST or None, initial={"show_answers_to_named_adults": current.show_answers_to_named_adults}
    )
    if request.method == "POST" and form.is_valid():
        services.update_settings(actor, **form.cleaned_data)
        messages.success(request, _("The relationship mapping settings are saved."))
        return redirect("mapping:settings")
    return render(request, "mapping/settings.html", {"form": form, "school": actor.school})


@require_GET
@staff_view(board=True)
def board(request: StaffHttpRequest) -> HttpResponse:
    """The board sees counts only: per school, the children with and without a trusted adult in the
    latest round; small counts suppressed."""
    schools = list(school_access.board_schools(request.actor).order_by("name"))
    known = frozenset(s.pk for s in request.actor.schools)
    with school_scope(schools):
        rows = counts.board_rows(schools, known)
    return render(request, "mapping/board.html", {"rows": rows})
