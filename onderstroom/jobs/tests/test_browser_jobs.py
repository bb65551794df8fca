"""A school PDF asked for in the browser is made by a real worker process and downloaded there.

Runs with the browser tests on their SQLite file (`make test-browser`); the worker is
`manage.py run_worker` in its own process, on the same database file."""

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, expect
from pypdf import PdfReader
from pytest_django.fixtures import Settings

from onderstroom.jobs.models import Job
from onderstroom.testing.browser import assert_accessible, sign_in
from onderstroom.testing.jobs import DATABASE, start_worker
from onderstroom.testing.processes import shares_database
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def database_queue(settings: Settings) -> None:
    if not shares_database():
        pytest.skip("a worker process cannot open an in-memory database (set ONDERSTROOM_SQLITE_TEST_PATH)")
    settings.TASKS = {"default": {"BACKEND": DATABASE}}


@pytest.fixture
def worker_log(tmp_path: Path) -> Path:
    return tmp_path / "worker.log"


@pytest.fixture
def worker(worker_log: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        process.terminate()
        process.wait(timeout=15)


def test_the_school_pdf_is_made_by_a_worker_and_downloaded(  # type: ignore[no-untyped-def]
    open_page, world: World, database_queue: None, worker: list, worker_log: Path, tmp_path: Path
) -> None:
    page: Page = open_page()
    polls: list[Request] = []
    page.on("request", lambda r: polls.append(r) if r.headers.get("hx-request") == "true" else None)
    sign_in(page, world.admin)
    page.goto("/school/relations/")
    page.get_by_role("button", name="Afdrukken als pdf").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Relaties in de school (pdf)")
    expect(page.get_by_text("Je bestand wacht op zijn beurt.")).to_be_visible()
    assert_accessible(page)
    job = Job.objects.get(owner=world.admin)
    assert job.status == Job.Status.QUEUED  # nothing makes it until a worker runs

    worker.append(start_worker(worker_log))
    link = page.get_by_role("link", name="downloaden")
    try:
        expect(link).to_be_visible(timeout=90_000)
    except AssertionError:
        raise AssertionError(worker_log.read_text(errors="replace")[-4000:]) from None
    expect(page.get_by_text("Je bestand is klaar.")).to_be_visible()
    page.screenshot(path=str(tmp_path / "job-ready.png"))
    assert_accessible(page)
    assert polls, "the page polled the job's status"
    assert all(r.headers.get("x-onderstroom-background") == "1" for r in polls)

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    content = Path(download.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Relaties in de school" in text
    assert world.school.name in text
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 1)
    assert str(worker[0].pid) in job.worker  # made by the worker process, not the web server
