"""From scale scores to relationship profiles, comparisons and signals.

Everything here is plain computation on already-loaded data (no queries), so the same rules
serve the class overview, the child page, the exports, the PDF and the API, and the tests can
check them by hand.

The rules, in words (the screens show the same text, generated from the constants below):

- Scale scores, percentiles and references follow the rules every instrument shares
  (`onderstroom.instruments.scoring`).
- Profiles come from the teacher's view; the first rule that fits decides (PROFILE_RULES). They
  describe the relationship as the teacher rates it, with no claim the instrument cannot carry.
- Change between two moments is judged with the reliable change index: the difference must
  exceed what measurement error alone would give. Every scale both moments measured, of the teacher
  and of the child together, is one family of checks for the relationship (`judge_together`): each
  must reach |RCI| ≥ z for alpha = .05/k two-sided (Bonferroni, k = the scales judged), so a child whose
  relationship did not change is flagged at most 5 times in 100, not 2-3 children in every class.
- Boundaries are judged on the numbers the screen shows (`shown`): 2,2 → 2,8 is a difference of
  0,6, whatever the unrounded means were.
- Views differ (teacher and child, `divergence_signals`) only on a common metric: each score as a
  z-score among the school's responses on the same instrument version this school year, from
  children of the same grade band (groups 1-2, 3-4, 5-6, 7-8; at least MIN_REFERENCE responses and
  an alpha). Two instruments at different levels (a teacher's 1-5, a child's 1-4) then no longer
  differ for everyone alike. A pair is signalled when the two z-scores, as shown (one decimal), lie
  at least `statistics.difference_limit` apart (shown rounded up): measurement error of both scales
  and of the school's averages, with the two pairs (warmth, conflict) judged as one Bonferroni
  family, so a child whose two views stand at the same place in the school is flagged at most 5
  times in 100 (scripts/simulate_false_alarms.py: about 4%).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from functools import cached_property

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onderstroom import statistics
from onderstroom.instruments.engine import InstrumentDefinition, Scale
from onderstroom.instruments.scoring import (
    Position,
    Reference,
    Standardised,
    change_parameters,
    fmt,
    position_of,
    shown,
)

# Thresholds on the instrument's own scale, as a position from 0 (lowest answer) to 1 (highest).
HIGH_CONFLICT = 0.5  # 3.0 on a 1-5 scale: "applies somewhat" or more
HIGH_DEPENDENCY = 0.5
WARM = 0.625  # 3.5 on a 1-5 scale: halfway between "applies somewhat" and "mostly applies"
LOW = 1 / 3  # 2.0 on a 1-4 scale ("mostly not"); 2.33 on a 1-5 scale; 1.67 on a 1-3 scale
# A low score says something about a relationship only with this many answers behind it: the groups
# 3-4 form asks fairness and classmates with two questions each, so it never raises those signals.
MIN_SIGNAL_ANSWERS = 3


# --- profiles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """A construct's position (0-1 on its own scale) at or above `at_least` and below `below`."""

    construct: str
    at_least: float | None = None
    below: float | None = None

    def holds(self, positions: Mapping[str, float | None]) -> bool:
        position = positions.get(self.construct)
        if position is None:
            return False
        return (self.at_least is None or position >= self.at_least) and (
            self.below is None or position < self.below
        )


@dataclass(frozen=True)
class ProfileRule:
    key: str
    label: Promise
    conditions: tuple[Condition, ...]
    meaning: Promise

    def fits(self, positions: Mapping[str, float | None]) -> bool:
        return all(c.holds(positions) for c in self.conditions)


