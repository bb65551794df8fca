"""Who may see a constellation. Everything else answers 404, like the rest of the app.

- Staff see the constellations of the groups whose children they may see (teachers and the
  care coordinator of the group, this school year). Nobody else learns they exist.
- A child reaches a class constellation only while it is being made, only through the class
  session the teacher opened for it.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from onderstroom.constellations.models import Constellation
from onderstroom.schools.access import Actor, ChildActor, StaffActor, get_in_group, visible_group_of
from onderstroom.schools.models import Child, Group

ACTIVITY_KEY = "constellation"


def _with_people() -> QuerySet[Constellation]:
    return Constellation.objects.select_related("group", "child", "created_by")


def visible_constellations(actor: StaffActor) -> QuerySet[Constellation]:
    return _with_people().filter(group_id__in=actor.child_group_ids)


def get_constellation(actor: Actor, uuid: UUID) -> Constellation:
    return get_in_group(actor, _with_people(), uuid=uuid)


def session_constellation_uuid(actor: ChildActor) -> str | None:
    """The constellation the child's class session was opened for, if it was opened for one."""
    session = actor.class_session
    if session.activity != ACTIVITY_KEY or not session.activity_object:
        return None
    return session.activity_object


def get_child_constellation(actor: Actor, uuid: UUID) -> Constellation:
    """The class constellation a child takes part in right now; everything else is "not found"."""
    if not isinstance(actor, ChildActor) or session_constellation_uuid(actor) != str(uuid):
        raise Http404
    constellation = (
        Constellation.objects.filter(
            uuid=uuid,
            kind=Constellation.Kind.CLASS,
            group_id=actor.class_session.group_id,
            closed_at__isnull=True,
            figures__child=actor.child,
        )
        .select_related("group")
        .first()
    )
    if constellation is None:
        raise Http404
    return constellation


def get_child_group(actor: StaffActor, child: Child) -> Group:
    """The child's group this school year, when the actor may see its children (else 404)."""
    group = visible_group_of(actor, child)
    if group is None:
        raise Http404
    return group
