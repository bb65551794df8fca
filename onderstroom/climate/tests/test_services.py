"""Planning, answering and the private vision: access checked, stored, audited, nothing else."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from onderstroom.audit.models import AuditEvent
from onderstroom.climate import access, services
from onderstroom.climate.models import ClassMoment, ClimateResponse, Respondent, SchoolRound, Vision
from onderstroom.climate.services import AnswerIn, VisionText
from onderstroom.climate.tests.helpers import world_moment, world_round
from onderstroom.core.errors import Refused
from onderstroom.schools.access import ChildActor, build_staff_actor, today
from onderstroom.schools.models import Enrollment
from onderstroom.testing.world import World


def staff(user):  # type: ignore[no-untyped-def]
    return build_staff_actor(user, None, None)


def child_actor(world: World, grade: int) -> ChildActor:
    enrollment = Enrollment.objects.filter(group=world.group, grade=grade).select_related("child").first()
    return ChildActor(child=enrollment.child, school=world.school, class_session=world.class_session)


def test_a_teacher_plans_a_class_moment_and_it_is_audited(world: World) -> None:
    """The teacher of the group plans; the moment holds the three forms; one audit row."""
    actor = staff(world.teacher)
    moment = services.plan_class_moment(actor, world.group, today(), today() + timedelta(days=7))
    assert moment.young_version.instrument.key == "onderstroom-class-climate-3-4"
    assert moment.practice_version.instrument.key == "onderstroom-class-practice"
    assert AuditEvent.objects.filter(action="climate.moment.plan").count() == 1


def test_a_colleague_cannot_plan_for_another_group_and_bad_dates_change_nothing(world: World) -> None:
    with pytest.raises(Http404):
        services.plan_class_moment(staff(world.other_teacher), world.group, today(), today())
    actor = staff(world.teacher)
    with pytest.raises(Refused):
        services.plan_class_moment(actor, world.group, today(), today() - timedelta(days=1))
    with pytest.raises(Refused):
        services.plan_class_moment(actor, world.group, today(), today() + timedelta(days=60))
    services.plan_class_moment(actor, world.group, today(), today() + timedelta(days=7))
    with pytest.raises(Refused):
        services.plan_class_moment(
            actor, world.group, today() + timedelta(days=3), today() + timedelta(days=9)
        )
    assert ClassMoment.objects.count() == 1


def test_only_the_school_admin_opens_one_round_a_year(world: World) -> None:
    with pytest.raises(Http404):
        services.open_school_round(staff(world.teacher), today(), today() + timedelta(days=7))
    services.open_school_round(staff(world.admin), today(), today() + timedelta(days=7))
    with pytest.raises(Refused):
        services.open_school_round(staff(world.admin), today(), today() + timedelta(days=7))
    assert SchoolRound.objects.count() == 1


def test_a_group_4_child_gets_the_pictorial_form_and_a_group_5_child_the_long_one(world: World) -> None:
    world_moment(world)
    young = access.child_forms(child_actor(world, 4))
    older = access.child_forms(child_actor(world, 5))
    assert [f.version.spec.pictorial for f in young] == [True]
    assert [f.version.spec.pictorial for f in older] == [False]


def test_the_school_form_is_for_groups_5_to_8_only(world: World) -> None:
    world_round(world)
    assert access.child_forms(child_actor(world, 4)) == []
    assert [f.kind for f in access.child_forms(child_actor(world, 6))] == ["school"]


def test_child_answers_are_kept_scored_and_a_late_older_answer_changes_nothing(world: World) -> None:
    world_moment(world)
    actor = child_actor(world, 5)
    form = access.child_form(actor, "class")
    now = timezone.now()
    items = [item.key for item in form.version.spec.items]
    result = services.save_child_answers(
        actor, form, [AnswerIn(key, 4, now, f"c{n}") for n, key in enumerate(items)]
    )
    assert result.complete
    assert len(result.stored) == len(items)
    older = AnswerIn(items[0], 1, now - timedelta(minutes=1), "late")
    services.save_child_answers(actor, form, [older])
    response = ClimateResponse.objects.get(child=actor.child)
    assert response.values[items[0]] == 4
    assert response.scores["belonging"] == 4.0
    assert response.scores["not_bullied"] == 1.0  # "they bully me: yes" on every reversed item
    assert response.group_id == world.group.pk
    assert response.grade == 5
    assert AuditEvent.objects.filter(action="climate.class.answer", child=actor.child).count() == 2


def test_an_answer_outside_the_form_is_rejected(world: World) -> None:
    world_moment(world)
    actor = child_actor(world, 5)
    form = access.child_form(actor, "class")
    result = services.save_child_answers(
        actor, form, [AnswerIn("k01", 9, timezone.now(), "a"), AnswerIn("nope", 1, timezone.now(), "b")]
    )
    assert set(result.rejected) == {"a", "b"}
    assert not result.stored


def test_a_child_cannot_answer_another_childs_form(world: World) -> None:
    world_moment(world)
    mine = access.child_form(child_actor(world, 5), "class")
    other = child_actor(world, 6)
    with pytest.raises(Http404):
        services.save_child_answers(other, mine, [])


def test_a_staff_member_without_a_group_answers_the_school_form(world: World) -> None:
    found = world_round(world)
    actor = staff(world.staff_member)
    values = {item.key: 3 for item in found.staff_version.spec.items}
    response = services.save_staff_answers(actor, found, values)
    assert response.respondent == Respondent.STAFF
    assert response.completed_at is not None
    assert response.group_id is None
    with pytest.raises(Refused):
        services.save_staff_answers(actor, found, {"t01": 7})
    assert ClimateResponse.objects.get().values == values


def test_the_board_admin_and_an_outsider_cannot_answer_the_school_form(world: World) -> None:
    found = world_round(world)
    with pytest.raises(Http404):
        services.save_staff_answers(staff(world.board_admin), found, {"t01": 3})
    with pytest.raises(Http404):
        access.open_round_for_staff(staff(world.outsider))


def test_only_a_teacher_of_the_group_assesses_their_practice(world: World) -> None:
    moment = world_moment(world)
    with pytest.raises(Http404):
        services.save_staff_answers(staff(world.care), moment, {"p01": 3})
    response = services.save_staff_answers(staff(world.teacher), moment, {"p01": 3, "p02": 4})
    assert response.respondent == Respondent.TEACHER
    assert response.completed_at is None


def test_the_vision_is_private_to_its_author(world: World) -> None:
    """Written by the teacher, read by nobody else: the co-teacher and the care coordinator find none."""
    author = staff(world.teacher)
    services.save_vision(author, VisionText(values_most="support", fastest="hostile", example="Bas"))
    assert access.own_vision(author).fastest == "hostile"
    assert access.own_vision(staff(world.co_teacher)) is None
    with pytest.raises(Http404):
        access.may_write_vision(staff(world.care))
    entry = AuditEvent.objects.get(action="climate.vision.create")
    assert "Bas" not in str(entry.details)
    with pytest.raises(Http404):
        services.delete_vision(staff(world.co_teacher), Vision.objects.get())
    with pytest.raises(Refused):
        services.save_vision(author, VisionText(fastest="nonsense"))
    services.delete_vision(author, Vision.objects.get())
    assert not Vision.objects.exists()


LICENSED = """
schema: 1
key: licensed-school-monitor
version: "2025"
title: {nl: Gelicenseerde monitor, en: Licensed monitor}
respondent: staff
subject: school
audience: {grades: [1, 2, 3, 4, 5, 6, 7, 8]}
licence: {nl: Met licentie, en: Licensed}
options:
  - {value: 1, label: {nl: Nee, en: "No"}}
  - {value: 2, label: {nl: Ja, en: "Yes"}}
scales:
  - {key: safety, label: {nl: Veiligheid, en: Safety}}
items:
  - {key: m1, scale: safety, text: {nl: Het is hier veilig., en: It is safe here.}}
"""


def test_the_director_may_run_the_round_on_a_standardised_form_the_school_loaded(world: World) -> None:
    from onderstroom.climate import library
    from onderstroom.instruments.engine import parse_instrument
    from onderstroom.instruments.library import store_version

    licensed, _created = store_version(world.school.pk, parse_instrument(LICENSED), LICENSED, world.admin.pk)
    assert licensed in library.school_forms("staff")
    found = services.open_school_round(
        staff(world.admin), today(), today() + timedelta(days=7), staff_version=licensed
    )
    assert found.staff_version == licensed
    assert found.child_version.instrument.key == "onderstroom-school-climate-5-8"


def test_a_form_about_something_else_cannot_run_the_school_round(world: World) -> None:
    from onderstroom.climate import library

    with pytest.raises(Refused):
        services.open_school_round(
            staff(world.admin),
            today(),
            today() + timedelta(days=7),
            staff_version=library.version(library.PRACTICE),
        )
    assert not SchoolRound.objects.exists()
