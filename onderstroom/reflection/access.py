"""Who reads which reflection: the author, and the one care coordinator an entry is shared with.

Nobody else, whatever their role: not a colleague, not the co-teacher, not the school admin, not
the board. Both readers must also still see the child (a teacher of the group, or its care
coordinator); everything else answers 404, so nobody learns that an entry exists.
"""

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import Actor, StaffActor
from onderstroom.schools.models import Child, Group, GroupAssignment, Membership, Role

READ = "reflection.entry.view"


def _readable(actor: StaffActor) -> Q:
    own = Q(author=actor.user, child__enrollments__group_id__in=actor.child_group_ids)
    if not actor.is_care:
        return own
    return own | Q(shared_with=actor.user, group_id__in=actor.care_group_ids)


def readable_entries(actor: StaffActor) -> QuerySet[Entry]:
    return Entry.objects.filter(_readable(actor)).distinct()


def own_entries(actor: StaffActor, child: Child) -> QuerySet[Entry]:
    return Entry.objects.filter(author=actor.user, child=child)


def shared_entries(actor: StaffActor) -> QuerySet[Entry]:
    """Entries others shared with the actor, in the groups they support as care coordinator."""
    if not actor.is_care:
        return Entry.objects.none()
    return Entry.objects.filter(shared_with=actor.user, group_id__in=actor.care_group_ids).exclude(
        author=actor.user
    )


def shared_with_me(actor: StaffActor, child: Child) -> QuerySet[Entry]:
    return shared_entries(actor).filter(child=child)


def own_ratings(actor: StaffActor, day: date) -> Q:
    """The actor's own ratings (of started moments) in the groups they teach now: the scores an
    author sees beside their entries."""
    return Q(
        teacher_id=actor.user_id, moment__opens_on__lte=day, moment__group_id__in=actor.teacher_group_ids
    )


def get_readable_entry(actor: Actor, uuid: UUID) -> Entry:
    if not isinstance(actor, StaffActor):
        raise Http404
    entry = (
        readable_entries(actor)
        .filter(uuid=uuid)
        .select_related("child", "group", "author", "shared_with")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def get_own_entry(actor: Actor, uuid: UUID) -> Entry:
    """An entry the actor wrote (and whose child they still see): only the author changes it."""
    entry = get_readable_entry(actor, uuid)
    if entry.author_id != actor.user_id:
        raise Http404
    return entry


def audit_reads(actor: StaffActor, entries: Iterable[Entry], action: str = READ) -> None:
    """One audit row per entry shown, naming the entry and the child, never a word of the text."""
    with transaction.atomic():
        for entry in entries:
            log.record(actor, action, child=entry.child, obj=entry)


def care_coordinators(group: Group) -> list[User]:
    """The named care coordinators an entry of this group may be shared with."""
    carers = GroupAssignment.objects.filter(group=group, kind=GroupAssignment.Kind.CARE).values("user_id")
    with_role = Membership.objects.filter(school_id=group.school_id, role=Role.CARE).values("user_id")
    return list(
        User.objects.filter(pk__in=carers, is_active=True).filter(pk__in=with_role).order_by("full_name")
    )