# The profiles describe the relationship as the teacher rates it, never the child, and claim only
# what the numbers carry: the questionnaire has no age norm, so nothing is "more than its age calls
# for"; "little closeness" is said only below the middle of the scale (MIDPOINT: 3.0 on 1-5).
MIDPOINT = 0.5
PROFILE_CONSTRUCTS = ("closeness", "conflict", "dependency")
PROFILE_RULES = (
    ProfileRule(
        "warm_stormy",
        gettext_lazy("warm but stormy"),
        (Condition("conflict", HIGH_CONFLICT), Condition("closeness", WARM)),
        gettext_lazy(
            "As you rate it: close, and clashing at the same time. The closeness is something to build on."
        ),
    ),
    ProfileRule(
        "conflictual",
        gettext_lazy("conflictual"),
        (Condition("conflict", HIGH_CONFLICT),),
        gettext_lazy(
            "As you rate it: clashes stand out, and the closeness you feel is not (yet) strong enough to "
            "balance them."
        ),
    ),
    ProfileRule(
        "dependent",
        gettext_lazy("dependent"),
        (Condition("dependency", HIGH_DEPENDENCY),),
        gettext_lazy(
            "As you rate it: the child turns to you often, for help or reassurance. Whether that suits "
            "this child now is for you to judge; the questionnaire has no norm for age."
        ),
    ),
    ProfileRule(
        "warm_harmonious",
        gettext_lazy("warm and harmonious"),
        (Condition("closeness", WARM),),
        gettext_lazy("As you rate it: close, with conflict and dependency not standing out."),
    ),
    ProfileRule(
        "distant",
        gettext_lazy("distant"),
        (Condition("closeness", below=MIDPOINT),),
        gettext_lazy(
            "As you rate it: little closeness, and no conflict or dependency standing out. A relationship "
            "at a distance is easy to overlook in a busy class."
        ),
    ),
    ProfileRule(
        "calm",
        gettext_lazy("calm, not yet close"),
        (Condition("closeness", MIDPOINT),),
        gettext_lazy(
            "As you rate it: some closeness, with conflict and dependency not standing out. There is room "
            "to grow closer."
        ),
    ),
)
PROFILES = {rule.key: rule for rule in PROFILE_RULES}
CONSTRUCT_LABELS = {
    "closeness": gettext_lazy("closeness"),
    "conflict": gettext_lazy("conflict"),
    "dependency": gettext_lazy("dependency"),
    "handling": gettext_lazy("able to handle"),
    "support": gettext_lazy("support and closeness"),
    "fairness": gettext_lazy("fair expectations"),
    "classmates": gettext_lazy("treatment of classmates"),
}


def decide_profile(spec: InstrumentDefinition, scores: Mapping[str, float | None]) -> ProfileRule | None:
    """The first rule that fits the teacher's scores, or None when it cannot be decided.

    A construct the instrument does not measure never fits a condition; a construct it measures
    but that has too few answers leaves the profile undecided.
    """
    if spec.scale_for("closeness") is None or spec.scale_for("conflict") is None:
        return None
    positions: dict[str, float | None] = {}
    for construct in PROFILE_CONSTRUCTS:
        scale = spec.scale_for(construct)
        if scale is None:
            continue
        score = scores.get(scale.key)
        if score is None:
            return None
        positions[construct] = spec.normalised(score)
    return next((rule for rule in PROFILE_RULES if rule.fits(positions)), None)


def stored_profile(spec: InstrumentDefinition, respondent: str, scores: Mapping[str, float | None]) -> str:
    """What a response stores as its profile: the rule's key for a teacher's view, else ""."""
    if respondent != "teacher":
        return ""
    profile = decide_profile(spec, scores)
    return profile.key if profile else ""


def rule_text(rule: ProfileRule, spec: InstrumentDefinition | None) -> str:
    """A rule's conditions in words, in the instrument's own numbers (3.5 on a 1-5 scale)."""
    if not rule.conditions:
        return _("every other case")

    def threshold(position: float) -> str:
        return fmt(spec.raw_from_normalised(position)) if spec else fmt(100 * position, 0) + "%"

    parts = []
    for condition in rule.conditions:
        construct = CONSTRUCT_LABELS[condition.construct]
        if condition.at_least is not None:
            parts.append(
                _("%(construct)s ≥ %(threshold)s")
                % {"construct": construct, "threshold": threshold(condition.at_least)}
            )
        if condition.below is not None:
            parts.append(
                _("%(construct)s < %(threshold)s")
                % {"construct": construct, "threshold": threshold(condition.below)}
            )
    return _(" and ").join(parts)


