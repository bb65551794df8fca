"""State changes of staff accounts: sign-in attempts and lockout, the second factor, passwords, sessions.

Every function here writes its audit row; views only parse input, call and render.
"""

import functools
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from onderstroom.accounts import totp
from onderstroom.accounts.models import LoginAttempt, User
from onderstroom.audit import log
from onderstroom.schools.access import AnonymousActor, StaffActor, build_staff_actor, get_school_member
from onderstroom.schools.models import BoardMembership, Membership, School

Outcome = LoginAttempt.Outcome
# Guesses: these count towards a lockout. A refusal while locked does not, so a lockout
# ends on time even while somebody keeps trying.
FAILURES = (Outcome.BAD_PASSWORD, Outcome.BAD_TOTP)
SIGN_IN_ACTION = "accounts.sign_in"

# Easy to read aloud and to type on a tablet: no 0/O, 1/l/I.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def temporary_password() -> str:
    """Three groups of four characters, e.g. 'k7pw-3mza-q9rt' (about 59 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


def issue_temporary_password(user: User) -> str:
    """Give the user a new one-time password, end all their sessions, and make them choose their own.

    Callers check access and write the audit row; this only changes the account.
    """
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.session_generation += 1
        user.save(update_fields=["password", "must_change_password", "session_generation"])
    return password


# --- sign-in ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInResult:
    """What a sign-in step came to. `user` is set only when the step let the person through."""

    outcome: str
    user: User | None = None
    locked_until: datetime | None = None
    needs_code: bool = False


def normalize_email(email: str) -> str:
    return email.strip().lower()


def valid_ip(address: str | None) -> str | None:
    """Only a real address is stored (a forwarded header may hold anything)."""
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def locked_until(email: str, ip_address: str | None, now: datetime | None = None) -> datetime | None:
    """When sign-in opens again for this address typed and this client, or None if it is open."""
    now = now or timezone.now()
    window = timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)
    recent = LoginAttempt.objects.filter(outcome__in=FAILURES, created_at__gt=now - window)
    ends = [_release_time(recent.filter(email=normalize_email(email)), settings.LOGIN_LOCKOUT_PER_ACCOUNT)]
    if ip_address:
        ends.append(_release_time(recent.filter(ip_address=ip_address), settings.LOGIN_LOCKOUT_PER_ADDRESS))
    latest = max((end for end in ends if end is not None), default=None)
    return latest + window if latest else None


def _release_time(failures: QuerySet[LoginAttempt], limit: int) -> datetime | None:
    """The failure whose leaving the window reopens sign-in: the limit-th most recent one."""
    times = list(failures.order_by("-created_at").values_list("created_at", flat=True)[:limit])
    return times[-1] if len(times) >= limit else None


def record_attempt(email: str, ip_address: str | None, outcome: str, user: User | None) -> None:
    """One LoginAttempt row and one audit row per attempt; never the password or the code."""
    with transaction.atomic():
        LoginAttempt.objects.create(
            email=normalize_email(email)[:254], ip_address=ip_address, user=user, outcome=outcome
        )
        if outcome == Outcome.SUCCESS and user is not None:
            actor: StaffActor | AnonymousActor = build_staff_actor(user, ip_address, None)
        else:
            actor = AnonymousActor(ip_address=ip_address)
        log.record(actor, SIGN_IN_ACTION, obj=user, details={"outcome": str(outcome)})


@functools.cache
def _dummy_hash() -> str:
    return make_password(secrets.token_urlsafe(16))


def find_user(email: str) -> User | None:
    return User.objects.filter(email__iexact=normalize_email(email)).first()


def check_password_step(email: str, password: str, ip_address: str | None) -> SignInResult:
    """The first sign-in step. Refused while locked, whatever the password."""
    email = normalize_email(email)
    user = find_user(email)
    if until := locked_until(email, ip_address):
        record_attempt(email, ip_address, Outcome.LOCKED, user)
        return SignInResult(Outcome.LOCKED, locked_until=until)
    if user is None:
        # Spend the same time as a real check, so the answer's speed does not tell who has an account.
        check_password(password, _dummy_hash())
        return _failure(email, ip_address, Outcome.BAD_PASSWORD, None)
    if not user.check_password(password):
        return _failure(email, ip_address, Outcome.BAD_PASSWORD, user)
    if not user.is_active:
        record_attempt(email, ip_address, Outcome.INACTIVE, user)
        return SignInResult(Outcome.INACTIVE)
    if user.has_totp:
        return SignInResult(Outcome.SUCCESS, user=user, needs_code=True)
    record_attempt(email, ip_address, Outcome.SUCCESS, user)
    return SignInResult(Outcome.SUCCESS, user=user)


def check_code_step(user: User, code: str, ip_address: str | None) -> SignInResult:
    """The second step for users with a second factor; wrong codes count towards the lockout."""
    if until := locked_until(user.email, ip_address):
        record_attempt(user.email, ip_address, Outcome.LOCKED, user)
        return SignInResult(Outcome.LOCKED, locked_until=until)
    if not user.is_active:
        record_attempt(user.email, ip_address, Outcome.INACTIVE, user)
        return SignInResult(Outcome.INACTIVE)
    if not totp.claim_code(user, code):
        return _failure(user.email, ip_address, Outcome.BAD_TOTP, user)
    record_attempt(user.email, ip_address, Outcome.SUCCESS, user)
    return SignInResult(Outcome.SUCCESS, user=user)


def _failure(email: str, ip_address: str | None, outcome: str, user: User | None) -> SignInResult:
    """Record the failure and say whether it was the one that closed the door."""
    record_attempt(email, ip_address, outcome, user)
    return SignInResult(outcome, locked_until=locked_until(email, ip_address))


def recent_attempts(user: User, limit: int = 10) -> list[LoginAttempt]:
    """The latest attempts on this account, also those that failed before the account was known."""
    return list(LoginAttempt.objects.filter(Q(user=user) | Q(email=normalize_email(user.email)))[:limit])


# --- the signed-in user's own account ----------------------------------------------------------


def record_sign_out(actor: StaffActor) -> None:
    log.record(actor, "accounts.sign_out", obj=actor.user)


def sign_out_everywhere(actor: StaffActor) -> None:
    """End every session of the user, this one included: sessions carry a hash of the generation."""
    with transaction.atomic():
        User.objects.filter(pk=actor.user.pk).update(session_generation=F("session_generation") + 1)
        actor.user.refresh_from_db(fields=["session_generation"])
        log.record(actor, "accounts.sign_out_everywhere", obj=actor.user)


def change_password(actor: StaffActor, new_password: str) -> None:
    """Set the user's own new password; other sessions end because their hash no longer fits."""
    user = actor.user
    with transaction.atomic():
        forced = user.must_change_password
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        log.record(actor, "accounts.password.change", obj=user, details={"forced": forced})


