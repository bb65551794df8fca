"""Who reads which handover notes (the read gates of the handover).

- The care coordinator of the child's group this year: every note, of every year.
- A teacher of the child this year: the notes of earlier school years (what helped, never a score),
  and their own note of this year.
- Everybody else: nothing.
"""

from uuid import UUID

from django.db.models import Q, QuerySet

from onderstroom.handover.models import HandoverNote
from onderstroom.schools import access
from onderstroom.schools.access import Actor, StaffActor
from onderstroom.schools.models import Child, Enrollment, Group


def sees_every_note(actor: StaffActor, child: Child) -> bool:
    """The care coordinator of the child's current group sees the whole handover history."""
    return (
        actor.is_care and Enrollment.objects.filter(child=child, group_id__in=actor.care_group_ids).exists()
    )


def readable_notes(actor: StaffActor, child: Child) -> QuerySet[HandoverNote]:
    """The notes about the child the actor may read, newest school year first."""
    notes = HandoverNote.objects.filter(child=child).select_related("author", "school_year", "group")
    if sees_every_note(actor, child):
        return notes
    if actor.school_year is None or not access.teaches_child(actor, child):
        return notes.none()
    earlier = Q(school_year__starts_on__lt=actor.school_year.starts_on)
    own = Q(school_year=actor.school_year, author=actor.user)
    return notes.filter(earlier | own)


def own_notes_in(actor: StaffActor, group: Group) -> QuerySet[HandoverNote]:
    """The actor's own notes of this school year about children of a group they teach."""
    return HandoverNote.objects.filter(group=group, author=actor.user, school_year_id=group.school_year_id)


def get_teacher_group(actor: Actor, uuid: UUID) -> Group:
    """A group the actor teaches this year: only its teachers write its handover."""
    return access.get_teacher_group(actor, uuid)


def own_note(actor: StaffActor, enrollment: Enrollment) -> HandoverNote | None:
    """The actor's note of this year about the child of this enrolment, if written."""
    return HandoverNote.objects.filter(
        child_id=enrollment.child_id, school_year_id=enrollment.school_year_id, author=actor.user
    ).first()
