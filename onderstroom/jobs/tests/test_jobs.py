"""Jobs on the immediate backend: request, run, download, who may see them, recovery and expiry."""

import io
import stat
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from onderstroom.audit.models import AuditEvent
from onderstroom.jobs import services
from onderstroom.jobs.models import Job
from onderstroom.schools.models import Membership, Role
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

SCHOOL_PDF = reverse("questionnaires:school_pdf")


def request_school_pdf(world: World) -> Job:
    response = world.client_for(Persona.ADMIN).post(SCHOOL_PDF)
    job = Job.objects.get(owner=world.admin)
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job", kwargs={"uuid": job.uuid})
    return job


def test_the_school_pdf_is_made_and_downloaded_by_its_requester_only(world: World) -> None:
    job = request_school_pdf(world)
    assert (job.status, job.attempts, job.progress) == (Job.Status.DONE, 1, 100)
    path = services.file_path(job)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700

    client = world.client_for(Persona.ADMIN)
    page = client.get(reverse("jobs:job", kwargs={"uuid": job.uuid}))
    assert reverse("jobs:download", kwargs={"uuid": job.uuid}) in page.content.decode()
    response = client.get(reverse("jobs:download", kwargs={"uuid": job.uuid}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    actions = list(AuditEvent.objects.filter(actor_user=world.admin).values_list("action", flat=True))
    assert {"jobs.job.request", "questionnaires.school_overview.pdf", "jobs.file.download"} <= set(actions)

    for persona in (Persona.TEACHER, Persona.CARE, Persona.OUTSIDER, Persona.BOARD):
        other = world.client_for(persona)
        assert other.get(reverse("jobs:job", kwargs={"uuid": job.uuid})).status_code == 404
        assert other.get(reverse("jobs:download", kwargs={"uuid": job.uuid})).status_code == 404


def test_only_a_school_admin_may_ask_for_the_school_pdf(world: World) -> None:
    for persona in (Persona.TEACHER, Persona.CARE, Persona.BOARD):
        assert world.client_for(persona).post(SCHOOL_PDF).status_code == 404
    assert world.client_for(Persona.ADMIN).get(SCHOOL_PDF).status_code == 405
    assert not Job.objects.exists()


def test_access_is_checked_again_on_download(world: World) -> None:
    job = request_school_pdf(world)
    Membership.objects.filter(user=world.admin, role=Role.SCHOOL_ADMIN).delete()
    client = world.client_for(Persona.ADMIN)
    assert client.get(reverse("jobs:download", kwargs={"uuid": job.uuid})).status_code == 404
    assert not AuditEvent.objects.filter(action="jobs.file.download").exists()


def test_access_is_checked_again_when_the_job_runs(world: World) -> None:
    job = Job.objects.create(
        kind="questionnaires.school_pdf",
        owner=world.admin,
        school=world.school,
        language="nl",
        expires_at=timezone.now() + services.KEEP,
    )
    Membership.objects.filter(user=world.admin, role=Role.SCHOOL_ADMIN).delete()
    assert services.run(job.pk, worker="w1") == Job.Status.FAILED
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, services.NOT_ALLOWED)
    assert not services.file_path(job).exists()
    assert not AuditEvent.objects.filter(action="questionnaires.school_overview.pdf").exists()


def test_the_status_partial_polls_in_the_background_until_finished(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    job = Job.objects.create(
        kind="questionnaires.school_pdf",
        owner=world.admin,
        school=world.school,
        language="nl",
        expires_at=timezone.now() + services.KEEP,
    )
    url = reverse("jobs:job", kwargs={"uuid": job.uuid})
    poll = client.get(url, headers={"HX-Request": "true", "X-Onderstroom-Background": "1"})
    html = poll.content.decode()
    assert html.lstrip().startswith('<div class="job-status"')
    assert 'hx-trigger="every 1s"' in html
    assert "X-Onderstroom-Background" in html
    assert "<progress" in html
    services.run(job.pk, worker="w1")
    done = client.get(url, headers={"HX-Request": "true", "X-Onderstroom-Background": "1"}).content.decode()
    assert "hx-trigger" not in done
    assert reverse("jobs:download", kwargs={"uuid": job.uuid}) in done


def test_a_job_whose_worker_died_is_queued_again_then_given_up(world: World) -> None:
    job = Job.objects.create(
        kind="questionnaires.school_pdf",
        owner=world.admin,
        school=world.school,
        language="nl",
        expires_at=timezone.now() + services.KEEP,
    )
    assert services.claim(job.pk, "dead-worker") is not None
    assert services.claim(job.pk, "second-worker") is None  # claimed once
    now = timezone.now()
    assert services.recover_stale(now) == 0  # the lease still runs
    # The worker is killed: nothing renews the lease. Recovery queues it again; the immediate backend runs it.
    assert services.recover_stale(now + services.lease() + timedelta(seconds=1)) == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert job.worker != "dead-worker"

    # A job that loses its worker every time is given up after MAX_ATTEMPTS.
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=services.MAX_ATTEMPTS, lease_until=now, worker="x"
    )
    assert services.recover_stale(now + timedelta(seconds=1)) == 0
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, services.GAVE_UP)


def test_a_late_worker_does_not_overwrite_the_worker_that_took_over(world: World) -> None:
    job = Job.objects.create(
        kind="questionnaires.school_pdf",
        owner=world.admin,
        school=world.school,
        language="nl",
        expires_at=timezone.now() + services.KEEP,
    )
    claimed = services.claim(job.pk, "slow")
    assert claimed is not None
    Job.objects.filter(pk=job.pk).update(worker="newer")
    from onderstroom.jobs.registry import JobFile

    assert services.store(claimed, "slow", JobFile(b"old", "x.pdf", "application/pdf")) == "superseded"
    assert not services.file_path(job).exists()


def test_files_are_deleted_after_a_day(world: World) -> None:
    job = request_school_pdf(world)
    path = services.file_path(job)
    assert path.exists()
    assert services.delete_expired(timezone.now() + timedelta(hours=23)) == 0
    assert services.delete_expired(timezone.now() + services.KEEP + timedelta(minutes=1)) == 1
    assert not path.exists()
    assert not Job.objects.filter(pk=job.pk).exists()
    response = world.client_for(Persona.ADMIN).get(reverse("jobs:download", kwargs={"uuid": job.uuid}))
    assert response.status_code == 404


def test_an_expired_file_is_not_served_before_the_reaper_deletes_it(world: World) -> None:
    job = request_school_pdf(world)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = world.client_for(Persona.ADMIN).get(reverse("jobs:download", kwargs={"uuid": job.uuid}))
    assert response.status_code == 404


def test_the_board_pdf_holds_the_boards_schools_only(world: World) -> None:
    client = world.client_for(Persona.BOARD)
    response = client.post(reverse("schools:board_pdf"))
    job = Job.objects.get(owner=world.board_admin)
    assert response["Location"] == reverse("jobs:job", kwargs={"uuid": job.uuid})
    assert job.status == Job.Status.DONE
    download = client.get(reverse("jobs:download", kwargs={"uuid": job.uuid}))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(download.content)).pages)
    assert world.school.name in text
    assert "Het Kompas" in text  # the board's other school
    assert world.other_school.name not in text  # a school of another board
    for persona in (Persona.ADMIN, Persona.TEACHER, Persona.OUTSIDER):
        assert world.client_for(persona).post(reverse("schools:board_pdf")).status_code == 404
