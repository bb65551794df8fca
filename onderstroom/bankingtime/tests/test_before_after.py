"""The relationship before and after a plan, with the reliable change index, on hand-made scores.

The school's own ratings give the measurement error (no norm table ships with the app): the
standard deviation and Cronbach's alpha of a scale over every rating on that questionnaire in
the school this year. The expected numbers are computed here independently, with numpy.
"""

import math
import random
from datetime import timedelta

import numpy as np
import pytest

from onderstroom.bankingtime.scores import ConstructChange, before_after
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


def test_before_and_after_with_the_reliable_change_index(world: World) -> None:
    enrollments = fill_class(world, 12)
    first, second = two_moments(world, before_days=80, after_days=10)
    spec = first.teacher_version.spec
    rng = random.Random(7)
    ours = next(e for e in enrollments if e.child_id == world.child.pk)
    for moment in (first, second):
        for enrollment in enrollments:
            if enrollment is ours:
                continue
            rate(moment, enrollment, world.teacher, spread_values(spec, rng), "teacher")
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
    assert closeness.index == pytest.approx(reference_rci(spec, "closeness", 2, 4))
    assert conflict.index == pytest.approx(reference_rci(spec, "conflict", 4, 2))
    assert closeness.verdict == "better"  # closeness went up: better
    assert conflict.verdict == "better"  # conflict went down: better too
    assert dependency.difference == 0
    assert dependency.verdict == "within_error"
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

    # Too few ratings in the school to know the measurement error: compared, but not judged.
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


def change(construct: str, before: float, after: float, index: float | None) -> ConstructChange:
    result = None
    if index is not None:
        error = abs(after - before) / abs(index) if index else 1.0
        result = ReliableChange(before, after, error / math.sqrt(2), error, index)
    return ConstructChange(Change("teacher", construct, construct, before, after, result))


@pytest.mark.parametrize(
    ("construct", "before", "after", "index", "verdict"),
    [
        ("closeness", 2.0, 4.0, 2.5, "better"),
        ("closeness", 4.0, 2.0, -2.5, "worse"),
        ("conflict", 4.0, 2.0, -2.5, "better"),
        ("conflict", 2.0, 4.0, 2.5, "worse"),
        ("dependency", 3.0, 3.5, 1.2, "within_error"),
        ("support", 3.0, 2.0, -1.96, "worse"),  # exactly at the limit counts
        ("handling", 3.0, 4.0, None, "unknown"),
    ],
)
def test_the_verdict_follows_the_direction_of_each_scale(
    construct: str, before: float, after: float, index: float | None, verdict: str
) -> None:
    found = change(construct, before, after, index)
    assert found.verdict == verdict
    assert found.meaning
