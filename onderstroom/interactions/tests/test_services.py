"""Storing taps exactly once, undoing them, and switching the share: the rules and the audit rows."""

import uuid
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from onderstroom.audit.models import AuditEvent
from onderstroom.core.errors import Refused
from onderstroom.interactions import services
from onderstroom.interactions.models import InteractionEvent, Kind, LogShare
from onderstroom.interactions.services import Op
from onderstroom.interactions.tests.helpers import children_of, staff_actor
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def add(child, kind: str = Kind.TURN, minutes_ago: int = 1, client_id: uuid.UUID | None = None) -> Op:  # type: ignore[no-untyped-def]
    at = timezone.now() - timedelta(minutes=minutes_ago)
    return Op("add", client_id or uuid.uuid4(), child=child.uuid, kind=kind, occurred_at=at)


def stored(world: World, teacher=None) -> list[InteractionEvent]:  # type: ignore[no-untyped-def]
    rows = InteractionEvent.objects.filter(teacher=teacher or world.teacher, child__isnull=False)
    return list(rows.order_by("occurred_at"))


def test_a_batch_sent_twice_is_stored_once(world: World) -> None:
    a, b, _c = children_of(world.group)
    ops = [add(a, Kind.TURN, 3), add(b, Kind.PRAISE, 2), add(a, Kind.CORRECTION, 1)]
    actor = staff_actor(world.teacher)
    first = services.sync(actor, world.group, ops)
    again = services.sync(actor, world.group, ops)  # the reply to the first was lost
    assert first.done == again.done == [op.key for op in ops]
    assert first.added == 3
    assert again.added == 0
    assert [(r.child_id, r.kind) for r in stored(world)] == [
        (a.pk, Kind.TURN),
        (b.pk, Kind.PRAISE),
        (a.pk, Kind.CORRECTION),
    ]
    assert [r.occurred_at for r in stored(world)] == [op.occurred_at for op in ops]


def test_undo_wipes_the_child_and_the_kind_and_a_late_copy_does_not_return(world: World) -> None:
    a = children_of(world.group)[0]
    op = add(a, Kind.CORRECTION)
    actor = staff_actor(world.teacher)
    services.sync(actor, world.group, [op])
    result = services.sync(actor, world.group, [Op("undo", op.client_id)])
    assert result.undone == 1
    row = InteractionEvent.objects.get(client_id=op.client_id)
    assert (row.child_id, row.kind) == (None, "")
    services.sync(actor, world.group, [op])  # the queue sends the tap once more
    assert stored(world) == []


def test_an_undo_that_overtakes_its_tap_keeps_the_tap_out(world: World) -> None:
    a = children_of(world.group)[0]
    op = add(a)
    actor = staff_actor(world.teacher)
    services.sync(actor, world.group, [Op("undo", op.client_id)])
    result = services.sync(actor, world.group, [op])
    assert result.done == [op.key]
    assert stored(world) == []
    assert InteractionEvent.objects.filter(client_id=op.client_id).count() == 1


def test_tap_and_undo_in_one_batch_store_nothing_about_the_child(world: World) -> None:
    a, b, _c = children_of(world.group)
    tapped, kept = add(a), add(b)
    result = services.sync(
        staff_actor(world.teacher), world.group, [tapped, kept, Op("undo", tapped.client_id)]
    )
    assert (result.added, result.undone) == (1, 0)
    assert [r.child_id for r in stored(world)] == [b.pk]
    audited = AuditEvent.objects.filter(action="interactions.tap.add")
    assert list(audited.values_list("child_id", flat=True)) == [b.pk]


def test_bad_taps_are_refused_one_by_one_and_the_rest_is_stored(world: World) -> None:
    a = children_of(world.group)[0]
    stranger = children_of(world.other_group)[0]
    good = add(a)
    ops = [
        good,
        add(stranger),
        Op("add", uuid.uuid4(), child=uuid.uuid4(), kind=Kind.TURN, occurred_at=timezone.now()),
        add(a, kind="hug"),
        add(a, minutes_ago=-30),  # half an hour ahead: a wrong clock
        add(a, minutes_ago=60 * 24 * 400),  # before this school year
        Op("add", uuid.uuid4(), child=a.uuid, kind=Kind.TURN, occurred_at=None),
    ]
    result = services.sync(staff_actor(world.teacher), world.group, ops)
    assert result.done == [good.key]
    assert set(result.rejected) == {op.key for op in ops[1:]}
    assert result.rejected[ops[1].key] == "Deze leerling zit niet in de groep."
    assert [r.client_id for r in stored(world)] == [good.client_id]


