"""What a board shows one actor: figures with labels, positions on the drawing, and what the actor may do.

The same view model feeds the server-drawn SVG (which works without JavaScript), the
JSON the board script polls, and the replay. The drawing's geometry lives here only;
the script reads it from data attributes on the SVG.
"""

import copy
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onderstroom.constellations import rules
from onderstroom.constellations.describe import direction_of, region_of
from onderstroom.constellations.measures import Pose, Role
from onderstroom.constellations.models import Constellation, Emotion, Event, Figure, Shape
from onderstroom.constellations.replay import FigureState, stored_state
from onderstroom.schools.access import Actor, ChildActor, StaffActor

FIELD_ORIGIN = 40  # the field's 0..1 maps onto 40..960 of the drawing
FIELD_SPAN = 920
FIELD_HEIGHT = 1000
TRAY_COLUMNS = 9
TRAY_STEP_X = 108
TRAY_STEP_Y = 100
TRAY_LEFT = 68
TRAY_TOP = 1050
TRAY_LABEL = 9  # waiting figures stand close together: their names are cut short there

ROLES: dict[str, Role] = {
    Figure.Kind.CHILD: Role.CHILD,
    Figure.Kind.STAFF: Role.TEACHER,
    Figure.Kind.FAMILY: Role.FAMILY,
    Figure.Kind.OTHER: Role.OTHER,
}


def emotion_words() -> dict[str, str]:
    return {str(value): str(label) for value, label in Emotion.choices}


@dataclass(frozen=True)
class FigureView:
    pk: int
    id: str
    key: str
    label: str
    kind: str
    placed: bool
    x: float | None
    y: float | None
    angle: int | None
    emotion: str
    can: tuple[str, ...]
    mine: bool
    photo: str | None
    by_staff: bool
    slot: int
    then: tuple[str, ...] = ()  # what the actor may do once a waiting figure stands on the board

    @property
    def px(self) -> float:
        if self.placed and self.x is not None:
            return round(FIELD_ORIGIN + self.x * FIELD_SPAN, 1)
        return TRAY_LEFT + (self.slot % TRAY_COLUMNS) * TRAY_STEP_X

    @property
    def py(self) -> float:
        if self.placed and self.y is not None:
            return round(FIELD_ORIGIN + self.y * FIELD_SPAN, 1)
        return TRAY_TOP + (self.slot // TRAY_COLUMNS) * TRAY_STEP_Y

    @property
    def shown_label(self) -> str:
        """The name under the figure; in the tray, long names are cut short so they do not overlap."""
        if self.placed or len(self.label) <= TRAY_LABEL:
            return self.label
        return self.label[: TRAY_LABEL - 1] + "…"

    @property
    def initial(self) -> str:
        return self.label[:1].upper()

    @property
    def movable(self) -> bool:
        return bool(self.can)

    @property
    def role(self) -> str:
        return ROLES[self.kind]

    @property
    def description(self) -> str:
        """The figure in words: who, where, which way it looks, how it feels."""
        if not self.placed or self.x is None or self.y is None:
            return _("%(name)s: not on the board yet") % {"name": self.label}
        parts = [f"{self.label}: {region_of(self.x, self.y)}"]
        if self.angle is not None:
            parts.append(direction_of(self.angle))
        if self.emotion:
            parts.append(emotion_words()[self.emotion])
        if self.by_staff:
            parts.append(_("moved by the teacher"))
        return ", ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "placed": self.placed,
            "x": self.x,
            "y": self.y,
            "angle": self.angle,
            "emotion": self.emotion,
            "can": list(self.can),
            "then": list(self.then),
            "mine": self.mine,
            "photo": self.photo,
            "by_staff": self.by_staff,
            "slot": self.slot,
        }

    def as_pose(self, square: bool = False) -> Pose:
        assert self.x is not None
        assert self.y is not None
        return Pose(
            key=self.key,
            label=self.label,
            role=ROLES[self.kind],
            x=self.x,
            y=self.y,
            angle=self.angle,
            emotion=self.emotion,
            square=square,
        )


