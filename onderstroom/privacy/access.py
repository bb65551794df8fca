"""Read gates of the privacy screens: what the actor may find, else Http404."""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from onderstroom.privacy.models import AccessRequest, ErasureRequest
from onderstroom.schools.access import Actor, StaffActor, school_admin
from onderstroom.schools.models import Child, Enrollment


def school_children(actor: Actor) -> QuerySet[Child]:
    """Every pupil of the admin's school, also those who left (a request may be about them)."""
    school_admin(actor)
    return Child.objects.all()


def get_school_child(actor: Actor, uuid: UUID) -> Child:
    try:
        return school_children(actor).get(uuid=uuid)
    except Child.DoesNotExist as missing:
        raise Http404 from missing


def get_access_request(actor: Actor, uuid: UUID) -> AccessRequest:
    school_admin(actor)
    try:
        return AccessRequest.objects.select_related("child", "requested_by", "decided_by").get(uuid=uuid)
    except AccessRequest.DoesNotExist as missing:
        raise Http404 from missing


def _cared_children(actor: StaffActor) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(group_id__in=actor.care_group_ids, school_year=actor.school_year)


def consent_requests(actor: StaffActor) -> QuerySet[AccessRequest]:
    """Access requests waiting for this care coordinator: about a child of a group they care for, or
    about a child in no group this school year (who left), whom any care coordinator of the school judges."""
    if not actor.is_care or actor.school_year is None:
        return AccessRequest.objects.none()
    cared = _cared_children(actor).values("child_id")
    in_a_group = Enrollment.objects.filter(school_year=actor.school_year).values("child_id")
    waiting = AccessRequest.objects.filter(status=AccessRequest.Status.WAITING)
    about = Q(child_id__in=cared) | ~Q(child_id__in=in_a_group)
    return waiting.filter(about).select_related("child", "requested_by")


def get_consent_request(actor: Actor, uuid: UUID) -> AccessRequest:
    if not isinstance(actor, StaffActor):
        raise Http404
    try:
        return consent_requests(actor).get(uuid=uuid)
    except AccessRequest.DoesNotExist as missing:
        raise Http404 from missing


def get_erasure_request(actor: Actor, uuid: UUID) -> ErasureRequest:
    school_admin(actor)
    try:
        return ErasureRequest.objects.select_related("child", "requested_by", "erased_by").get(uuid=uuid)
    except ErasureRequest.DoesNotExist as missing:
        raise Http404 from missing
