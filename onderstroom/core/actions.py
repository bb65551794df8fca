"""From signal to action: which next steps fit a signal, and which signals already have a plan.

The relationship questionnaires raise signals about a teacher and a child ("conflict rose
reliably since October"). Features that help act on them register here, in the `register()` of
their `panels.py`, without the questionnaires knowing them:

    from onderstroom.core import actions
    actions.steps.register(actions.StepKind("reflection.write", order=30, build=write_step))
    actions.plans.register(actions.PlanSource("reflection.shared", order=20, collect=shared_reflections))

`next_steps(actor, child, signal, moment)` lists what the actor can do now about one signal,
each step a label and a URL. `planned(actor, group)` tells, per signal, which plans or shared
actions are linked to it, so the care coordinator sees which signals have none (`planned_in(actor,
groups)`: the same for several groups in a fixed number of queries).

The kernel names no feature: a signal is the questionnaires' `Signal` and a moment their
`MeasurementMoment`, both reached through onderstroom.questionnaires.api, where the signal keys
(`SignalKey`) and their groups live. Here a signal is anything with a `key`.

This module holds no user-facing text: each feature labels its own steps in its own catalogue.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from onderstroom.core.registry import Registry
from onderstroom.schools.access import StaffActor

if TYPE_CHECKING:
    from onderstroom.schools.models import Child, Group


@dataclass(frozen=True)
class NextStep:
    key: str
    label: str
    url: str


# (actor, child, the questionnaires' Signal, its MeasurementMoment or None) → a step or None.
StepBuilder = Callable[[StaffActor, "Child", Any, Any], NextStep | None]


@dataclass(frozen=True)
class StepKind:
    """A kind of next step. `build` returns None when the actor cannot take it for this child.

    `signals`: the keys (questionnaires.api.SignalKey) of the signals the step fits; None: every signal.
    """

    key: str
    order: int
    build: StepBuilder
    signals: frozenset[str] | None = None

    def fits(self, signal_key: str) -> bool:
        return self.signals is None or signal_key in self.signals


steps = Registry[StepKind]()


def next_steps(actor: StaffActor, child: "Child", signal: Any, moment: Any = None) -> list[NextStep]:
    """The steps that fit this signal and that this actor may take, most fitting first.

    `moment` is the measurement moment the signal was raised at; steps link their result to it.
    """
    if not isinstance(actor, StaffActor):
        return []
    found = []
    for kind in steps.entries():
        if kind.fits(signal.key) and (step := kind.build(actor, child, signal, moment)) is not None:
            found.append(step)
    return found


# --- which signals have a plan -----------------------------------------------------------------


@dataclass(frozen=True)
class LinkedAction:
    """A plan or shared action linked to the signal it answers (child, signal key, moment)."""

    child_id: int
    signal_key: str
    moment_id: int | None
    kind: str  # the source's key, for example "bankingtime.plan"
    label: str
    url: str

    @property
    def signal(self) -> tuple[int, str, int | None]:
        return (self.child_id, self.signal_key, self.moment_id)


@dataclass(frozen=True)
class PlanSource:
    """Where a feature finds the actions it linked to signals: `collect(actor, group)`.

    `collect_groups(actor, groups)`, when given, finds them for several groups in one go (a fixed
    number of queries), for pages that show many groups (the care coordinator's home); without it
    `planned_in` calls `collect` per group.
    """

    key: str
    order: int
    collect: Callable[[StaffActor, "Group"], Iterable[LinkedAction]]
    collect_groups: Callable[[StaffActor, "Sequence[Group]"], Iterable[LinkedAction]] | None = None


plans = Registry[PlanSource]()


def planned(actor: StaffActor, group: "Group") -> dict[tuple[int, str, int | None], list[LinkedAction]]:
    """(child id, signal key, moment id) → the actions linked to that signal that the actor may see.

    Each source decides what the actor may see: a reflection counts only where it was shared
    with this actor, so a private entry never shows, not even as "has a plan".
    """
    linked: dict[tuple[int, str, int | None], list[LinkedAction]] = defaultdict(list)
    for source in plans.entries():
        for action in source.collect(actor, group):
            linked[action.signal].append(action)
    return dict(linked)


def planned_in(
    actor: StaffActor, groups: "Sequence[Group]"
) -> dict[tuple[int, str, int | None], list[LinkedAction]]:
    """`planned` for several groups at once (a signal's moment belongs to one group, so the keys do
    not clash): a fixed number of queries per source that offers `collect_groups`."""
    linked: dict[tuple[int, str, int | None], list[LinkedAction]] = defaultdict(list)
    if not groups:
        return {}
    for source in plans.entries():
        if source.collect_groups is not None:
            found: Iterable[LinkedAction] = source.collect_groups(actor, groups)
        else:
            found = (action for group in groups for action in source.collect(actor, group))
        for action in found:
            linked[action.signal].append(action)
    return dict(linked)
