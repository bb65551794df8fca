"""In a real browser, in Dutch and English: the director records consent, the care coordinator downloads
the research export and sees one export per form."""

import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from onderstroom.questionnaires.builders import fill_moment, make_moment
from onderstroom.questionnaires.models import ResearchConsent
from onderstroom.testing.browser import assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[3] / "var" / "screens"


@pytest.mark.parametrize(
    ("locale", "record", "download", "forms"),
    [
        (
            "nl-NL",
            "Toestemming vastleggen",
            "Onderzoeksexport downloaden (ZIP)",
            "Exporteren, één tabel per vragenlijst",
        ),
        ("en-GB", "Record consent", "Download the research export (ZIP)", "Export, one table per form"),
    ],
)
def test_consent_then_the_research_export(  # type: ignore[no-untyped-def]
    open_page, world: World, warm_server, tmp_path: Path, locale: str, record: str, download: str, forms: str
) -> None:
    fill_moment(make_moment(world.group), seed=2)
    SCREENS.mkdir(parents=True, exist_ok=True)
    language = locale[:2]

    care = open_page(locale=locale)
    sign_in(care, world.care)
    care.goto("/research/")
    expect(care.get_by_role("link", name=download)).to_have_count(0)  # no consent yet
    assert_accessible(care)

    director = open_page(locale=locale)
    sign_in(director, world.admin)
    director.goto("/school/relations/")
    director.locator("a[href='/research/']").click()
    director.locator("input[name=consented_on]").fill("2026-09-01")
    director.locator("input[name=confirm]").check()
    director.get_by_role("button", name=record).click()
    expect(director.get_by_role("link", name=download)).to_be_visible()
    assert_accessible(director)
    director.screenshot(path=str(SCREENS / f"research-director-{language}.png"), full_page=True)
    assert ResearchConsent.objects.count() == 1

    care.goto(f"/groups/{world.group.uuid}/relations/")
    expect(care.get_by_text(forms)).to_be_visible()
    care.screenshot(path=str(SCREENS / f"overview-exports-{language}.png"), full_page=True)
    care.goto("/research/")
    assert_accessible(care)
    care.screenshot(path=str(SCREENS / f"research-care-{language}.png"), full_page=True)
    with care.expect_download() as info:
        care.get_by_role("link", name=download).click()
    path = tmp_path / "export.zip"
    info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        assert {"answers.csv", "answers.sav", "codebook_items.csv"} <= set(archive.namelist())
