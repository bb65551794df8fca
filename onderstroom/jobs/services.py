"""Requesting, running, recovering and clearing jobs.

- `request_job` (a view, for the signed-in requester): checks the kind allows the actor, stores the
  job, writes the audit row and enqueues `tasks.run_job` in the same transaction.
- `run` (the task, on a worker): claims the job with a lease, rebuilds the requester's actor from
  the database and asks the kind again, produces the file in the requester's school scope and
  language, and stores it owner-only under `JOBS_DIR`. A heartbeat renews the lease while it works.
- `recover_stale` (the worker's reaper): a running job whose lease ran out lost its worker (killed,
  machine gone); it is queued again, up to `MAX_ATTEMPTS` tries, and its old task marked failed.
- `delete_expired`: files and rows older than `KEEP`.
"""

import logging
import os
import threading
import uuid as uuid_module
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from onderstroom.audit import log
from onderstroom.core.errors import Refused
from onderstroom.jobs.models import Job
from onderstroom.jobs.registry import JobFile, JobKind, kinds
from onderstroom.schools.access import StaffActor, build_staff_actor
from onderstroom.schools.middleware import ActorMiddleware

logger = logging.getLogger(__name__)

KEEP = timedelta(days=1)
MAX_ATTEMPTS = 3
# Stored untranslated: the page shows them in the reader's language.
NOT_ALLOWED = gettext_noop("You may no longer make this file.")
BROKE = gettext_noop("Something went wrong while making this file.")
GAVE_UP = gettext_noop("The work stopped several times; please ask again later.")


def lease() -> timedelta:
    return timedelta(seconds=settings.JOBS_LEASE_SECONDS)


class NoLongerAllowed(Exception):
    """The requester lost the right to this file between asking and making it."""


def kind_of(job: Job) -> JobKind:
    kind = kinds.get(job.kind)
    if kind is None:
        raise NoLongerAllowed(job.kind)
    return kind


def job_dir() -> Path:
    """The private folder of the files: only the app's user can list or read it."""
    folder = Path(settings.JOBS_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def file_path(job: Job) -> Path:
    return job_dir() / job.uuid.hex


# --- requesting -------------------------------------------------------------------------------------


def request_job(actor: StaffActor, kind_key: str, params: dict[str, Any] | None = None) -> Job:
    """A new job of this kind for the actor; 404 when the kind does not exist or is not theirs."""
    params = dict(params or {})
    kind = kinds.get(kind_key)
    if kind is None or not kind.allowed(actor, params):
        raise Http404
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind_key,
            owner=actor.user,
            school=actor.school,
            params=params,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            expires_at=timezone.now() + KEEP,
        )
        log.record(actor, "jobs.job.request", obj=job, details={"kind": kind_key})
        enqueue(job)
    job.refresh_from_db()
    return job


def enqueue(job: Job) -> None:
    """One attempt of the job on the queue (in the caller's transaction, with the database backend)."""
    from onderstroom.jobs.tasks import run_job

    result = run_job.enqueue(job.pk)
    # An immediate backend has run the job already; only the task id is ours to set here.
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


# --- running ----------------------------------------------------------------------------------------


def run(job_id: int, *, worker: str, task_id: str = "") -> str:
    """Make the file of a queued job. Returns the job's status (the task's return value)."""
    job = claim(job_id, worker, task_id)
    if job is None:
        return "skipped"
    heartbeat = Heartbeat(job.pk, worker)
    heartbeat.start()
    try:
        output = produce(job, worker)
    except (NoLongerAllowed, Http404, PermissionDenied, Refused):
        finish_failed(job, worker, NOT_ALLOWED)
        return Job.Status.FAILED
    except Exception:
        finish_failed(job, worker, BROKE)
        raise  # the worker records the traceback with the task
    finally:
        heartbeat.stop()
    return store(job, worker, output)


def claim(job_id: int, worker: str, task_id: str = "") -> Job | None:
    """The job, now running under this worker's lease; None when it is not waiting for a worker."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            return None
        now = timezone.now()
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.worker = worker
        job.lease_until = now + lease()
        job.started_at = now
        job.progress = 0
        if task_id:
            job.task_id = task_id
        job.save()
    return job


def requester(job: Job) -> StaffActor:
    """The requester as they are now: signed-in rights rebuilt from the database, at the job's school."""
    user = job.owner
    if not user.is_active:
        raise NoLongerAllowed
    actor = build_staff_actor(user, None, job.school_id)
    if actor.school is not None and actor.school.pk != job.school_id:
        raise NoLongerAllowed
    if job.school_id is not None and actor.school is None:
        raise NoLongerAllowed
    if not kind_of(job).allowed(actor, job.params):
        raise NoLongerAllowed
    return actor


