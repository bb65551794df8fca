"""From signal to action: which next steps fit a signal, and which signals already have a plan.

The relationship questionnaires raise signals about a teacher and a child ("conflict rose
reliably since October"). Features that help act on them register here, in their
AppConfig.ready(), without the questionnaires knowing them:

    from onderstroom.core import actions
    actions.steps.register(actions.StepKind(key="reflection.write", order=30, build=write_step))
    actions.plans.register("reflection.shared", shared_reflections)

`next_steps(actor, child, signal, moment)` lists what the actor can do now about one signal,
each step a label and a URL. `planned(actor, group)` tells, per signal, which plans or shared
actions are linked to it, so the care coordinator sees which signals have none.

This module holds no user-facing text: each feature labels its own steps in its own catalogue.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from onderstroom.schools.access import StaffActor

if TYPE_CHECKING:
    from onderstroom.questionnaires.models import MeasurementMoment
    from onderstroom.questionnaires.scoring import Signal
    from onderstroom.schools.models import Child, Group

# The signal keys the questionnaires raise (onderstroom.questionnaires.scoring), grouped by what
# they are about, so that features can say which signals their step fits.
VIEWS_DIFFER = frozenset({"views_differ_warmth", "views_differ_conflict"})
CHANGED = frozenset({"conflict_rose", "closeness_fell", "support_fell", "child_conflict_rose"})
FAIRNESS = frozenset({"feels_unfair", "classmates_unfair"})
HANDLING = frozenset({"low_handling"})
ALL_SIGNALS = VIEWS_DIFFER | CHANGED | FAIRNESS | HANDLING
CONFLICT = frozenset({"views_differ_conflict", "conflict_rose", "child_conflict_rose"})


@dataclass(frozen=True)
class NextStep:
    key: str
    label: str
    url: str


StepBuilder = Callable[
    [StaffActor, "Child", "Signal", "MeasurementMoment | None"],
    NextStep | None,
]


@dataclass(frozen=True)
class StepKind:
    """A kind of next step. `build` returns None when the actor cannot take it for this child."""

    key: str
    order: int
    build: StepBuilder
    signals: frozenset[str] = ALL_SIGNALS

    def fits(self, signal_key: str) -> bool:
        return signal_key in self.signals


class StepRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, StepKind] = {}

    def register(self, kind: StepKind) -> None:
        """Add a kind of step; registering a key again replaces the earlier one."""
        self._kinds[kind.key] = kind

    def unregister(self, key: str) -> None:
        self._kinds.pop(key, None)

    def kinds(self) -> list[StepKind]:
        return sorted(self._kinds.values(), key=lambda k: (k.order, k.key))


steps = StepRegistry()


def next_steps(
    actor: StaffActor, child: "Child", signal: "Signal", moment: "MeasurementMoment | None" = None
) -> list[NextStep]:
    """The steps that fit this signal and that this actor may take, most fitting first.

    `moment` is the measurement moment the signal was raised at; steps link their result to it.
    """
    if not isinstance(actor, StaffActor):
        return []
    found = []
    for kind in steps.kinds():
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


PlanSource = Callable[[StaffActor, "Group"], Iterable[LinkedAction]]


class PlanSourceRegistry:
    def __init__(self) -> None:
        self._sources: dict[str, PlanSource] = {}

    def register(self, key: str, source: PlanSource) -> None:
        self._sources[key] = source

    def unregister(self, key: str) -> None:
        self._sources.pop(key, None)

    def sources(self) -> list[tuple[str, PlanSource]]:
        return sorted(self._sources.items())


plans = PlanSourceRegistry()


def planned(actor: StaffActor, group: "Group") -> dict[tuple[int, str, int | None], list[LinkedAction]]:
    """(child id, signal key, moment id) → the actions linked to that signal that the actor may see.

    Each source decides what the actor may see: a reflection counts only where it was shared
    with this actor, so a private entry never shows, not even as "has a plan".
    """
    linked: dict[tuple[int, str, int | None], list[LinkedAction]] = defaultdict(list)
    for _key, source in plans.sources():
        for action in source(actor, group):
            linked[action.signal].append(action)
    return dict(linked)