@dataclass(frozen=True)
class BoardView:
    constellation: Constellation
    figures: list[FigureView]
    tray_rows: int
    teacher_placed: bool = True
    turn_id: str | None = None  # the figure whose turn it is to be placed (round one)
    turn_label: str | None = None

    @property
    def view_height(self) -> int:
        return FIELD_HEIGHT + (self.tray_rows * TRAY_STEP_Y + 20 if self.tray_rows else 0)

    @property
    def geometry(self) -> dict[str, int]:
        """Handed to the board script as data attributes, so the drawing has one source."""
        return {
            "origin": FIELD_ORIGIN,
            "span": FIELD_SPAN,
            "field_height": FIELD_HEIGHT,
            "tray_left": TRAY_LEFT,
            "tray_top": TRAY_TOP,
            "tray_step_x": TRAY_STEP_X,
            "tray_step_y": TRAY_STEP_Y,
            "tray_columns": TRAY_COLUMNS,
            "tray_label": TRAY_LABEL,
        }

    @property
    def tray_height(self) -> int:
        return max(self.tray_rows, 1) * TRAY_STEP_Y + 8

    @property
    def placed(self) -> list[FigureView]:
        return [f for f in self.figures if f.placed]

    @property
    def movable(self) -> list[FigureView]:
        return [f for f in self.figures if f.can]

    @property
    def poses(self) -> list[Pose]:
        square = self.constellation.shape == Shape.SQUARE
        return [f.as_pose(square) for f in self.placed]

    def as_json(self) -> dict[str, Any]:
        c = self.constellation
        return {
            "version": c.version,
            "kind": c.kind,
            "round": c.round,
            "live": c.is_live,
            "turn": self.turn_id,
            "turn_label": self.turn_label,
            "field": {"name": c.field_name, "shape": c.shape},
            "tray_rows": self.tray_rows,
            "figures": [f.as_json() for f in self.figures],
        }


def figure_key(figure: Figure) -> str:
    """Who a figure stands for, the same across sessions: what comparisons over time match on."""
    if figure.kind == Figure.Kind.CHILD:
        assert figure.child is not None  # a child's figure always stands for a child
        return f"child:{figure.child.uuid}"
    if figure.kind == Figure.Kind.STAFF:
        return f"staff:{figure.user_id}"
    return f"{figure.kind}:{figure.label.casefold()}"


def labels_for(figures: Iterable[Figure]) -> dict[int, str]:
    """First names; two children with the same first name get their surname's initial as well."""
    figures = list(figures)
    first_names = Counter(f.child.first_name for f in figures if f.kind == Figure.Kind.CHILD and f.child)
    labels = {}
    for figure in figures:
        if figure.kind == Figure.Kind.CHILD:
            child = figure.child
            assert child is not None  # a child's figure always stands for a child
            label = child.first_name
            if first_names[child.first_name] > 1:
                label = f"{label} {child.surname[:1]}."
        elif figure.kind == Figure.Kind.STAFF:
            assert figure.user is not None  # a staff figure always stands for a user
            label = figure.user.full_name or pgettext("figure", "Teacher")
        else:
            label = figure.label
        labels[figure.pk] = label
    return labels


def load_figures(constellation: Constellation) -> list[Figure]:
    return list(constellation.figures.select_related("child", "user").order_by("order", "pk"))


def build(
    actor: Actor,
    constellation: Constellation,
    figures: list[Figure] | None = None,
    states: dict[int, FigureState] | None = None,
) -> BoardView:
    """The board as this actor may see it; with `states` (a replay) figures stand where the replay puts them.

    A child sees the figures on the board and their own; staff also see the waiting figures
    (a replay shows only what stood on the board at that step).
    """
    figures = load_figures(constellation) if figures is None else figures
    labels = labels_for(figures)
    teacher_placed = any(f.placed for f in figures if f.kind == Figure.Kind.STAFF) or not any(
        f.kind == Figure.Kind.STAFF for f in figures
    )
    is_child = isinstance(actor, ChildActor)
    views = []
    for figure in figures:
        mine = isinstance(actor, ChildActor) and figure.child_id == actor.child.pk
        state = states.get(figure.pk, FigureState()) if states is not None else stored_state(figure)
        if not state.placed and (states is not None or (is_child and not mine)):
            continue
        can, then = ((), ()) if states is not None else _actions(actor, constellation, figure, teacher_placed)
        view = _view(actor, figure, labels[figure.pk], state, can, mine, slot=0)
        views.append(replace(view, then=then))
    views = _with_slots(views, tray=states is None)
    turn = next((f for f in figures if f.pk == constellation.turn_id), None)
    return BoardView(
        constellation=constellation,
        figures=views,
        tray_rows=_tray_rows(views),
        teacher_placed=teacher_placed,
        turn_id=str(turn.uuid) if turn else None,
        turn_label=labels[turn.pk] if turn else None,
    )


