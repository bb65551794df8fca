"""Read one teacher's log of one group from the database, as counts, in a fixed number of queries.

Callers have already decided that the actor may read this log (`access.choose_log`).
"""

from collections import defaultdict
from datetime import datetime

from django.db.models import Count, Max, QuerySet

from onderstroom.accounts.models import User
from onderstroom.interactions.measures import Member
from onderstroom.interactions.models import NOTICED, InteractionEvent
from onderstroom.schools.models import Child, Enrollment, Group


def members(group: Group) -> tuple[list[Member], dict[int, Child]]:
    """The group's children in Dutch alphabetical order, and the Child rows for the audit."""
    enrollments = list(Enrollment.objects.filter(group=group).select_related("child"))
    enrollments.sort(key=lambda e: (e.child.sort_surname, e.child.first_name.lower()))
    names = display_names([e.child for e in enrollments])
    result = [
        Member(id=e.child.pk, name=names[e.child.pk], gender=e.child.gender, grade=e.grade, uuid=e.child.uuid)
        for e in enrollments
    ]
    return result, {e.child.pk: e.child for e in enrollments}


def display_names(children: list[Child]) -> dict[int, str]:
    """First names, with the surname's initial where two children share a first name."""
    first_names = [c.first_name for c in children]
    return {
        c.pk: f"{c.first_name} {c.surname[:1]}." if first_names.count(c.first_name) > 1 else c.first_name
        for c in children
    }


def logged(teacher: User, group: Group) -> QuerySet[InteractionEvent]:
    """The teacher's taps in the group that still stand (undone taps have no child)."""
    return InteractionEvent.objects.filter(teacher=teacher, group=group, child__isnull=False)


def counts_by_kind(teacher: User, group: Group, start: datetime, end: datetime) -> dict[int, dict[str, int]]:
    """child id → kind → number of taps in [start, end)."""
    rows = (
        logged(teacher, group)
        .filter(occurred_at__gte=start, occurred_at__lt=end)
        .values("child_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        result[row["child_id"]][row["kind"]] = row["n"]
    return dict(result)


def counts_of(teacher: User, group: Group, kind: str, start: datetime, end: datetime) -> dict[int, int]:
    """child id → number of taps of one kind in [start, end)."""
    rows = (
        logged(teacher, group)
        .filter(kind=kind, occurred_at__gte=start, occurred_at__lt=end)
        .values("child_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["child_id"]: row["n"] for row in rows}


def last_noticed(teacher: User, group: Group, child: Child | None = None) -> dict[int, datetime]:
    """child id → the time the child was last noticed (a personal moment or praise)."""
    events = logged(teacher, group)
    if child is not None:
        events = events.filter(child=child)
    rows = events.filter(kind__in=NOTICED).values("child_id").annotate(last=Max("occurred_at")).order_by()
    return {row["child_id"]: row["last"] for row in rows}


def child_taps(
    teacher: User, group: Group, child: Child, start: datetime, end: datetime
) -> list[tuple[str, datetime]]:
    """(kind, time) of every tap about one child in [start, end), oldest first."""
    rows = (
        logged(teacher, group)
        .filter(child=child, occurred_at__gte=start, occurred_at__lt=end)
        .order_by("occurred_at")
        .values_list("kind", "occurred_at")
    )
    return list(rows)
