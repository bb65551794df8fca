"""Time-based one-time codes (RFC 6238) for the optional second sign-in step."""

import hmac
import time

import pyotp
import segno
from django.utils.safestring import SafeString, mark_safe

from onderstroom.accounts.models import User

ISSUER = "Onderstroom"
STEP_SECONDS = 30
# Phones and the server rarely agree to the second: accept the code of the step before and after.
DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """'ABCD EFGH ...': easier to type over from the screen than one long run of letters."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> SafeString:
    """The QR code as an inline <svg> element: the CSP allows it, unlike a data: URL image.

    It carries a viewBox and no fixed size, so the stylesheet can scale it without cutting off
    the edge (a phone's camera needs the white border to find the code).
    """
    svg = segno.make(uri, error="m").svg_inline(
        scale=5,
        border=4,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="qr",
        title=title,  # segno escapes the title
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - segno's own markup


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code equals `code`, within the allowed drift, or None."""
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def claim_code(user: User, code: str) -> bool:
    """Accept a code of the user's confirmed secret once: a step already used is refused.

    The conditional update makes two requests with the same code race safely: only one wins.
    """
    if not user.has_totp:
        return False
    step = matching_step(user.totp_secret, code)
    if step is None:
        return False
    newer = User.objects.filter(pk=user.pk).exclude(totp_last_step__gte=step)
    claimed = newer.update(totp_last_step=step) == 1
    if claimed:
        user.totp_last_step = step
    return claimed