def produce(job: Job, worker: str) -> JobFile:
    kind = kind_of(job)
    actor = requester(job)
    last = [0]

    def progress(done: int, total: int) -> None:
        percent = max(0, min(99, done * 100 // total)) if total > 0 else 0
        if percent != last[0]:
            last[0] = percent
            running(job, worker).update(progress=percent, lease_until=timezone.now() + lease())

    with ActorMiddleware.scope_for(actor), translation.override(job.language):
        return kind.produce(actor, job.params, progress)


def running(job: Job, worker: str) -> Any:
    """The job's row while this worker still holds it."""
    return Job.objects.filter(pk=job.pk, worker=worker, status=Job.Status.RUNNING)


def store(job: Job, worker: str, output: JobFile) -> str:
    """Write the file owner-only and mark the job done, unless another worker took it over meanwhile."""
    final = file_path(job)
    part = final.with_name(f"{final.name}.{uuid_module.uuid4().hex}.part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(output.content)
    try:
        with transaction.atomic():
            if not running(job, worker).select_for_update().exists():
                return "superseded"
            os.replace(part, final)
            running(job, worker).update(
                status=Job.Status.DONE,
                progress=100,
                lease_until=None,
                finished_at=timezone.now(),
                file_name=output.name[:200],
                content_type=output.content_type[:100],
                size=len(output.content),
            )
    finally:
        part.unlink(missing_ok=True)
    return Job.Status.DONE


def finish_failed(job: Job, worker: str, message: str) -> None:
    running(job, worker).update(
        status=Job.Status.FAILED, lease_until=None, finished_at=timezone.now(), error=message
    )


class Heartbeat(threading.Thread):
    """Renews the job's lease while the worker works (a PDF is one long call), with its own connection."""

    def __init__(self, job_id: int, worker: str) -> None:
        super().__init__(name=f"job-heartbeat-{job_id}", daemon=True)
        self.job_id = job_id
        self.worker = worker
        self.stopped = threading.Event()

    def run(self) -> None:
        every = max(0.5, settings.JOBS_LEASE_SECONDS / 3)
        try:
            while not self.stopped.wait(every):
                Job.objects.filter(pk=self.job_id, worker=self.worker, status=Job.Status.RUNNING).update(
                    lease_until=timezone.now() + lease()
                )
        except Exception:  # a missed beat only shortens the lease; never take the job down
            logger.exception("job heartbeat failed")
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)


# --- recovering and clearing --------------------------------------------------------------------------


def recover_stale(now: datetime | None = None) -> int:
    """Queue again every running job whose lease ran out (its worker died); the number recovered."""
    now = now or timezone.now()
    recovered = 0
    stale_ids = list(
        Job.objects.filter(status=Job.Status.RUNNING, lease_until__lt=now).values_list("pk", flat=True)
    )
    for job_id in stale_ids:
        with transaction.atomic():
            job = Job.objects.select_for_update().filter(pk=job_id).first()
            if job is None or job.status != Job.Status.RUNNING or job.lease_until is None:
                continue
            if job.lease_until >= now:
                continue
            abandon_task(job.task_id, now)
            logger.warning("job %s: worker %s stopped; attempt %s lost", job.uuid, job.worker, job.attempts)
            if job.attempts >= MAX_ATTEMPTS:
                job.status = Job.Status.FAILED
                job.error = GAVE_UP
                job.finished_at = now
                job.lease_until = None
                job.save()
                continue
            job.status = Job.Status.QUEUED
            job.worker = ""
            job.lease_until = None
            job.save()
            enqueue(job)
            recovered += 1
    return recovered


def abandon_task(task_id: str, now: datetime) -> None:
    """Mark the dead worker's task result failed, so the queue's own records say what happened."""
    try:
        uuid_module.UUID(task_id)
    except ValueError:
        return  # not a database backend's result
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=now,
        exception_class_path="onderstroom.jobs.services.Abandoned",
        traceback="The worker stopped before it finished (its lease ran out); the job was queued again.",
    )


def delete_expired(now: datetime | None = None) -> int:
    """Delete jobs (and their files) that are past their day; the number deleted."""
    now = now or timezone.now()
    expired = list(Job.objects.filter(expires_at__lt=now))
    for job in expired:
        file_path(job).unlink(missing_ok=True)
    Job.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
