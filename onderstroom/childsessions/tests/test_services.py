"""Opening, closing and unlocking class sessions, and the checks of a child's sign-in."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from onderstroom.childsessions import activities, services
from onderstroom.childsessions.activities import Activity
from onderstroom.childsessions.models import ChildSignIn, ClassSession, CodeAttempt, PictureLock
from onderstroom.childsessions.services import PictureResult, TooManyAttempts, WrongCode
from onderstroom.childsessions.tests.helpers import (
    ADDRESS,
    DEVICE,
    actions,
    anonymous,
    right_pictures,
    staff,
    wrong_pictures,
)
from onderstroom.testing.world import World, open_class_session

pytestmark = pytest.mark.django_db


def test_opening_a_session_gives_a_six_digit_code_that_expires_after_90_minutes(world: World) -> None:
    """The code is six digits; the session closes itself after CLASS_SESSION_MINUTES."""
    now = timezone.now()
    opened = services.open_session(staff(world.teacher), world.group.uuid, now=now)
    assert len(opened.code) == 6
    assert opened.code.isdigit()
    assert opened.expires_at == now + timedelta(minutes=90)
    assert opened.opened_by == world.teacher
    assert opened.activity == activities.NONE
    assert opened.is_open(now + timedelta(minutes=89))
    assert not opened.is_open(now + timedelta(minutes=90))
    [row] = actions("childsessions.session.open")
    assert row.object_uuid == str(opened.uuid)
    assert row.actor_user_id == world.teacher.pk


def test_opening_a_session_closes_the_previous_open_one_of_the_group(world: World) -> None:
    previous = world.class_session
    other_group_session = open_class_session(world.other_group, world.other_teacher)
    opened = services.open_session(staff(world.co_teacher), world.group.uuid)
    previous.refresh_from_db()
    other_group_session.refresh_from_db()
    assert previous.closed_at is not None
    assert not previous.is_open()
    assert other_group_session.is_open()
    assert opened.is_open()
    assert actions("childsessions.session.open")[0].details == {"activity": "none", "closed_previous": 1}


def test_a_new_code_is_never_one_an_open_session_of_the_school_uses(world: World, monkeypatch) -> None:
    """Codes are looked up at a school's entry, so they must be unique within the school."""
    other_group_session = open_class_session(world.other_group, world.other_teacher, code="111111")
    expired = open_class_session(world.other_group, world.other_teacher, code="222222")
    ClassSession.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    candidates = iter(["111111", world.class_session.code, "222222"])
    monkeypatch.setattr(services, "random_code", lambda: next(candidates))
    opened = services.open_session(staff(world.teacher), world.group.uuid)
    assert opened.code == "222222"  # the expired session's code is free again
    assert other_group_session.is_open()


def test_only_a_teacher_of_the_group_opens_a_session(world: World) -> None:
    for user in (world.other_teacher, world.care, world.admin, world.outsider):
        with pytest.raises(Http404):
            services.open_session(staff(user), world.group.uuid)
    assert ClassSession.objects.count() == 1


def test_an_activity_must_be_one_the_registry_offers(world: World, monkeypatch) -> None:
    """A posted activity or object that was not offered changes nothing."""
    moments = Activity(
        key="moments",
        label="Questionnaire",
        child_url=lambda actor: "/vragenlijst/",
        choices=lambda actor, group: [("oct", "October")],
    )
    empty = Activity(key="empty", label="Empty", child_url=lambda actor: None, choices=lambda a, g: [])
    monkeypatch.setitem(activities.registry._entries, "moments", moments)
    monkeypatch.setitem(activities.registry._entries, "empty", empty)
    teacher = staff(world.teacher)
    for activity, chosen in [
        ("nonsense", ""),
        ("empty", ""),
        ("moments", ""),
        ("moments", "mar"),
        ("none", "x"),
    ]:
        with pytest.raises(ValidationError):
            services.open_session(teacher, world.group.uuid, activity, chosen)
    assert ClassSession.objects.count() == 1
    opened = services.open_session(teacher, world.group.uuid, "moments", "oct")
    assert (opened.activity, opened.activity_object) == ("moments", "oct")


def test_closing_ends_the_session_for_the_opener_and_co_teacher_only(world: World) -> None:
    with pytest.raises(Http404):
        services.close_session(staff(world.other_teacher), world.class_session.uuid)
    with pytest.raises(Http404):
        services.close_session(staff(world.care), world.class_session.uuid)
    closed = services.close_session(staff(world.co_teacher), world.class_session.uuid)
    assert closed.closed_at is not None
    assert not closed.is_open()
    again = services.close_session(staff(world.teacher), world.class_session.uuid)
    assert again.closed_at == closed.closed_at
    assert len(actions("childsessions.session.close")) == 1


def test_the_right_pictures_sign_the_child_in(world: World) -> None:
    child = world.child
    outcome = services.check_pictures(anonymous(), world.class_session, child, right_pictures(child), DEVICE)
    assert outcome.result == PictureResult.SIGNED_IN
    sign_in = ChildSignIn.objects.get(class_session=world.class_session, child=child)
    assert sign_in.signed_in_at is not None
    assert not services.is_locked(child)
    [row] = actions("childsessions.child.sign_in")
    assert (row.actor_kind, row.child_id, row.ip_address) == ("child", child.pk, ADDRESS)


