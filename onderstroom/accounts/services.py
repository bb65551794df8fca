"""State changes of staff accounts: sign-in attempts and lockout, the second factor, passwords, sessions.

Every function here writes its audit row; views only parse input, call and render.
"""

import functools
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onderstroom.accounts import oidc, totp
from onderstroom.accounts.models import LoginAttempt, SchoolSignIn, User
from onderstroom.audit import log
from onderstroom.schools import photos
from onderstroom.schools.access import (
    AnonymousActor,
    StaffActor,
    build_staff_actor,
    get_school_member,
    school_admin,
)
from onderstroom.schools.models import BoardMembership, Membership, School

Outcome = LoginAttempt.Outcome
# Guesses: these count towards a lockout. A refusal while locked does not, so a lockout
# ends on time even while somebody keeps trying.
FAILURES = (Outcome.BAD_PASSWORD, Outcome.BAD_TOTP)
SIGN_IN_ACTION = "accounts.sign_in"
logger = logging.getLogger(__name__)

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


def locked_until(email: str, ip_address: str | None, now: datetime | None = None) -> datetime | None:
    """When sign-in opens again for this address typed and this client, or None if it is open.

    Three limits: failures on this account from this client, failures from this client on any
    account, and failures on this account from anywhere. The last one does not apply on a
    client that signed in to this account before, so a stranger who knows a teacher's address
    cannot keep the teacher out on their own device; guessing from many new clients stays limited.
    """
    now = now or timezone.now()
    email = normalize_email(email)
    window = timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)
    recent = LoginAttempt.objects.filter(outcome__in=FAILURES, created_at__gt=now - window)
    on_account = recent.filter(email=email)
    per_account, per_address = settings.LOGIN_LOCKOUT_PER_ACCOUNT, settings.LOGIN_LOCKOUT_PER_ADDRESS
    ends = []
    if ip_address:
        ends.append(_release_time(on_account.filter(ip_address=ip_address), per_account))
        ends.append(_release_time(recent.filter(ip_address=ip_address), per_address))
    if not _known_client(email, ip_address, now):
        ends.append(_release_time(on_account, per_account))
    latest = max((end for end in ends if end is not None), default=None)
    return latest + window if latest else None


def _known_client(email: str, ip_address: str | None, now: datetime) -> bool:
    """Whether this account signed in successfully from this client address lately."""
    if not ip_address:
        return False
    since = now - timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
    return LoginAttempt.objects.filter(
        email=email, ip_address=ip_address, outcome=Outcome.SUCCESS, created_at__gt=since
    ).exists()


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
        # Recorded as what it is, but answered as a wrong password: the right password of a
        # switched-off account must not tell a guesser that they found it.
        record_attempt(email, ip_address, Outcome.INACTIVE, user)
        return SignInResult(Outcome.INACTIVE, locked_until=locked_until(email, ip_address))
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


def set_own_photo(actor: StaffActor, upload: UploadedFile) -> User:
    """The person's own photo: a re-encoded copy of the upload (as a child's photo); anything that is
    not a real photo is refused and nothing changes. A replaced file is deleted."""
    user = actor.user
    photos.store(
        user,
        upload,
        lambda replaced: log.record(actor, "accounts.photo.set", obj=user, details={"replaced": replaced}),
    )
    return user


def remove_own_photo(actor: StaffActor) -> User:
    """Remove the person's own photo: the file is deleted, not merely unlinked."""
    user = actor.user
    photos.remove(user, lambda: log.record(actor, "accounts.photo.remove", obj=user))
    return user


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


@dataclass(frozen=True)
class AdminReset:
    user: User
    link_sent: bool  # False: the mail server refused; the old password is still gone


def reset_password_by_admin(actor: StaffActor, uuid: UUID, absolute_url: Callable[[str], str]) -> AdminReset:
    """A school admin sends a colleague of their school a link to choose a new password.

    The admin never learns a credential: the password stops working, every session ends, the
    second factor stays, and the one-time link goes to the colleague's own address, which the
    admin cannot change. Membership.objects is scoped to the actor's active school: a user with
    no role there is "not found", as is every user for somebody who is not school admin.
    """
    user = get_school_member(actor, uuid)
    if reaches_beyond_school(user, actor.school):
        raise ResetNotAllowed
    with transaction.atomic():
        user.set_unusable_password()
        user.must_change_password = False
        user.session_generation += 1
        user.password_reset_by, user.password_reset_at = actor.user, timezone.now()
        user.save(
            update_fields=[
                "password",
                "must_change_password",
                "session_generation",
                "password_reset_by",
                "password_reset_at",
            ]
        )
        # The token is made from the new (unusable) password hash: older links stop working.
        sent = _send_reset_link(user, absolute_url(reset_link_path(user)))
        log.record(
            actor,
            "accounts.password.reset",
            obj=user,
            details={"link_sent": sent, "two_step_kept": user.has_totp},
        )
    return AdminReset(user=user, link_sent=sent)


def reset_link_path(user: User) -> str:
    token = default_token_generator.make_token(user)
    return reverse("accounts:reset_confirm", kwargs={"uuid": user.uuid, "token": token})


def _send_reset_link(user: User, link: str) -> bool:
    """Mail the link to the account's own address; the link, like a password, is never logged."""
    body = render_to_string("accounts/reset_email.txt", {"user": user, "link": link, "hours": link_hours()})
    try:
        send_mail(_("Choose a new password for Onderstroom"), body, None, [user.email])
    except OSError:  # smtplib's errors are OSErrors too
        logger.exception("The password reset mail could not be sent.")
        return False
    return True


