"""The school's management screens in a real browser, in Dutch, checked with axe-core on every page."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from onderstroom.schools.models import Child, GroupAssignment
from onderstroom.testing.browser import TABLET, assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name, exact=True).click()


def test_the_admin_adds_a_teacher_assigns_them_and_finds_it_in_the_log(open_page, world: World) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    sign_in(page, world.admin)

    menu(page, "Medewerkers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Medewerkers")
    assert_accessible(page)
    page.get_by_label("Naam", exact=True).fill("Juf Sanne")
    page.get_by_label("E-mailadres").fill("sanne@example.org")
    page.get_by_label("Leerkracht", exact=True).check()
    page.get_by_role("button", name="Toevoegen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Juf Sanne is toegevoegd")
    expect(page.locator(".temporary-password code")).to_have_text(
        re.compile(r"^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$")
    )
    assert_accessible(page)

    page.get_by_role("link", name="Aan een groep koppelen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Groepen")
    assert_accessible(page)
    page.get_by_role("link", name="Groep 7", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Groep 7")
    assert_accessible(page)
    teachers = page.locator("section", has=page.get_by_role("heading", name="Leerkrachten"))
    teachers.get_by_label("Leerkracht koppelen").select_option(label="Juf Sanne")
    teachers.get_by_role("button", name="Koppelen", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Juf Sanne werkt nu met Groep 7 als leerkracht.")
    expect(teachers.get_by_role("listitem")).to_contain_text(["Juf Carla", "Juf Sanne"])
    assert_accessible(page)
    assert GroupAssignment.objects.filter(group=world.other_group, user__email="sanne@example.org").exists()

    menu(page, "Logboek")
    expect(page.get_by_role("status").first).to_contain_text("Keten intact")
    log_table = page.get_by_role("table")
    expect(log_table).to_contain_text("Voegde een medewerker toe")
    expect(log_table).to_contain_text("Koppelde een medewerker aan een groep")
    assert_accessible(page)
    page.get_by_label("Wat").select_option(label="Voegde een medewerker toe")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_role("table")).to_contain_text("Directeur Eva")
    assert_accessible(page)


def jpeg(path: Path) -> Path:
    output = io.BytesIO()
    Image.new("RGB", (900, 700), "orange").save(output, "JPEG")
    path.write_bytes(output.getvalue())
    return path


def test_a_teacher_adds_a_photo_and_the_board_sees_only_numbers(
    open_page, world: World, media: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    teacher = open_page(**TABLET)
    sign_in(teacher, world.teacher)
    teacher.goto(f"/children/{world.child.uuid}/")
    assert_accessible(teacher)
    teacher.get_by_label("Foto toevoegen").set_input_files(jpeg(tmp_path / "IMG_0001.jpg"))
    teacher.get_by_role("button", name="Foto uploaden").click()
    expect(teacher.get_by_role("status")).to_contain_text("De foto is opgeslagen.")
    photo = teacher.get_by_role("img", name=f"Foto van {world.child.first_name}")
    expect(photo).to_be_visible()
    # Visible once laid out (it has a width and height), which may be before the picture has loaded.
    loaded = """img => img.complete ? img.naturalWidth : new Promise((done) => {
        img.onload = () => done(img.naturalWidth);
        img.onerror = () => done(0);
    })"""
    assert photo.evaluate(loaded) == 512
    assert Child.objects.get(pk=world.child.pk).photo
    assert_accessible(teacher)

    board = open_page()
    sign_in(board, world.board_admin)
    menu(board, "Bestuur")
    expect(board.get_by_role("heading", level=1)).to_have_text("Bestuursoverzicht")
    expect(board.get_by_role("table")).to_contain_text("De Regenboog")
    expect(board.get_by_role("table")).to_contain_text("<5")
    expect(board.get_by_role("table")).not_to_contain_text(world.child.first_name)
    assert_accessible(board)


def test_a_colleague_of_another_school_accepts_an_invitation(open_page, world: World) -> None:  # type: ignore[no-untyped-def]
    """The admin sees no name; the invitee is asked at sign-in, on a page that passes axe."""
    page = open_page()
    sign_in(page, world.admin)
    menu(page, "Medewerkers")
    page.get_by_label("Naam", exact=True).fill("Meester Gijs")
    page.get_by_label("E-mailadres").fill(world.outsider.email)
    page.get_by_label("Intern begeleider", exact=True).check()
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitnodiging verstuurd")
    expect(page.locator("main")).not_to_contain_text(world.outsider.full_name)
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen", exact=True).click()

    sign_in(page, world.outsider)
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitnodigingen")
    expect(page.locator("main")).to_contain_text(world.school.name)
    assert_accessible(page)
    page.get_by_role("button", name=f"Accepteren {world.school.name}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Je werkt nu ook op {world.school.name}")


def test_the_admin_enters_a_school_holiday_and_removes_it(open_page, world: World) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    sign_in(page, world.admin)
    page.get_by_role("link", name="Schoolvakanties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schoolvakanties")
    assert_accessible(page)
    page.get_by_label("Naam", exact=True).fill("Kerstvakantie")
    page.get_by_label("Eerste dag").fill("2026-12-19")
    page.get_by_label("Laatste dag").fill("2027-01-03")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Kerstvakantie is toegevoegd.")
    expect(page.get_by_role("table")).to_contain_text("19 december 2026")
    assert_accessible(page)

    page.get_by_role("link", name="Kerstvakantie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kerstvakantie")
    assert_accessible(page)
    page.get_by_label("Laatste dag").fill("2026-12-01")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("De laatste dag ligt voor de eerste dag.")
    assert_accessible(page)

    page.get_by_role("link", name="Schoolvakanties").click()
    page.get_by_role("button", name="Verwijderen Kerstvakantie").click()
    expect(page.get_by_role("status")).to_contain_text("Kerstvakantie is verwijderd.")
    expect(page.get_by_role("table")).to_have_count(0)
