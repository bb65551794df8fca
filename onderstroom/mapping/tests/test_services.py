"""Relationship mapping's writes: rounds, marks (each client id once), children's answers, champions."""

import uuid
from datetime import timedelta

import pytest
from django.http import Http404

from onderstroom.audit.models import AuditEvent
from onderstroom.core.errors import Refused
from onderstroom.mapping import services
from onderstroom.mapping.models import ChildAnswer, MappingRound, MarkReceipt, NamedAdult, StaffMark
from onderstroom.schools.access import ChildActor, build_staff_actor, today
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def staff(user):  # type: ignore[no-untyped-def]
    return build_staff_actor(user, None, None)


def test_the_care_coordinator_starts_one_round_for_the_school(world: World) -> None:
    started = services.start_round(staff(world.care), today() + timedelta(days=14))
    assert started.school == world.school
    assert AuditEvent.objects.filter(action="mapping.round.start").count() == 1
    with pytest.raises(Refused):
        services.start_round(staff(world.admin), today() + timedelta(days=7))
    assert MappingRound.objects.count() == 1


@pytest.mark.parametrize("days", [-1, 121])
def test_a_close_date_in_the_past_or_far_ahead_is_refused(world: World, days: int) -> None:
    with pytest.raises(Refused):
        services.start_round(staff(world.admin), today() + timedelta(days=days))
    assert not MappingRound.objects.exists()


def test_a_teacher_or_member_of_staff_cannot_start_a_round(world: World) -> None:
    for user in (world.teacher, world.staff_member):
        with pytest.raises(Http404):
            services.start_round(staff(user), today() + timedelta(days=14))


def test_a_mark_sent_twice_is_stored_once(world: World, mapping_round: MappingRound) -> None:
    actor = staff(world.staff_member)
    client_id = uuid.uuid4()
    first = services.save_marks(actor, mapping_round.uuid, [(client_id, world.child.uuid, True)])
    again = services.save_marks(actor, mapping_round.uuid, [(client_id, world.child.uuid, True)])
    assert first.stored == again.stored == [str(client_id)]
    assert StaffMark.objects.filter(staff=world.staff_member).count() == 1
    assert MarkReceipt.objects.filter(client_id=client_id).count() == 1
    assert AuditEvent.objects.filter(action="mapping.marks.save").count() == 1


def test_an_old_mark_sent_again_does_not_undo_a_later_unmark(
    world: World, mapping_round: MappingRound
) -> None:
    actor = staff(world.teacher)
    mark, unmark = uuid.uuid4(), uuid.uuid4()
    services.save_marks(actor, mapping_round.uuid, [(mark, world.child.uuid, True)])
    services.save_marks(actor, mapping_round.uuid, [(unmark, world.child.uuid, False)])
    services.save_marks(actor, mapping_round.uuid, [(mark, world.child.uuid, True)])
    assert not StaffMark.objects.filter(staff=world.teacher).exists()


@pytest.mark.all_schools
def test_a_child_of_another_school_is_rejected_and_nothing_stored(
    world: World, mapping_round: MappingRound
) -> None:
    client_id = uuid.uuid4()
    result = services.save_marks(
        staff(world.teacher), mapping_round.uuid, [(client_id, world.outsider_child.uuid, True)]
    )
    assert list(result.rejected) == [str(client_id)]
    assert not StaffMark.objects.exists()
    assert not MarkReceipt.objects.exists()


def test_a_closed_round_takes_no_marks(world: World, mapping_round: MappingRound) -> None:
    services.close_round(staff(world.care), mapping_round.uuid)
    with pytest.raises(Refused):
        services.save_marks(
            staff(world.teacher), mapping_round.uuid, [(uuid.uuid4(), world.child.uuid, True)]
        )
    assert not StaffMark.objects.exists()


def child_actor(world: World) -> ChildActor:
    world.class_session.refresh_from_db()
    return ChildActor(child=world.child, school=world.school, class_session=world.class_session)


def test_a_child_names_two_adults_then_changes_to_nobody(world: World, mapping_round: MappingRound) -> None:
    actor = child_actor(world)
    services.answer(
        actor, mapping_round.uuid, [str(world.teacher.uuid), str(world.staff_member.uuid)], nobody=False
    )
    assert set(NamedAdult.objects.values_list("adult_id", flat=True)) == {
        world.teacher.pk,
        world.staff_member.pk,
    }
    services.answer(actor, mapping_round.uuid, [], nobody=True)
    answer = ChildAnswer.objects.get()
    assert answer.nobody
    assert not NamedAdult.objects.exists()


@pytest.mark.parametrize("case", ["both", "neither", "stranger"])
def test_a_child_s_bad_answer_is_refused_and_changes_nothing(
    world: World, mapping_round: MappingRound, case: str
) -> None:
    adults = {"both": [str(world.teacher.uuid)], "neither": [], "stranger": [str(uuid.uuid4())]}[case]
    with pytest.raises(Refused):
        services.answer(child_actor(world), mapping_round.uuid, adults, nobody=case == "both")
    assert not ChildAnswer.objects.exists()


def test_the_champion_writes_check_ins_only_when_due(
    world: World, mapping_round: MappingRound, travel
) -> None:  # type: ignore[no-untyped-def]
    champion = services.set_champion(
        staff(world.care), mapping_round.uuid, world.child.uuid, world.staff_member.uuid, volunteered=True
    )
    assert champion.asked_by is None
    with pytest.raises(Refused):
        services.write_check_in(staff(world.staff_member), champion.uuid, "w4", "Greeted her every day")
    travel(28)
    services.write_check_in(staff(world.staff_member), champion.uuid, "w4", "Greeted her every day")
    with pytest.raises(Http404):
        services.write_check_in(staff(world.teacher), champion.uuid, "w4", "Not mine")
    assert champion.check_ins.get().note == "Greeted her every day"
