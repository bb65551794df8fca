"""What the relationship questionnaires say around Banking Time: read-only, on their models.

- `before_after(plan)`: the teacher's view and the child's view of the plan's teacher at the last
  moment before the plan started and at the latest moment after, each scale's change set beside
  the change of the classmates without a plan over the same two moments (`compare_with_class`).
- `current_signals(group)`: the signals of the latest moment, which plans and shared reflections
  link to (one signal is found with the questionnaires' `find_signal`).

Loading and scoring go through the questionnaires' `ResponseSet` and `changes_between` (their api), so these
numbers are the numbers of the questionnaire screens.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from onderstroom import statistics
from onderstroom.accounts.models import User
from onderstroom.bankingtime.models import Plan
from onderstroom.questionnaires.api import (
    CHILD,
    MIN_REFERENCE,
    TEACHER,
    Change,
    LatestSignal,
    MeasurementMoment,
    Response,
    ResponseSet,
    changes_between,
    fmt,
    latest_signals,
    shown,
)
from onderstroom.schools.models import Child, Group

# Constructs where a higher score means a better relationship; the others (conflict,
# dependency) are better when lower.
HIGHER_IS_BETTER = frozenset({"closeness", "handling", "support", "fairness", "classmates"})
# Classmates without a plan, measured at both moments, needed to say what change to expect.
MIN_CLASSMATES = MIN_REFERENCE


@dataclass(frozen=True)
class ClassComparison:
    """What the class shows over the same two moments, for a child who started at the same level."""

    expected: float  # the change of a classmate without a plan who started where this child did
    margin: float  # how far the child's change must lie from it to count (prediction interval)
    classmates: int
    scales: int  # the scales judged together for this plan (the bar rises with their number)


@dataclass(frozen=True)
class ConstructChange:
    change: Change
    comparison: ClassComparison | None = None  # None: too few classmates to compare with

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
    def expected(self) -> float | None:
        return self.comparison.expected if self.comparison else None

    @property
    def verdict(self) -> str:
        """better or worse (changed more than the class, that way), as_class, or unknown."""
        if self.comparison is None:
            return "unknown"
        beyond = shown(self.difference, 2) - shown(self.comparison.expected, 2)
        if abs(beyond) < shown(self.comparison.margin, 2):
            return "as_class"
        return "better" if (beyond > 0) == (self.change.construct in HIGHER_IS_BETTER) else "worse"

    @property
    def meaning(self) -> str:
        found = self.comparison
        if found is None:
            return _(
                "Cannot be compared yet: at least %(count)s classmates without a plan need scores at "
                "both moments."
            ) % {"count": MIN_CLASSMATES}
        numbers = {
            "expected": fmt(found.expected, 2),
            "margin": fmt(found.margin, 2),
            "classmates": found.classmates,
            "scales": found.scales,
        }
        if self.verdict == "as_class":
            return (
                _(
                    "Changed about as much as the class: %(classmates)s classmates without a plan who "
                    "started at this level changed by %(expected)s on average, and only a difference of "
                    "%(margin)s or more from that (with %(scales)s scales checked at once) stands out."
                )
                % numbers
            )
        return (
            _(
                "Changed more than the class: %(classmates)s classmates without a plan who started at "
                "this level changed by %(expected)s on average, and a difference of %(margin)s or more "
                "from that (with %(scales)s scales checked at once) stands out, as this one does. It "
                "does not say what caused it."
            )
            % numbers
        )


def compare_with_class(own: Sequence[Change], classmates: Sequence[Change]) -> list[ConstructChange]:
    """Each of the plan child's changes set beside the classmates' changes on the same scale.

    Children get a plan because their scores were extreme, and extreme scores move back towards the
    middle by themselves: compared with its own earlier score alone, a plan child "improves" in many
    plans without any effect. So the expected change is the least-squares line of change on the
    starting score through classmates without a plan over the same two moments, and the child's
    change counts only outside its prediction interval (never narrower than the questionnaire's
    measurement error of a difference, when that is known). All scales of the plan (the teacher's and
    the child's view) are one family: each interval uses t for alpha = .05/k two-sided (Bonferroni,
    k = the scales compared), so a plan without effect shows "changed more than the class" on any
    scale in at most 5 of 100 plans.
    """
    others: defaultdict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for change in classmates:
        others[(change.respondent, change.construct)].append((change.before, change.after))
    fits = {}
    for change in own:
        pairs = others.get((change.respondent, change.construct), [])
        fit = statistics.expected_change(change.before, pairs) if len(pairs) >= MIN_CLASSMATES else None
        if fit is not None:
            fits[(change.respondent, change.construct)] = fit
    results = []
    for change in own:
        fit = fits.get((change.respondent, change.construct))
        comparison = None
        # A class that happens to agree closely cannot make the margin smaller than the
        # questionnaire's own measurement error of a difference.
        error = (
            max(fit.standard_error, change.result.difference_error if change.result else 0.0) if fit else 0
        )
        if fit is not None and error > 0:
            critical = statistics.t_critical(statistics.FAMILY_ALPHA / len(fits), fit.degrees_of_freedom)
            comparison = ClassComparison(
                expected=fit.expected,
                margin=critical * error,
                classmates=fit.cases,
                scales=len(fits),
            )
        results.append(ConstructChange(change, comparison))
    return results


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


def _changes(responses: ResponseSet, before: Response, after: Response, child: Child) -> list[Change] | None:
    """The change on every scale from one response to the other; None when the questionnaires differ."""
    earlier, later = responses.view(before, child), responses.view(after, child)
    if earlier.spec.key != later.spec.key:
        return None
    reference = responses.references.get((before.version_id, before.moment.school_year_id))
    return changes_between(earlier, later, before.grade, child.gender or None, reference)


def _classmates(
    responses: ResponseSet, children: dict[int, Child], respondent: str, before: Response, after: Response
) -> list[Change]:
    """The changes of the classmates rated at both of the plan child's moments, by the same respondent."""
    found: list[Change] = []
    by_child: defaultdict[int, dict[int, Response]] = defaultdict(dict)
    for response in responses.responses:
        if response.respondent == respondent:
            by_child[response.child_id][response.moment_id] = response
    for child_id, rows in by_child.items():
        earlier, later = rows.get(before.moment_id), rows.get(after.moment_id)
        if earlier is not None and later is not None:
            found.extend(_changes(responses, earlier, later, children[child_id]) or [])
    return found