def link_hours() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


def user_for_reset_link(uuid: UUID, token: str) -> User | None:
    """The account a reset link belongs to, while the link is valid (unused, not expired)."""
    user = User.objects.filter(uuid=uuid, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def set_password_with_link(user: User, new_password: str, ip_address: str | None) -> None:
    """Choose a new password through a reset link; the link stops working because the hash changed."""
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.session_generation += 1
        user.save(update_fields=["password", "must_change_password", "session_generation"])
        log.record(build_staff_actor(user, ip_address, None), "accounts.password.set_with_link", obj=user)


@dataclass(frozen=True)
class ResetNotice:
    by: str
    at: datetime


def pending_reset_notice(user: User) -> ResetNotice | None:
    if user.password_reset_at is None:
        return None
    return ResetNotice(by=str(user.password_reset_by or _("an administrator")), at=user.password_reset_at)


def take_reset_notice(user: User) -> ResetNotice | None:
    """Who reset this user's password and when, once: the first sign-in afterwards tells them."""
    notice = pending_reset_notice(user)
    if notice is not None:
        User.objects.filter(pk=user.pk).update(password_reset_by=None, password_reset_at=None)
        user.password_reset_by, user.password_reset_at = None, None
    return notice


# --- signing in with the school's own accounts (OpenID Connect, accounts/oidc.py) -----------------


class Refusal(models.TextChoices):
    """Why a school account was not let in (audit values; the person sees `refusal_message`)."""

    UNVERIFIED = "unverified", gettext_lazy("e-mail address not verified by the school's accounts")
    UNKNOWN = "unknown", gettext_lazy("no member of staff of this school with that address")
    ELSEWHERE = "elsewhere", gettext_lazy("account also works at another school or for a board")


def refusal_message(reason: str, school: School) -> str:
    if reason == Refusal.UNVERIFIED:
        return _(
            "Your school account did not confirm your e-mail address, so Onderstroom cannot tell who "
            "you are. Sign in with your e-mail address and password, or ask your school's IT to "
            "confirm addresses."
        )
    if reason == Refusal.ELSEWHERE:
        return _(
            "Your account also works at another school or for a board, so it cannot be opened with the "
            "accounts of %(school)s. Sign in with your e-mail address and password."
        ) % {"school": school.name}
    return _(
        "Your school account is not linked to a member of staff of %(school)s in Onderstroom. Ask your "
        "school administrator to add you with this e-mail address, or sign in with your password."
    ) % {"school": school.name}


@dataclass(frozen=True)
class SchoolAccountResult:
    user: User | None
    refusal: str = ""


def school_account_sign_in(
    school: School, kind: str, email: str | None, ip_address: str | None
) -> SchoolAccountResult:
    """Let in the member of staff with the address the school's accounts vouch for, or refuse.

    Never creates an account or a role: only an existing, active member of staff of this school whose
    account works nowhere else (not at another school, not for a board: the school's accounts speak
    for this school only) is let in. Both outcomes write an audit row in the school's chain; a refusal's
    row holds the reason, not the address.
    """
    user = User.objects.filter(email=email, is_active=True).first() if email else None
    if email is None:
        reason = Refusal.UNVERIFIED
    elif user is None or not Membership.across_schools.filter(user=user, school=school).exists():
        reason = Refusal.UNKNOWN
    elif (
        Membership.across_schools.filter(user=user).exclude(school=school).exists()
        or BoardMembership.objects.filter(user=user).exists()
    ):
        reason = Refusal.ELSEWHERE
    else:
        actor = build_staff_actor(user, ip_address, school.pk)
        details = {"provider": kind}
        log.record(actor, "accounts.school_account.sign_in", school=school, obj=user, details=details)
        return SchoolAccountResult(user)
    log.record(
        AnonymousActor(ip_address=ip_address),
        "accounts.school_account.refused",
        school=school,
        details={"reason": str(reason), "provider": kind},
    )
    return SchoolAccountResult(None, str(reason))


def save_school_sign_in(actor: StaffActor, values: dict[str, Any]) -> SchoolSignIn:
    """The school admin sets (or changes) the school's own accounts as a way to sign in.

    `values`: kind, tenant, issuer (checked by the form), client_id, client_secret (empty: keep the
    stored one), secret_env, enabled. The row is marked on the audit page: whoever runs the chosen
    accounts can sign in as the school's staff.
    """
    school = school_admin(actor).school
    with transaction.atomic():
        row = SchoolSignIn.objects.filter(school=school).first() or SchoolSignIn(school=school)
        before = {name: getattr(row, name) for name in SCHOOL_SIGN_IN_FIELDS}
        for name in ("kind", "tenant", "issuer", "client_id", "secret_env", "enabled"):
            setattr(row, name, values[name])
        if values.get("client_secret"):
            row.secret_box = oidc.seal_secret(values["client_secret"])
        if row.secret_env:
            row.secret_box = ""
        changed = [name for name in SCHOOL_SIGN_IN_FIELDS if getattr(row, name) != before[name]]
        created = row.pk is None
        row.save()
        if changed or created:
            log.record(
                actor,
                "accounts.school_sign_in.change",
                obj=row,
                details={"fields": changed, "provider": row.kind, "enabled": row.enabled},
            )
    return row


SCHOOL_SIGN_IN_FIELDS = ("kind", "tenant", "issuer", "client_id", "secret_box", "secret_env", "enabled")
