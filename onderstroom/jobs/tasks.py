"""The one task behind every job: `run_job` on the default queue (see services.run)."""

import os
import socket

from django.tasks import TaskContext, task

from onderstroom.jobs import services


@task(takes_context=True)
def run_job(context: TaskContext, job_id: int) -> str:
    result = context.task_result
    worker = result.worker_ids[-1] if result.worker_ids else ""
    # Readable in the job row: which machine and process, and the worker's own id.
    label = f"{socket.gethostname()}:{os.getpid()}:{worker}"[:100]
    return services.run(job_id, worker=label, task_id=str(result.id))
