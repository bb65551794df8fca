"""Test helpers for background jobs: switching the task backend, a kind that waits for a signal,
and real worker processes (`manage.py run_worker`) against the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from asgiref.local import Local
from django.conf import settings
from django.tasks import task_backends

from onderstroom.jobs.registry import JobFile, JobKind, Progress, kinds
from onderstroom.schools.access import StaffActor
from onderstroom.testing.processes import ROOT, process_env

IMMEDIATE = "django.tasks.backends.immediate.ImmediateBackend"
DATABASE = "django_tasks_db.DatabaseBackend"
WAIT_KIND = "testing.wait"


def reset_task_backends(**kwargs: Any) -> None:
    """`django.tasks` caches its backends; forget them when TASKS changes (a setting_changed receiver)."""
    if kwargs.get("setting", "TASKS") != "TASKS":
        return
    task_backends.__dict__.pop("settings", None)
    task_backends._settings = None  # type: ignore[attr-defined]  # stubs lack it
    task_backends._connections = Local(task_backends.thread_critical)  # type: ignore[attr-defined]  # stubs lack it


def wait_until_gate(actor: StaffActor, params: dict[str, Any], progress: Progress) -> JobFile:
    """A job that works until the file `params["gate"]` exists: a worker can be killed mid-job."""
    gate = Path(params["gate"])
    deadline = time.monotonic() + 120
    progress(1, 2)
    while not gate.exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the gate never opened")
        time.sleep(0.05)
    return JobFile(content=f"made by {os.getpid()}".encode(), name="wait.txt", content_type="text/plain")


def register_wait_kind() -> None:
    kinds.register(
        JobKind(
            WAIT_KIND, order=999, label="wait", allowed=lambda actor, params: True, produce=wait_until_gate
        )
    )


def worker_env(**extra: str) -> dict[str, str]:
    """The environment of a worker process: this test's database, keys and folders, the database queue."""
    return process_env(
        ONDERSTROOM_JOBS_DIR=str(settings.JOBS_DIR), ONDERSTROOM_TASKS_BACKEND=DATABASE, **extra
    )


def start_worker(log: Path, *, with_wait_kind: bool = False, **env: str) -> subprocess.Popen[bytes]:
    """A real worker process: `manage.py run_worker` (through a small launcher that also registers the
    waiting kind, when asked)."""
    args = ["--no-startup-delay", "--interval", "0.2", "--reap-every", "1", "-v", "2"]
    if with_wait_kind:
        command = [sys.executable, "-m", "onderstroom.testing.run_worker", *args]
    else:
        command = [sys.executable, str(ROOT / "manage.py"), "run_worker", *args]
    handle = log.open("ab")
    return subprocess.Popen(command, cwd=ROOT, env=worker_env(**env), stdout=handle, stderr=subprocess.STDOUT)
