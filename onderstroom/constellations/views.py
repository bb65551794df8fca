"""Screens of the constellations: the board (staff and child), its JSON, replay, comparison over time
and next to the sociogram.

Views parse input, call `services` or the read helpers, and render. The board's JSON
endpoints answer the board script; the same event endpoint also takes the plain
button form, so the board works without JavaScript.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.audit import log
from onderstroom.childsessions.models import ClassSession
from onderstroom.childsessions.services import current_session
from onderstroom.constellations import alongside, describe, rules, services, timeline
from onderstroom.constellations import board as boards
from onderstroom.constellations.access import (
    ACTIVITY_KEY,
    get_child_constellation,
    get_child_group,
    get_constellation,
    visible_constellations,
)
from onderstroom.constellations.forms import (
    EMOTION_CHOICES,
    AddFigureForm,
    ClassConstellationForm,
    NoteForm,
    PersonalConstellationForm,
    move_from_buttons,
)
from onderstroom.constellations.models import Constellation, Figure
from onderstroom.core import dates
from onderstroom.core.forms import Pick, PickForm
from onderstroom.core.htmx import is_htmx, render_page
from onderstroom.core.inputs import BadInput, bounded_int, read_json
from onderstroom.schools import access
from onderstroom.schools.access import (
    ActorHttpRequest,
    ChildActor,
    ChildHttpRequest,
    StaffActor,
    StaffHttpRequest,
    child_view,
    staff_view,
)
from onderstroom.schools.models import Child, Enrollment, Group, Role
from onderstroom.sociogram import api as sociogram_api

GROUP_STAFF = (Role.TEACHER, Role.CARE)
MAX_COUNT = 10**18  # beyond any board version or replay step


# --- lists and creating -----------------------------------------------------------------------


def _group_children(group: Group) -> list[Child]:
    return [
        e.child
        for e in Enrollment.objects.filter(group=group)
        .select_related("child")
        .order_by("child__surname", "child__first_name")
    ]


def _render_group_list(
    request: StaffHttpRequest, group: Group, form: ClassConstellationForm, status: int = 200
) -> HttpResponse:
    actor = request.actor
    constellations = list(
        visible_constellations(actor).filter(group=group).annotate(figure_count=Count("figures"))
    )
    children = _group_children(group)
    log.record_reads(
        actor, "constellations.list.view", [c.child for c in constellations if c.child], obj=group
    )
    context = {
        "group": group,
        "constellations": constellations,
        "children": children,
        "form": form,
        "is_teacher": actor.teaches(group),
        "class_count": sum(1 for c in constellations if c.is_class),
    }
    return render(request, "constellations/group_list.html", context, status=status)


@require_GET
@staff_view(*GROUP_STAFF)
def group_list(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    group = access.get_visible_group(request.actor, uuid)
    form = ClassConstellationForm(initial={"field_name": _("Our class as it feels")})
    return _render_group_list(request, group, form)


@require_POST
@staff_view(Role.TEACHER)
def new_class(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    group = access.get_teacher_group(request.actor, uuid)
    form = ClassConstellationForm(request.POST)
    if form.is_valid():
        try:
            constellation = services.create_class_constellation(
                request.actor, group, form.cleaned_data["field_name"], form.cleaned_data["shape"]
            )
        except services.BoardError as error:
            form.add_error(None, str(error))
        else:
            return redirect("constellations:board", constellation.uuid)
    return _render_group_list(request, group, form, status=400)


@require_http_methods(["GET", "POST"])
@staff_view(*GROUP_STAFF)
def new_personal(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    child = access.read_child(actor, uuid, action="constellations.personal.prepare")
    group = get_child_group(actor, child)
    classmates = [c for c in _group_children(group) if c.pk != child.pk]
    data = request.POST if request.method == "POST" else None
    initial = {"field_name": _("The people around me"), "include_me": True}
    form = PersonalConstellationForm(data, initial=initial, classmates=classmates)
    if data is not None and form.is_valid():
        try:
            constellation = services.create_personal_constellation(
                actor,
                child,
                field_name=form.cleaned_data["field_name"],
                shape=form.cleaned_data["shape"],
                classmates=list(form.cleaned_data["classmates"]),
                include_me=form.cleaned_data["include_me"],
                family=form.cleaned_data["family"],
                others=form.cleaned_data["others"],
            )
        except services.BoardError as error:
            form.add_error(None, str(error))
        else:
            return redirect("constellations:board", constellation.uuid)
    status = 400 if data is not None else 200
    context = {"child": child, "group": group, "form": form}
    return render(request, "constellations/new_personal.html", context, status=status)


# --- the board --------------------------------------------------------------------------------


def _board_context(constellation: Constellation, view: boards.BoardView) -> dict[str, Any]:
    return {
        "constellation": constellation,
        "board": view,
        "regions": describe.region_words(),
        "directions": describe.direction_words(),
        "emotions": EMOTION_CHOICES,
        "emotion_words": boards.emotion_words(),
    }


@require_GET
@staff_view(*GROUP_STAFF)
def board(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The board as the teacher runs it (and the classroom screen shows it) while it is being made."""
    actor: StaffActor = request.actor
    constellation = get_constellation(actor, uuid)
    if not constellation.is_live:
        # The classroom screen may still show this page: once closed, it shows nobody's figure.
        return render(request, "constellations/closed.html", {"constellation": constellation})
    figures = boards.load_figures(constellation)
    view = boards.build(actor, constellation, figures)
    log.record_reads(
        actor, "constellations.board.view", [f.child for f in figures if f.child], obj=constellation
    )
    _remember_board(request, constellation, figures, view)
    group_children = _group_children(constellation.group)
    context = _board_context(constellation, view)
    context.update(
        {
            "may_run": rules.may_run(actor, constellation),
            "status": boards.status_for_staff(view),
            "waiting_children": [f for f in view.figures if f.kind == Figure.Kind.CHILD and not f.placed],
            "note_form": NoteForm(),
            "add_form": AddFigureForm(classmates=group_children),
            "note_count": constellation.notes.count(),
            "join_session": _join_session(constellation),
        }
    )
    return render(request, "constellations/board.html", context)