def enable_totp(actor: StaffActor, secret: str, code: str) -> bool:
    """Switch the second factor on, but only once the user proved their app produces the right codes."""
    step = totp.matching_step(secret, code)
    if step is None:
        return False
    user = actor.user
    with transaction.atomic():
        user.totp_secret = secret
        user.totp_confirmed = True
        user.totp_last_step = step  # the code just shown cannot sign anybody in
        user.save(update_fields=["totp_secret", "totp_confirmed", "totp_last_step"])
        log.record(actor, "accounts.totp.enable", obj=user)
    return True


def disable_totp(actor: StaffActor, password: str) -> bool:
    """Switch the second factor off; the password is asked again so an unattended screen is not enough."""
    user = actor.user
    if not user.has_totp or not user.check_password(password):
        return False
    with transaction.atomic():
        user.totp_secret = ""
        user.totp_confirmed = False
        user.totp_last_step = None
        user.save(update_fields=["totp_secret", "totp_confirmed", "totp_last_step"])
        log.record(actor, "accounts.totp.disable", obj=user)
    return True


# --- the school admin ----------------------------------------------------------------------------


class ResetNotAllowed(Exception):
    """The colleague also holds a role elsewhere; one school's admin may not take over that account."""


def reaches_beyond_school(user: User, school: School | None) -> bool:
    """Whether the account has a role at another school or on a board.

    A school admin who could reset such an account could sign in as that person and act
    at the other school, so only the installation's administrator resets it
    (`manage.py reset_password`).
    """
    elsewhere = Membership.across_schools.filter(user=user).exclude(school=school).exists()
    return elsewhere or BoardMembership.objects.filter(user=user).exists()


def reset_password_by_admin(actor: StaffActor, uuid: UUID) -> tuple[User, str]:
    """A school admin gives a colleague of their school a temporary password.

    A user with no role at the actor's school is "not found", as is every user for somebody
    who is not school admin.
    """
    user = get_school_member(actor, uuid)
    if reaches_beyond_school(user, actor.school):
        raise ResetNotAllowed
    with transaction.atomic():
        password = issue_temporary_password(user)
        log.record(actor, "accounts.password.reset", obj=user)
    return user, password
