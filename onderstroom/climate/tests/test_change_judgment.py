"""The change judgment of the climate measures: Welch's t-test on two groups of anonymous answers.

Checked through the real path (`core.measures.compare` → the climate source's series and judge),
including a simulation: without a true change the judgment claims one in about 5 % of classes at
most, with a large true change it finds it in nearly every class.
"""

import random
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from onderstroom.climate import library
from onderstroom.climate.measures import CLASS_KEY, SCHOOL_KEY, judge_samples
from onderstroom.climate.models import ClassMoment, ClimateResponse, Respondent, SchoolRound
from onderstroom.climate.tests.helpers import make_round
from onderstroom.climate.tests.test_results import answer_class
from onderstroom.core import measures
from onderstroom.core.measures import Better, Judgment, Level, Target, Verdict
from onderstroom.schools.access import build_staff_actor, today
from onderstroom.schools.models import Enrollment, Group, SchoolYear
from onderstroom.testing.world import World, add_child, make_child, set_up

SCALE = "cooperation"
START = timedelta(days=20)  # the action starts this many days ago: one moment before, one after


@set_up
def moments(group: Group) -> tuple[ClassMoment, ClassMoment]:
    """A closed moment before the action's start and an open one after it."""
    versions = {
        "young_version": library.version(library.CLASS_YOUNG),
        "older_version": library.version(library.CLASS_OLDER),
        "practice_version": library.version(library.PRACTICE),
    }
    common = {"school": group.school, "group": group, "school_year": group.school_year, **versions}
    before = ClassMoment.objects.create(
        opens_on=today() - timedelta(days=40), closes_on=today() - timedelta(days=30), **common
    )
    after = ClassMoment.objects.create(
        opens_on=today() - timedelta(days=1), closes_on=today() + timedelta(days=13), **common
    )
    return before, after


@set_up
def class_of(group: Group, count: int) -> list[Enrollment]:
    while Enrollment.objects.filter(group=group).count() < count:
        add_child(group, make_child(group.school), 6)
    return list(Enrollment.objects.filter(group=group).order_by("pk")[:count])


@set_up
def blank_answers(moment: ClassMoment, enrollments: list[Enrollment]) -> list[ClimateResponse]:
    """One completed form per child of the moment, with scores to be set by the simulation."""
    return ClimateResponse.objects.bulk_create(
        ClimateResponse(
            school=moment.school,
            class_moment=moment,
            version=moment.older_version,
            respondent=Respondent.CHILD,
            child=e.child,
            group=moment.group,
            grade=e.grade,
            answered=3,
            completed_at=timezone.now(),
        )
        for e in enrollments
    )


def judge(world: World) -> Judgment:
    actor = build_staff_actor(world.teacher, None, None)
    target = Target(Level.CLASS, group=world.group)
    return measures.compare(actor, target, CLASS_KEY, SCALE, today() - START)


@set_up
def answers(moment: ClassMoment, values: list[float]) -> None:
    """Completed forms of the moment with these scores (1-4) on the scale, one child each."""
    ClimateResponse.objects.bulk_create(
        ClimateResponse(
            school=moment.school,
            class_moment=moment,
            version=moment.older_version,
            respondent=Respondent.CHILD,
            child=e.child,
            group=moment.group,
            grade=e.grade,
            scores={SCALE: value},
            answered=3,
            completed_at=timezone.now(),
        )
        for e, value in zip(class_of(moment.group, len(values)), values, strict=False)
    )


def test_a_class_scale_is_judged_with_sizes_and_difference_in_dutch(world: World) -> None:
    before, after = moments(world.group)
    answers(before, [2.0] * 6)
    answers(after, [3.0] * 6)
    # Everyone gave the same answer: the means differ, but there is no spread to judge by.
    judged = judge(world)
    assert judged.verdict == Verdict.UNJUDGED
    assert "geen spreiding" in judged.explanation
    # One child in each moment answers differently: now there is an error to judge by.
    for moment, value in ((before, 1.0), (after, 4.0)):
        ClimateResponse.objects.filter(pk=moment.responses.order_by("pk")[0].pk).update(scores={SCALE: value})
    judged = judge(world)
    assert judged.verdict == Verdict.HELPED
    assert judged.baseline is not None
    assert judged.followup is not None
    assert (judged.baseline.n, judged.followup.n) == (6, 6)
    # (1 + 5·2)/6 → (4 + 5·3)/6 on 1-4: 27,8 → 72,2 on 0-100
    assert "44,4 punten op 0-100" in judged.explanation
    assert "6 antwoorden ervoor en 6 erna" in judged.explanation


def test_no_judgment_below_five_answers_on_either_side(world: World) -> None:
    too_few = judge_samples([50.0, 60.0, 70.0, 80.0], [10.0, 20.0, 30.0, 40.0, 50.0], Better.UP)
    assert too_few.verdict == Verdict.NOT_ENOUGH
    assert "te weinig antwoorden" in too_few.explanation.lower()
    assert "4 ervoor en 5 erna" in too_few.explanation
    # Through the page's path: four answers after the start give no value and so no verdict.
    before, after = moments(world.group)
    answer_class(before, 6, value=2)
    answer_class(after, 4, value=4)
    judged = judge(world)
    assert judged.verdict == Verdict.NOT_ENOUGH
    assert judged.followup is not None
    assert judged.followup.value is None


