"""Hand-made logs for the tests."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from onderstroom.accounts.models import User
from onderstroom.interactions.models import InteractionEvent
from onderstroom.schools.access import StaffActor, build_staff_actor
from onderstroom.schools.models import Child, Group

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def tap(teacher: User, group: Group, child: Child, kind: str, at: datetime) -> InteractionEvent:
    return InteractionEvent.objects.create(
        school=group.school,
        client_id=uuid.uuid4(),
        teacher=teacher,
        group=group,
        child=child,
        kind=kind,
        occurred_at=at,
    )


def children_of(group: Group) -> list[Child]:
    return [e.child for e in group.enrollments.select_related("child").order_by("child__pk")]


def staff_actor(user: User) -> StaffActor:
    return build_staff_actor(user, "198.51.100.7", None)
