"""What an action may be measured by: the measures features offer, their dated values, a follow-up.

An action (the action plan) names the measure it should move: a relationship scale, a climate
scale, a sociogram figure. Features that measure register a `MeasureSource` in the `register()` of
their `panels.py`, without the action plan knowing them:

    from onderstroom.core import measures
    measures.sources.register(measures.MeasureSource(
        "questionnaires.relationship", order=10, label=source_label,
        levels=frozenset({measures.Level.RELATIONSHIP}),
        options=relationship_options, series=relationship_series,
        judge=relationship_judgment, plan_followup=plan_moment,
    ))

A source answers for one `Target` (a level with its group and child):

- `options(actor, target)`: the measures it offers there, each a `MeasureOption` with a label in
  the user's language ("warmth (teacher's view)"); empty when the actor may not see the target;
- `series(actor, target, measure_key)`: the `Reading`s, oldest first, each dated with its number of
  answers `n` and a `ref` to what was measured (a moment); a reading whose value may not be shown
  (too few answers) has `value` None and says so in `note`;
- `judge(actor, target, measure_key, baseline, followup)`: the honest change judgment between two
  readings, or None to let `compare` say that the source cannot judge change;
- `plan_followup(actor, target, measure_key, on_date)`: plans a follow-up measurement through the
  feature's own services (with its own access checks) and returns a `FollowUp`, or None when the
  source cannot plan one (the owner then measures by hand).

The kernel names no feature; every label comes from the feature's own catalogue. Access: each
callable checks that the actor may see the target (raising Http404 or returning nothing), and
writes the audit rows its reads need, as the feature's own pages do.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from onderstroom.core.registry import Registry
from onderstroom.schools.access import StaffActor

if TYPE_CHECKING:
    from onderstroom.accounts.models import User
    from onderstroom.schools.models import Child, Group


class Level(StrEnum):
    """The three levels to act on (DESIGN.md §1.5)."""

    SCHOOL = "school"
    CLASS = "class"
    RELATIONSHIP = "relationship"


@dataclass(frozen=True)
class Target:
    """What is measured: the school (no group, no child), a class (a group) or a relationship
    (a teacher of the group with one child of it). The school is the actor's current school.

    `teacher`: whose relationship with the child (for example the action's owner); None means the
    asking actor. Only a relationship has one."""

    level: Level
    group: "Group | None" = None
    child: "Child | None" = None
    teacher: "User | None" = None

    def __post_init__(self) -> None:
        needs_group = self.level != Level.SCHOOL
        needs_child = self.level == Level.RELATIONSHIP
        wrong_teacher = self.teacher is not None and not needs_child
        if (
            (self.group is not None) != needs_group
            or (self.child is not None) != needs_child
            or wrong_teacher
        ):
            raise ValueError(f"not a {self.level} target: group {self.group!r}, child {self.child!r}")


class Better(StrEnum):
    """Which way a measure should move for the action to have helped."""

    UP = "up"
    DOWN = "down"


@dataclass(frozen=True)
class MeasureOption:
    """One measure a source offers for a target: `source` and `key` together name it."""

    source: str
    key: str
    label: str
    better: Better = Better.UP

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.key}"


@dataclass(frozen=True)
class Reading:
    """One dated value of a measure. `value` None: there is a measurement but no value may be
    shown (too few answers, or none yet); `note` then says why in the user's language."""

    on: date
    value: float | None
    n: int
    ref: str  # the source's reference to the measurement (a moment), as `FollowUp.ref`
    label: str = ""  # the measurement's name ("October 2026")
    note: str = ""


class Verdict(StrEnum):
    HELPED = "helped"  # a reliable change the way the measure should move
    WORSENED = "worsened"  # a reliable change the other way
    NO_CHANGE = "no_change"  # judgeable, and no reliable change
    NOT_ENOUGH = "not_enough"  # too few answers, no follow-up yet, or the source cannot judge
    UNJUDGED = "unjudged"  # both values are there, but the measure has no known error to judge by


@dataclass(frozen=True)
class Judgment:
    """The change between the baseline and the follow-up. `explanation` says in the user's
    language how it was judged, or plainly why it cannot be ("not enough answers yet")."""

    verdict: Verdict
    explanation: str = ""
    baseline: Reading | None = None
    followup: Reading | None = None

    @property
    def judged(self) -> bool:
        return self.verdict not in (Verdict.NOT_ENOUGH, Verdict.UNJUDGED)


@dataclass(frozen=True)
class FollowUp:
    """A planned follow-up measurement: `ref` as the source's `Reading.ref`, with its date."""

    ref: str
    on: date
    label: str = ""


OptionsFn = Callable[[StaffActor, Target], Sequence[MeasureOption]]
SeriesFn = Callable[[StaffActor, Target, str], Sequence[Reading]]
JudgeFn = Callable[[StaffActor, Target, str, Reading, Reading], Judgment]
PlanFn = Callable[[StaffActor, Target, str, date], FollowUp | None]


@dataclass(frozen=True)
class MeasureSource:
    """A feature's measures. `label()` names the source in the user's language; `levels` are the
    levels it serves. `judge` and `plan_followup` are optional (see the module docstring)."""

    key: str
    order: int
    label: Callable[[], str]
    levels: frozenset[Level]
    options: OptionsFn
    series: SeriesFn
    judge: JudgeFn | None = None
    plan_followup: PlanFn | None = None

    def serves(self, level: Level) -> bool:
        return level in self.levels


sources = Registry[MeasureSource]()


def options(actor: StaffActor, target: Target) -> list[MeasureOption]:
    """Every measure the actor may choose for the target, source by source in order."""
    found: list[MeasureOption] = []
    for source in sources.entries():
        if source.serves(target.level):
            found.extend(source.options(actor, target))
    return found


def find_option(actor: StaffActor, target: Target, source_key: str, measure_key: str) -> MeasureOption | None:
    """The option named by source and key, when the actor may choose it for the target."""
    source = sources.get(source_key)
    if source is None or not source.serves(target.level):
        return None
    return next((o for o in source.options(actor, target) if o.key == measure_key), None)


def series(actor: StaffActor, target: Target, source_key: str, measure_key: str) -> list[Reading]:
    """The readings of one measure, oldest first; empty when the source is gone."""
    source = sources.get(source_key)
    if source is None or not source.serves(target.level):
        return []
    return sorted(source.series(actor, target, measure_key), key=lambda reading: reading.on)


def baseline_and_followup(
    readings: Sequence[Reading], start: date, followup_ref: str | None = None
) -> tuple[Reading | None, Reading | None]:
    """The baseline is the latest reading before the start with a value (else the latest before
    it); the follow-up is the planned measurement (`followup_ref`) when it has been read, else the
    latest reading on or after the start."""
    before = [r for r in readings if r.on < start]
    after = [r for r in readings if r.on >= start]
    baseline = next((r for r in reversed(before) if r.value is not None), before[-1] if before else None)
    planned = [r for r in after if followup_ref is not None and r.ref == followup_ref]
    followup = planned[-1] if planned else (after[-1] if after else None)
    return baseline, followup


def compare(
    actor: StaffActor,
    target: Target,
    source_key: str,
    measure_key: str,
    start: date,
    followup_ref: str | None = None,
) -> Judgment:
    """The baseline (before `start`) beside the follow-up, with the source's change judgment.

    Never a verdict without enough data: a missing reading, a reading without a value or a source
    that cannot judge gives NOT_ENOUGH, with the readings that do exist.
    """
    readings = series(actor, target, source_key, measure_key)
    baseline, followup = baseline_and_followup(readings, start, followup_ref)
    source = sources.get(source_key)
    if (
        source is None
        or source.judge is None
        or baseline is None
        or followup is None
        or baseline.value is None
        or followup.value is None
    ):
        return Judgment(Verdict.NOT_ENOUGH, baseline=baseline, followup=followup)
    judgment = source.judge(actor, target, measure_key, baseline, followup)
    return Judgment(judgment.verdict, judgment.explanation, baseline, followup)


def plan_followup(
    actor: StaffActor, target: Target, source_key: str, measure_key: str, on_date: date
) -> FollowUp | None:
    """Plan the follow-up measurement through the source, or None when it cannot plan one."""
    source = sources.get(source_key)
    if source is None or source.plan_followup is None or not source.serves(target.level):
        return None
    return source.plan_followup(actor, target, measure_key, on_date)
