"""Read gates for jobs: a job is seen by the user who asked for it, by nobody else (404)."""

from uuid import UUID

from django.http import Http404

from onderstroom.jobs.models import Job
from onderstroom.jobs.services import NoLongerAllowed, kind_of
from onderstroom.schools.access import StaffActor, build_staff_actor


def get_own_job(actor: StaffActor, uuid: UUID) -> Job:
    job = Job.objects.filter(uuid=uuid, owner=actor.user).first()
    if job is None:
        raise Http404
    return job


def get_own_file(actor: StaffActor, uuid: UUID) -> Job:
    """A finished job's file, if the requester may still have it: its day has not passed, and the kind
    still allows them at the job's school (their roles are read again now, not when they asked)."""
    job = get_own_job(actor, uuid)
    if job.status != Job.Status.DONE or job.expired:
        raise Http404
    current = build_staff_actor(actor.user, actor.ip_address, job.school_id)
    if job.school_id is not None and (current.school is None or current.school.pk != job.school_id):
        raise Http404
    try:
        allowed = kind_of(job).allowed(current, job.params)
    except NoLongerAllowed:
        allowed = False
    if not allowed:
        raise Http404
    return job