def _join_session(constellation: Constellation) -> ClassSession | None:
    """The group's open class session, if the teacher opened it for this board."""
    session = current_session(constellation.group)
    if session and session.activity == ACTIVITY_KEY and session.activity_object == str(constellation.uuid):
        return session
    return None


def _since(request: HttpRequest) -> int | None:
    return bounded_int(request.GET.get("since"), 0, MAX_COUNT)


def _shown(
    constellation: Constellation, figures: list[Figure], view: boards.BoardView, as_json: list[dict[str, Any]]
) -> list[tuple[Child, Any]]:
    """Each child the board's JSON is about, with what it shows of them: their figure (position,
    feeling, description); on a personal board its child, with every figure."""
    by_figure = {figure.pk: data for figure, data in zip(view.figures, as_json, strict=True)}
    shown: dict[int, tuple[Child, Any]] = {
        f.child.pk: (f.child, by_figure[f.pk]) for f in figures if f.child is not None and f.pk in by_figure
    }
    if constellation.child is not None:
        shown.setdefault(constellation.child.pk, (constellation.child, as_json))
    return list(shown.values())


def _remember_board(
    request: HttpRequest, constellation: Constellation, figures: list[Figure], view: Any
) -> None:
    """The board page audited every child: its polls start from what the page showed."""
    as_json = view.as_json()["figures"]
    for figure, data in zip(view.figures, as_json, strict=True):
        data["description"] = figure.description
    log.remember_shown(request, constellation, _shown(constellation, figures, view, as_json))


