"""What the relationship questionnaires say around Banking Time: read-only, on their models.

- `before_after(plan)`: the teacher's view and the child's view of the plan's teacher at the last
  moment before the plan started and at the latest moment after, with the reliable change index.
- `current_signals(group)`: the signals of the latest moment, which plans and shared reflections
  link to (one signal is found with the questionnaires' `find_signal`).

Loading and scoring go through the questionnaires' `ResponseSet` and `changes_between` (their api), so these
numbers are the numbers of the questionnaire screens.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from onderstroom.accounts.models import User
from onderstroom.questionnaires.api import (
    CHILD,
    MIN_REFERENCE,
    TEACHER,
    Change,
    MeasurementMoment,
    Response,
    ResponseSet,
    Signal,
    changes_between,
    fmt,
)
from onderstroom.schools.models import Child, Enrollment, Group
from onderstroom.statistics import RCI_CRITICAL

# Constructs where a higher score means a better relationship; the others (conflict,
# dependency) are better when lower.
HIGHER_IS_BETTER = frozenset({"closeness", "handling", "support", "fairness", "classmates"})


@dataclass(frozen=True)
class ConstructChange:
    change: Change

    @property
    def label(self) -> str:
        return self.change.label

    @property
    def before(self) -> float:
        return self.change.before

    @property
    def after(self) -> float:
        return self.change.after

    @property
    def difference(self) -> float:
        return self.change.after - self.change.before

    @property
    def index(self) -> float | None:
        return self.change.result.index if self.change.result else None

    @property
    def verdict(self) -> str:
        """better, worse, within_error, or unknown (too little data to judge)."""
        if self.change.result is None:
            return "unknown"
        if not self.change.reliable:
            return "within_error"
        went_up = self.change.after > self.change.before
        return "better" if went_up == (self.change.construct in HIGHER_IS_BETTER) else "worse"

    @property
    def meaning(self) -> str:
        result = self.change.result
        if result is None:
            return _(
                "Cannot be judged yet: the measurement error is known from a norm table or from at "
                "least %(count)s ratings in the school, and there are not enough."
            ) % {"count": MIN_REFERENCE}
        limit = fmt(result.smallest_reliable_difference, 2)
        if self.verdict == "within_error":
            return _(
                "Within measurement error: with this questionnaire a difference of at least %(limit)s "
                "is needed to be sure the relationship itself changed."
            ) % {"limit": limit}
        if self.verdict == "better":
            return _(
                "A reliable change for the better: larger than measurement error alone would give "
                "(|RCI| ≥ %(critical)s, a difference of at least %(limit)s)."
            ) % {"critical": fmt(RCI_CRITICAL, 2), "limit": limit}
        return _(
            "A reliable change for the worse: larger than measurement error alone would give "
            "(|RCI| ≥ %(critical)s, a difference of at least %(limit)s)."
        ) % {"critical": fmt(RCI_CRITICAL, 2), "limit": limit}


@dataclass(frozen=True)
class Side:
    """One view (the teacher's or the child's) before and after the plan started."""

    respondent: str
    before: MeasurementMoment | None
    after: MeasurementMoment | None
    changes: tuple[ConstructChange, ...] = ()
    comparable: bool = True  # False: the two moments used different questionnaires

    @property
    def complete(self) -> bool:
        return self.before is not None and self.after is not None


@dataclass(frozen=True)
class BeforeAfter:
    teacher: Side
    child: Side

    @property
    def has_any(self) -> bool:
        sides = (self.teacher, self.child)
        return any(side.before is not None or side.after is not None for side in sides)


def _split(rows: list[Response], starts_on: date) -> tuple[Response | None, Response | None]:
    """The last response of a moment that opened on or before the plan's first day, and the last after."""
    rows = sorted(rows, key=lambda r: (r.moment.opens_on, r.moment.pk))
    before = [r for r in rows if r.moment.opens_on <= starts_on]
    after = [r for r in rows if r.moment.opens_on > starts_on]
    return (before[-1] if before else None, after[-1] if after else None)


def _side(responses: ResponseSet, respondent: str, child: Child, starts_on: date) -> Side:
    before, after = _split([r for r in responses.responses if r.respondent == respondent], starts_on)
    moments = (before.moment if before else None, after.moment if after else None)
    if before is None or after is None:
        return Side(respondent, *moments)
    earlier, later = responses.view(before, child), responses.view(after, child)
    if earlier.spec.key != later.spec.key:
        return Side(respondent, *moments, comparable=False)
    reference = responses.references.get((before.version_id, before.moment.school_year_id))
    changes = changes_between(earlier, later, before.grade, child.gender or None, reference)
    return Side(respondent, *moments, changes=tuple(ConstructChange(c) for c in changes))


def before_after(child: Child, teacher: User, starts_on: date, today: date) -> BeforeAfter:
    """The plan's teacher and child: both views at the last moment before the plan and the latest after.

    Three queries (responses, instrument versions, the school's reference responses).
    """
    responses = ResponseSet.load([child.pk], Q(teacher_id=teacher.pk, moment__opens_on__lte=today))
    return BeforeAfter(
        teacher=_side(responses, TEACHER, child, starts_on),
        child=_side(responses, CHILD, child, starts_on),
    )


# --- signals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalRow:
    child: Child
    teacher: User
    moment: MeasurementMoment
    signal: Signal

    @property
    def link(self) -> tuple[int, str, int]:
        return (self.child.pk, self.signal.key, self.moment.pk)


def current_signals(group: Group, today: date) -> list[SignalRow]:
    """Every signal of the latest moment of each child of the group, for every teacher rated then.

    A fixed number of queries (enrolments, responses, versions, references) however large the group.
    """
    children = [
        e.child
        for e in Enrollment.objects.filter(group=group)
        .select_related("child")
        .order_by("child__surname", "child__first_name")
    ]
    responses = ResponseSet.load(
        [c.pk for c in children], Q(moment__group=group, moment__opens_on__lte=today)
    )
    rows: list[SignalRow] = []
    for child in children:
        pairs = responses.pairs(child.pk)
        if not pairs:
            continue
        latest = pairs[-1][0]
        for moment, teacher in pairs:
            if moment.pk != latest.pk:
                continue
            dyad = responses.dyad(moment, teacher, child)
            rows.extend(SignalRow(child, teacher, moment, signal) for signal in dyad.signals)
    return rows
