"""The one audit writer. Every state change and every read of a child's record calls it."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from onderstroom.audit.models import GENESIS_HASH, AuditChain, AuditEvent

if TYPE_CHECKING:
    from onderstroom.schools.access import Actor
    from onderstroom.schools.models import Child, School

GLOBAL_CHAIN = "global"


@dataclass(frozen=True)
class ChainCheck:
    intact: bool
    checked: int
    broken_at: int | None = None


def _chain_key(school: "School | None") -> str:
    return str(school.uuid) if school is not None else GLOBAL_CHAIN


def _object_fields(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    identifier = getattr(obj, "uuid", None) or obj.pk
    return obj._meta.label_lower, str(identifier)


def record(
    actor: "Actor",
    action: str,
    *,
    school: "School | None" = None,
    child: "Child | None" = None,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Write one audit row. `details` holds counts or field names, never what was written."""
    record_many(actor, action, school=school, children=[child] if child else [None], obj=obj, details=details)


def record_reads(
    actor: "Actor", action: str, children: Sequence["Child"], obj: models.Model | None = None
) -> None:
    """One row per child whose data a page showed, written in a single insert."""
    if children:
        record_many(actor, action, children=children, obj=obj)


def record_many(
    actor: "Actor",
    action: str,
    *,
    children: Iterable["Child | None"],
    school: "School | None" = None,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    school = school or actor.school
    key = _chain_key(school)
    object_type, object_uuid = _object_fields(obj)
    now = timezone.now()
    with transaction.atomic():
        AuditChain.objects.get_or_create(key=key)
        chain = AuditChain.objects.select_for_update().get(key=key)
        previous, sequence = chain.last_hash, chain.length
        rows = []
        for child in children:
            sequence += 1
            event = AuditEvent(
                school=school,
                chain_key=key,
                sequence=sequence,
                created_at=now,
                action=action,
                actor_kind=actor.kind,
                actor_user_id=actor.user_id,
                actor_label=actor.label,
                child_id=child.pk if child else None,
                child_uuid=child.uuid if child else None,
                object_type=object_type,
                object_uuid=object_uuid,
                ip_address=actor.ip_address,
                details=details or {},
                previous_hash=previous,
            )
            event.hash = previous = event.compute_hash()
            rows.append(event)
        AuditEvent.across_schools.bulk_create(rows)
        chain.last_hash, chain.length = previous, sequence
        chain.save(update_fields=["last_hash", "length"])


def verify_chain(school: "School | None", batch_size: int = 2000) -> ChainCheck:
    """Recompute every hash of a chain in order; report the first row that does not fit."""
    key = _chain_key(school)
    rows = AuditEvent.across_schools.filter(chain_key=key).order_by("sequence")
    previous, expected_sequence, checked = GENESIS_HASH, 1, 0
    for event in rows.iterator(chunk_size=batch_size):
        if (
            event.sequence != expected_sequence
            or event.previous_hash != previous
            or event.compute_hash() != event.hash
        ):
            return ChainCheck(intact=False, checked=checked, broken_at=expected_sequence)
        previous, expected_sequence, checked = event.hash, expected_sequence + 1, checked + 1
    head = AuditChain.objects.filter(key=key).first()
    if head and (head.length != checked or head.last_hash != previous):
        return ChainCheck(intact=False, checked=checked, broken_at=checked + 1)
    return ChainCheck(intact=True, checked=checked)
