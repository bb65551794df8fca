"""Plausible interaction logs for the demo board: three school weeks for every teacher of a group.

The taps carry the patterns the screens are meant to reveal: a few children are rarely noticed,
and boys get a few more turns and clearly more corrections, as the research on teachers'
unconscious patterns describes. One teacher shares her log with the care coordinator.
"""

import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from onderstroom.interactions.models import InteractionEvent, Kind, LogShare
from onderstroom.schools.models import Child, Enrollment, Group, GroupAssignment

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard

SCHOOL_DAYS = 15
TAPS_PER_DAY = (12, 30)
KIND_WEIGHTS = {Kind.TURN: 45, Kind.PRAISE: 18, Kind.CORRECTION: 12, Kind.HELP: 14, Kind.PERSONAL: 11}
BOY_FACTOR: dict[str, float] = {Kind.TURN: 1.25, Kind.CORRECTION: 1.8}
QUIET_CHILDREN = 3  # per group: children the teacher seldom gets to
SHARING_TEACHER = "sanne"


def school_days(today: date, count: int, first: date) -> list[date]:
    """The last `count` weekdays before today, not before the school year began, oldest first."""
    days: list[date] = []
    day = today - timedelta(days=1)
    while len(days) < count and day >= first:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def _attention(rng: random.Random, children: list[Child]) -> dict[int, float]:
    """How much of the teacher's attention each child draws: uneven, a few children hardly any."""
    weights = {child.pk: rng.lognormvariate(0, 0.5) for child in children}
    for child in rng.sample(children, min(QUIET_CHILDREN, len(children))):
        weights[child.pk] = 0.08
    return weights


def _pick_child(rng: random.Random, kind: str, children: list[Child], attention: dict[int, float]) -> Child:
    factor = BOY_FACTOR.get(kind, 1.0)
    weights = [attention[c.pk] * (factor if c.gender == "m" else 1.0) for c in children]
    return rng.choices(children, weights=weights)[0]


def group_log(
    rng: random.Random, group: Group, teacher_id: int, children: list[Child], days: list[date]
) -> list[InteractionEvent]:
    zone = timezone.get_current_timezone()
    attention = _attention(rng, children)
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    events = []
    for day in days:
        morning = datetime.combine(day, time(8, 30), tzinfo=zone)
        for _ in range(rng.randint(*TAPS_PER_DAY)):
            kind = rng.choices(kinds, weights=weights)[0]
            events.append(
                InteractionEvent(
                    school=group.school,
                    client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    teacher_id=teacher_id,
                    group=group,
                    child=_pick_child(rng, kind, children, attention),
                    kind=kind,
                    occurred_at=morning + timedelta(seconds=rng.randrange(6 * 3600)),
                )
            )
    return events


def add_demo_logs(demo: "DemoBoard") -> None:
    rng = demo.rng("interactions")
    events: list[InteractionEvent] = []
    sharing = demo.staff.get(SHARING_TEACHER)
    for built in demo.schools:
        days = school_days(demo.today, SCHOOL_DAYS, built.years.current.starts_on)
        for group in built.groups.values():
            children = [e.child for e in Enrollment.objects.filter(group=group).select_related("child")]
            teachers = GroupAssignment.objects.filter(group=group, kind=GroupAssignment.Kind.TEACHER)
            for teacher_id in sorted(teachers.values_list("user_id", flat=True)):
                if children:
                    events += group_log(rng, group, teacher_id, children, days)
                if sharing is not None and teacher_id == sharing.pk:
                    LogShare.objects.create(school=group.school, teacher=sharing, group=group)
    InteractionEvent.objects.bulk_create(events, batch_size=1000)
