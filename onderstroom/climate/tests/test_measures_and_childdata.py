"""Climate scales as measures for the action plan, and a child's climate answers in the privacy registry."""

from datetime import timedelta

from onderstroom.climate.childdata import erase_child, export_child
from onderstroom.climate.measures import CLASS_KEY, SCHOOL_KEY
from onderstroom.climate.models import ClassMoment, ClimateResponse
from onderstroom.climate.tests.helpers import world_moment
from onderstroom.climate.tests.test_results import answer_class
from onderstroom.core import measures
from onderstroom.core.measures import Level, Target
from onderstroom.schools.access import build_staff_actor, today
from onderstroom.testing.world import World


def test_a_class_scale_reads_per_moment_and_only_from_five_answers(world: World) -> None:
    moment = world_moment(world)
    answer_class(moment, 4)
    actor = build_staff_actor(world.teacher, None, None)
    target = Target(Level.CLASS, group=world.group)
    assert "cooperation" in {o.key for o in measures.options(actor, target) if o.source == CLASS_KEY}
    (reading,) = measures.series(actor, target, CLASS_KEY, "cooperation")
    assert reading.value is None
    assert reading.n == 4
    assert "te weinig" in reading.note
    outsider = build_staff_actor(world.outsider, None, None)
    assert [o for o in measures.options(outsider, target) if o.source == CLASS_KEY] == []


def test_a_class_follow_up_is_a_new_moment_planned_with_its_access_check(world: World) -> None:
    world_moment(world)
    actor = build_staff_actor(world.teacher, None, None)
    target = Target(Level.CLASS, group=world.group)
    on = today() + timedelta(days=20)
    followup = measures.plan_followup(actor, target, CLASS_KEY, "cooperation", on)
    assert followup is not None
    assert ClassMoment.objects.filter(group=world.group, opens_on=on).exists()


def test_school_scales_are_offered_to_the_director_only(world: World) -> None:
    director = build_staff_actor(world.admin, None, None)
    teacher = build_staff_actor(world.teacher, None, None)
    target = Target(Level.SCHOOL)
    assert any(o.source == SCHOOL_KEY for o in measures.options(director, target))
    assert not any(o.source == SCHOOL_KEY for o in measures.options(teacher, target))


def test_a_childs_answers_are_exported_for_an_access_request_and_erased(world: World) -> None:
    moment = world_moment(world)
    answer_class(moment, 3)
    child = ClimateResponse.objects.filter(class_moment=moment).first().child
    (table,) = export_child(child)
    assert len(table.rows) == ClimateResponse.objects.get(child=child).answered
    assert erase_child(child).deleted == 1
    assert not ClimateResponse.objects.filter(child=child).exists()
    assert ClimateResponse.objects.filter(class_moment=moment).count() == 2
