"""Every change to a constellation: each checks access, runs in a transaction and writes the audit row."""

import math
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.constellations import rules
from onderstroom.constellations.access import get_child_group
from onderstroom.constellations.models import (
    LABEL_MAX,
    Constellation,
    Emotion,
    Event,
    Figure,
    Note,
    Shape,
)
from onderstroom.core.inputs import bounded_float
from onderstroom.schools.access import Actor, ChildActor, StaffActor
from onderstroom.schools.models import Child, Enrollment, Group

MAX_FIGURES = 45  # a class of 32 and its teacher, or a child and everybody who matters
# The audit code of each kind of move on a board, written out so that each has its label.
FIGURE_ACTIONS: dict[str, str] = {
    Event.Type.PLACE: "constellations.figure.place",
    Event.Type.MOVE: "constellations.figure.move",
    Event.Type.TURN: "constellations.figure.turn",
    Event.Type.EMOTION: "constellations.figure.emotion",
}


class BoardError(ValueError):
    """Input the board cannot use; the message is shown to the user and nothing is changed."""


@dataclass(frozen=True)
class EventResult:
    figure: Figure
    event: Event
    version: int
    stored: bool  # False when the same client_id was sent before and nothing new was stored


@dataclass(frozen=True)
class Move:
    """What the device asks for; values are checked here, not trusted."""

    figure: str
    type: str
    x: Any = None
    y: Any = None
    angle: Any = None
    emotion: Any = ""
    client_id: str = ""


# --- creating --------------------------------------------------------------------------------


def _require_teacher(actor: Actor, group: Group) -> StaffActor:
    if not isinstance(actor, StaffActor) or not actor.teaches(group):
        raise Http404
    return actor


def _clean_field(field_name: str, shape: str) -> tuple[str, str]:
    field_name = field_name.strip()
    if not field_name:
        raise BoardError(_("Give the field a name, for example “our class as it feels”."))
    if len(field_name) > (Constellation._meta.get_field("field_name").max_length or 0):
        raise BoardError(_("The name of the field is too long."))
    if shape not in Shape.values:
        raise BoardError(_("Choose a round or a square cloth."))
    return field_name, shape


@transaction.atomic
def create_class_constellation(actor: Actor, group: Group, field_name: str, shape: str) -> Constellation:
    """The teacher's figure first, then one figure per child of the group, in class-list order."""
    staff = _require_teacher(actor, group)
    field_name, shape = _clean_field(field_name, shape)
    figures = class_figures(group, staff.user)
    if len(figures) == 1:
        raise BoardError(_("This group has no pupils yet."))
    constellation = Constellation.objects.create(
        school=group.school,
        kind=Constellation.Kind.CLASS,
        group=group,
        field_name=field_name,
        shape=shape,
        created_by=staff.user,
    )
    save_figures(constellation, figures)
    log.record(staff, "constellations.class.create", obj=constellation, details={"figures": len(figures)})
    return constellation


def class_figures(group: Group, teacher: User) -> list[Figure]:
    """A class board's figures, not saved yet: the teacher's first, then one per child in class-list order."""
    children = [
        e.child
        for e in Enrollment.objects.filter(group=group)
        .select_related("child")
        .order_by("child__surname", "child__first_name")
    ]
    return [
        Figure(kind=Figure.Kind.STAFF, user=teacher),
        *(Figure(kind=Figure.Kind.CHILD, child=child) for child in children),
    ]


def _clean_labels(labels: list[str]) -> list[str]:
    cleaned = [label.strip() for label in labels if label.strip()]
    if any(len(label) > LABEL_MAX for label in cleaned):
        raise BoardError(_("A name on a figure can be at most %(max)d characters.") % {"max": LABEL_MAX})
    return cleaned