# --- one response, scored -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleResult:
    scale: Scale
    score: float | None
    position: float | None  # 0-1 on the instrument's own range
    standing: Position | None
    standardised: Standardised | None = None  # the common metric on which views are compared
    answered: int = 0  # the scale's items answered

    @property
    def label(self) -> str:
        return self.scale.label.get()

    @property
    def construct(self) -> str | None:
        return self.scale.construct


@dataclass
class View:
    """One side of a relationship at one moment: a scored response."""

    respondent: str
    spec: InstrumentDefinition
    results: list[ScaleResult]
    answered: int
    complete: bool
    moment_id: int
    version_id: int
    # Drawings of this view, per language (`charts.bar_chart`): a view kept scored is drawn once.
    drawn: dict[str | None, object] = field(default_factory=dict, init=False, compare=False, repr=False)

    def result(self, construct: str) -> ScaleResult | None:
        return next((r for r in self.results if r.construct == construct and r.score is not None), None)

    @property
    def has_scores(self) -> bool:
        return any(r.score is not None for r in self.results)


def score_view(
    respondent: str,
    spec: InstrumentDefinition,
    values: Mapping[str, int],
    scores: Mapping[str, float | None],
    *,
    grade: int | None,
    gender: str | None,
    reference: Reference | None,
    moment_id: int,
    version_id: int,
) -> View:
    results = []
    for scale in spec.scales:
        score = scores.get(scale.key)
        results.append(
            ScaleResult(
                scale=scale,
                score=score,
                position=None if score is None else spec.normalised(score),
                standing=None
                if score is None
                else position_of(spec, scale.key, score, grade, gender, reference),
                standardised=None
                if score is None or reference is None
                else reference.standardised(scale.key, score, grade),
                answered=sum(1 for item in spec.items_of(scale.key) if values.get(item.key) is not None),
            )
        )
    answered = sum(1 for item in spec.items if values.get(item.key) is not None)
    return View(
        respondent=respondent,
        spec=spec,
        results=results,
        answered=answered,
        complete=answered == len(spec.items),
        moment_id=moment_id,
        version_id=version_id,
    )


# --- change and signals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    respondent: str
    construct: str
    label: str
    before: float
    after: float
    result: statistics.ReliableChange | None  # None: not enough data to judge
    family: int = 1  # the changes judged together (see judge_together)

    @cached_property
    def reliable(self) -> bool:
        """Judged on the scores and the limit as shown: 2,2 → 2,8 is 0,6, short of a limit of 0,62.

        Kept once worked out (a page asks several times per change); `replace` makes a new change."""
        if self.result is None:
            return False
        difference = abs(shown(self.after) - shown(self.before))
        return difference > 0 and difference >= shown(self.result.smallest_reliable_difference, 2)

    @property
    def direction(self) -> str:
        if not self.reliable:
            return "none"
        return "up" if self.after > self.before else "down"


def judge_together(changes: Sequence[Change]) -> list[Change]:
    """The changes of one relationship judged as one family: |RCI| ≥ z for alpha = .05/k two-sided.

    k counts the changes that can be judged (teacher's and child's scales together). Bonferroni
    holds whatever the scales' correlations, and it is simple to explain: with k checks each gets
    1/k of the 5% false-alarm chance, so the limit (and its difference in points) is per scale.
    """
    k = sum(1 for change in changes if change.result is not None)
    if k == 0:
        return list(changes)
    critical = statistics.family_critical(k)
    return [
        change
        if change.result is None
        else replace(change, result=replace(change.result, critical=critical), family=k)
        for change in changes
    ]


