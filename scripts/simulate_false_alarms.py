"""How often the app cries wolf: classes with nothing true to find, scored by the app.

    python scripts/simulate_false_alarms.py                      # 300 classes, 300 logs (a few minutes)
    python scripts/simulate_false_alarms.py --classes 40 --logs 60   # what CI runs (seconds)

Nothing is re-implemented here: the answers are generated, everything after that goes through the
app's own code (`scale_scores`, `Reference`, `score_view`, `changes_between`, `judge_together`,
`change_signals` and `divergence_signals` of the questionnaires, `compare_with_class` of Banking
Time, `distribution` of the interaction log). It prints four shares, each of which should be at
most 5% (give or take the simulation's own error, shown as ±2 standard errors):

- children with any "changed" signal at a moment, when no relationship changed;
- children with a "views differ" signal at a moment, when the teacher and the child see the
  relationship alike (the child's support follows the same level as the teacher's closeness, and both
  conflicts one level), though the two questionnaires use different answer scales;
- Banking Time plans with a "better than the class" verdict on any scale, when the plans did nothing
  and went to the three children with the highest conflict (so regression to the mean is at work);
- interaction logs whose gender test is significant, when gender makes no difference but some
  children simply get more taps than others.

It exits with status 1 when a share is above 7% (the limit plus room for simulation error).
"""

import argparse
import math
import os
import random
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onderstroom.settings")

import django

django.setup()

from onderstroom.bankingtime.scores import compare_with_class  # noqa: E402
from onderstroom.instruments.engine import InstrumentDefinition, parse_instrument  # noqa: E402
from onderstroom.instruments.scoring import Reference, scale_scores  # noqa: E402
from onderstroom.interactions import measures  # noqa: E402
from onderstroom.questionnaires.library import SHIPPED_DIR  # noqa: E402
from onderstroom.questionnaires.scoring import (  # noqa: E402
    CHANGED,
    Change,
    Names,
    View,
    change_signals,
    changes_between,
    divergence_signals,
    judge_together,
    score_view,
)

LIMIT = 0.07  # 5% plus room for the simulation's own error at the runs CI uses
CLASS_SIZE = 25
PLANS_PER_CLASS = 3
GRADE = 6
TEACHER = parse_instrument((SHIPPED_DIR / "teacher-about-child.yaml").read_text())
CHILD = parse_instrument((SHIPPED_DIR / "child-about-teacher-5-8.yaml").read_text())
# Where a child typically answers on each scale (keyed), how strongly answers follow the child's
# own stable level, and how much each answer wanders: typical of teacher and child questionnaires.
CENTRES = {
    ("teacher", "closeness"): 3.8,
    ("teacher", "conflict"): 2.0,
    ("teacher", "dependency"): 2.3,
    ("teacher", "handling"): 3.8,
    ("child", "support"): 3.1,
    ("child", "conflict"): 1.8,
    ("child", "fairness"): 3.2,
    ("child", "classmates"): 3.1,
}
LOADING = {"teacher": 0.8, "child": 0.6}
ITEM_NOISE = {"teacher": 0.8, "child": 0.75}


@dataclass(frozen=True)
class Share:
    label: str
    hits: int
    cases: int

    @property
    def value(self) -> float:
        return self.hits / self.cases if self.cases else 0.0

    @property
    def error(self) -> float:
        return 2 * math.sqrt(max(self.value * (1 - self.value), 1e-9) / self.cases) if self.cases else 0.0

    def line(self) -> str:
        share, error = 100 * self.value, 100 * self.error
        return f"{self.label}: {share:.1f}% ± {error:.1f}% ({self.hits} of {self.cases})"


# --- questionnaires ----------------------------------------------------------------------------


def answers(spec: InstrumentDefinition, levels: Mapping[str, float], rng: random.Random) -> dict[str, int]:
    """One response: each keyed answer is the scale's centre plus the child's level plus noise, rounded."""
    respondent = spec.respondent
    values = {}
    for item in spec.items:
        construct = next(s.construct or s.key for s in spec.scales if s.key == item.scale)
        centre = CENTRES[(respondent, construct)]
        raw = centre + LOADING[respondent] * levels[construct] + rng.gauss(0, ITEM_NOISE[respondent])
        keyed = min(spec.max_value, max(spec.min_value, round(raw)))
        values[item.key] = spec.min_value + spec.max_value - keyed if item.reverse else keyed
    return values


def view(spec: InstrumentDefinition, values: dict[str, int], reference: Reference, moment: int) -> View:
    return score_view(
        spec.respondent,
        spec,
        values,
        scale_scores(spec, values),
        grade=GRADE,
        gender=None,
        reference=reference,
        moment_id=moment,
        version_id=1,
    )


@dataclass
class SimulatedClass:
    """A class rated twice with nothing changed: per child, per side, the (before, after) changes."""

    changes: list[list[Change]]  # per child, the teacher's and the child's changes judged together
    teacher_conflict_before: list[float]
    views_differ: list[bool]  # per child and moment: any "views differ" signal


