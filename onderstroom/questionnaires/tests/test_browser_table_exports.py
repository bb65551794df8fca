"""In a real browser: the care coordinator sees the class overview's table download next to the PDF,
downloads it as Excel (one sheet, one header, a row per child shown), and the page stays accessible."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from onderstroom.questionnaires.builders import fill_moment, make_moment
from onderstroom.testing.browser import assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[3] / "var" / "screens"


def test_the_class_overview_table_downloads_as_excel(open_page, world: World, warm_server) -> None:  # type: ignore[no-untyped-def]
    fill_moment(make_moment(world.group), seed=2)
    SCREENS.mkdir(parents=True, exist_ok=True)
    care = open_page(locale="nl-NL")
    sign_in(care, world.care)
    care.goto(f"/groups/{world.group.uuid}/relations/")
    link = care.get_by_role("link", name="Tabel (Excel)")
    expect(link).to_be_visible()
    expect(care.get_by_role("link", name="Tabel (CSV)")).to_be_visible()
    assert_accessible(care)
    care.screenshot(path=str(SCREENS / "overview-table-download-nl.png"), full_page=False)
    with care.expect_download() as info:
        link.click()
    content = Path(info.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Voornaam", "Achternaam")
    assert len(rows) == 1 + world.group.enrollments.count()