def changes_between(
    earlier: View, later: View, grade: int | None, gender: str | None, reference: Reference | None
) -> list[Change]:
    """The change of every construct both views measured, judged as one family (`judge_together`).

    Judged only on the same instrument. A relationship's two views together are one family: the
    caller that has both judges them together once (`unjudged_changes`, then `judge_together`).
    """
    return judge_together(unjudged_changes(earlier, later, grade, gender, reference))


def unjudged_changes(
    earlier: View, later: View, grade: int | None, gender: str | None, reference: Reference | None
) -> list[Change]:
    """`changes_between` before `judge_together`: for a caller that judges a larger family itself."""
    if earlier.spec.key != later.spec.key:
        return []
    changes = []
    for after in later.results:
        before = earlier.result(after.construct) if after.construct else None
        if before is None or after.score is None or before.score is None or after.construct is None:
            continue
        parameters = change_parameters(earlier.spec, before.scale.key, grade, gender, reference)
        result = statistics.reliable_change(before.score, after.score, *parameters) if parameters else None
        changes.append(
            Change(
                respondent=later.respondent,
                construct=after.construct,
                label=after.label,
                before=before.score,
                after=after.score,
                result=result,
            )
        )
    return changes


class SignalKey(StrEnum):
    """What a signal is about. Features name the signals their next step fits by these keys (through
    onderstroom.questionnaires.api); plans store the key as text."""

    VIEWS_DIFFER_WARMTH = "views_differ_warmth"
    VIEWS_DIFFER_CONFLICT = "views_differ_conflict"
    CONFLICT_ROSE = "conflict_rose"
    CLOSENESS_FELL = "closeness_fell"
    SUPPORT_FELL = "support_fell"
    CHILD_CONFLICT_ROSE = "child_conflict_rose"
    FEELS_UNFAIR = "feels_unfair"
    CLASSMATES_UNFAIR = "classmates_unfair"
    LOW_HANDLING = "low_handling"


# The signal keys grouped by what they are about.
VIEWS_DIFFER = frozenset({SignalKey.VIEWS_DIFFER_WARMTH, SignalKey.VIEWS_DIFFER_CONFLICT})
CHANGED = frozenset(
    {SignalKey.CONFLICT_ROSE, SignalKey.CLOSENESS_FELL, SignalKey.SUPPORT_FELL, SignalKey.CHILD_CONFLICT_ROSE}
)
FAIRNESS = frozenset({SignalKey.FEELS_UNFAIR, SignalKey.CLASSMATES_UNFAIR})
HANDLING = frozenset({SignalKey.LOW_HANDLING})
ALL_SIGNALS = frozenset(SignalKey)
CONFLICT = frozenset(
    {SignalKey.VIEWS_DIFFER_CONFLICT, SignalKey.CONFLICT_ROSE, SignalKey.CHILD_CONFLICT_ROSE}
)


@dataclass(frozen=True)
class Signal:
    key: SignalKey
    sentence: str
    reason: str

    def __post_init__(self) -> None:
        # A key given as text (from a stored plan, a URL) becomes the enum; an unknown key raises.
        object.__setattr__(self, "key", SignalKey(self.key))


@dataclass(frozen=True)
class Names:
    teacher: str
    child: str
    previous: str = ""


def _on_scale(result: ScaleResult, spec: InstrumentDefinition) -> str:
    assert result.score is not None  # only scored results are described
    return _("%(score)s on a scale of %(low)d to %(high)d") % {
        "score": fmt(result.score),
        "low": spec.min_value,
        "high": spec.max_value,
    }


# The pairs of constructs the two instruments measure alike: (teacher's, child's, topic).
VIEW_PAIRS = (("closeness", "support", "warmth"), ("conflict", "conflict", "conflict"))


def signed(value: Decimal) -> str:
    """A shown z-score with its sign: +0,8, -1,1, 0,0."""
    return ("+" if value > 0 else "") + number_format(value, 1)