@transaction.atomic
def create_personal_constellation(
    actor: Actor,
    child: Child,
    *,
    field_name: str,
    shape: str,
    classmates: list[Child],
    include_me: bool,
    family: list[str],
    others: list[str],
) -> Constellation:
    """One child with the teacher or care coordinator: the child, and whoever matters to them."""
    if not isinstance(actor, StaffActor):
        raise Http404
    group = get_child_group(actor, child)
    field_name, shape = _clean_field(field_name, shape)
    family, others = _clean_labels(family), _clean_labels(others)
    figures = personal_figures(child, classmates, actor.user if include_me else None, family, others)
    if len(figures) > MAX_FIGURES:
        raise BoardError(_("A board holds at most %(max)d figures.") % {"max": MAX_FIGURES})
    constellation = Constellation.objects.create(
        school=group.school,
        kind=Constellation.Kind.PERSONAL,
        group=group,
        child=child,
        field_name=field_name,
        shape=shape,
        created_by=actor.user,
    )
    save_figures(constellation, figures)
    log.record(
        actor,
        "constellations.personal.create",
        child=child,
        obj=constellation,
        details={"figures": len(figures)},
    )
    return constellation


def personal_figures(
    child: Child, classmates: list[Child], staff: User | None, family: list[str], others: list[str]
) -> list[Figure]:
    """A personal board's figures, not saved yet: the child first, then classmates, staff, family, others."""
    figures = [Figure(kind=Figure.Kind.CHILD, child=child)]
    figures += [Figure(kind=Figure.Kind.CHILD, child=c) for c in classmates if c.pk != child.pk]
    if staff is not None:
        figures.append(Figure(kind=Figure.Kind.STAFF, user=staff))
    figures += [Figure(kind=Figure.Kind.FAMILY, label=label) for label in family]
    figures += [Figure(kind=Figure.Kind.OTHER, label=label) for label in others]
    return figures


def save_figures(constellation: Constellation, figures: list[Figure], start: int = 0) -> list[Figure]:
    """Put new figures on the board in the order given (the order turns are taken in)."""
    for order, figure in enumerate(figures, start=start):
        figure.school = constellation.school
        figure.constellation = constellation
        figure.order = order
    return Figure.objects.bulk_create(figures)


@transaction.atomic
def add_figure(
    actor: Actor, constellation: Constellation, *, kind: str, label: str = "", child: Child | None = None
) -> Figure:
    """A personal constellation grows as the conversation goes: someone else who matters joins the board."""
    constellation = _lock_for_staff(actor, constellation)
    if constellation.is_class:
        raise BoardError(_("A class constellation has one figure per child; figures cannot be added."))
    figures = list(constellation.figures.all())
    if len(figures) >= MAX_FIGURES:
        raise BoardError(_("A board holds at most %(max)d figures.") % {"max": MAX_FIGURES})
    figure = _new_figure(actor, kind, label, child, figures)
    save_figures(constellation, [figure], start=max(f.order for f in figures) + 1)
    _bump(constellation)
    log.record(
        actor,
        "constellations.figure.add",
        child=constellation.child,
        obj=constellation,
        details={"kind": kind},
    )
    return figure


def _new_figure(actor: Actor, kind: str, label: str, child: Child | None, existing: list[Figure]) -> Figure:
    if kind == Figure.Kind.CHILD:
        if child is None:
            raise BoardError(_("Choose a classmate."))
        if any(f.child_id == child.pk for f in existing):
            raise BoardError(_("This child already has a figure on the board."))
        return Figure(kind=kind, child=child)
    if kind == Figure.Kind.STAFF:
        assert isinstance(actor, StaffActor)
        if any(f.user_id == actor.user.pk for f in existing):
            raise BoardError(_("You already have a figure on the board."))
        return Figure(kind=kind, user=actor.user)
    if kind not in {Figure.Kind.FAMILY, Figure.Kind.OTHER}:
        raise BoardError(_("Choose what kind of figure to add."))
    cleaned = _clean_labels([label])
    if not cleaned:
        raise BoardError(_("Write who the figure is, for example “sister Lisa”."))
    return Figure(kind=kind, label=cleaned[0])


# --- the board -------------------------------------------------------------------------------


def _lock(constellation: Constellation) -> Constellation:
    """Re-read the constellation under a row lock: versions and event numbers never collide."""
    return Constellation.objects.select_for_update().get(pk=constellation.pk)


def _lock_for_staff(actor: Actor, constellation: Constellation) -> Constellation:
    if not rules.may_run(actor, constellation):
        raise PermissionDenied
    constellation = _lock(constellation)
    if not constellation.is_live:
        raise BoardError(_("This constellation is closed; it can only be replayed."))
    return constellation