@override_settings(CHILD_PICTURE_ATTEMPTS=3, CHILD_WRONG_PER_DEVICE=10)
def test_wrong_pictures_too_often_lock_the_child_until_the_teacher_unlocks(world: World) -> None:
    child, class_session = world.child, world.class_session
    results = [
        services.check_pictures(anonymous(), class_session, child, wrong_pictures(child), DEVICE).result
        for _ in range(3)
    ]
    assert results == [PictureResult.WRONG, PictureResult.WRONG, PictureResult.LOCKED]
    # Locked: even the right pictures do not help now.
    outcome = services.check_pictures(anonymous(), class_session, child, right_pictures(child), DEVICE)
    assert outcome.result == PictureResult.LOCKED
    assert not ChildSignIn.objects.filter(child=child).exists()
    assert len(actions("childsessions.child.lock")) == 1

    assert services.unlock_child(staff(world.co_teacher), class_session.uuid, child.uuid) is True
    lock = PictureLock.objects.get(child=child)
    assert (lock.locked, lock.failed_attempts) == (False, 0)
    assert actions("childsessions.child.unlock")[0].child_id == child.pk
    outcome = services.check_pictures(anonymous(), class_session, child, right_pictures(child), DEVICE)
    assert outcome.result == PictureResult.SIGNED_IN


def test_unlocking_needs_a_teacher_of_the_group_and_a_child_of_it(world: World) -> None:
    class_session = world.class_session
    with pytest.raises(Http404):
        services.unlock_child(staff(world.other_teacher), class_session.uuid, world.child.uuid)
    with pytest.raises(Http404):
        services.unlock_child(staff(world.teacher), class_session.uuid, world.other_child.uuid)
    assert services.unlock_child(staff(world.teacher), class_session.uuid, world.child.uuid) is False
    assert actions("childsessions.child.unlock") == []


def test_a_code_lets_in_only_while_its_session_is_open(world: World) -> None:
    class_session = world.class_session
    assert services.enter_code(anonymous(), world.school, class_session.code, DEVICE) == class_session
    with pytest.raises(WrongCode):
        services.enter_code(
            anonymous(), world.school, class_session.code, DEVICE, now=class_session.expires_at
        )
    services.close_session(staff(world.teacher), class_session.uuid)
    with pytest.raises(WrongCode):
        services.enter_code(anonymous(), world.school, class_session.code, DEVICE)


@override_settings(CHILD_WRONG_PER_DEVICE=3)
def test_wrong_codes_are_limited_per_device(world: World) -> None:
    """After the device's wrong codes even the right one is refused, but other tablets go on."""
    for _ in range(3):
        with pytest.raises(WrongCode):
            services.enter_code(anonymous(), world.school, "000000", DEVICE)
    with pytest.raises(TooManyAttempts):
        services.enter_code(anonymous(), world.school, world.class_session.code, DEVICE)
    assert (
        services.enter_code(anonymous(), world.school, world.class_session.code, "tablet-2")
        == world.class_session
    )


@override_settings(CHILD_WRONG_PER_DEVICE=100, CHILD_WRONG_PER_ADDRESS=4)
def test_wrong_codes_are_limited_per_address_across_devices(world: World) -> None:
    for n in range(4):
        with pytest.raises(WrongCode):
            services.enter_code(anonymous(), world.school, "000000", f"fresh-cookie-{n}")
    with pytest.raises(TooManyAttempts):
        services.enter_code(anonymous(), world.school, world.class_session.code, "fresh-cookie-5")
    other_school_address = anonymous("10.9.9.9")
    assert (
        services.enter_code(other_school_address, world.school, world.class_session.code, "x")
        == world.class_session
    )


@override_settings(
    CHILD_WRONG_PER_DEVICE=2,
    CHILD_DEVICE_WINDOW_SECONDS=60,
    CHILD_ADDRESS_WINDOW_SECONDS=60,
    CHILD_SCHOOL_WINDOW_SECONDS=600,
)
def test_wrong_codes_count_only_within_the_window(world: World) -> None:
    for _ in range(2):
        with pytest.raises(WrongCode):
            services.enter_code(anonymous(), world.school, "000000", DEVICE)
    CodeAttempt.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    assert services.enter_code(anonymous(), world.school, world.class_session.code, DEVICE)
    CodeAttempt.objects.update(created_at=timezone.now() - timedelta(seconds=601))
    assert (
        services.enter_code(anonymous(), world.school, world.class_session.code, DEVICE)
        == world.class_session
    )
    # Wrong attempts are cleaned up as they fall out of the longest window; right codes stay
    # while they make their address trusted.
    assert list(CodeAttempt.objects.values_list("success", flat=True)) == [True, True]
    CodeAttempt.objects.update(created_at=timezone.now() - timedelta(hours=13))
    services.enter_code(anonymous(), world.school, world.class_session.code, DEVICE)
    assert CodeAttempt.objects.count() == 1


@override_settings(CHILD_WRONG_PER_DEVICE=2)
def test_right_codes_do_not_count_against_the_limit(world: World) -> None:
    for _ in range(5):
        services.enter_code(anonymous(), world.school, world.class_session.code, DEVICE)
    with pytest.raises(WrongCode):
        services.enter_code(anonymous(), world.school, "000000", DEVICE)
    assert (
        services.enter_code(anonymous(), world.school, world.class_session.code, DEVICE)
        == world.class_session
    )


def test_session_child_only_finds_children_of_the_group(world: World) -> None:
    class_session = world.class_session
    assert services.session_child(class_session, world.child.uuid) == world.child
    assert services.session_child(class_session, str(world.child.uuid)) == world.child
    assert services.session_child(class_session, world.other_child.uuid) is None
    assert services.session_child(class_session, "not-a-uuid") is None
    assert services.session_child(class_session, None) is None
