"""Relationship mapping in Chromium: a gym teacher marks 30 children by key and by tap, children answer on
a tablet (two adults; "nobody" with read-aloud), and marks made offline are sent once."""

import json

import pytest
from playwright.sync_api import Page, expect

from onderstroom.childsessions.models import ClassSession
from onderstroom.mapping.models import ChildAnswer, MarkReceipt, NamedAdult, StaffMark
from onderstroom.mapping.tests.helpers import world_round
from onderstroom.schools.models import Child
from onderstroom.testing.browser import TABLET, assert_accessible, attach_child_session, sign_in
from onderstroom.testing.world import World, add_child, make_child, make_group, open_class_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NETWORK = 15_000  # ms: a live server that shares two cores with other test runs


def warm_up(page: Page) -> None:
    page.goto("/healthz", timeout=60_000)


def store_key(world: World) -> str:
    return f"onderstroom.mapping.{world_round(world).uuid}.{world.staff_member.uuid}"


def wait_until_sent(page: Page, key: str) -> None:
    """The outbox on the device is empty (polled with evaluate(): the CSP forbids wait_for_function)."""
    for _ in range(NETWORK // 100):
        if page.evaluate("(key) => localStorage.getItem(key)", key) is None:
            return
        page.wait_for_timeout(100)
    raise AssertionError("marks are still waiting on the device")


def test_a_gym_teacher_marks_30_children_with_one_key_or_tap_each(
    open_page, live_server, world: World
) -> None:  # type: ignore[no-untyped-def]
    group = make_group(world.school, "Groep 8", [8], children=30)
    found = world_round(world)
    page = open_page(**TABLET)
    warm_up(page)
    sign_in(page, world.staff_member)
    expect(page.locator(f'a[href="/relationship-mapping/{found.uuid}/"]')).to_be_visible()
    assert_accessible(page)
    page.goto(f"/relationship-mapping/{found.uuid}/")
    assert_accessible(page)
    buttons = page.locator(f'section[aria-labelledby="class-{group.uuid}"] .mapping-child')
    expect(buttons).to_have_count(30)
    buttons.nth(0).focus()
    for n in range(15):  # Space marks the focused child; the arrow key moves on
        page.keyboard.press("Space" if n % 2 else "Enter")
        page.keyboard.press("ArrowRight")
    for n in range(15, 30):
        buttons.nth(n).tap()
    wait_until_sent(page, store_key(world))
    expect(page.locator("[data-count]")).to_have_text("30")
    ids = set(group.enrollments.values_list("child_id", flat=True))
    marked = set(StaffMark.objects.filter(staff=world.staff_member).values_list("child_id", flat=True))
    assert marked == ids
    assert MarkReceipt.objects.filter(staff=world.staff_member).count() == 30
    page.reload()
    expect(
        page.locator(f'section[aria-labelledby="class-{group.uuid}"] .mapping-child[aria-pressed="true"]')
    ).to_have_count(30)
    assert_accessible(page)


def test_marks_made_offline_are_sent_once(open_page, live_server, world: World) -> None:  # type: ignore[no-untyped-def]
    found = world_round(world)
    page = open_page(**TABLET)
    warm_up(page)
    sign_in(page, world.staff_member)
    page.goto(f"/relationship-mapping/{found.uuid}/")
    sent: list[str] = []
    page.on(
        "request",
        lambda request: (
            sent.extend(m["client_id"] for m in json.loads(request.post_data or "{}")["marks"])
            if request.url.endswith("/marks") and request.method == "POST"
            else None
        ),
    )
    page.context.set_offline(True)
    buttons = page.locator(".mapping-child")
    for n in range(3):
        buttons.nth(n).click()
    expect(page.locator(".mapping-status")).to_contain_text("verbinding", timeout=NETWORK)
    waiting = json.loads(page.evaluate("(key) => localStorage.getItem(key)", store_key(world)))
    assert len(waiting) == 3
    assert not StaffMark.objects.exists()
    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    wait_until_sent(page, store_key(world))
    assert StaffMark.objects.filter(staff=world.staff_member).count() == 3
    assert sorted(set(sent)) == sorted(entry["client_id"] for entry in waiting)
    assert len(sent) == 3, "each offline mark reached the server once"
    assert MarkReceipt.objects.count() == 3


def child_in(world: World, grade: int) -> tuple[Child, ClassSession]:
    assert world.staff_member  # made on first use: the gym teacher is one of the school's adults
    group = make_group(world.school, f"Groep {grade}", [grade])
    child = make_child(world.school, first_name=f"Kind{grade}")
    add_child(group, child, grade)
    session = open_class_session(group, world.teacher)
    found = world_round(world)
    ClassSession.objects.filter(pk=session.pk).update(activity="mapping", activity_object=str(found.uuid))
    session.refresh_from_db()
    return child, session


def test_a_group_6_child_names_two_adults_on_a_tablet(open_page, live_server, world: World) -> None:  # type: ignore[no-untyped-def]
    child, session = child_in(world, 6)
    page = open_page(**TABLET)
    warm_up(page)
    attach_child_session(page, live_server.url, session, child)
    page.goto(f"/leerling/volwassenen/{world_round(world).uuid}/")
    expect(page.locator("[data-action=speak]")).to_have_count(0)  # read aloud is for groups 3 and 4
    assert_accessible(page)
    page.locator("label.mapping-adult", has_text=world.teacher.full_name).tap()
    page.locator("label.mapping-adult", has_text=world.staff_member.full_name).tap()
    page.locator("form.mapping-child-form button[type=submit]:not([name])").tap()
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    answer = ChildAnswer.objects.get(child=child)
    assert not answer.nobody
    assert set(NamedAdult.objects.values_list("adult_id", flat=True)) == {
        world.teacher.pk,
        world.staff_member.pk,
    }


def test_a_group_4_child_answers_nobody_with_read_aloud(open_page, live_server, world: World) -> None:  # type: ignore[no-untyped-def]
    child, session = child_in(world, 4)
    page = open_page(**TABLET)
    warm_up(page)
    attach_child_session(page, live_server.url, session, child)
    page.goto(f"/leerling/volwassenen/{world_round(world).uuid}/")
    speak = page.locator("[data-action=speak]")
    expect(speak).to_be_visible()
    assert_accessible(page)
    speak.tap()  # speaks (where the browser can) and breaks nothing
    page.locator("label.mapping-adult", has_text=world.teacher.full_name).tap()
    page.locator("button[name=nobody]").tap()  # "nobody" clears what was ticked: a real answer of its own
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    answer = ChildAnswer.objects.get(child=child)
    assert answer.nobody
    assert not NamedAdult.objects.exists()


def test_the_care_team_s_screens_are_accessible(open_page, live_server, world: World) -> None:  # type: ignore[no-untyped-def]
    """Axe on the mapping page, the map (with a champion form), the champion's page, the settings and the
    board's counts."""
    from onderstroom.mapping.tests.helpers import world_champion

    found = world_round(world)
    champion = world_champion(world)
    care = open_page(**TABLET)
    warm_up(care)
    sign_in(care, world.care)
    care.goto("/school/relationship-mapping/")
    expect(care.locator("h1")).to_be_visible()
    assert_accessible(care)
    care.goto(f"/relationship-mapping/{found.uuid}/map")
    expect(care.locator("table.mapping-map")).to_be_visible()
    assert_accessible(care)
    gym = open_page(**TABLET)
    sign_in(gym, world.staff_member)
    gym.goto(f"/relationship-mapping/champions/{champion.uuid}/")
    expect(gym.locator("#guide")).to_be_visible()
    assert_accessible(gym)
    admin = open_page(**TABLET)
    sign_in(admin, world.admin)
    admin.goto("/school/relationship-mapping/settings")
    assert_accessible(admin)
    board = open_page(**TABLET)
    sign_in(board, world.board_admin)
    board.goto("/school/relationship-mapping/board")
    expect(board.locator("table")).to_be_visible()
    assert_accessible(board)


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def test_a_teacher_adds_a_photo_and_the_child_chooses_by_photo_and_name(
    open_page, live_server, world: World, media
) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image, ImageDraw

    portrait = media / "juf.jpg"
    image = Image.new("RGB", (600, 600), "#f3d9b1")
    ImageDraw.Draw(image).ellipse((150, 120, 450, 480), fill="#8a5a3c")
    image.save(portrait, "JPEG")
    teacher = open_page()
    warm_up(teacher)
    sign_in(teacher, world.teacher)
    teacher.goto("/account/")
    assert_accessible(teacher)
    teacher.get_by_label("Foto", exact=True).set_input_files(str(portrait))
    teacher.get_by_role("button", name="Foto opslaan").click()
    expect(teacher.get_by_role("status")).to_contain_text("Je foto is opgeslagen.")
    expect(teacher.locator(".account-photo img")).to_be_visible()
    assert_accessible(teacher)
    teacher.screenshot(path="/tmp/champions-account-photo.png", full_page=True)

    child, session = child_in(world, 6)
    page = open_page(**TABLET)
    attach_child_session(page, live_server.url, session, child)
    page.goto(f"/leerling/volwassenen/{world_round(world).uuid}/")
    face = page.locator("label.mapping-adult", has_text=world.teacher.full_name).locator("img.mapping-face")
    expect(face).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", face.element_handle()) > 0
    others = page.locator("label.mapping-adult", has_text=world.care.full_name)
    expect(others.locator(".mapping-initials")).to_be_visible()  # no photo: the initial
    assert_accessible(page)
    page.screenshot(path="/tmp/champions-child-adults.png", full_page=True)
    page.locator("label.mapping-adult", has_text=world.teacher.full_name).tap()
    page.locator("form.mapping-child-form button[type=submit]:not([name])").tap()
    expect(page.locator("h1")).to_be_visible()
    assert set(NamedAdult.objects.values_list("adult_id", flat=True)) == {world.teacher.pk}


def test_the_director_and_the_board_see_the_counts_on_their_home_page(
    open_page, live_server, world: World
) -> None:  # type: ignore[no-untyped-def]
    make_group(world.school, "Groep 8", [8], children=7)
    world_round(world)
    director = open_page()
    warm_up(director)
    sign_in(director, world.admin)
    section = director.locator("section", has=director.locator("#mapping-counts"))
    expect(section.locator("table")).to_contain_text("Groep 8")
    expect(section.locator("table")).to_contain_text("<5")
    assert_accessible(director)
    director.screenshot(path="/tmp/champions-director-home.png", full_page=True)
    board = open_page()
    sign_in(board, world.board_admin)
    expect(board.locator("#mapping-board")).to_be_visible()
    assert_accessible(board)
    board.screenshot(path="/tmp/champions-board-home.png", full_page=True)