def _actions(
    actor: Actor, constellation: Constellation, figure: Figure, teacher_placed: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the actor may do now, and once the figure stands on the board.

    The second lets a device turn a figure it has just put down before the server has
    answered the placement; the server checks every step again anyway.
    """
    now = rules.allowed_actions(actor, constellation, figure, teacher_placed=teacher_placed)
    then: frozenset[str] = frozenset()
    if Event.Type.PLACE in now:
        standing = copy.copy(figure)
        standing.placed = True
        then = rules.allowed_actions(actor, constellation, standing, teacher_placed=teacher_placed)
    return tuple(sorted(now)), tuple(sorted(then))


def _tray_rows(views: list[FigureView]) -> int:
    """Room under the field for the waiting figures; the field itself never moves when it shrinks."""
    if all(v.placed for v in views):
        return 0
    if any(v.mine for v in views):
        return 1
    return math.ceil(len(views) / TRAY_COLUMNS)


def _view(
    actor: Actor, figure: Figure, label: str, state: FigureState, can: tuple[str, ...], mine: bool, slot: int
) -> FigureView:
    photo = None
    if (
        isinstance(actor, StaffActor)
        and figure.kind == Figure.Kind.CHILD
        and figure.child
        and figure.child.photo
    ):
        photo = reverse("schools:child_photo", args=[figure.child.uuid])
    return FigureView(
        pk=figure.pk,
        id=str(figure.uuid),
        key=figure_key(figure),
        label=label,
        kind=figure.kind,
        placed=state.placed,
        x=state.x,
        y=state.y,
        angle=state.angle,
        emotion=state.emotion,
        can=can,
        mine=mine,
        photo=photo,
        by_staff=state.by_staff and figure.kind == Figure.Kind.CHILD,
        slot=slot,
    )


def _with_slots(views: list[FigureView], *, tray: bool) -> list[FigureView]:
    """Waiting figures keep one place in the tray each: staff see every figure's slot, a child only theirs."""
    if not tray:
        return views
    if any(v.mine for v in views):
        return [replace(v, slot=TRAY_COLUMNS // 2) for v in views]
    return [replace(v, slot=i) for i, v in enumerate(views)]


def status_for_staff(board: BoardView) -> str:
    """One line above the board saying where the session stands and what comes next."""
    c = board.constellation
    if not c.is_live:
        return _("This constellation is closed. It can be replayed step by step.")
    if not c.is_class:
        return _("Place the figures as the child tells you, and move them as the conversation goes.")
    if c.round == 2:
        return _("Round two: the children may move and turn their own figure and choose a feeling.")
    if not board.teacher_placed:
        return _("Round one: place your own figure first.")
    if board.turn_label:
        return _("Round one: it is %(name)s's turn to place their figure.") % {"name": board.turn_label}
    if any(not f.placed for f in board.figures):
        return _("Round one: choose whose turn it is.")
    return _("Round one: every figure is on the board. Start round two when the class is ready.")


def instruction_for_child(board: BoardView) -> str:
    """What the child on their own device reads (or hears read aloud) above the board."""
    c = board.constellation
    mine = next((f for f in board.figures if f.mine), None)
    if not c.is_live or mine is None:
        return _("Thank you! The board is finished.")
    if c.round == 2:
        if not mine.placed:
            return _("Round two: you may still put your figure on the board.")
        return _("Round two: you may move your figure, turn it to where it looks, and choose a feeling.")
    if mine.placed:
        others = sum(1 for f in board.figures if f.placed and not f.mine)
        if others == 0:
            return _("Your figure stands on the board. Look quietly at the spot you chose.")
        if others == 1:
            return _(
                "Your figure and one other figure stand on the board. "
                "Look quietly at where the two of them stand."
            )
        return _("Your figure stands on the board. Look quietly at where everybody stands.")
    if "place" in mine.can:
        return _("Your turn! Drag your figure to the spot that shows how you feel in the class.")
    if not board.teacher_placed:
        return _("Wait a moment: the teacher places their figure first.")
    if board.turn_label is None:
        return _("Wait a moment for your turn.")
    return _("Wait a moment: it is %(name)s's turn.") % {"name": board.turn_label}
