"""The relationship before and after a plan, set beside the classmates without a plan, on hand-made scores.

The school's own ratings give the measurement error (no norm table ships with the app): the
standard deviation and Cronbach's alpha of a scale over every rating on that questionnaire in
the school this year. The expected numbers are computed here independently, with numpy.
"""

import math
import random
from datetime import timedelta

import numpy as np
import pytest
from django.utils import translation

from onderstroom.bankingtime.scores import (
    MIN_CLASSMATES,
    ClassComparison,
    ConstructChange,
    before_after,
    compare_with_class,
)
from onderstroom.bankingtime.tests.helpers import (
    fill_class,
    make_plan,
    rate,
    raw_values,
    spread_values,
    two_moments,
)
from onderstroom.questionnaires.models import Response
from onderstroom.questionnaires.scoring import Change
from onderstroom.schools.access import today
from onderstroom.statistics import ReliableChange
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def reference_rci(version_spec, scale: str, before: float, after: float) -> float:  # type: ignore[no-untyped-def]
    """RCI from every teacher rating in the school: SD (n - 1) and alpha over complete keyed rows."""
    rows, scores = [], []
    items = version_spec.items_of(scale)
    for response in Response.objects.filter(respondent="teacher"):
        keyed = [
            version_spec.min_value + version_spec.max_value - response.values[i.key]
            if i.reverse
            else response.values[i.key]
            for i in items
        ]
        rows.append(keyed)
        scores.append(np.mean(keyed))
    matrix = np.array(rows, dtype=float)
    k = matrix.shape[1]
    alpha = k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / matrix.sum(axis=1).var(ddof=1))
    sd = np.std(scores, ddof=1)
    return (after - before) / (math.sqrt(2) * sd * math.sqrt(1 - alpha))


