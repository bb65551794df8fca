"""`python -m onderstroom.testing.run_worker ARGS`: `manage.py run_worker ARGS` that also knows the
test kind `testing.wait` (onderstroom/testing/jobs.py), for the tests that kill a worker mid-job."""

import os
import sys

import django
from django.core.management import call_command

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onderstroom.settings")
    django.setup()
    from onderstroom.testing.jobs import register_wait_kind

    register_wait_kind()
    call_command("run_worker", *sys.argv[1:])