def child_levels(rng: random.Random) -> dict[str, float]:
    """One child's stable levels: teacher and child see the same warmth and the same conflict."""
    levels = {c: rng.gauss(0, 1) for (_, c) in CENTRES}
    levels["support"] = levels["closeness"]  # "conflict" is one key for both sides already
    return levels


def simulate_class(rng: random.Random) -> SimulatedClass:
    levels = [child_levels(rng) for _ in range(CLASS_SIZE)]
    responses = {
        (spec.respondent, moment): [answers(spec, child, rng) for child in levels]
        for spec in (TEACHER, CHILD)
        for moment in (1, 2)
    }
    references = {}
    for spec in (TEACHER, CHILD):
        reference = Reference(spec)
        for moment in (1, 2):
            for values in responses[(spec.respondent, moment)]:
                reference.add(values, scale_scores(spec, values), GRADE)
        references[spec.respondent] = reference
    changes, conflict, differ = [], [], []
    names = Names(teacher="Juf", child="Kind")
    for i in range(CLASS_SIZE):
        found: list[Change] = []
        views = {}
        for spec in (TEACHER, CHILD):
            reference = references[spec.respondent]
            before = view(spec, responses[(spec.respondent, 1)][i], reference, 1)
            after = view(spec, responses[(spec.respondent, 2)][i], reference, 2)
            found.extend(changes_between(before, after, GRADE, None, reference))
            views[spec.respondent] = (before, after)
        changes.append(judge_together(found))
        conflict.append(scale_scores(TEACHER, responses[("teacher", 1)][i])["conflict"] or 0.0)
        for moment in (0, 1):
            differ.append(bool(divergence_signals(views["teacher"][moment], views["child"][moment], names)))
    return SimulatedClass(changes, conflict, differ)


def signalled(changes: list[Change]) -> bool:
    """Whether the app shows any "changed" signal for this child."""
    names = Names(teacher="Juf", child="Kind", previous="oktober")
    for respondent in ("teacher", "child"):
        own = [c for c in changes if c.respondent == respondent]
        if any(signal.key in CHANGED for signal in change_signals(own, names)):
            return True
    return False


def plans_improved(found: SimulatedClass) -> tuple[int, int]:
    """The three children with the most conflict get a plan that does nothing; how many look better?"""
    order = sorted(range(CLASS_SIZE), key=lambda i: -found.teacher_conflict_before[i])
    planned = set(order[:PLANS_PER_CLASS])
    classmates = [c for i in range(CLASS_SIZE) if i not in planned for c in found.changes[i]]
    hits = 0
    for i in planned:
        compared = compare_with_class(found.changes[i], classmates)
        hits += any(c.verdict == "better" for c in compared)
    return hits, len(planned)


# --- interaction log ---------------------------------------------------------------------------


def poisson(mean: float, rng: random.Random) -> int:
    """Knuth's method: fine for the small means of one child's taps in a period."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def simulate_log(rng: random.Random) -> measures.Distribution:
    """A class where some children get many more taps than others, whatever their gender."""
    genders = ["f", "m"] * (CLASS_SIZE // 2) + [rng.choice("fm")] * (CLASS_SIZE % 2)
    rng.shuffle(genders)
    members = [measures.Member(id=i, name=str(i), gender=g, grade=GRADE) for i, g in enumerate(genders)]
    mean_taps = rng.choice((2.0, 4.0, 8.0))
    counts = {m.id: poisson(rng.gammavariate(1.5, mean_taps / 1.5), rng) for m in members}
    return measures.distribution(measures.categorise(members, counts, "gender"))


# --- running -----------------------------------------------------------------------------------


def run(classes: int, logs: int, seed: int) -> list[Share]:
    rng = random.Random(seed)
    children = flagged = plans = improved = views = differ = 0
    for _ in range(classes):
        found = simulate_class(rng)
        children += CLASS_SIZE
        flagged += sum(signalled(changes) for changes in found.changes)
        views += len(found.views_differ)
        differ += sum(found.views_differ)
        hits, count = plans_improved(found)
        improved += hits
        plans += count
    tested = significant = pearson = 0
    for _ in range(logs):
        result = simulate_log(rng)
        if result.test is None:
            continue
        tested += 1
        significant += result.significant
        pearson += result.test.p_value < measures.SIGNIFICANCE
    return [
        Share("Children with a change signal at a moment", flagged, children),
        Share("Banking Time plans judged better than the class", improved, plans),
        Share("Logs with a significant gender test", significant, tested),
        Share("Children whose views differ at a moment, though both see the same", differ, views),
        Share("  (for comparison: Pearson's p counting every tap as independent)", pearson, tested),
    ]


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=300, help="simulated classes of 25 (default 300)")
    parser.add_argument("--logs", type=int, default=300, help="simulated interaction logs (default 300)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    shares = run(args.classes, args.logs, args.seed)
    for share in shares:
        out(share.line())
    judged = shares[:4]
    too_high = [s for s in judged if s.value > LIMIT]
    for share in too_high:
        out(f"TOO HIGH (> {100 * LIMIT:.0f}%): {share.label}")
    return 1 if too_high else 0


if __name__ == "__main__":
    sys.exit(main())
