"""Every change to an interaction log: taps, undos and sharing. Each checks access and is audited."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Literal
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.audit import log
from onderstroom.core.errors import Refused
from onderstroom.interactions.models import InteractionEvent, Kind, LogShare
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child, Enrollment, Group

MAX_OPS = 200  # per request; the device sends smaller batches
# A device clock a little ahead is normal; a tap further in the future is a wrong clock.
CLOCK_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class Op:
    """One entry of a device queue: a tap to store, or an earlier tap to undo."""

    action: Literal["add", "undo"]
    client_id: UUID
    child: UUID | None = None
    kind: str = ""
    occurred_at: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.action}:{self.client_id}"


@dataclass
class SyncResult:
    done: list[str] = field(default_factory=list)  # op keys the device may forget
    rejected: dict[str, str] = field(default_factory=dict)  # op key → why, in the user's language
    added: int = 0
    undone: int = 0


def ensure_teacher(actor: StaffActor, group: Group) -> None:
    if not actor.teaches(group):
        raise Http404


def _earliest(group: Group) -> datetime:
    """A tap before the group's school year began cannot be about this group."""
    return timezone.make_aware(datetime.combine(group.school_year.starts_on, time.min))


class _Batch:
    """Applies a device's ops in order, in memory, then writes them in a fixed number of queries."""

    def __init__(self, actor: StaffActor, group: Group, ops: Sequence[Op]) -> None:
        self.actor, self.group, self.ops = actor, group, ops
        self.children: dict[UUID, Child] = {
            e.child.uuid: e.child for e in Enrollment.objects.filter(group=group).select_related("child")
        }
        ids = {op.client_id for op in ops}
        self.rows: dict[UUID, InteractionEvent] = {
            row.client_id: row
            for row in InteractionEvent.objects.filter(teacher=actor.user, client_id__in=ids).select_related(
                "child"
            )
        }
        self.new: dict[UUID, InteractionEvent] = {}
        self.changed: dict[UUID, InteractionEvent] = {}
        self.added_children: list[Child] = []
        self.undone_children: list[Child] = []
        self.now = timezone.now()
        self.earliest = _earliest(group)
        self.result = SyncResult()

    def run(self) -> SyncResult:
        for op in self.ops:
            problem = self.add(op) if op.action == "add" else self.undo(op)
            if problem:
                self.result.rejected[op.key] = problem
            else:
                self.result.done.append(op.key)
        self.save()
        return self.result

    def add(self, op: Op) -> str | None:
        existing = self.rows.get(op.client_id)
        if existing is not None:
            # Sent before (the reply was lost) or already undone: either way it is stored once.
            return None if existing.group_id == self.group.pk else _("This tap belongs to another group.")
        child = self.children.get(op.child) if op.child else None
        if child is None:
            return _("This pupil is not in the group.")
        if op.kind not in Kind.values:
            return _("This kind of interaction does not exist.")
        if op.occurred_at is None or op.occurred_at > self.now + CLOCK_SLACK:
            return _("The time of this tap lies in the future; check the clock of the device.")
        if op.occurred_at < self.earliest:
            return _("The time of this tap lies before this school year.")
        row = InteractionEvent(
            school=self.group.school,
            client_id=op.client_id,
            teacher=self.actor.user,
            group=self.group,
            child=child,
            kind=op.kind,
            occurred_at=op.occurred_at,
        )
        self.rows[op.client_id] = self.new[op.client_id] = row
        self.added_children.append(child)
        self.result.added += 1
        return None

    def undo(self, op: Op) -> str | None:
        row = self.rows.get(op.client_id)
        if row is None:
            # The undo overtook its tap (or the tap never arrived): keep the id as undone, so
            # the tap is not stored if it still comes.
            self.rows[op.client_id] = self.new[op.client_id] = InteractionEvent(
                school=self.group.school,
                client_id=op.client_id,
                teacher=self.actor.user,
                group=self.group,
                occurred_at=self.now,
            )
            return None
        if row.group_id != self.group.pk:
            return _("This tap belongs to another group.")
        if not row.undone:
            self.wipe(row)
        return None

    def wipe(self, row: InteractionEvent) -> None:
        assert row.child is not None  # only taps are wiped; an undo marker has no child
        if row.client_id in self.new:
            self.added_children.remove(row.child)  # tapped and undone in one batch: never stored
            self.result.added -= 1
        else:
            self.undone_children.append(row.child)
            self.changed[row.client_id] = row
            self.result.undone += 1
        row.child, row.kind = None, ""

    def save(self) -> None:
        with transaction.atomic():
            # A retry racing its own first attempt may insert the same id twice; the unique
            # constraint keeps one and the other is skipped.
            InteractionEvent.objects.bulk_create(self.new.values(), ignore_conflicts=True)
            if self.changed:
                InteractionEvent.objects.bulk_update(self.changed.values(), ["child", "kind"])
            details = {"taps": self.result.added, "undone": self.result.undone}
            if self.added_children:
                log.record_many(
                    self.actor,
                    "interactions.tap.add",
                    children=self.added_children,
                    obj=self.group,
                    details=details,
                )
            if self.undone_children:
                log.record_many(
                    self.actor,
                    "interactions.tap.undo",
                    children=self.undone_children,
                    obj=self.group,
                    details=details,
                )


def sync(actor: StaffActor, group: Group, ops: Sequence[Op]) -> SyncResult:
    """Store a device's taps and undos in the teacher's own log, each op exactly once."""
    ensure_teacher(actor, group)
    if len(ops) > MAX_OPS:
        raise Refused(_("Too many taps at once."))
    return _Batch(actor, group, ops).run()


def log_tap(actor: StaffActor, group: Group, client_id: UUID, child: UUID, kind: str) -> SyncResult:
    """One tap from the plain form (no JavaScript): the server's clock is the time of the tap."""
    op = Op("add", client_id, child=child, kind=kind, occurred_at=timezone.now())
    return sync(actor, group, [op])


def undo_tap(actor: StaffActor, group: Group, client_id: UUID) -> bool:
    """Undo one of the teacher's own taps; False when there was nothing to undo."""
    ensure_teacher(actor, group)
    row = InteractionEvent.objects.filter(teacher=actor.user, group=group, client_id=client_id).first()
    if row is None or row.undone:
        return False
    return sync(actor, group, [Op("undo", client_id)]).undone == 1


def set_share(actor: StaffActor, group: Group, shared: bool) -> bool:
    """Switch sharing of the teacher's own log with the group's care coordinators; True if it changed."""
    ensure_teacher(actor, group)
    with transaction.atomic():
        if shared:
            _, changed = LogShare.objects.get_or_create(school=group.school, teacher=actor.user, group=group)
        else:
            changed = LogShare.objects.filter(teacher=actor.user, group=group).delete()[0] > 0
        if changed:
            action = "interactions.share.on" if shared else "interactions.share.off"
            log.record(actor, action, obj=group)
    return changed
