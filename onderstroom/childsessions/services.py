"""State changes of class sessions, and the steps of a child's sign-in.

Teachers open and close class sessions and unlock children; a child types the
session code, taps their name and confirms with the three pictures of their login
card. Every function checks access, runs in one transaction and writes the audit row.
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onderstroom.audit import log
from onderstroom.childsessions import activities
from onderstroom.childsessions.access import get_teacher_session
from onderstroom.childsessions.models import ChildSignIn, ClassSession, CodeAttempt
from onderstroom.schools import access
from onderstroom.schools.access import Actor, ChildActor, StaffActor
from onderstroom.schools.models import Child, Group

CODE_DIGITS = 6
_CODE_TRIES = 50


class CodeRefused(Exception):
    """A typed session code that lets nobody in."""


class WrongCode(CodeRefused):
    pass


class TooManyAttempts(CodeRefused):
    pass


class PictureResult(StrEnum):
    SIGNED_IN = "signed_in"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class PictureOutcome:
    result: PictureResult
    sign_in: ChildSignIn


# --- reads ----------------------------------------------------------------------------------------


def open_sessions(now: datetime) -> QuerySet[ClassSession]:
    """Open class sessions of every school: codes are unique across the whole installation."""
    return ClassSession.across_schools.filter(closed_at__isnull=True, expires_at__gt=now)


def current_session(group: Group, now: datetime | None = None) -> ClassSession | None:
    now = now or timezone.now()
    return ClassSession.objects.filter(group=group, closed_at__isnull=True, expires_at__gt=now).first()


def group_children(group: Group) -> list[Child]:
    return list(Child.objects.filter(enrollments__group=group).order_by("first_name", "surname"))


def sign_ins_by_child(class_session: ClassSession) -> dict[int, ChildSignIn]:
    return {s.child_id: s for s in ChildSignIn.objects.filter(class_session=class_session)}


def signed_in_count(class_session: ClassSession) -> int:
    return ChildSignIn.objects.filter(
        class_session=class_session, signed_in_at__isnull=False, locked=False
    ).count()


def offered_activities(actor: StaffActor, group: Group) -> dict[str, list[tuple[str, str]]]:
    """What the teacher may start for the group now: activity key -> its choosable objects."""
    return {activity.key: options for activity, options in activities.available_for(actor, group)}


# --- teachers -------------------------------------------------------------------------------------


def open_session(
    actor: StaffActor,
    group_uuid: UUID,
    activity: str = activities.NONE,
    activity_object: str = "",
    *,
    now: datetime | None = None,
) -> ClassSession:
    """Open a class session for a group the actor teaches; the group's previous open session closes."""
    group = access.get_teacher_group(actor, group_uuid)
    _check_activity(offered_activities(actor, group), activity, activity_object)
    now = now or timezone.now()
    with transaction.atomic():
        # Drawn before the previous session closes, so the new code differs from the old one.
        code = _unused_code(now)
        closed = ClassSession.objects.filter(group=group, closed_at__isnull=True, expires_at__gt=now).update(
            closed_at=now
        )
        class_session = ClassSession.objects.create(
            school=group.school,
            group=group,
            opened_by=actor.user,
            code=code,
            activity=activity,
            activity_object=activity_object,
            opened_at=now,
            expires_at=now + timedelta(minutes=settings.CLASS_SESSION_MINUTES),
        )
        details = {"activity": activity, "closed_previous": closed}
        log.record(actor, "childsessions.session.open", obj=class_session, details=details)
    return class_session


def _check_activity(offered: dict[str, list[tuple[str, str]]], activity: str, activity_object: str) -> None:
    if activity not in offered:
        raise ValidationError(_("This activity cannot be started for this group now."), code="activity")
    options = offered[activity]
    if options and activity_object not in {value for value, _label in options}:
        raise ValidationError(_("Choose one of the options offered for this activity."), code="object")
    if not options and activity_object:
        raise ValidationError(_("This activity has no options to choose from."), code="object")


def _unused_code(now: datetime) -> str:
    """Six random digits that no open session anywhere uses."""
    for _attempt in range(_CODE_TRIES):
        code = random_code()
        if not open_sessions(now).filter(code=code).exists():
            return code
    raise RuntimeError("No unused class session code found; are a million sessions open?")


def random_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def close_session(actor: StaffActor, uuid: UUID, *, now: datetime | None = None) -> ClassSession:
    """End the session: every child signed in to it is signed out at their next tap."""
    class_session = get_teacher_session(actor, uuid)
    if class_session.closed_at is not None:
        return class_session
    with transaction.atomic():
        class_session.closed_at = now or timezone.now()
        class_session.save(update_fields=["closed_at"])
        log.record(actor, "childsessions.session.close", obj=class_session)
    return class_session


