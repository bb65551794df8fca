"""Who reaches an import: the school administrator of the school (or the system, for the command).

Everything else answers 404 (a job of another school) or is refused outright (not an administrator).
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from onderstroom.imports.models import ImportJob
from onderstroom.schools.access import StaffActor, SystemActor
from onderstroom.schools.models import School

ImportActor = StaffActor | SystemActor


def school_of(actor: object) -> School:
    """Imports are for the school administrator, or for the system (the management command)."""
    if isinstance(actor, StaffActor) and actor.is_school_admin and actor.school is not None:
        return actor.school
    if isinstance(actor, SystemActor) and actor.school is not None:
        return actor.school
    raise PermissionDenied


def get_job(actor: ImportActor, uuid: UUID | str) -> ImportJob:
    """An import of the actor's own school; any other is "not found"."""
    job = ImportJob.objects.filter(school=school_of(actor), uuid=uuid).first()
    if job is None:
        raise Http404
    return job


def recent_jobs(actor: ImportActor, limit: int = 20) -> list[ImportJob]:
    return list(
        ImportJob.objects.filter(school=school_of(actor))
        .defer("content")
        .select_related("created_by")[:limit]
    )
