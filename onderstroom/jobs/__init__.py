"""Background jobs that make a file: a whole-school PDF, a board's report, a large export.

A feature registers a `JobKind` (registry.py) and asks `services.request_job` for one; the job
runs as a `django.tasks` task on a worker (`manage.py run_worker`), which rebuilds the requester's
actor and checks access again. The requester follows its progress on the job's page and downloads
the file there, only they, within a day. A worker that dies mid-job loses nothing: its lease runs
out and another worker runs the job again (`services.recover_stale`).
"""