def test_the_direction_follows_the_measures_better() -> None:
    low, high = [20.0, 30.0, 25.0, 35.0, 30.0], [70.0, 80.0, 75.0, 85.0, 80.0]
    assert judge_samples(low, high, Better.UP).verdict == Verdict.HELPED
    assert judge_samples(low, high, Better.DOWN).verdict == Verdict.WORSENED
    assert judge_samples(high, low, Better.UP).verdict == Verdict.WORSENED
    assert judge_samples(low, [v + 1 for v in low], Better.UP).verdict == Verdict.NO_CHANGE


def _child_score(rng: random.Random, weights: list[float]) -> float:
    """A child's mean over the three items of a scale, each answered 1-4 with these chances."""
    return sum(rng.choices((1, 2, 3, 4), weights=weights, k=3)) / 3


def _simulate(
    world: World, repetitions: int, weights_before: list[float], weights_after: list[float]
) -> dict:
    """Each repetition: two classes of 20-30 answers drawn afresh, judged through `measures.compare`."""
    rng = random.Random(20261204)
    before, after = moments(world.group)
    enrollments = class_of(world.group, 30)
    forms = {before: blank_answers(before, enrollments), after: blank_answers(after, enrollments)}
    verdicts: dict[Verdict, int] = dict.fromkeys(Verdict, 0)
    for _ in range(repetitions):
        changed = []
        for moment, weights in ((before, weights_before), (after, weights_after)):
            count = rng.randint(20, 30)
            for i, response in enumerate(forms[moment]):
                response.scores = {SCALE: _child_score(rng, weights)}
                response.completed_at = timezone.now() if i < count else None
                changed.append(response)
        ClimateResponse.objects.bulk_update(changed, ["scores", "completed_at"])
        verdicts[judge(world).verdict] += 1
    return verdicts


def test_without_a_true_change_a_change_is_claimed_in_about_five_percent_at_most(world: World) -> None:
    repetitions = 300
    same = [0.1, 0.25, 0.4, 0.25]
    verdicts = _simulate(world, repetitions, same, same)
    claimed = verdicts[Verdict.HELPED] + verdicts[Verdict.WORSENED]
    assert verdicts[Verdict.NO_CHANGE] + claimed == repetitions, verdicts
    # 5 % expected (15 of 300); three binomial standard deviations (3.8 each) of tolerance.
    assert claimed <= 0.05 * repetitions + 11, verdicts
    assert claimed >= 1, verdicts  # the test can find a change at all


def test_with_a_large_true_change_it_says_helped_nearly_always(world: World) -> None:
    verdicts = _simulate(world, 60, [0.3, 0.4, 0.2, 0.1], [0.05, 0.15, 0.4, 0.4])
    assert verdicts[Verdict.HELPED] >= 57, verdicts
    assert verdicts[Verdict.WORSENED] == 0, verdicts


def test_the_pure_judgment_keeps_its_false_alarm_rate_over_many_samples() -> None:
    """The same check with 4000 pairs of samples, without the database (tighter bounds)."""
    rng = random.Random(7)
    weights = [0.15, 0.3, 0.35, 0.2]
    claimed = 0
    for _ in range(4000):
        first = [_child_score(rng, weights) * 100 / 3 for _ in range(rng.randint(20, 30))]
        second = [_child_score(rng, weights) * 100 / 3 for _ in range(rng.randint(20, 30))]
        verdict = judge_samples(first, second, Better.UP).verdict
        claimed += verdict in (Verdict.HELPED, Verdict.WORSENED)
    assert 0.03 * 4000 <= claimed <= 0.065 * 4000, claimed


@set_up
def school_answers(found: SchoolRound, group: Group, values: list[float]) -> None:
    enrollments = [add_child(group, make_child(group.school), 6) for _ in values]
    ClimateResponse.objects.bulk_create(
        ClimateResponse(
            school=found.school,
            school_round=found,
            version=found.child_version,
            respondent=Respondent.CHILD,
            child=e.child,
            group=group,
            grade=6,
            scores={"meeting": value},
            answered=3,
            completed_at=timezone.now(),
        )
        for e, value in zip(enrollments, values, strict=True)
    )


@set_up
def last_year(world: World) -> tuple[SchoolRound, Group]:
    this_year = world.group.school_year
    name = f"{this_year.starts_on.year - 1}-{this_year.starts_on.year}"
    starts_on, ends_on = SchoolYear.bounds_for(name)
    year = SchoolYear.objects.create(school=world.school, name=name, starts_on=starts_on, ends_on=ends_on)
    group = Group.objects.create(school=world.school, school_year=year, name="Groep 6", grades=[6])
    found = make_round(group, days_ago=(timezone.localdate() - starts_on).days - 60)
    SchoolRound.objects.filter(pk=found.pk).update(school_year=year)
    found.refresh_from_db()
    return found, group


def test_a_school_scale_is_judged_between_two_rounds(world: World) -> None:
    earlier, old_group = last_year(world)
    school_answers(earlier, old_group, [1, 2, 2, 1, 2, 1, 2, 2])
    later = make_round(world.group, days_ago=1)
    school_answers(later, world.group, [3, 4, 4, 3, 4, 3, 4, 3])
    director = build_staff_actor(world.admin, None, None)
    start = today() - START
    judged = measures.compare(director, Target(Level.SCHOOL), SCHOOL_KEY, "children.meeting", start)
    assert judged.verdict == Verdict.HELPED, judged
    assert "8 antwoorden ervoor en 8 erna" in judged.explanation
    # The teacher may not judge the school's measure.
    teacher = build_staff_actor(world.teacher, None, None)
    with pytest.raises(Http404):
        measures.compare(teacher, Target(Level.SCHOOL), SCHOOL_KEY, "children.meeting", start)