def steady(spec, values: dict[str, int], rng: random.Random) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The same answers a second time, one item a step off: a child whose relationship did not change."""
    again = dict(values)
    item = rng.choice(spec.items).key
    again[item] = min(spec.max_value, max(spec.min_value, again[item] + rng.choice((-1, 1))))
    return again


def test_before_and_after_set_beside_the_class(world: World) -> None:
    enrollments = fill_class(world, 12)
    first, second = two_moments(world, before_days=80, after_days=10)
    spec = first.teacher_version.spec
    rng = random.Random(7)
    ours = next(e for e in enrollments if e.child_id == world.child.pk)
    for enrollment in enrollments:
        if enrollment is ours:
            continue
        values = spread_values(spec, rng)
        rate(first, enrollment, world.teacher, values, "teacher")
        rate(second, enrollment, world.teacher, steady(spec, values, rng), "teacher")
    # The plan's child: little closeness and much conflict before, the other way round after.
    rate(
        first,
        ours,
        world.teacher,
        raw_values(spec, {"closeness": 2, "conflict": 4, "dependency": 3, "handling": 2}),
        "teacher",
    )
    rate(
        second,
        ours,
        world.teacher,
        raw_values(spec, {"closeness": 4, "conflict": 2, "dependency": 3, "handling": 4}),
        "teacher",
    )
    plan = make_plan(world.child, world.group, world.teacher, starts_on=today() - timedelta(days=50))

    result = before_after(plan.child, plan.teacher, plan.starts_on, today())

    side = result.teacher
    assert (side.before, side.after, side.comparable) == (first, second, True)
    changes = {c.change.construct: c for c in side.changes}
    assert set(changes) == {"closeness", "conflict", "dependency", "handling"}
    closeness, conflict, dependency = changes["closeness"], changes["conflict"], changes["dependency"]
    assert (closeness.before, closeness.after, closeness.difference) == (2, 4, 2)
    assert closeness.change.result.index == pytest.approx(reference_rci(spec, "closeness", 2, 4))
    assert conflict.change.result.index == pytest.approx(reference_rci(spec, "conflict", 4, 2))
    assert closeness.comparison.classmates == 11
    assert closeness.comparison.scales == sum(c.comparison is not None for c in side.changes)
    assert closeness.verdict == "better"  # closeness went up where the class stayed: better
    assert conflict.verdict == "better"  # conflict went down: better too
    assert dependency.difference == 0
    assert dependency.verdict == "as_class"
    with translation.override("en"):
        assert "more than the class" in closeness.meaning
        assert "relationship itself" not in closeness.meaning
        assert "about as much as the class" in dependency.meaning
    # The child filled in nothing: that side has no moments at all.
    assert (result.child.before, result.child.after) == (None, None)
    assert result.has_any


def test_only_the_plans_teacher_and_the_moments_around_the_start_count(world: World) -> None:
    enrollments = fill_class(world, 3)
    first, second = two_moments(world, before_days=80, after_days=10)
    spec = first.teacher_version.spec
    ours = next(e for e in enrollments if e.child_id == world.child.pk)
    values = raw_values(spec, {"closeness": 3, "conflict": 3, "dependency": 3, "handling": 3})
    rate(second, ours, world.co_teacher, values, "teacher")  # a colleague's rating does not count
    plan = make_plan(world.child, world.group, world.teacher, starts_on=today() - timedelta(days=50))
    nothing = before_after(plan.child, plan.teacher, plan.starts_on, today())
    assert (nothing.teacher.before, nothing.teacher.after, nothing.has_any) == (None, None, False)

    rate(first, ours, world.teacher, values, "teacher")
    only_before = before_after(plan.child, plan.teacher, plan.starts_on, today())
    assert (only_before.teacher.before, only_before.teacher.after) == (first, None)
    assert only_before.teacher.changes == ()

    # Too few classmates without a plan to compare with: shown, but not judged.
    rate(
        second,
        ours,
        world.teacher,
        raw_values(spec, {"closeness": 5, "conflict": 1, "dependency": 3, "handling": 3}),
        "teacher",
    )
    few = before_after(plan.child, plan.teacher, plan.starts_on, today())
    assert {c.verdict for c in few.teacher.changes} == {"unknown"}
    assert "10" in few.teacher.changes[0].meaning

    # A plan that started after the latest moment has only a "before".
    late = before_after(plan.child, plan.teacher, today() - timedelta(days=2), today())
    assert (late.teacher.before, late.teacher.after) == (second, None)


def change(construct: str, before: float, after: float, expected: float | None) -> ConstructChange:
    """A change beside a class that expects `expected` with a margin of 1.0 (None: no class)."""
    comparison = None if expected is None else ClassComparison(expected, 1.0, 20, 4)
    return ConstructChange(Change("teacher", construct, construct, before, after, None), comparison)


@pytest.mark.parametrize(
    ("construct", "before", "after", "expected", "verdict"),
    [
        ("closeness", 2.0, 4.0, 0.5, "better"),
        ("closeness", 4.0, 2.0, -0.5, "worse"),
        ("conflict", 4.0, 2.0, -0.5, "better"),
        ("conflict", 2.0, 4.0, 0.5, "worse"),
        ("conflict", 4.0, 3.0, -0.5, "as_class"),  # down by 1, but the class came down by 0.5 too
        ("dependency", 3.0, 3.5, 0.0, "as_class"),
        ("support", 3.0, 2.0, 0.0, "worse"),  # exactly at the margin counts
        ("handling", 3.0, 4.0, None, "unknown"),
    ],
)
def test_the_verdict_follows_the_direction_of_each_scale(
    construct: str, before: float, after: float, expected: float | None, verdict: str
) -> None:
    found = change(construct, before, after, expected)
    assert found.verdict == verdict
    assert found.meaning


def regressing_class(rng: random.Random, size: int) -> list[Change]:
    """Classmates whose conflict moves halfway back to 3 by itself, give or take: no plan, no effect."""
    found = []
    for _ in range(size):
        before = rng.uniform(1.5, 4.0)
        after = before - 0.5 * (before - 3.0) + rng.gauss(0, 0.2)
        found.append(Change("teacher", "conflict", "conflict", before, after, None))
    return found


def test_regression_to_the_mean_is_not_an_improvement() -> None:
    """Conflict 4.6 → 3.8 looks better, but classmates who started that high came down as far alone."""
    own = Change("teacher", "conflict", "conflict", 4.6, 3.8, ReliableChange(4.6, 3.8, 0.2, 0.28, -2.86))
    assert own.reliable  # the old verdict: a reliable change for the better
    (found,) = compare_with_class([own], regressing_class(random.Random(3), 20))
    assert found.expected == pytest.approx(-0.8, abs=0.15)
    assert found.verdict == "as_class"


def test_more_scales_raise_the_bar() -> None:
    """With four scales compared the margin is wider than with one (Bonferroni over the scales)."""
    rng = random.Random(5)
    classmates = regressing_class(rng, 20)
    others = [
        Change("teacher", construct, construct, c.before, c.after, None)
        for construct in ("closeness", "dependency", "handling")
        for c in classmates
    ]
    own = [
        Change("teacher", construct, construct, 4.6, 3.8, None)
        for construct in ("conflict", "closeness", "dependency", "handling")
    ]
    (alone,) = compare_with_class(own[:1], classmates)
    together = compare_with_class(own, classmates + others)
    assert alone.comparison.scales == 1
    assert together[0].comparison.scales == 4
    assert together[0].comparison.margin > alone.comparison.margin


def test_too_few_classmates_cannot_be_compared() -> None:
    own = Change("teacher", "conflict", "conflict", 4.6, 3.0, None)
    (found,) = compare_with_class([own], regressing_class(random.Random(1), MIN_CLASSMATES - 1))
    assert found.verdict == "unknown"
