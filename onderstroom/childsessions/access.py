"""Who reaches a class session from the staff side: the teachers of its group. Everyone else gets 404."""

from uuid import UUID

from onderstroom.childsessions.models import ClassSession
from onderstroom.schools.access import Actor, get_in_group


def get_teacher_session(actor: Actor, uuid: UUID) -> ClassSession:
    """A class session of a group the actor teaches (opened by them or by a co-teacher)."""
    sessions = ClassSession.objects.select_related("group", "school")
    return get_in_group(actor, sessions, teaching=True, uuid=uuid)