def _bump(constellation: Constellation, *fields: str) -> None:
    constellation.version += 1
    constellation.save(update_fields=["version", *fields])


def teacher_placed(constellation: Constellation) -> bool:
    """Round one starts with the teacher's figure; a board without one never waits for it."""
    staff = constellation.figures.filter(kind=Figure.Kind.STAFF)
    return not staff.exists() or staff.filter(placed=True).exists()


def record_event(actor: Actor, constellation: Constellation, move: Move) -> EventResult:
    """Place, move, turn or give a feeling to one figure, if the server says this actor may."""
    if not isinstance(actor, StaffActor | ChildActor):
        raise Http404
    with transaction.atomic():
        constellation = _lock(constellation)
        figure_uuid = _uuid_or_none(move.figure)
        figure = (
            constellation.figures.select_related("child").filter(uuid=figure_uuid).first()
            if figure_uuid
            else None
        )
        if figure is None:
            raise Http404
        if move.client_id and (earlier := constellation.events.filter(client_id=move.client_id).first()):
            return EventResult(figure=figure, event=earlier, version=constellation.version, stored=False)
        kind = _event_type(move.type, figure)
        allowed = rules.allowed_actions(
            actor, constellation, figure, teacher_placed=teacher_placed(constellation)
        )
        if kind not in allowed:
            raise PermissionDenied
        event = _store(actor, constellation, figure, kind, move)
    log.record(
        actor,
        FIGURE_ACTIONS[kind],
        child=figure.child,
        obj=constellation,
        details={"round": event.round, "figure_kind": figure.kind},
    )
    return EventResult(figure=figure, event=event, version=constellation.version, stored=True)


def _uuid_or_none(value: str) -> str | None:
    try:
        return str(UUID(str(value)))
    except ValueError:
        return None


def _event_type(requested: str, figure: Figure) -> str:
    """A device may say "place" for a figure another device placed a moment ago: it becomes a move."""
    if requested in {Event.Type.PLACE, Event.Type.MOVE}:
        return Event.Type.MOVE if figure.placed else Event.Type.PLACE
    if requested in {Event.Type.TURN, Event.Type.EMOTION}:
        return requested
    raise BoardError(_("Unknown action on the board."))


def _store(actor: Actor, constellation: Constellation, figure: Figure, kind: str, move: Move) -> Event:
    event = next_event(actor, constellation, figure, kind, move)
    figure.save(update_fields=["x", "y", "placed", "angle", "emotion", "moved_by_staff"])
    event.save()
    if kind == Event.Type.PLACE and turn_passes(constellation, figure):
        waiting = constellation.figures.filter(kind=Figure.Kind.CHILD, placed=False).order_by("order", "pk")
        constellation.turn = next_turn(list(waiting), figure)
    _bump(constellation, "event_count", "turn")
    return event


def next_event(actor: Actor, constellation: Constellation, figure: Figure, kind: str, move: Move) -> Event:
    """The event one allowed step makes, numbered next; the figure and the count change to match.

    Nothing is saved: `_store` saves it for the board, the demo saves whole sessions at once.
    """
    event = Event(
        school=constellation.school,
        constellation=constellation,
        figure=figure,
        type=kind,
        round=constellation.round,
        client_id=str(move.client_id or "")[:64],
        by_user=actor.user if isinstance(actor, StaffActor) else None,
        by_child=actor.child if isinstance(actor, ChildActor) else None,
    )
    if kind in {Event.Type.PLACE, Event.Type.MOVE}:
        event.x, event.y = clean_point(move.x, move.y, constellation.shape)
        figure.x, figure.y, figure.placed = event.x, event.y, True
    elif kind == Event.Type.TURN:
        event.angle = figure.angle = clean_angle(move.angle)
    else:
        event.emotion = figure.emotion = clean_emotion(move.emotion)
    figure.moved_by_staff = isinstance(actor, StaffActor)
    constellation.event_count += 1
    event.sequence = constellation.event_count
    return event


