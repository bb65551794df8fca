"""The import in a real browser on a tablet: upload, preview, change a column, confirm."""

from pathlib import Path

import pytest
from django.urls import get_resolver
from playwright.sync_api import Page, expect

from onderstroom.imports.tests.conftest import HEADER, csv_bytes, pupil
from onderstroom.schools.models import Child, Enrollment
from onderstroom.testing.browser import TABLET, assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _urls_loaded() -> None:
    """Import every app's views before the browser starts: on a busy machine the first request would
    otherwise spend the page's 10-second budget importing modules (PDF and chart libraries)."""
    get_resolver().url_patterns  # noqa: B018


def upload(page: Page, path: Path) -> None:
    page.goto("/school/import/")
    page.get_by_label("Bestand").set_input_files(str(path))
    page.get_by_role("button", name="Uploaden en bekijken").click()


def test_upload_preview_and_confirm_on_a_tablet(open_page, world: World, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "leerlingen.csv"
    rows = [HEADER, pupil(1, Roepnaam="Zoë"), pupil(2, "Groep 4/5/6", grade="4"), pupil(3, "Groep 6")]
    path.write_bytes(csv_bytes(rows, encoding="cp1252"))
    page = open_page(**TABLET)
    sign_in(page, world.admin)
    page.goto("/school/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leerlingen en groepen importeren")
    assert_accessible(page)
    page.screenshot(path="/tmp/h2-imports-start.png", full_page=True)

    upload(page, path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer de import")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Zoë Berg1")
    expect(table).to_contain_text("Kind3 van der Berg3")
    expect(page.get_by_label("Voornaam")).to_have_value("1")
    assert_accessible(page)
    page.screenshot(path="/tmp/h2-imports-preview.png", full_page=True)

    page.get_by_role("button", name="Import bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import klaar")
    expect(page.get_by_role("status")).to_contain_text("De import is klaar.")
    assert_accessible(page)
    page.screenshot(path="/tmp/h2-imports-result.png", full_page=True)
    zoe = Child.objects.get(school=world.school, external_id="1001")
    assert zoe.first_name == "Zoë"
    assert Enrollment.objects.get(child__external_id="1002", school=world.school).group == world.group


def test_choosing_columns_and_reading_line_errors(open_page, world: World, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "export.csv"
    rows = [
        ["Nr", "Naam", "Familie", "Klas", "Jaar", "Geboren"],
        ["7", "Sanne", "Jansen", "Groep 5", "5", "1-2-2017"],
        ["8", "Daan", "Bakker", "Groep 5", "5", "31-02-2016"],
    ]
    path.write_bytes(csv_bytes(rows))
    page = open_page(**TABLET)
    sign_in(page, world.admin)
    upload(page, path)
    alert = page.locator("#import-preview [role=alert]")
    expect(alert).to_contain_text("Er is geen kolom gevonden voor de voornaam")
    expect(page.get_by_role("button", name="Import bevestigen")).to_have_count(0)
    assert_accessible(page)

    # Each choice re-reads the file at once (htmx); the button does the same without JavaScript.
    page.get_by_label("Voornaam").select_option(label="B: Naam")
    expect(alert).not_to_contain_text("de voornaam")
    page.get_by_label("Achternaam").select_option(label="C: Familie")
    page.get_by_label("Leerlingnummer").select_option(label="A: Nr")
    page.get_by_label("Geboortedatum").select_option(label="F: Geboren")
    expect(alert).to_contain_text("Regel 3: de geboortedatum \u201831-02-2016\u2019 bestaat niet.")
    assert_accessible(page)
    page.screenshot(path="/tmp/h2-imports-errors.png", full_page=True)

    page.get_by_role("button", name="Annuleren en het bestand verwijderen").click()
    expect(page.get_by_role("status")).to_contain_text("De import is geannuleerd")
    assert not Child.objects.filter(school=world.school, first_name__in=["Sanne", "Daan"]).exists()


def test_a_oneroster_set_of_another_school_is_refused_accessibly(
    open_page, world: World, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The refusal is drawn by the shared field template: an error list axe finds nothing wrong with."""
    from onderstroom.imports.tests.conftest import zip_bytes
    from onderstroom.imports.tests.test_oneroster import oneroster_set

    files = oneroster_set(world)
    files["orgs.csv"] = files["orgs.csv"].replace(f"{world.school.brin}00", "11XX")
    path = tmp_path / "oneroster.zip"
    path.write_bytes(zip_bytes(files))
    page = open_page(**TABLET)
    sign_in(page, world.admin)
    upload(page, path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Leerlingen en groepen importeren")
    expect(page.locator(".errorlist")).to_contain_text(world.school.brin)
    expect(page.get_by_label("Bestand")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.screenshot(path="/tmp/house-import-other-school.png", full_page=True)
