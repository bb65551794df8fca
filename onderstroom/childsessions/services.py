"""State changes of class sessions, and the steps of a child's sign-in.

Teachers open and close class sessions and unlock children; a child types the
session code at their school's entry, taps their name and confirms with the three
pictures of their login card. Every function checks access, runs in one transaction
and writes the audit row.

Guessing is bounded by wrong tries kept in the database (CodeAttempt, PictureLock),
never only in a cookie; see enter_code and check_pictures for the numbers.
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
from onderstroom.childsessions.models import ChildSignIn, ClassSession, CodeAttempt, PictureLock
from onderstroom.schools import access
from onderstroom.schools.access import Actor, ChildActor, StaffActor
from onderstroom.schools.models import Child, Group, School, SchoolYear

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
    LOCKED = "locked"  # the child: until a teacher unlocks
    TOO_MANY = "too_many"  # this device or address: for a few minutes


@dataclass(frozen=True)
class PictureOutcome:
    result: PictureResult
    sign_in: ChildSignIn | None = None


# --- reads ----------------------------------------------------------------------------------------


def open_sessions(school: School, now: datetime) -> QuerySet[ClassSession]:
    """Open class sessions of one school: a code means something only at its own school's entry."""
    return ClassSession.across_schools.filter(school=school, closed_at__isnull=True, expires_at__gt=now)


def entry_school(key: str) -> School | None:
    """The school whose entry address this is (its BRIN, in any case), or None."""
    return School.objects.filter(brin=key.upper()).first()


def current_session(group: Group, now: datetime | None = None) -> ClassSession | None:
    now = now or timezone.now()
    return ClassSession.objects.filter(group=group, closed_at__isnull=True, expires_at__gt=now).first()


def group_children(group: Group) -> list[Child]:
    return list(Child.objects.filter(enrollments__group=group).order_by("first_name", "surname"))


def sign_ins_by_child(class_session: ClassSession) -> dict[int, ChildSignIn]:
    return {s.child_id: s for s in ChildSignIn.objects.filter(class_session=class_session)}


def signed_in_count(class_session: ClassSession) -> int:
    return ChildSignIn.objects.filter(class_session=class_session, signed_in_at__isnull=False).count()


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
        code = _unused_code(group.school, now)
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
            opened_from=actor.ip_address,
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


def _unused_code(school: School, now: datetime) -> str:
    """Six random digits that no open session of the school uses."""
    for _attempt in range(_CODE_TRIES):
        code = random_code()
        if not open_sessions(school, now).filter(code=code).exists():
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
    child = session_child(class_session, child_uuid)
    if child is None:
        raise Http404
    with transaction.atomic():
        lock = PictureLock.objects.select_for_update().filter(child=child).first()
        if lock is None or not lock.locked:
            return False
        lock.locked = False
        lock.failed_attempts = 0
        lock.save(update_fields=["locked", "failed_attempts"])
        log.record(actor, "childsessions.child.unlock", child=child, obj=class_session)
    return True


def picture_locks(children: list[Child]) -> dict[int, PictureLock]:
    """The wrong picture codes of these children (those who have any), by child id."""
    locks = PictureLock.objects.filter(child__in=children, failed_attempts__gt=0)
    return {lock.child_id: lock for lock in locks}


# --- children signing in --------------------------------------------------------------------------
#
# Limits on wrong tries (settings CHILD_*), each a count within a sliding window, kept in the
# database so that a new cookie does not reset them:
# - per device (the browser's session): 6 wrong codes or picture codes in 5 minutes; the
#   child is asked to wait a few minutes. A guesser drops the cookie, so this is only the
#   first, friendly stop;
# - per address: 40 in 5 minutes, then at most a few minutes' wait. A school often shares one
#   address, so one misbehaving tablet slows the school down briefly and never locks it out;
# - per school entry: 100 wrong codes an hour from addresses the school does not trust,
#   however many addresses and cookies the guesser uses. An address is trusted for 12 hours
#   after a teacher of the school opened a session from it or a right code was typed there,
#   so a guesser outside cannot lock the school's own tablets out.
# A code is six digits and means something only at its own school's entry (k open sessions
# there; k is about 1-5, one per group at most). Per hour a guesser outside the school gets at
# most 100 codes, a chance of at most 100·k/10^6 (0.05 % for k = 5) of reaching some group's
# names; inside the school's network at most 12·40 = 480 codes an hour per address (0.24 % for
# k = 5). Even then the child's three pictures must be right: 504 possible codes, at most
# CHILD_PICTURE_ATTEMPTS - 1 = 4 wrong ones per child before the teacher has to unlock, ever.


