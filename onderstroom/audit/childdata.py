"""Who read or changed a child's data: the audit rows about a child, for the privacy registry.

The rows stay when the child is erased: the seal covers the child's random uuid, never a name, and
the link to the child row is set to null (see docs/ARCHITECTURE.md, "The audit log").
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from onderstroom.audit.labels import action_label
from onderstroom.audit.models import AuditEvent
from onderstroom.core.childdata import Erased, Table
from onderstroom.schools.models import Child


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    action: str  # readable
    actor: str  # the member of staff, "the child" or "the system"


def child_history(child: Child) -> list[HistoryRow]:
    """Every audit row about the child in the active school, oldest first: who did what, when."""
    events = AuditEvent.objects.filter(child_uuid=child.uuid).order_by("created_at", "sequence")
    labels: dict[str, str] = {
        AuditEvent.ActorKind.CHILD: _("the child"),
        AuditEvent.ActorKind.SYSTEM: _("the system"),
        AuditEvent.ActorKind.ANONYMOUS: _("not signed in"),
    }
    return [
        HistoryRow(
            at=event.created_at,
            action=action_label(event.action),
            actor=event.actor_label
            if event.actor_kind == AuditEvent.ActorKind.STAFF
            else labels.get(event.actor_kind, event.actor_kind),
        )
        for event in events
    ]


def export_child(child: Child) -> list[Table]:
    history = child_history(child)
    return [
        Table(
            key="audit.history",
            title=_("Who read or changed the data"),
            columns=("at", "action", "by"),
            headers=(_("when"), _("what"), _("by")),
            rows=[(row.at, row.action, row.actor) for row in history],
            since=history[0].at.date() if history else None,
        )
    ]


def erase_child(child: Child) -> Erased:
    """Nothing: the rows hold no content, and deleting them would break the chain."""
    kept = AuditEvent.objects.filter(child_uuid=child.uuid).count()
    return Erased(kept=[_("audit rows without content: who did what and when (%(count)s)") % {"count": kept}])
