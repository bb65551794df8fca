"""What other features may ask of the interaction log.

A signal about conflict or closeness can point the teacher to the balance of positive contacts
and corrections with that child:

    from onderstroom.interactions.api import balance_url, has_readable_log
    if has_readable_log(request.actor, group):
        link = balance_url(group, child)

The page behind the link checks access itself and writes the audit row; for a care coordinator
it shows the shared logs only, and says so when none is shared.
"""

from onderstroom.core.links import uuid_link
from onderstroom.interactions.access import log_owners
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child, Group


def balance_url(group: Group, child: Child) -> str:
    """The child's balance in the interaction log: taps per kind and the balance week by week."""
    return uuid_link("interactions:child_balance", group=group.uuid, child=child.uuid)


def has_readable_log(actor: StaffActor, group: Group) -> bool:
    """Whether the actor may read any log of this group: their own, or one shared with them (one query
    at most, for a care coordinator)."""
    return bool(log_owners(actor, group))