def enter_code(
    actor: Actor, school: School | None, code: str, device: str, *, now: datetime | None = None
) -> ClassSession:
    """The open session of the school with this code, counted against the limits above.

    Raises TooManyAttempts when a limit is reached (then even the right code is refused, or
    guessing would go on) and WrongCode when no open session of the school has the code. An
    entry of no school (school None) finds nothing but counts like any other.
    """
    now = now or timezone.now()
    ip_address = actor.ip_address
    with transaction.atomic():
        _forget_old_attempts(now)
        if _device_or_address_limited(ip_address, device, now) or (
            school is not None and _school_budget_spent(school, ip_address, now)
        ):
            raise TooManyAttempts
        sessions = None if school is None else open_sessions(school, now).select_related("group", "school")
        found = None if sessions is None else sessions.filter(code=code).first()
        CodeAttempt.objects.create(
            ip_address=ip_address, device_key=device, school=school, success=found is not None, created_at=now
        )
    if found is None:
        raise WrongCode
    return found


def _forget_old_attempts(now: datetime) -> None:
    """Wrong tries matter for the longest window, right codes for as long as they trust an address."""
    longest = max(
        settings.CHILD_DEVICE_WINDOW_SECONDS,
        settings.CHILD_ADDRESS_WINDOW_SECONDS,
        settings.CHILD_SCHOOL_WINDOW_SECONDS,
    )
    CodeAttempt.objects.filter(success=False, created_at__lt=now - timedelta(seconds=longest)).delete()
    trusted_since = now - timedelta(seconds=settings.CHILD_TRUSTED_ADDRESS_SECONDS)
    CodeAttempt.objects.filter(success=True, created_at__lt=trusted_since).delete()


def _device_or_address_limited(ip_address: str | None, device: str, now: datetime) -> bool:
    wrong = CodeAttempt.objects.filter(success=False)
    device_since = now - timedelta(seconds=settings.CHILD_DEVICE_WINDOW_SECONDS)
    if (
        wrong.filter(device_key=device, created_at__gte=device_since).count()
        >= settings.CHILD_WRONG_PER_DEVICE
    ):
        return True
    address_since = now - timedelta(seconds=settings.CHILD_ADDRESS_WINDOW_SECONDS)
    return bool(ip_address) and (
        wrong.filter(ip_address=ip_address, created_at__gte=address_since).count()
        >= settings.CHILD_WRONG_PER_ADDRESS
    )


def trusted_addresses(school: School, now: datetime) -> set[str | None]:
    """Where a teacher of the school opened a session, or a right code of it was typed, lately."""
    since = now - timedelta(seconds=settings.CHILD_TRUSTED_ADDRESS_SECONDS)
    opened = ClassSession.across_schools.filter(
        school=school, opened_at__gte=since, opened_from__isnull=False
    )
    entered = CodeAttempt.objects.filter(
        school=school,
        kind=CodeAttempt.Kind.CODE,
        success=True,
        created_at__gte=since,
        ip_address__isnull=False,
    )
    return {*opened.values_list("opened_from", flat=True), *entered.values_list("ip_address", flat=True)}