def _state_response(request: ActorHttpRequest, constellation: Constellation) -> HttpResponse:
    """The board as JSON; 204 when nothing changed since the version the device already has.

    A closed board answers without its figures: its page shows nobody's figure any more (the
    script reloads it on `live: false`), and a replay has its own page. An answer with figures
    writes one read row per child whose figure it holds (one insert)."""
    if _since(request) == constellation.version:
        return HttpResponse(status=204)
    if not constellation.is_live:
        return JsonResponse(
            {
                "version": constellation.version,
                "kind": constellation.kind,
                "live": False,
                "figures": [],
                "message": _("This constellation is closed. It can be replayed step by step."),
            }
        )
    figures = boards.load_figures(constellation)
    view = boards.build(request.actor, constellation, figures)
    data = view.as_json()
    if isinstance(request.actor, ChildActor):
        data["message"] = boards.instruction_for_child(view)
    else:
        data["message"] = boards.status_for_staff(view)
    for figure, as_json in zip(view.figures, data["figures"], strict=True):
        as_json["description"] = figure.description
    # Polls refresh a board whose page view was audited per child; an answer with data writes a
    # read row per child whose position, feeling or description changed since this viewer's last
    # audited read of the board (docs/ARCHITECTURE.md, the audit log), not one per child per poll.
    shown = _shown(constellation, figures, view, data["figures"])
    log.record_reads_on_change(request, request.actor, "constellations.state.view", constellation, shown)
    return JsonResponse(data)


