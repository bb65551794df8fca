"""The handover and the new school year in a real browser, in Dutch, checked with axe-core on every screen."""

import pytest
from playwright.sync_api import expect

from onderstroom.handover.models import HandoverNote
from onderstroom.schools.models import GroupAssignment, SchoolYear
from onderstroom.testing.browser import assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_teacher_writes_a_handover_note_and_finds_it_on_the_child_page(open_page, world: World) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    sign_in(page, world.teacher)
    page.goto(f"/groups/{world.group.uuid}/")
    assert_accessible(page)  # the group page, with the handover panel
    page.get_by_role("link", name="Overdrachtsnotities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Overdracht van {world.group.name}")
    assert_accessible(page)
    page.get_by_role("link", name=f"Notitie schrijven ({world.child.full_name})").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.child.full_name)
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()  # empty: refused with a message
    expect(page.get_by_role("alert")).to_contain_text("Schrijf minstens één ding op dat hielp.")
    assert_accessible(page)
    page.get_by_label("Een aanpak die hielp").fill("Eerst even begroeten bij de deur.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De overdrachtsnotitie is opgeslagen.")
    assert HandoverNote.objects.filter(
        child=world.child, approach="Eerst even begroeten bij de deur."
    ).exists()

    page.goto(f"/children/{world.child.uuid}/")
    panel = page.locator("section", has=page.get_by_role("heading", name="Overdracht: wat hielp"))
    expect(panel).to_contain_text("Eerst even begroeten bij de deur.")
    assert_accessible(page)


def test_the_admin_previews_and_starts_the_new_school_year(open_page, world: World) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    sign_in(page, world.admin)
    page.goto("/school/groups/")
    page.get_by_role("link", name="Het nieuwe schooljaar beginnen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Van ")
    expect(page.get_by_role("table")).to_contain_text("Groep 8")
    expect(page.get_by_label("Leerkracht van Groep 8", exact=True)).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/champions-rollover.png", full_page=True)
    page.get_by_label("Leerkracht van Groep 8", exact=True).select_option(label=world.other_teacher.full_name)
    page.get_by_role("button", name="Schooljaar").click()
    expect(page.get_by_role("status")).to_contain_text("is begonnen")
    assert_accessible(page)
    assert SchoolYear.objects.filter(school=world.school).count() == 2
    assert (
        GroupAssignment.objects.filter(group__name="Groep 8", user=world.other_teacher, kind="teacher")
        .exclude(group__school_year=world.group.school_year)
        .exists()
    )


def test_last_years_teacher_writes_in_september_and_the_new_teacher_sees_note_and_champion(
    open_page, world: World, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from onderstroom.handover.tests.test_grace import last_year, on_day
    from onderstroom.mapping.tests.helpers import world_champion

    last_year(world)
    champion = world_champion(world)
    on_day(monkeypatch, world.group.school_year.starts_on + timedelta(days=10))
    page = open_page()
    sign_in(page, world.extra["ans"])  # type: ignore[arg-type]
    page.get_by_role("link", name="Overdrachtsnotities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overdracht van Groep 3")
    expect(page.locator(".notice")).to_contain_text("Je gaf deze groep les in")
    assert_accessible(page)
    page.screenshot(path="/tmp/champions-grace-group.png", full_page=True)
    page.get_by_role("link", name=f"Notitie schrijven ({world.child.full_name})").click()
    page.get_by_label("Een aanpak die hielp").fill("Eerst even begroeten bij de deur.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De overdrachtsnotitie is opgeslagen.")

    new = open_page()
    sign_in(new, world.teacher)
    new.goto(f"/children/{world.child.uuid}/")
    panel = new.locator("section", has=new.get_by_role("heading", name="Overdracht: wat hielp"))
    expect(panel).to_contain_text("Eerst even begroeten bij de deur.")
    expect(panel).to_contain_text(f"Maatje: {champion.champion.full_name}")
    assert_accessible(new)
    panel.screenshot(path="/tmp/champions-handover-panel.png")