def clean_point(x: Any, y: Any, shape: str) -> tuple[float, float]:
    """A position on the field; on a round cloth a point beyond the rim is drawn back onto it."""
    x, y = bounded_float(x, -math.inf, math.inf), bounded_float(y, -math.inf, math.inf)
    if x is None or y is None:
        raise BoardError(_("The position on the board is missing or not a number."))
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise BoardError(_("The position lies outside the board."))
    if shape == Shape.ROUND:
        dx, dy = x - 0.5, y - 0.5
        reach = math.hypot(dx, dy)
        if reach > 0.5:
            x, y = 0.5 + dx * 0.5 / reach, 0.5 + dy * 0.5 / reach
    return round(min(max(x, 0.0), 1.0), 4), round(min(max(y, 0.0), 1.0), 4)


def clean_angle(angle: Any) -> int:
    value = bounded_float(angle, -math.inf, math.inf)
    if value is None:
        raise BoardError(_("The direction is missing or not a number."))
    return round(value) % 360


def clean_emotion(emotion: Any) -> str:
    value = str(emotion or "")
    if value and value not in Emotion.values:
        raise BoardError(_("Choose scared, angry, sad, happy or no feeling."))
    return value


def turn_passes(constellation: Constellation, placed: Figure) -> bool:
    """In round one of a class board, placing the figure whose turn it was passes the turn on."""
    if not constellation.is_class or constellation.round != 1:
        return False
    return constellation.turn_id in {None, placed.pk}


def next_turn(waiting: list[Figure], placed: Figure) -> Figure | None:
    """The next child after `placed` whose figure is still waiting (`waiting` in class-list order)."""
    after = [f for f in waiting if f.order > placed.order]
    candidates = after or waiting
    return candidates[0] if candidates else None


@transaction.atomic
def give_turn(actor: Actor, constellation: Constellation, figure_uuid: str) -> Constellation:
    """The teacher picks whose turn it is to place their figure (round one)."""
    constellation = _lock_for_staff(actor, constellation)
    if not constellation.is_class or constellation.round != 1:
        raise BoardError(_("Children take turns only in round one."))
    wanted = _uuid_or_none(figure_uuid)
    figure = constellation.figures.filter(uuid=wanted, kind=Figure.Kind.CHILD).first() if wanted else None
    if figure is None:
        raise BoardError(_("Choose a child."))
    if figure.placed:
        raise BoardError(_("This child's figure is already on the board."))
    constellation.turn = figure
    _bump(constellation, "turn")
    log.record(actor, "constellations.turn.give", child=figure.child, obj=constellation)
    return constellation


@transaction.atomic
def start_round_two(actor: Actor, constellation: Constellation) -> Constellation:
    constellation = _lock_for_staff(actor, constellation)
    if not constellation.is_class or constellation.round != 1:
        raise BoardError(_("Round two follows round one of a class constellation."))
    constellation.round = 2
    constellation.turn = None
    _bump(constellation, "round", "turn")
    log.record(actor, "constellations.round.two", obj=constellation)
    return constellation


@transaction.atomic
def close(actor: Actor, constellation: Constellation) -> Constellation:
    """Finished: from now on only the group's teachers and care coordinator see it, as a replay."""
    constellation = _lock_for_staff(actor, constellation)
    constellation.closed_at = timezone.now()
    constellation.turn = None
    _bump(constellation, "closed_at", "turn")
    log.record(
        actor, "constellations.close", obj=constellation, details={"events": constellation.event_count}
    )
    return constellation


@transaction.atomic
def add_note(actor: Actor, constellation: Constellation, kind: str, text: str) -> Note:
    """A question asked or a note made, kept with the session at the step the board was at."""
    if not rules.may_run(actor, constellation):
        raise PermissionDenied
    assert isinstance(actor, StaffActor)
    text = text.strip()
    if not text:
        raise BoardError(_("Write the question or note first."))
    if len(text) > (Note._meta.get_field("text").max_length or 0):
        raise BoardError(_("A note can be at most 2000 characters."))
    if kind not in Note.Kind.values:
        raise BoardError(_("Choose question or note."))
    constellation = _lock(constellation)
    note = Note.objects.create(
        school=constellation.school,
        constellation=constellation,
        author=actor.user,
        kind=kind,
        text=text,
        at_step=constellation.event_count,
    )
    log.record(actor, "constellations.note.add", child=constellation.child, obj=constellation)
    return note
