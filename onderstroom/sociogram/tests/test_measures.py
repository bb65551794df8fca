"""Peer-survey figures as action measures: one reading per survey, no value below the participation
minimum, the change shown and never judged, nothing for a colleague of another group."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onderstroom.core import measures
from onderstroom.core.measures import Level, Target, Verdict
from onderstroom.schools.access import build_staff_actor
from onderstroom.sociogram.models import PeerSurvey
from onderstroom.sociogram.tests.helpers import answer, children_of, make_survey
from onderstroom.testing.world import World, add_child, make_child

pytestmark = pytest.mark.django_db


def class_of_ten(world: World) -> list:  # type: ignore[type-arg]
    for _ in range(7):
        add_child(world.group, make_child(world.school), 5)
    return children_of(world.group)


def survey_where(
    world: World, children: list, chosen: list, days_ago: int, answering: int = 10
) -> PeerSurvey:  # type: ignore[type-arg]
    survey = make_survey(world)
    PeerSurvey.objects.filter(pk=survey.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    for chooser in children[:answering]:
        answer(survey, chooser, work=[c for c in chosen if c != chooser])
    return survey


def test_readings_per_survey_and_the_change_shown_not_judged(world: World) -> None:
    children = class_of_ten(world)
    first, lonely = children[0], children[-1]
    survey_where(world, children, [first], days_ago=40)
    survey_where(world, children, [first, lonely], days_ago=5)
    actor = build_staff_actor(world.teacher, None, world.school.pk)
    relationship = Target(Level.RELATIONSHIP, group=world.group, child=lonely)
    assert [o.ref for o in measures.options(actor, relationship)][-1] == "sociogram.peers:chosen_by"
    readings = measures.series(actor, relationship, "sociogram.peers", "chosen_by")
    assert [(r.value, r.n) for r in readings] == [(0.0, 10), (9.0, 10)]
    class_target = Target(Level.CLASS, group=world.group)
    unchosen = measures.series(actor, class_target, "sociogram.peers", "unchosen")
    assert [r.value for r in unchosen] == [9.0, 8.0]  # the first child was chosen; then one more
    start = timezone.localdate() - timedelta(days=20)
    judgment = measures.compare(actor, class_target, "sociogram.peers", "unchosen", start)
    assert judgment.verdict == Verdict.UNJUDGED
    assert not judgment.judged


def test_too_few_answers_give_no_value_and_a_colleague_gets_nothing(world: World) -> None:
    children = class_of_ten(world)
    survey_where(world, children, [children[0]], days_ago=3, answering=4)
    actor = build_staff_actor(world.teacher, None, world.school.pk)
    target = Target(Level.CLASS, group=world.group)
    (reading,) = measures.series(actor, target, "sociogram.peers", "unchosen")
    assert reading.value is None
    assert reading.note
    other = build_staff_actor(world.other_teacher, None, world.school.pk)
    assert measures.options(other, target) == []
    assert measures.series(other, target, "sociogram.peers", "unchosen") == []