def before_after(child: Child, teacher: User, starts_on: date, today: date) -> BeforeAfter:
    """The plan's teacher and child: both views at the last moment before the plan and the latest after,
    set beside the classmates without a plan rated by the same teacher at the same moments.

    Eight queries, however large the class: the child's responses, versions and references; the
    classmates without a plan; and their responses, versions and references.
    """
    responses = ResponseSet.load([child.pk], Q(teacher_id=teacher.pk, moment__opens_on__lte=today))
    split = {
        respondent: _split([r for r in responses.responses if r.respondent == respondent], starts_on)
        for respondent in (TEACHER, CHILD)
    }
    pairs: dict[str, tuple[Response, Response]] = {
        respondent: (before, after)
        for respondent, (before, after) in split.items()
        if before is not None and after is not None
    }
    own = {respondent: _changes(responses, *pair, child) for respondent, pair in pairs.items()}
    moment_ids = {response.moment_id for pair in pairs.values() for response in pair}
    latest = max((response.moment.opens_on for pair in pairs.values() for response in pair), default=today)
    # Classmates who had a plan of their own by the later moment would blur the comparison.
    children = {
        c.pk: c
        for c in Child.objects.filter(
            pk__in=Response.objects.filter(teacher_id=teacher.pk, moment_id__in=moment_ids).values("child_id")
        )
        .exclude(pk=child.pk)
        .exclude(pk__in=Plan.objects.filter(starts_on__lte=latest).values("child_id"))
        .distinct()
    }
    others = ResponseSet.load(children, Q(teacher_id=teacher.pk, moment_id__in=moment_ids))
    classmates = [
        change
        for respondent, pair in pairs.items()
        if own[respondent] is not None
        for change in _classmates(others, children, respondent, *pair)
    ]
    compared = compare_with_class([c for changes in own.values() if changes for c in changes], classmates)

    return BeforeAfter(
        teacher=_side(TEACHER, split[TEACHER], own.get(TEACHER), compared),
        child=_side(CHILD, split[CHILD], own.get(CHILD), compared),
    )


def _side(
    respondent: str,
    pair: tuple[Response | None, Response | None],
    own: list[Change] | None,
    compared: Sequence[ConstructChange],
) -> Side:
    before, after = pair
    moments = (before.moment if before else None, after.moment if after else None)
    if before is None or after is None:
        return Side(respondent, *moments)
    if own is None:
        return Side(respondent, *moments, comparable=False)
    return Side(respondent, *moments, changes=tuple(c for c in compared if c.change.respondent == respondent))


# --- signals -------------------------------------------------------------------------------------


# A signal of a child's latest moment, with its child, teacher and moment (the questionnaires' own rows).
SignalRow = LatestSignal


def current_signals(group: Group, today: date) -> list[SignalRow]:
    """Every signal of the latest moment of each child of the group, for every teacher rated then.

    A fixed number of queries (enrolments, responses, versions, references) however large the group.
    """
    return latest_signals(group, today)
