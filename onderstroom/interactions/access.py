"""Whose interaction log an actor may read in a group.

A teacher of the group reads their own log only (a co-teacher's log is theirs). A care
coordinator of the group reads the logs of the teachers who share theirs. Nobody else reads
any: the group itself is fetched through the common access helpers, which answer 404.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from onderstroom.accounts.models import User
from onderstroom.interactions.models import LogShare
from onderstroom.schools import access
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child, Enrollment, Group


@dataclass(frozen=True)
class LogChoice:
    """The group, the log shown, and the other logs this actor may switch to."""

    group: Group
    owners: tuple[User, ...]  # every log the actor may read here, own log first
    owner: User | None  # the log shown; None when there is nothing to read
    viewer: User
    is_teacher: bool  # the actor teaches the group (and so keeps a log of their own)

    @property
    def is_own(self) -> bool:
        return self.owner is not None and self.owner.pk == self.viewer.pk


def log_owners(actor: StaffActor, group: Group) -> tuple[User, ...]:
    """The teachers whose log of this group the actor may read: self first, then shared logs."""
    owners: list[User] = []
    if actor.teaches(group):
        owners.append(actor.user)
    if actor.cares_for(group):
        shares = LogShare.objects.filter(group=group).exclude(teacher=actor.user).select_related("teacher")
        owners.extend(share.teacher for share in sorted(shares, key=lambda s: s.teacher.full_name))
    return tuple(owners)


def shared_with_care(actor: StaffActor) -> QuerySet[LogShare]:
    """The logs other teachers shared in the groups the actor supports as care coordinator."""
    if not actor.is_care:
        return LogShare.objects.none()
    return LogShare.objects.filter(group_id__in=actor.care_group_ids).exclude(teacher=actor.user)


def get_group_child(group: Group, child_uuid: UUID) -> Child:
    """A child of a group the actor already reached through `choose_log`; any other child is 404."""
    enrollment = (
        Enrollment.objects.filter(group=group, child__uuid=child_uuid).select_related("child").first()
    )
    if enrollment is None:
        raise Http404
    return enrollment.child


def choose_log(actor: StaffActor, group_uuid: UUID, wanted: str | None) -> LogChoice:
    """The log to show: the one asked for (by the teacher's uuid) if the actor may read it.

    An unknown or forbidden teacher id shows the actor's first readable log rather than an
    error: the id only ever comes from the picker on the page.
    """
    group = access.get_visible_group(actor, group_uuid)
    owners = log_owners(actor, group)
    owner = next((o for o in owners if str(o.uuid) == (wanted or "")), owners[0] if owners else None)
    is_teacher = actor.teaches(group)
    return LogChoice(group=group, owners=owners, owner=owner, viewer=actor.user, is_teacher=is_teacher)