def views_limit(teacher: Standardised, child: Standardised) -> Decimal:
    """The smallest difference of two views' z-scores, as shown, that is more than measurement error.

    Both pairs of a relationship are one family (Bonferroni, .05/2 each), so a child whose two views
    stand at the same place in the school is flagged at most 5 times in 100.
    """
    critical = statistics.family_critical(len(VIEW_PAIRS))
    limit = statistics.difference_limit(teacher.alpha, child.alpha, critical, teacher.n, child.n)
    # Shown rounded up: a difference that reaches the limit on the screen reaches the real one too.
    return Decimal(str(limit)).quantize(Decimal("0.1"), rounding=ROUND_CEILING)


def views_gap(teacher: ScaleResult | None, child: ScaleResult | None) -> Decimal | None:
    """How far apart two views stand on the common metric, as shown; None when not comparable."""
    if teacher is None or child is None or teacher.standardised is None or child.standardised is None:
        return None
    return abs(shown(teacher.standardised.z) - shown(child.standardised.z))


def divergence_signals(teacher: View | None, child: View | None, names: Names) -> list[Signal]:
    """Where the teacher's and the child's views stand apart within the school (see the module text)."""
    if teacher is None or child is None:
        return []
    signals = []
    for teacher_construct, child_construct, topic in VIEW_PAIRS:
        t, c = teacher.result(teacher_construct), child.result(child_construct)
        gap = views_gap(t, c)
        if t is None or c is None or gap is None:
            continue
        assert t.standardised is not None  # views_gap checked both
        assert c.standardised is not None
        limit = views_limit(t.standardised, c.standardised)
        if gap < limit:
            continue
        t_z, c_z = shown(t.standardised.z), shown(c.standardised.z)
        reason = _(
            "%(teacher)s: %(t_label)s %(t_score)s, that is %(t_z)s standard deviations from the "
            "school's average for groups %(low)s-%(high)s this school year; %(child)s: %(c_label)s "
            "%(c_score)s, %(c_z)s. The two views lie %(gap)s apart; from %(limit)s on the difference "
            "is more than the measurement error of both questionnaires."
        ) % {
            "teacher": names.teacher,
            "child": names.child,
            "t_label": t.label.lower(),
            "c_label": c.label.lower(),
            "t_score": _on_scale(t, teacher.spec),
            "c_score": _on_scale(c, child.spec),
            "t_z": signed(t_z),
            "c_z": signed(c_z),
            "low": t.standardised.band[0],
            "high": t.standardised.band[1],
            "gap": number_format(gap, 1),
            "limit": number_format(limit, 1),
        }
        teacher_higher = t_z > c_z
        if topic == "warmth":
            sentence = (
                _("%(teacher)s experiences the bond as warmer than %(child)s does.")
                if teacher_higher
                else _("%(child)s feels closer to %(teacher)s than %(teacher)s thinks.")
            )
            key = SignalKey.VIEWS_DIFFER_WARMTH
        else:
            sentence = (
                _("%(teacher)s experiences more conflict than %(child)s does.")
                if teacher_higher
                else _("%(child)s experiences more conflict than %(teacher)s does.")
            )
            key = SignalKey.VIEWS_DIFFER_CONFLICT
        signals.append(Signal(key, sentence % {"teacher": names.teacher, "child": names.child}, reason))
    return signals


_CHANGE_SIGNALS = {
    ("teacher", "conflict", "up"): (
        SignalKey.CONFLICT_ROSE,
        gettext_lazy("Conflict rose reliably since %(previous)s."),
    ),
    ("teacher", "closeness", "down"): (
        SignalKey.CLOSENESS_FELL,
        gettext_lazy("Closeness fell reliably since %(previous)s."),
    ),
    ("child", "support", "down"): (
        SignalKey.SUPPORT_FELL,
        gettext_lazy("%(child)s feels less supported than at %(previous)s."),
    ),
    ("child", "conflict", "up"): (
        SignalKey.CHILD_CONFLICT_ROSE,
        gettext_lazy("%(child)s experiences more conflict than at %(previous)s."),
    ),
}


