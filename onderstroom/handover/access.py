"""Who reads which handover notes (the read gates of the handover).

- The care coordinator of the child's group this year: every note, of every year.
- A teacher of the child this year: the notes of earlier school years (what helped, never a score),
  and their own note of this year.
- Everybody else: nothing.

Who writes: a teacher of the child this year, and, for a grace period after the new school year began
(until the autumn holiday, or else 6 weeks in), last year's teacher of the child: the end of a year is
busy, and what helped is still fresh in the first weeks. Never a teacher who did not teach the child.
"""

from datetime import date, timedelta
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from onderstroom.handover.models import HandoverNote
from onderstroom.schools import access
from onderstroom.schools.access import Actor, StaffActor, today
from onderstroom.schools.models import Child, Enrollment, Group, GroupAssignment, SchoolHoliday, SchoolYear

# Last year's teacher may still write their notes until the first school holiday of the new year (the
# autumn holiday), when it starts within AUTUMN_WITHIN of the first day; without one, for GRACE.
GRACE = timedelta(weeks=6)
AUTUMN_WITHIN = timedelta(weeks=10)


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


def grace_last_day(year: SchoolYear) -> date:
    """The last day on which last year's teachers still write their handover notes in `year`."""
    autumn = (
        SchoolHoliday.objects.filter(
            school_id=year.school_id,
            first_day__gt=year.starts_on,
            first_day__lte=year.starts_on + AUTUMN_WITHIN,
        )
        .order_by("first_day")
        .first()
    )
    if autumn is not None:
        return autumn.first_day - timedelta(days=1)
    return year.starts_on + GRACE - timedelta(days=1)


def previous_year(actor: StaffActor) -> SchoolYear | None:
    """The school year before the actor's current one, while its teachers' grace period lasts."""
    year = actor.school_year
    if year is None or not actor.is_teacher or today() > grace_last_day(year):
        return None
    return (
        SchoolYear.objects.filter(school_id=year.school_id, starts_on__lt=year.starts_on)
        .order_by("-starts_on")
        .first()
    )


def last_year_groups(actor: StaffActor) -> QuerySet[Group]:
    """The groups the actor taught last school year, while they may still write their handover."""
    previous = previous_year(actor)
    if previous is None:
        return Group.objects.none()
    taught = GroupAssignment.objects.filter(
        user=actor.user, kind=GroupAssignment.Kind.TEACHER, group__school_year=previous
    ).values("group_id")
    return Group.objects.filter(pk__in=taught).select_related("school_year")


def may_write_for(actor: StaffActor, group_id: int) -> bool:
    """Whether the actor writes handover notes about the children of this group: they teach it this
    year, or taught it last year and the grace period lasts."""
    return actor.teaches(group_id) or last_year_groups(actor).filter(pk=group_id).exists()


def get_teacher_group(actor: Actor, uuid: UUID) -> Group:
    """A group the actor teaches this year, or taught last year within the grace period: only its
    teachers write its handover."""
    if isinstance(actor, StaffActor) and actor.is_teacher:
        earlier = last_year_groups(actor).filter(uuid=uuid).first()
        if earlier is not None:
            return earlier
    return access.get_teacher_group(actor, uuid)


def writer_enrollment(actor: Actor, child_uuid: UUID) -> Enrollment:
    """The enrolment a handover note is about: the child in a group the actor teaches this year, or
    else in a group they taught last year (within the grace period). Anybody else: Http404."""
    if not isinstance(actor, StaffActor) or not actor.is_teacher:
        raise Http404
    now = (
        Enrollment.objects.filter(child__uuid=child_uuid, group_id__in=actor.teacher_group_ids)
        .select_related("child", "group")
        .first()
    )
    if now is not None:
        return now
    earlier = (
        Enrollment.objects.filter(child__uuid=child_uuid, group__in=last_year_groups(actor))
        .select_related("child", "group")
        .first()
    )
    if earlier is None:
        raise Http404
    return earlier


def own_note(actor: StaffActor, enrollment: Enrollment) -> HandoverNote | None:
    """The actor's note of this year about the child of this enrolment, if written."""
    return HandoverNote.objects.filter(
        child_id=enrollment.child_id, school_year_id=enrollment.school_year_id, author=actor.user
    ).first()
