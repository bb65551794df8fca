"""The shell in a real browser: language switch, accessibility, no third-party requests."""

import pytest
from playwright.sync_api import expect

from onderstroom.questionnaires.builders import make_moment
from onderstroom.testing.browser import assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_language_switch_turns_the_page_english_and_back(open_page, world: World) -> None:
    """Dutch by default; the footer switch turns every label English, and back."""
    make_moment(world.group, name="Oktober")  # something waits: the class is not rated yet
    page = open_page()
    sign_in(page, world.teacher)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goed je te zien")
    expect(page.get_by_role("link", name="Beoordeel de klas")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wijzigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Good to see you")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("My groups")
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Language").select_option("nl")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goed je te zien")