def change_signals(changes: Sequence[Change], names: Names) -> list[Signal]:
    signals = []
    for change in changes:
        entry = _CHANGE_SIGNALS.get((change.respondent, change.construct, change.direction))
        if entry is None or change.result is None:
            continue
        key, sentence = entry
        reason = _(
            "%(label)s went from %(before)s to %(after)s. With this questionnaire, and %(checks)s "
            "changes of this relationship checked at once, a difference of at least %(limit)s is "
            "needed to be sure it is more than measurement error (reliable change index %(rci)s; "
            "needed: %(critical)s)."
        ) % {
            "label": change.label,
            "before": fmt(change.before),
            "after": fmt(change.after),
            "checks": change.family,
            "limit": fmt(change.result.smallest_reliable_difference, 2),
            "rci": fmt(change.result.index, 2),
            "critical": fmt(change.result.critical, 2),
        }
        signals.append(
            Signal(key, str(sentence) % {"child": names.child, "previous": names.previous}, reason)
        )
    return signals


def low_score_signals(teacher: View | None, child: View | None, names: Names) -> list[Signal]:
    checks = (
        (
            child,
            "fairness",
            SignalKey.FEELS_UNFAIR,
            gettext_lazy("%(child)s feels unfairly treated by %(teacher)s."),
        ),
        (
            child,
            "classmates",
            SignalKey.CLASSMATES_UNFAIR,
            gettext_lazy("%(child)s thinks %(teacher)s does not treat all classmates alike."),
        ),
        (
            teacher,
            "handling",
            SignalKey.LOW_HANDLING,
            gettext_lazy("%(teacher)s does not feel well equipped to guide %(child)s."),
        ),
    )
    signals = []
    for view, construct, key, sentence in checks:
        result = view.result(construct) if view else None
        if view is None or result is None or result.score is None or result.answered < MIN_SIGNAL_ANSWERS:
            continue
        limit = view.spec.raw_from_normalised(LOW)
        if shown(result.score) > shown(limit, 2):
            continue
        reason = _("%(label)s: %(score)s; this is signalled at %(limit)s or lower.") % {
            "label": result.label,
            "score": _on_scale(result, view.spec),
            "limit": fmt(limit, 2),
        }
        signals.append(Signal(key, str(sentence) % {"child": names.child, "teacher": names.teacher}, reason))
    return signals


def signals_for(
    teacher: View | None, child: View | None, changes: Sequence[Change], names: Names
) -> list[Signal]:
    return [
        *divergence_signals(teacher, child, names),
        *change_signals(changes, names),
        *low_score_signals(teacher, child, names),
    ]


SIGNAL_RULES = (
    gettext_lazy(
        "Views differ: the teacher's closeness and the child's experienced support, or their two views of "
        "conflict, are each compared with the school's answers on the same questionnaire this school "
        "year, from children of the same two grades (at least 10 answers). A signal when the two "
        "positions (in standard deviations from the school's average) lie further apart than the "
        "measurement error of both questionnaires allows: a child whose two views stand at the same "
        "place is flagged at most 5 times in 100. The two questionnaires' own numbers (1-5 and 1-4) "
        "are never compared directly."
    ),
    gettext_lazy(
        "Conflict rose, closeness fell, or the child feels less supported or more conflict: only when the "
        "reliable change index says the change is larger than measurement error. All scales of the "
        "teacher and the child are checked together, so the bar rises with their number (|RCI| ≥ 1.96 "
        "for one scale, 2.50 for four, 2.73 for eight): a relationship that did not change is flagged "
        "at most 5 times in 100."
    ),
    gettext_lazy(
        "Feels unfairly treated, or sees classmates treated unequally: the child's score is in the lowest "
        "third of the scale (2.0 or lower on the 1-4 form of groups 5-8), with at least 3 questions "
        "answered. The 1-3 form of groups 3-4 asks each of these with two questions, too few for a "
        "signal: it never gives one."
    ),
    gettext_lazy(
        "Not well equipped: the teacher's “able to handle” score is in the lowest third of the scale "
        "(2.33 or lower on 1-5)."
    ),
)
