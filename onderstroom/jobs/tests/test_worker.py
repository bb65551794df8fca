"""Real worker processes (`manage.py run_worker`) on the database queue: a worker killed with SIGKILL
in the middle of a job loses nothing; another worker runs the job again and finishes it.

Needs a database another process can open: the SQLite file of `ONDERSTROOM_SQLITE_TEST_PATH` or
PostgreSQL (`DATABASE_URL`); skipped on the in-memory SQLite of a plain run."""

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from onderstroom.jobs import services
from onderstroom.jobs.models import Job
from onderstroom.jobs.registry import kinds
from onderstroom.schools.access import build_staff_actor
from onderstroom.testing.jobs import DATABASE, WAIT_KIND, register_wait_kind, start_worker
from onderstroom.testing.processes import shares_database, wait_for
from onderstroom.testing.world import World

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def database_queue(settings: Settings) -> Iterator[None]:
    if not shares_database():
        pytest.skip("a worker process cannot open an in-memory database (set ONDERSTROOM_SQLITE_TEST_PATH)")
    settings.TASKS = {"default": {"BACKEND": DATABASE}}
    register_wait_kind()
    yield
    kinds.unregister(WAIT_KIND)


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def status(job: Job) -> str:
    job.refresh_from_db()
    return job.status


def test_a_killed_workers_job_is_run_again_by_another_worker(
    world: World, database_queue: None, workers: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    gate = tmp_path / "gate"
    log = tmp_path / "workers.log"
    actor = build_staff_actor(world.admin, None, world.school.pk)
    job = services.request_job(actor, WAIT_KIND, {"gate": str(gate)})
    assert job.status == Job.Status.QUEUED
    first_task = job.task_id
    assert DBTaskResult.objects.get(id=first_task).status == "READY"

    lease = {"ONDERSTROOM_JOBS_LEASE_SECONDS": "2"}
    first = start_worker(log, with_wait_kind=True, **lease)
    workers.append(first)
    wait_for(lambda: status(job) == Job.Status.RUNNING, "the first worker to start the job", log=log)
    first.send_signal(signal.SIGKILL)  # mid-job: no chance to clean up
    first.wait(timeout=10)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.RUNNING, 1)
    assert str(first.pid) in job.worker
    assert DBTaskResult.objects.get(id=first_task).status == "RUNNING"  # the queue alone would leave it so

    gate.touch()  # from now on the job can finish
    second = start_worker(log, with_wait_kind=True, **lease)
    workers.append(second)
    wait_for(lambda: status(job) == Job.Status.DONE, "the second worker to finish the job", log=log)
    job.refresh_from_db()
    assert job.attempts == 2
    assert str(second.pid) in job.worker
    assert services.file_path(job).read_bytes() == f"made by {second.pid}".encode()
    abandoned = DBTaskResult.objects.get(id=first_task)
    assert abandoned.status == "FAILED"
    assert abandoned.exception_class_path == "onderstroom.jobs.services.Abandoned"
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_a_live_worker_keeps_its_job_past_the_lease(
    world: World, database_queue: None, workers: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    """The heartbeat renews the lease of a long job: a second worker's reaper leaves it alone."""
    gate = tmp_path / "gate"
    log = tmp_path / "workers.log"
    actor = build_staff_actor(world.admin, None, world.school.pk)
    job = services.request_job(actor, WAIT_KIND, {"gate": str(gate)})
    lease = {"ONDERSTROOM_JOBS_LEASE_SECONDS": "2"}
    first = start_worker(log, with_wait_kind=True, **lease)
    workers.append(first)
    wait_for(lambda: status(job) == Job.Status.RUNNING, "the first worker to start the job", log=log)
    second = start_worker(log, with_wait_kind=True, **lease)
    workers.append(second)
    both_up = lambda: log.read_text(errors="replace").count("Starting worker") >= 2  # noqa: E731
    wait_for(both_up, "the second worker", log=log)
    # Three leases long, with the second worker's reaper looking every second.
    watching = timezone.now()
    wait_for(lambda: (timezone.now() - watching).total_seconds() > 6, "three leases to pass")
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.RUNNING, 1)
    assert job.lease_until is not None
    assert job.lease_until > timezone.now()
    gate.touch()
    wait_for(lambda: status(job) == Job.Status.DONE, "the first worker to finish", log=log)
    job.refresh_from_db()
    assert job.attempts == 1
    assert services.file_path(job).read_bytes() == f"made by {first.pid}".encode()