def _school_budget_spent(school: School, ip_address: str | None, now: datetime) -> bool:
    """True when untrusted addresses typed too many wrong codes at the school; never for a trusted one."""
    trusted = trusted_addresses(school, now)
    if ip_address in trusted:
        return False
    since = now - timedelta(seconds=settings.CHILD_SCHOOL_WINDOW_SECONDS)
    wrong = CodeAttempt.objects.filter(
        school=school, kind=CodeAttempt.Kind.CODE, success=False, created_at__gte=since
    ).exclude(ip_address__in=trusted)
    return wrong.count() >= settings.CHILD_WRONG_CODES_PER_SCHOOL


def session_child(class_session: ClassSession, child_uuid: str | UUID | None) -> Child | None:
    """A child of the session's group, or None for anything else (including a malformed uuid)."""
    try:
        uuid = child_uuid if isinstance(child_uuid, UUID) else UUID(str(child_uuid))
    except ValueError:
        return None
    return Child.objects.filter(enrollments__group_id=class_session.group_id, uuid=uuid).first()


def is_locked(child: Child) -> bool:
    return PictureLock.objects.filter(child=child, locked=True).exists()


def check_pictures(
    actor: Actor,
    class_session: ClassSession,
    child: Child,
    picked: list[int],
    device: str,
    *,
    now: datetime | None = None,
) -> PictureOutcome:
    """Compare the tapped pictures with the child's card.

    Wrong codes count on the child across every session: CHILD_PICTURE_ATTEMPTS of them lock
    the child's sign-in until a teacher unlocks. The lock never ends a session the child is
    already signed in to: a classmate must not be able to throw her out. They count on the
    device and address too, which get TOO_MANY (and nothing is compared) past their limits.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _forget_old_attempts(now)
        lock, _created = PictureLock.objects.select_for_update().get_or_create(
            school=class_session.school, child=child
        )
        if lock.locked:
            return PictureOutcome(PictureResult.LOCKED)
        if _device_or_address_limited(actor.ip_address, device, now):
            return PictureOutcome(PictureResult.TOO_MANY)
        typed = "".join(str(index) for index in picked)
        right = hmac.compare_digest(typed, child.picture_code)
        CodeAttempt.objects.create(
            ip_address=actor.ip_address,
            device_key=device,
            school=class_session.school,
            kind=CodeAttempt.Kind.PICTURES,
            success=right,
            created_at=now,
        )
        if right:
            return _sign_in(actor, class_session, child, now)
        return PictureOutcome(_count_wrong(actor, class_session, lock))


def _sign_in(actor: Actor, class_session: ClassSession, child: Child, now: datetime) -> PictureOutcome:
    sign_in, _created = ChildSignIn.objects.get_or_create(
        school=class_session.school, class_session=class_session, child=child
    )
    sign_in.signed_in_at = now
    sign_in.save(update_fields=["signed_in_at"])
    child_actor = ChildActor(
        ip_address=actor.ip_address,
        child=child,
        school=class_session.school,
        class_session=class_session,
    )
    log.record(child_actor, "childsessions.child.sign_in", child=child, obj=class_session)
    return PictureOutcome(PictureResult.SIGNED_IN, sign_in)


def _count_wrong(actor: Actor, class_session: ClassSession, lock: PictureLock) -> PictureResult:
    lock.failed_attempts += 1
    lock.locked = lock.failed_attempts >= settings.CHILD_PICTURE_ATTEMPTS
    lock.save(update_fields=["failed_attempts", "locked"])
    log.record(
        actor,
        "childsessions.child.lock" if lock.locked else "childsessions.child.wrong_pictures",
        school=class_session.school,
        child=lock.child,
        obj=class_session,
        details={"failed_attempts": lock.failed_attempts},
    )
    return PictureResult.LOCKED if lock.locked else PictureResult.WRONG


def close_year(year: SchoolYear, day: date, dry_run: bool) -> int:
    """At the rollover: the open class sessions of the ending year's groups close now."""
    now = timezone.now()
    sessions = ClassSession.objects.filter(
        group__school_year=year, closed_at__isnull=True, expires_at__gt=now
    )
    if dry_run:
        return sessions.count()
    return sessions.update(closed_at=now)