def unlock_child(actor: StaffActor, uuid: UUID, child_uuid: UUID) -> bool:
    """Let a child who typed wrong pictures too often try again. False when they were not locked."""
    class_session = get_teacher_session(actor, uuid)
    with transaction.atomic():
        sign_in = (
            ChildSignIn.objects.select_for_update()
            .select_related("child")
            .filter(class_session=class_session, child__uuid=child_uuid)
            .first()
        )
        if sign_in is None:
            if session_child(class_session, child_uuid) is None:
                raise Http404
            return False  # a child of the group who has not tried to sign in yet
        if not sign_in.locked:
            return False
        sign_in.locked = False
        sign_in.failed_attempts = 0
        sign_in.save(update_fields=["locked", "failed_attempts"])
        log.record(actor, "childsessions.child.unlock", child=sign_in.child, obj=class_session)
    return True


# --- children signing in --------------------------------------------------------------------------


def enter_code(actor: Actor, code: str, device: str, *, now: datetime | None = None) -> ClassSession:
    """The open session with this code, counted against the device's and the address's limits.

    Raises TooManyAttempts when either limit is reached (then even the right code is refused,
    or guessing would go on) and WrongCode when no open session has the code.
    """
    now = now or timezone.now()
    with transaction.atomic():
        window_start = now - timedelta(seconds=settings.CHILD_ATTEMPT_WINDOW_SECONDS)
        CodeAttempt.objects.filter(created_at__lt=window_start).delete()
        if _too_many_wrong_codes(actor.ip_address, device, window_start):
            raise TooManyAttempts
        class_session = open_sessions(now).select_related("group", "school").filter(code=code).first()
        CodeAttempt.objects.create(
            ip_address=actor.ip_address, device_key=device, success=class_session is not None
        )
    if class_session is None:
        raise WrongCode
    return class_session


def _too_many_wrong_codes(ip_address: str | None, device: str, since: datetime) -> bool:
    wrong = CodeAttempt.objects.filter(success=False, created_at__gte=since)
    per_device = settings.CHILD_CODE_ATTEMPTS_PER_DEVICE
    if wrong.filter(device_key=device).count() >= per_device:
        return True
    return bool(ip_address) and wrong.filter(ip_address=ip_address).count() >= (
        settings.CHILD_CODE_ATTEMPTS_PER_ADDRESS
    )


def session_child(class_session: ClassSession, child_uuid: str | UUID | None) -> Child | None:
    """A child of the session's group, or None for anything else (including a malformed uuid)."""
    try:
        uuid = child_uuid if isinstance(child_uuid, UUID) else UUID(str(child_uuid))
    except ValueError:
        return None
    return Child.objects.filter(enrollments__group_id=class_session.group_id, uuid=uuid).first()


def is_locked(class_session: ClassSession, child: Child) -> bool:
    return ChildSignIn.objects.filter(class_session=class_session, child=child, locked=True).exists()


def check_pictures(
    actor: Actor, class_session: ClassSession, child: Child, picked: list[int], *, now: datetime | None = None
) -> PictureOutcome:
    """Compare the tapped pictures with the child's card; too many wrong tries lock the child."""
    now = now or timezone.now()
    with transaction.atomic():
        sign_in, _created = ChildSignIn.objects.select_for_update().get_or_create(
            school=class_session.school, class_session=class_session, child=child
        )
        if sign_in.locked:
            return PictureOutcome(PictureResult.LOCKED, sign_in)
        typed = "".join(str(index) for index in picked)
        if hmac.compare_digest(typed, child.picture_code):
            return PictureOutcome(_sign_in(actor, class_session, sign_in, now), sign_in)
        return PictureOutcome(_count_wrong(actor, class_session, sign_in), sign_in)


def _sign_in(actor: Actor, class_session: ClassSession, sign_in: ChildSignIn, now: datetime) -> PictureResult:
    sign_in.signed_in_at = now
    sign_in.failed_attempts = 0
    sign_in.save(update_fields=["signed_in_at", "failed_attempts"])
    child_actor = ChildActor(
        ip_address=actor.ip_address,
        child=sign_in.child,
        school=class_session.school,
        class_session=class_session,
    )
    log.record(child_actor, "childsessions.child.sign_in", child=sign_in.child, obj=class_session)
    return PictureResult.SIGNED_IN


def _count_wrong(actor: Actor, class_session: ClassSession, sign_in: ChildSignIn) -> PictureResult:
    sign_in.failed_attempts += 1
    sign_in.locked = sign_in.failed_attempts >= settings.CHILD_PICTURE_ATTEMPTS
    sign_in.save(update_fields=["failed_attempts", "locked"])
    log.record(
        actor,
        "childsessions.child.lock" if sign_in.locked else "childsessions.child.wrong_pictures",
        school=class_session.school,
        child=sign_in.child,
        obj=class_session,
        details={"failed_attempts": sign_in.failed_attempts},
    )
    return PictureResult.LOCKED if sign_in.locked else PictureResult.WRONG
