"""Small helpers shared by the class session tests."""

from onderstroom.accounts.models import User
from onderstroom.audit.models import AuditEvent
from onderstroom.schools.access import AnonymousActor, StaffActor, build_staff_actor
from onderstroom.schools.models import Child

DEVICE = "tablet-1"
ADDRESS = "10.0.0.7"


def staff(user: User) -> StaffActor:
    return build_staff_actor(user, ADDRESS, None)


def anonymous(address: str | None = ADDRESS) -> AnonymousActor:
    return AnonymousActor(ip_address=address)


def right_pictures(child: Child) -> list[int]:
    return [int(digit) for digit in child.picture_code]


def wrong_pictures(child: Child) -> list[int]:
    """Three pictures that are not the child's code (the code has three different digits)."""
    right = right_pictures(child)
    return [right[1], right[0], right[2]]


def actions(name: str) -> list[AuditEvent]:
    return list(AuditEvent.across_schools.filter(action=name).order_by("sequence"))
