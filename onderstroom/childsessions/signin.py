"""How a child's browser is tied to a class session.

The Django session of a signed-in child holds CHILD_KEY = {"session": <class
session uuid>, "child": <child uuid>}. It is honoured only while the class session
is open; a closed or expired class session signs every child out at their next
request.

Before that, while a child is still signing in, ENTRY_KEY holds how far this
browser got: the class session whose code was typed, the child whose name was
tapped and the pictures tapped so far. DEVICE_KEY identifies the browser for the
rate limit on wrong codes; the limits that a new cookie does not reset are kept in the
database (services.enter_code).

SCHOOL_COOKIE remembers, for a year, the school entry (a BRIN in lower case) this
tablet last used, so that /leerling/ leads back to it. A BRIN is public: the cookie
tells nothing that the address bar did not.
"""

import re
import secrets
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from onderstroom.childsessions.models import ChildSignIn, ClassSession
from onderstroom.schools.access import ChildActor
from onderstroom.schools.models import Child

CHILD_KEY = "child_session"
ENTRY_KEY = "childsessions.entry"
DEVICE_KEY = "childsessions.device"
SCHOOL_COOKIE = "onderstroom_school"
SCHOOL_COOKIE_SECONDS = 365 * 24 * 60 * 60
BRIN_PATTERN = "[0-9]{2}[A-Za-z]{2}"


def child_actor_from_session(request: HttpRequest, ip_address: str | None) -> ChildActor | None:
    data = request.session.get(CHILD_KEY)
    if not isinstance(data, dict):
        return None
    session_uuid, child_uuid = data.get("session"), data.get("child")
    sign_in = (
        ChildSignIn.across_schools.select_related("class_session", "child", "school")
        .filter(
            class_session__uuid=session_uuid,
            child__uuid=child_uuid,
            signed_in_at__isnull=False,
        )
        .first()
        if session_uuid is not None and child_uuid is not None
        else None
    )
    if sign_in is None or not sign_in.class_session.is_open():
        request.session.pop(CHILD_KEY, None)
        return None
    return ChildActor(
        ip_address=ip_address,
        child=sign_in.child,
        school=sign_in.school,
        class_session=sign_in.class_session,
    )


def attach_child(request: HttpRequest, class_session: ClassSession, sign_in: ChildSignIn) -> None:
    """Tie this browser to the child; any staff sign-in on it ends first."""
    request.session.cycle_key()
    request.session[CHILD_KEY] = {"session": str(class_session.uuid), "child": str(sign_in.child.uuid)}


def detach_child(request: HttpRequest) -> None:
    request.session.pop(CHILD_KEY, None)
    request.session.cycle_key()


# --- signing in, step by step -------------------------------------------------------------------


def is_entry_key(key: str) -> bool:
    """Whether the text has the form of a school entry (a BRIN such as 12ab, in any case)."""
    return re.fullmatch(BRIN_PATTERN, key) is not None


def remembered_entry(request: HttpRequest) -> str | None:
    key = request.COOKIES.get(SCHOOL_COOKIE, "")
    return key.lower() if is_entry_key(key) else None


def remember_entry(response: HttpResponse, key: str) -> None:
    response.set_cookie(
        SCHOOL_COOKIE,
        key.lower(),
        max_age=SCHOOL_COOKIE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def device_key(request: HttpRequest) -> str:
    """A random key for this browser; kept in its session so that cycling the session key keeps it."""
    key = request.session.get(DEVICE_KEY)
    if not isinstance(key, str):
        key = request.session[DEVICE_KEY] = secrets.token_hex(16)
    return key


def _entry(request: HttpRequest) -> dict[str, Any]:
    data = request.session.get(ENTRY_KEY)
    return data if isinstance(data, dict) else {}


def _save_entry(request: HttpRequest, **changes: Any) -> None:
    request.session[ENTRY_KEY] = {**_entry(request), **changes}


def enter(request: HttpRequest, class_session: ClassSession) -> None:
    """The right code was typed: this browser may now show the names of the session's group."""
    request.session[ENTRY_KEY] = {"session": str(class_session.uuid), "child": None, "picked": []}


def forget_entry(request: HttpRequest) -> None:
    request.session.pop(ENTRY_KEY, None)


def entered_session(request: HttpRequest) -> ClassSession | None:
    """The class session this browser typed the code of, or None.

    Looked up across schools because the visitor is not signed in yet and so has no
    school scope; only the uuid the server itself stored in the session is trusted.
    """
    uuid = _entry(request).get("session")
    if not uuid:
        return None
    return ClassSession.across_schools.select_related("group", "school").filter(uuid=uuid).first()


def choose_child(request: HttpRequest, child: Child) -> None:
    _save_entry(request, child=str(child.uuid), picked=[])


def chosen_child_uuid(request: HttpRequest) -> str | None:
    return _entry(request).get("child")


def forget_child(request: HttpRequest) -> None:
    _save_entry(request, child=None, picked=[])


def picked(request: HttpRequest) -> list[int]:
    return [p for p in _entry(request).get("picked", []) if isinstance(p, int)]


def pick(request: HttpRequest, index: int) -> list[int]:
    chosen = [*picked(request), index]
    _save_entry(request, picked=chosen)
    return chosen


def restart_pictures(request: HttpRequest) -> None:
    _save_entry(request, picked=[])
