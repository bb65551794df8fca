"""Checking an audit chain: the one check behind the audit page and `manage.py verify_audit`."""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onderstroom.audit import seal
from onderstroom.audit.models import GENESIS_HASH, AuditChain, AuditEvent
from onderstroom.schools.models import Child

if TYPE_CHECKING:
    from uuid import UUID

    from onderstroom.schools.models import School

GLOBAL_CHAIN = "global"  # events outside any school, such as failed sign-ins

REASONS: dict[str, Promise] = {
    "missing": _("this row is missing: it was deleted"),
    "order": _("this row does not follow the row before it"),
    "key": _("this row was sealed with a key this server does not have"),
    "seal": _("this row was changed after it was written"),
    "child": _("the pupil this row names was changed"),
    "foreign": _("this row belongs to another log and was moved here"),
    "replaced": _("this row is not the one recorded outside the database"),
    "end": _("rows from here on were deleted: more were recorded outside the database"),
    "head": _("the log's head in the database does not match its rows"),
    "anchor": _("the record of the log outside the database is unreadable or not signed with our key"),
}


@dataclass(frozen=True)
class ChainCheck:
    intact: bool
    checked: int
    broken_at: int | None = None  # the sequence number of the first row that does not fit
    row_id: int | None = None  # that row's id, when the row is still there
    reason: str = ""  # a key of REASONS
    anchored: int = 0  # rows covered by the last signed head outside the database

    @property
    def reason_text(self) -> str:
        return str(REASONS[self.reason]) if self.reason else ""


@dataclass(frozen=True)
class _Marks:
    """Heads read before the rows: rows only grow, so a row written meanwhile is no false alarm."""

    anchor: seal.Anchor | None
    head: seal.Anchor | None

    def fault(self, event: AuditEvent) -> str:
        for mark, reason in ((self.anchor, "replaced"), (self.head, "head")):
            if mark and event.sequence == mark.sequence and event.hash != mark.mac:
                return reason
        return ""


def chain_key(school: "School | None") -> str:
    return str(school.uuid) if school is not None else GLOBAL_CHAIN


def verify_chain(school: "School | None", batch_size: int = 2000) -> ChainCheck:
    """Check a school's chain, or the global one for None."""
    return verify_key(chain_key(school), school.pk if school else None, batch_size)


def verify_key(key: str, school_id: int | None, batch_size: int = 2000) -> ChainCheck:
    """Recompute every seal in order and hold the chain against its heads; report the first misfit."""
    try:
        anchor = seal.read_anchor(key)
    except seal.AnchorError:
        return ChainCheck(intact=False, checked=0, reason="anchor")
    head = AuditChain.objects.filter(key=key).first()
    marks = _Marks(anchor, seal.Anchor(head.length, head.length, head.last_hash) if head else None)
    anchored = anchor.rows if anchor else 0
    walked = _walk(key, marks, batch_size, anchored)
    if isinstance(walked, ChainCheck):
        return walked
    checked = walked
    foreign = _foreign_row(key, school_id)
    if foreign is not None:
        return ChainCheck(False, checked, foreign.sequence, foreign.pk, "foreign", anchored)
    if checked < max(anchored, head.length if head else 0):
        return ChainCheck(False, checked, checked + 1, None, "end", anchored)
    if head is None and checked:
        return ChainCheck(False, checked, checked, None, "head", anchored)
    return ChainCheck(intact=True, checked=checked, anchored=anchored)


def _walk(key: str, marks: _Marks, batch_size: int, anchored: int) -> ChainCheck | int:
    """The number of rows that fit, or the first that does not."""
    rows = AuditEvent.across_schools.filter(chain_key=key).order_by("sequence")
    previous, checked = GENESIS_HASH, 0
    for batch in itertools.batched(rows.iterator(chunk_size=batch_size), batch_size):
        children = _children_by_uuid(batch)
        for event in batch:
            reason = _fault(event, checked + 1, previous, children) or marks.fault(event)
            if reason:
                return ChainCheck(False, checked, checked + 1, event.pk, reason, anchored)
            previous, checked = event.hash, checked + 1
    return checked


def _fault(event: AuditEvent, sequence: int, previous: str, children: dict["UUID", int]) -> str:
    if event.sequence != sequence:
        return "missing"
    if event.previous_hash != previous:
        return "order"
    if event.key_id not in seal.secrets():
        return "key"
    if not seal.is_sealed(event, event.hash):
        return "seal"
    # The seal covers the child's uuid; the link must point to that child, or be empty once it is erased.
    if event.child_id != (children.get(event.child_uuid) if event.child_uuid else None):
        return "child"
    return ""


def _children_by_uuid(batch: Sequence[AuditEvent]) -> dict["UUID", int]:
    """The children the rows name or link to, in one query per batch."""
    ids = {event.child_id for event in batch if event.child_id}
    uuids = {event.child_uuid for event in batch if event.child_uuid}
    if not ids and not uuids:
        return {}
    found = Child.across_schools.filter(Q(pk__in=ids) | Q(uuid__in=uuids)).values_list("uuid", "pk")
    return dict(found)


def _foreign_row(key: str, school_id: int | None) -> AuditEvent | None:
    """A row shown in this log (by its school) that another chain holds: moved here."""
    others = AuditEvent.across_schools.exclude(chain_key=key)
    if key == GLOBAL_CHAIN:
        return others.filter(school=None).order_by("pk").first()
    if school_id is None:
        return None
    return others.filter(school_id=school_id).order_by("pk").first()


def chain_keys() -> list[str]:
    """Every chain the database or the anchor folder knows of, the global one first."""
    from onderstroom.schools.models import School

    known = set(AuditChain.objects.values_list("key", flat=True))
    known |= set(AuditEvent.across_schools.order_by().values_list("chain_key", flat=True).distinct())
    known |= {str(uuid) for uuid in School.objects.values_list("uuid", flat=True)}
    known |= set(seal.anchored_chains())
    return [GLOBAL_CHAIN, *sorted(known - {GLOBAL_CHAIN})]
