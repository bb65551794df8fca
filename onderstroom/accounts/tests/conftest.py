"""Helpers for the account tests: sign in through the real form, read the rows it leaves."""

import pyotp
from django.test import Client
from django.urls import reverse

from onderstroom.accounts.models import LoginAttempt, User
from onderstroom.audit.models import AuditEvent
from onderstroom.testing.world import PASSWORD

LOGIN = reverse("accounts:login")
LOGIN_CODE = reverse("accounts:login_code")


def post_sign_in(  # type: ignore[no-untyped-def]
    client: Client, email: str, password: str = PASSWORD, next: str | None = None, **headers: str
):
    data = {"email": email, "password": password}
    if next is not None:
        data["next"] = next
    return client.post(LOGIN, data, **headers)


def sign_in_audit_rows() -> list[AuditEvent]:
    return list(AuditEvent.across_schools.filter(action="accounts.sign_in").order_by("sequence", "pk"))


def outcomes() -> list[str]:
    return list(LoginAttempt.objects.order_by("pk").values_list("outcome", flat=True))


def enable_totp(user: User) -> pyotp.TOTP:
    """Give the user a confirmed second factor directly; the setup screens have their own tests."""
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed = True
    user.save(update_fields=["totp_secret", "totp_confirmed"])
    return pyotp.TOTP(user.totp_secret)
