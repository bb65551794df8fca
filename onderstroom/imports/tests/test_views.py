"""The import screens as the school administrator uses them, and as nobody else can."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onderstroom.imports.columns import Field
from onderstroom.imports.models import ImportJob
from onderstroom.imports.tests.conftest import HEADER, YEAR, csv_bytes, pupil, school_state
from onderstroom.schools.models import Child
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db
START = reverse("imports:start")


@pytest.fixture
def client(world: World) -> Client:
    return world.client_for(Persona.ADMIN)


def upload(client: Client, content: bytes, filename: str = "leerlingen.csv") -> ImportJob:
    response = client.post(START, {"file": SimpleUploadedFile(filename, content), "year": YEAR})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(uuid=response["Location"].rstrip("/").split("/")[-1])


def test_the_start_page_offers_the_upload_and_the_current_year(client: Client) -> None:
    response = client.get(START)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Leerlingen en groepen importeren" in html
    assert f'<option value="{YEAR}" selected>' in html
    assert "Nog geen imports." in html


def test_upload_preview_confirm_result(client: Client, world: World) -> None:
    job = upload(client, csv_bytes([HEADER, pupil(1), pupil(2, "Groep 6"), pupil(3, "Groep 7")]))
    preview = client.get(reverse("imports:preview", args=[job.uuid]))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert preview.context["counts"]["new"] == 3
    assert preview.context["counts"]["groups_new"] == 2
    assert "Kind1 Berg1" in html
    assert "Kind3 van der Berg3" in html
    assert "Import bevestigen" in html
    done = client.post(reverse("imports:confirm", args=[job.uuid]), follow=True)
    assert done.redirect_chain[-1][0] == reverse("imports:result", args=[job.uuid])
    assert "De import is klaar." in done.content.decode()
    assert done.context["counts"]["new"] == 3
    assert Child.objects.filter(school=world.school, external_id__in=["1001", "1002", "1003"]).count() == 3
    history = client.get(START).content.decode()
    assert "leerlingen.csv" in history
    assert "3 leerlingen" in history


def test_the_history_writes_its_dates_the_dutch_way(client: Client) -> None:
    job = upload(client, csv_bytes([HEADER, pupil(1)]))
    when = timezone.localtime(job.created_at)
    month = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"][
        when.month - 1
    ]
    assert f"{when.day} {month} {when.year} {when:%H:%M}" in client.get(START).content.decode()


def test_the_preview_shows_the_first_fifty_pupils_and_the_totals(client: Client) -> None:
    job = upload(client, csv_bytes([HEADER, *(pupil(n) for n in range(1, 61))]))
    preview = client.get(reverse("imports:preview", args=[job.uuid]))
    assert len(preview.context["rows"]) == 50
    assert "De eerste 50 van 60 leerlingen." in preview.content.decode()


def test_changing_the_mapping_rereads_the_file(client: Client) -> None:
    rows = [
        ["Nummer", "Naam", "Familie", "Klas", "Jaar", "Geboren"],
        ["7", "Sanne", "Jansen", "Groep 5", "5", "1-2-2017"],
    ]
    job = upload(client, csv_bytes(rows))
    url = reverse("imports:preview", args=[job.uuid])
    first = client.get(url)
    assert first.context["plan"].problems  # no first name, surname, ... recognised
    assert "Er is geen kolom gevonden voor de voornaam" in first.content.decode()
    mapping = {
        "external_id": "0",
        "first_name": "1",
        "surname": "2",
        "group": "3",
        "grade": "4",
        "birth_date": "5",
    }
    response = client.post(url, mapping, headers={"HX-Request": "true"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.mapping[Field.SURNAME] == 2
    second = client.get(url)
    assert second.context["plan"].ok
    assert second.context["counts"]["new"] == 1
    assert 'value="2" selected' in second.content.decode()


def test_a_mapping_with_a_column_that_is_not_in_the_file_is_refused(client: Client) -> None:
    job = upload(client, csv_bytes([HEADER, pupil(1)]))
    response = client.post(reverse("imports:preview", args=[job.uuid]), {"surname": "99"})
    assert response.status_code == 400
    job.refresh_from_db()
    assert job.mapping["surname"] == 3


def test_cancelling_deletes_the_file_and_changes_nothing(client: Client, world: World) -> None:
    before = school_state(world)
    job = upload(client, csv_bytes([HEADER, pupil(1)]))
    response = client.post(reverse("imports:cancel", args=[job.uuid]), follow=True)
    assert "De import is geannuleerd" in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.content) == (ImportJob.Status.ABANDONED, None)
    assert school_state(world) == before
    assert client.get(reverse("imports:preview", args=[job.uuid]))["Location"] == reverse(
        "imports:result", args=[job.uuid]
    )
    assert "Import geannuleerd" in client.get(reverse("imports:result", args=[job.uuid])).content.decode()


def test_a_rejected_confirm_says_why_and_keeps_the_preview(client: Client, world: World) -> None:
    job = upload(client, csv_bytes([HEADER, pupil(1, Geboortedatum="30-02-2016")]))
    response = client.post(reverse("imports:confirm", args=[job.uuid]), follow=True)
    html = response.content.decode()
    assert "Er is niets geïmporteerd: Regel 2: de geboortedatum" in html
    assert "Dit bestand kan nog niet worden geïmporteerd" in html
    assert "Import bevestigen" not in html


def test_a_pending_result_goes_to_the_preview_and_an_applied_preview_to_the_result(client: Client) -> None:
    job = upload(client, csv_bytes([HEADER, pupil(1)]))
    assert client.get(reverse("imports:result", args=[job.uuid]))["Location"] == reverse(
        "imports:preview", args=[job.uuid]
    )
    client.post(reverse("imports:confirm", args=[job.uuid]))
    again = client.post(reverse("imports:confirm", args=[job.uuid]))
    assert again["Location"] == reverse("imports:result", args=[job.uuid])


def test_messages_follow_the_language_of_the_user(client: Client) -> None:
    client.cookies["onderstroom_language"] = "en"
    response = client.post(START, {"file": SimpleUploadedFile("x.csv", csv_bytes([HEADER])), "year": YEAR})
    assert response.status_code == 400
    assert "The file holds a header but no pupils." in response.content.decode()


def test_confirm_and_cancel_only_take_post(client: Client) -> None:
    job = upload(client, csv_bytes([HEADER, pupil(1)]))
    assert client.get(reverse("imports:confirm", args=[job.uuid])).status_code == 405
    assert client.get(reverse("imports:cancel", args=[job.uuid])).status_code == 405
    job.refresh_from_db()
    assert job.is_pending


@pytest.mark.parametrize("persona", [Persona.TEACHER, Persona.CARE, Persona.BOARD, Persona.OUTSIDER])
def test_nobody_else_can_open_or_apply_this_schools_import(
    persona: Persona, client: Client, world: World
) -> None:
    job = upload(client, csv_bytes([HEADER, pupil(1)]))
    other = world.client_for(persona)
    for name in ("imports:preview", "imports:result"):
        assert other.get(reverse(name, args=[job.uuid])).status_code == 404
    for name in ("imports:confirm", "imports:cancel"):
        assert other.post(reverse(name, args=[job.uuid])).status_code == 404
    job.refresh_from_db()
    assert job.is_pending


def test_a_preview_left_for_an_hour_is_cancelled_and_its_file_deleted(client: Client, world: World) -> None:
    def job(minutes: int) -> ImportJob:
        made = ImportJob.objects.create(
            school=world.school,
            kind="table",
            filename="a.csv",
            year_name=YEAR,
            content=b"x",
            created_by=world.admin,
        )
        ImportJob.objects.filter(pk=made.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
        return made

    old, fresh = job(61), job(30)
    client.get(START)
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, old.content) == (ImportJob.Status.ABANDONED, None)
    assert fresh.is_pending  # the administrator may still come back to it through the history
