"""Fold recorded events back into where every figure stood: the replay of a session.

Pure functions over anything that looks like an Event, so a replay needs nothing
but the event rows, and the tests can check it against the figures' stored state.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol


class EventLike(Protocol):
    figure_id: int
    type: str
    round: int
    sequence: int
    x: float | None
    y: float | None
    angle: int | None
    emotion: str

    @property
    def by_staff(self) -> bool: ...


@dataclass(frozen=True)
class FigureState:
    placed: bool = False
    x: float | None = None
    y: float | None = None
    angle: int | None = None
    emotion: str = ""
    by_staff: bool = False  # the last change was made by staff


UNPLACED = FigureState()


class FigureLike(Protocol):
    placed: bool
    x: float | None
    y: float | None
    angle: int | None
    emotion: str
    moved_by_staff: bool


def stored_state(figure: FigureLike) -> FigureState:
    """The state a figure row holds now: what replaying all of its events must give."""
    return FigureState(
        placed=figure.placed,
        x=figure.x,
        y=figure.y,
        angle=figure.angle,
        emotion=figure.emotion,
        by_staff=figure.moved_by_staff,
    )


def apply(state: FigureState, event: EventLike) -> FigureState:
    """The figure's state after one event; each type changes only its own fields."""
    state = replace(state, by_staff=event.by_staff)
    if event.type in {"place", "move"}:
        return replace(state, placed=True, x=event.x, y=event.y)
    if event.type == "turn":
        return replace(state, angle=event.angle)
    if event.type == "emotion":
        return replace(state, emotion=event.emotion)
    raise ValueError(f"unknown event type {event.type!r}")


def replay(events: Iterable[EventLike], upto: int | None = None) -> dict[int, FigureState]:
    """Every figure touched by the events up to and including step `upto` (all when None), by figure id."""
    states: dict[int, FigureState] = {}
    for event in sorted(events, key=lambda e: e.sequence):
        if upto is not None and event.sequence > upto:
            break
        states[event.figure_id] = apply(states.get(event.figure_id, UNPLACED), event)
    return states


def last_step_of_round(events: Iterable[EventLike], round_number: int) -> int:
    """The sequence number of the last event in a round (0 when the round had none)."""
    return max((e.sequence for e in events if e.round == round_number), default=0)