@require_GET
@staff_view(*GROUP_STAFF)
def state(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    return _state_response(request, get_constellation(request.actor, uuid))


def _wants_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json"


def _json_move(request: HttpRequest) -> services.Move:
    data = read_json(request)
    if not isinstance(data, dict):
        raise services.BoardError(_("The request could not be read."))
    return services.Move(
        figure=str(data.get("figure", "")),
        type=str(data.get("type", "")),
        x=data.get("x"),
        y=data.get("y"),
        angle=data.get("angle"),
        emotion=data.get("emotion", ""),
        client_id=str(data.get("client_id", ""))[:64],
    )


def _button_move(constellation: Constellation, data: dict[str, str]) -> services.Move:
    try:
        figure_uuid = UUID(data.get("figure", ""))
    except ValueError:
        raise Http404 from None
    figure = constellation.figures.filter(uuid=figure_uuid).first()
    return move_from_buttons(figure, data)


def _event_response(request: ActorHttpRequest, constellation: Constellation, back: str) -> HttpResponse:
    """Store one step from the board script (JSON) or the button form, then answer in kind."""
    as_json = _wants_json(request)
    try:
        move = _json_move(request) if as_json else _button_move(constellation, request.POST.dict())
        services.record_event(request.actor, constellation, move)
    except BadInput as bad:
        return bad.response()
    except services.BoardError as error:
        if as_json:
            return JsonResponse({"error": str(error)}, status=400)
        messages.error(request, str(error))
        return redirect(back)
    except PermissionDenied:
        if as_json:
            return JsonResponse({"error": _("You may not move this figure now.")}, status=403)
        raise
    except Http404:
        if as_json:
            return JsonResponse({"error": _("This figure is not on this board.")}, status=404)
        raise
    if as_json:
        constellation.refresh_from_db()
        return _state_response(request, constellation)
    return redirect(back)


@require_POST
@staff_view(*GROUP_STAFF)
def event(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    constellation = get_constellation(request.actor, uuid)
    return _event_response(request, constellation, reverse("constellations:board", args=[uuid]))


def _run(request: ActorHttpRequest, uuid: UUID, action: Any, success: str | None = None) -> HttpResponse:
    """Run a staff action from a form on the board, then go back to the board with its outcome."""
    constellation = get_constellation(request.actor, uuid)
    try:
        action(constellation)
    except services.BoardError as error:
        messages.error(request, str(error))
    else:
        if success:
            messages.success(request, success)
    return redirect("constellations:board", uuid)


@require_POST
@staff_view(Role.TEACHER)
def give_turn(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    figure = request.POST.get("figure", "")
    return _run(request, uuid, lambda c: services.give_turn(request.actor, c, figure))


@require_POST
@staff_view(Role.TEACHER)
def round_two(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    return _run(
        request,
        uuid,
        lambda c: services.start_round_two(request.actor, c),
        _("Round two has started: the children may now move and turn their figure."),
    )


@require_POST
@staff_view(*GROUP_STAFF)
def close(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    constellation = get_constellation(request.actor, uuid)
    try:
        services.close(request.actor, constellation)
    except services.BoardError as error:
        messages.error(request, str(error))
    return redirect("constellations:board", uuid)


@require_POST
@staff_view(*GROUP_STAFF)
def add_figure(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    constellation = get_constellation(request.actor, uuid)
    form = AddFigureForm(request.POST, classmates=_group_children(constellation.group))
    if not form.is_valid():
        messages.error(request, _("Choose who the figure is for."))
        return redirect("constellations:board", uuid)
    data = form.cleaned_data
    return _run(
        request,
        uuid,
        lambda c: services.add_figure(
            request.actor, c, kind=data["kind"], label=data["label"], child=data["child"]
        ),
        _("The figure is waiting under the board."),
    )


@require_POST
@staff_view(*GROUP_STAFF)
def add_note(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    constellation = get_constellation(request.actor, uuid)
    back = "constellations:replay" if request.POST.get("back") == "replay" else "constellations:board"
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the question or note first."))
        return redirect(back, uuid)
    try:
        services.add_note(request.actor, constellation, form.cleaned_data["kind"], form.cleaned_data["text"])
    except services.BoardError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Kept with the session."))
    return redirect(back, uuid)


# --- replay and comparison ------------------------------------------------------------------


def _step(request: HttpRequest, total: int) -> int:
    step = bounded_int(request.GET.get("step"), -MAX_COUNT, MAX_COUNT)
    return total if step is None else min(max(step, 0), total)


@require_GET
@staff_view(*GROUP_STAFF)
def replay(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Any session, step by step: the board at a step, what happened, the notes, and what it shows."""
    actor: StaffActor = request.actor
    constellation = get_constellation(actor, uuid)
    story = timeline.load(constellation)
    step = _step(request, story.total)
    if is_htmx(request):
        # A step of a replay page already audited per child: one row for the step.
        log.record(actor, "constellations.replay.step", obj=constellation, details={"step": step})
    else:
        log.record_reads(actor, "constellations.replay.view", story.children, obj=constellation)
    context = {
        "constellation": constellation,
        "story": story,
        "step": step,
        "moment": story.moment(actor, step),
        "round_changes": story.round_changes(actor),
        "may_run": rules.may_run(actor, constellation),
        "note_form": NoteForm(),
        "emotion_words": boards.emotion_words(),
    }
    return render_page(request, "constellations/replay.html", context, partial="stage")


@require_GET
@staff_view(*GROUP_STAFF)
def compare(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Class constellations of one group side by side: who stands where then and now."""
    actor = request.actor
    group = access.get_visible_group(actor, uuid)
    sessions = list(
        visible_constellations(actor)
        .filter(group=group, kind=Constellation.Kind.CLASS, events__isnull=False)
        .distinct()
        .order_by("created_at")
    )
    before, after = timeline.pick_pair(sessions, request.GET.get("before"), request.GET.get("after"))
    comparison = timeline.compare(actor, before, after) if before and after else None
    if comparison:
        log.record_reads(actor, "constellations.compare.view", comparison.children, obj=group)
    options = [
        (str(c.uuid), f"{dates.when(c.created_at, 'short_moment')} · {c.field_name}") for c in sessions
    ]
    picks = [
        Pick("before", _("Then"), options, str(before.uuid) if before else "", id="compare-before"),
        Pick("after", _("Now"), options, str(after.uuid) if after else "", id="compare-after"),
    ]
    context = {
        "group": group,
        "sessions": sessions,
        "form": PickForm(picks),
        "before": before,
        "after": after,
        "comparison": comparison,
    }
    return render(request, "constellations/compare.html", context)


@require_GET
@staff_view(*GROUP_STAFF)
def next_to_sociogram(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """A class constellation's final board next to the sociogram of a peer survey of the same group."""
    actor: StaffActor = request.actor
    constellation = get_constellation(actor, uuid)
    if not constellation.is_class:
        raise Http404
    group = constellation.group
    story = timeline.load(constellation)
    moment = story.moment(actor, story.total)
    surveys = sociogram_api.group_surveys(actor, group)
    survey = alongside.pick_survey(surveys, request.GET.get("survey"), constellation.created_at)
    found = sociogram_api.load_results(survey) if survey else None
    on_board = {f.pk for f in moment.board.figures}
    children = {boards.figure_key(f): f.child for f in story.figures if f.child and f.pk in on_board}
    peers: dict[str, alongside.Peer] = {}
    if found:
        for result in found.rows:
            key = f"child:{result.child.uuid}"
            children[key] = result.child
            peers[key] = alongside.Peer(
                name=result.name,
                status=result.status,
                chosen_by=result.chosen_by,
                mutual=result.mutual,
                answered=result.finished,
            )
    rows = alongside.pair(
        moment.board.poses,
        peers,
        # The survey's own participation rule: below it, nobody stands out in the survey.
        survey_answered=bool(found and found.participation.enough),
        names={key: child.full_name for key, child in children.items()},
    )
    log.record_reads(actor, "constellations.sociogram.view", list(children.values()), obj=constellation)
    board_day = timezone.localtime(constellation.created_at).date()
    survey_day = timezone.localtime(survey.created_at).date() if survey else None
    context = {
        "constellation": constellation,
        "group": group,
        "board": moment.board,
        "surveys": surveys,
        "form": PickForm(
            [
                Pick(
                    "survey",
                    _("Peer survey"),
                    [
                        (str(s.uuid), _answered_label(sociogram_api.survey_choice_label(s), s.answered))
                        for s in surveys
                    ],
                    str(survey.uuid) if survey else "",
                    id="alongside-survey",
                )
            ]
        ),
        "survey": survey,
        "results": found,
        "sociogram": sociogram_api.sociogram_svg(found) if found else "",
        "rows": rows,
        "same_way": [row for row in rows if row.same_way],
        "board_day": board_day,
        "survey_day": survey_day,
        "days_apart": alongside.days_apart(board_day, survey_day) if survey_day else None,
        "is_teacher": actor.teaches(group),
    }
    # Names children and how classmates see them: never cached, like the survey's own results.
    return render(request, "constellations/next_to_sociogram.html", context)


def _answered_label(label: str, answered: int) -> str:
    """A peer survey to choose: its date and how many children answered it."""
    return f"{label} · " + ngettext(
        "%(counter)s child answered", "%(counter)s children answered", answered
    ) % {"counter": answered}


# --- the child's side -----------------------------------------------------------------------


@require_GET
@child_view
def child_board(request: ChildHttpRequest, uuid: UUID) -> HttpResponse:
    """The board on a child's own device, while the class makes it; the child moves only their own figure."""
    actor: ChildActor = request.actor
    constellation = get_child_constellation(actor, uuid)
    view = boards.build(actor, constellation)
    log.record(actor, "constellations.child_board.view", child=actor.child, obj=constellation)
    context = _board_context(constellation, view)
    context.update(
        {
            "instruction": boards.instruction_for_child(view),
            "mine": next((f for f in view.figures if f.mine), None),
        }
    )
    return render(request, "constellations/child_board.html", context)


@require_GET
@child_view
def child_state(request: ChildHttpRequest, uuid: UUID) -> HttpResponse:
    return _state_response(request, get_child_constellation(request.actor, uuid))


@require_POST
@child_view
def child_event(request: ChildHttpRequest, uuid: UUID) -> HttpResponse:
    constellation = get_child_constellation(request.actor, uuid)
    return _event_response(request, constellation, reverse("constellations:child_board", args=[uuid]))
