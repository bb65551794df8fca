"""`manage.py run_worker`: django-tasks-db's worker (`db_worker`), plus the jobs' reaper.

Run one or more on any machine that reaches the database. Next to running tasks, every worker
checks every `--reap-every` seconds (and once at start) for jobs whose worker died (their lease
ran out) and queues them again, and deletes files past their day. Options are db_worker's
(`--queue-name`, `--interval`, `--batch`, `--max-tasks`, `--worker-id`...); `--reload` is off
by default.
"""

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.db import connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from onderstroom.jobs import services
from onderstroom.tenancy import all_schools

logger = logging.getLogger("onderstroom.jobs")


def reap_once() -> None:
    with all_schools():
        recovered = services.recover_stale()
        deleted = services.delete_expired()
    if recovered or deleted:
        logger.warning("reaper: %d job(s) queued again, %d expired job(s) deleted", recovered, deleted)


class Reaper(threading.Thread):
    def __init__(self, every: float) -> None:
        super().__init__(name="jobs-reaper", daemon=True)
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                reap_once()
            except Exception:  # the database may be away for a moment; try again next round
                logger.exception("reaper failed")
            finally:
                connections.close_all()


class Command(DbWorkerCommand):
    help = "Run a background worker: tasks from the database queue, and recovery of abandoned jobs"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)
        parser.add_argument("--reap-every", type=float, default=10.0, help="seconds between reaper rounds")

    def handle(self, *args: Any, **options: Any) -> None:
        reap_once()
        connections.close_all()
        reaper = Reaper(options.pop("reap_every"))
        reaper.start()
        try:
            super().handle(*args, **options)
        finally:
            reaper.stopped.set()
