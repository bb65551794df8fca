"""In Chromium: a low class lever's proposal opens the action form with the action and the climate
scale chosen; the teacher plans the action, and its review judges the change between two class
moments (Welch's t-test). axe on every screen, photographed."""

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from onderstroom.climate.tests.test_change_judgment import SCALE, answers, moments
from onderstroom.schools.access import today
from onderstroom.testing.browser import TABLET, assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/climate-shots")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_low_lever_leads_to_a_class_action_and_its_judged_review(open_page, world: World) -> None:  # type: ignore[no-untyped-def]
    before, after = moments(world.group)
    answers(before, [1.0, 2.0, 1.0, 2.0, 1.0, 1.0, 2.0])  # low: "samen leren" below 55
    answers(after, [3.0, 4.0, 3.0, 3.0, 4.0, 4.0, 3.0])
    assert SCALE == "cooperation"
    page = open_page(**TABLET)
    page.goto("/healthz", timeout=60_000)
    sign_in(page, world.teacher)
    page.goto(f"/climate/moments/{before.uuid}/")
    page.get_by_role("link", name="Samen leren scoort laag").click()

    expect(page.get_by_label("Een coöperatieve werkvorm", exact=False)).to_be_checked()
    measure = page.get_by_label("De maatstaf die moet veranderen")
    expect(measure).to_have_value("climate.class:cooperation")
    assert_accessible(page)
    shot(page, "action-1-preselected")

    page.get_by_role("textbox", name="Doel").fill("Iedereen doet mee bij het samenwerken.")
    page.get_by_label("Start", exact=True).fill((today() - timedelta(days=20)).isoformat())
    page.get_by_label("Evaluatie", exact=True).fill((today() + timedelta(days=1)).isoformat())
    page.get_by_label("Plan de vervolgmeting nu").uncheck()
    page.get_by_role("button", name="Zet in het plan").click()
    expect(page.get_by_text("De actie staat in het plan.")).to_be_visible()

    page.get_by_role("link", name="Evaluatie").click()
    judgment = page.locator(".ap-judgment")
    expect(judgment).to_contain_text("Het veranderde zoals de actie beoogde.")
    expect(judgment).to_contain_text("7 antwoorden ervoor en 7 erna")
    expect(judgment).to_contain_text("Twee groepen antwoorden ervoor en erna")
    expect(judgment).not_to_contain_text("één relatie")
    assert_accessible(page)
    shot(page, "action-2-review-judged")
