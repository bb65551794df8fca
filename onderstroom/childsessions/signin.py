"""How a child's browser is tied to a class session.

The Django session of a signed-in child holds CHILD_KEY = {"session": <class
session uuid>, "child": <child uuid>}. It is honoured only while the class session
is open; a closed or expired class session signs every child out at their next
request.
"""

from django.http import HttpRequest

from onderstroom.childsessions.models import ChildSignIn, ClassSession
from onderstroom.schools.access import ChildActor

CHILD_KEY = "child_session"


def child_actor_from_session(request: HttpRequest, ip_address: str | None) -> ChildActor | None:
    data = request.session.get(CHILD_KEY)
    if not isinstance(data, dict):
        return None
    sign_in = (
        ChildSignIn.across_schools.select_related("class_session", "child", "school")
        .filter(
            class_session__uuid=data.get("session"),
            child__uuid=data.get("child"),
            signed_in_at__isnull=False,
            locked=False,
        )
        .first()
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