def test_a_clock_a_little_ahead_is_accepted(world: World) -> None:
    op = add(children_of(world.group)[0], minutes_ago=-3)
    assert services.sync(staff_actor(world.teacher), world.group, [op]).added == 1


def test_a_tap_of_another_group_cannot_be_undone_through_this_group(world: World) -> None:
    other_group_of_teacher = world.other_group
    # The teacher also teaches the other group, so both endpoints accept them.
    from onderstroom.schools.models import GroupAssignment

    GroupAssignment.objects.create(
        school=world.school,
        group=other_group_of_teacher,
        user=world.teacher,
        kind=GroupAssignment.Kind.TEACHER,
    )
    actor = staff_actor(world.teacher)
    op = add(children_of(other_group_of_teacher)[0])
    services.sync(actor, other_group_of_teacher, [op])
    result = services.sync(actor, world.group, [Op("undo", op.client_id), op])
    assert set(result.rejected) == {f"undo:{op.client_id}", op.key}
    assert len(stored(world)) == 1


def test_two_teachers_may_send_the_same_id_without_touching_each_other(world: World) -> None:
    a = children_of(world.group)[0]
    op = add(a)
    services.sync(staff_actor(world.teacher), world.group, [op])
    services.sync(staff_actor(world.co_teacher), world.group, [op])
    services.sync(staff_actor(world.co_teacher), world.group, [Op("undo", op.client_id)])
    assert len(stored(world)) == 1
    assert stored(world, world.co_teacher) == []


@pytest.mark.parametrize("who", ["care", "other_teacher", "admin", "outsider"])
def test_only_a_teacher_of_the_group_logs(world: World, who: str) -> None:
    with pytest.raises(Http404):
        services.sync(staff_actor(getattr(world, who)), world.group, [add(children_of(world.group)[0])])
    assert InteractionEvent.objects.count() == 0


def test_too_many_ops_at_once_are_refused_whole(world: World) -> None:
    a = children_of(world.group)[0]
    with pytest.raises(Refused):
        services.sync(staff_actor(world.teacher), world.group, [add(a) for _ in range(services.MAX_OPS + 1)])
    assert InteractionEvent.objects.count() == 0


def test_every_batch_is_audited_per_child_without_the_kind(world: World) -> None:
    a, b, _c = children_of(world.group)
    ops = [add(a, Kind.CORRECTION), add(b, Kind.PRAISE)]
    services.sync(staff_actor(world.teacher), world.group, ops)
    services.sync(staff_actor(world.teacher), world.group, [Op("undo", ops[0].client_id)])
    added = AuditEvent.objects.filter(action="interactions.tap.add")
    assert sorted(added.values_list("child_id", flat=True)) == sorted([a.pk, b.pk])
    assert {tuple(sorted(row.details)) for row in added} == {("taps", "undone")}
    undone = AuditEvent.objects.get(action="interactions.tap.undo")
    assert (undone.child_id, undone.object_uuid) == (a.pk, str(world.group.uuid))
    assert "correction" not in str(undone.details) + str(list(added.values_list("details", flat=True)))


def test_undo_tap_only_undoes_an_own_standing_tap(world: World) -> None:
    a = children_of(world.group)[0]
    op = add(a)
    services.sync(staff_actor(world.teacher), world.group, [op])
    assert not services.undo_tap(staff_actor(world.co_teacher), world.group, op.client_id)
    assert services.undo_tap(staff_actor(world.teacher), world.group, op.client_id)
    assert not services.undo_tap(staff_actor(world.teacher), world.group, op.client_id)
    assert not services.undo_tap(staff_actor(world.teacher), world.group, uuid.uuid4())


def test_sharing_switches_on_and_off_once_each_and_is_audited(world: World) -> None:
    actor = staff_actor(world.teacher)
    assert services.set_share(actor, world.group, True)
    assert not services.set_share(actor, world.group, True)
    assert LogShare.objects.filter(teacher=world.teacher, group=world.group).exists()
    assert services.set_share(actor, world.group, False)
    assert not services.set_share(actor, world.group, False)
    assert not LogShare.objects.exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="interactions.share")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["interactions.share.on", "interactions.share.off"]


def test_care_cannot_switch_a_share(world: World) -> None:
    with pytest.raises(Http404):
        services.set_share(staff_actor(world.care), world.group, True)
