"""Who may do what to which figure. The server decides; the board obeys.

Who may see a constellation at all is decided in access.py.

- A class constellation is run by the group's teachers; the care coordinator looks on.
  A personal constellation is run by any of them (the teacher or the care coordinator).
- A child reaches a class constellation only while it is being made, only through the class
  session the teacher opened for it, and may touch only their own figure:
  round one: place it when it is their turn and the teacher's figure stands; round two: place,
  move, turn it and give it a feeling.
- Staff who run the board may do everything, except placing a child's figure out of turn in
  round one (the children take turns, whoever's hand is on the figure).
"""

from onderstroom.constellations.models import Constellation, Event, Figure
from onderstroom.schools.access import Actor, ChildActor, StaffActor

NOTHING: frozenset[str] = frozenset()
POSE_ACTIONS = frozenset({Event.Type.MOVE, Event.Type.TURN, Event.Type.EMOTION})


def may_run(actor: Actor, constellation: Constellation) -> bool:
    """Staff who may change the board (the rest of the staff who see it only look on)."""
    if not isinstance(actor, StaffActor) or not actor.sees(constellation.group_id):
        return False
    if constellation.is_class:
        return actor.teaches(constellation.group_id)
    return True


def allowed_actions(
    actor: Actor, constellation: Constellation, figure: Figure, *, teacher_placed: bool
) -> frozenset[str]:
    """What this actor may do to this figure now. `teacher_placed`: the teacher's figure stands."""
    if not constellation.is_live:
        return NOTHING
    if isinstance(actor, StaffActor):
        return _staff_actions(actor, constellation, figure, teacher_placed)
    if isinstance(actor, ChildActor):
        return _child_actions(actor, constellation, figure, teacher_placed)
    return NOTHING


def _placing_in_turn(constellation: Constellation, figure: Figure, teacher_placed: bool) -> bool:
    return teacher_placed and constellation.turn_id == figure.pk


def _staff_actions(
    actor: StaffActor, constellation: Constellation, figure: Figure, teacher_placed: bool
) -> frozenset[str]:
    if not may_run(actor, constellation):
        return NOTHING
    if figure.placed:
        return POSE_ACTIONS
    in_round_one = constellation.is_class and constellation.round == 1
    if in_round_one and figure.kind == Figure.Kind.CHILD:
        return (
            frozenset({Event.Type.PLACE})
            if _placing_in_turn(constellation, figure, teacher_placed)
            else NOTHING
        )
    return frozenset({Event.Type.PLACE})


def _child_actions(
    actor: ChildActor, constellation: Constellation, figure: Figure, teacher_placed: bool
) -> frozenset[str]:
    if not constellation.is_class or figure.child_id != actor.child.pk:
        return NOTHING
    if constellation.round == 1:
        if not figure.placed and _placing_in_turn(constellation, figure, teacher_placed):
            return frozenset({Event.Type.PLACE})
        return NOTHING
    return POSE_ACTIONS if figure.placed else frozenset({Event.Type.PLACE})
