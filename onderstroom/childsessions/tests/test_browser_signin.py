"""On tablets, by touch: children join a class session with code, name and picture code."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from playwright.sync_api import Page, expect

from onderstroom.accounts.signin import LAST_ACTION_AT
from onderstroom.childsessions.models import ClassSession
from onderstroom.childsessions.pictures import pictures_of
from onderstroom.childsessions.tests.helpers import wrong_pictures
from onderstroom.schools.models import Child
from onderstroom.testing.browser import TABLET, assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tap_pictures(page: Page, code: str) -> None:
    for picture in pictures_of(code):
        page.get_by_role("button", name=str(picture.label).capitalize(), exact=True).tap()


def join_by_code(page: Page, brin: str, code: str) -> None:
    """A new tablet: the child area asks for the school code once, then the session code."""
    page.goto("/leerling/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Typ de schoolcode")
    assert_accessible(page)
    page.get_by_label("Typ de schoolcode").fill(brin)
    page.get_by_role("button", name="Verder").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Typ de code van het bord")
    assert_accessible(page)
    page.get_by_label("Typ de code van het bord").fill(code)
    page.get_by_role("button", name="Verder").tap()


def choose_name(page: Page, child: Child) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Tik op je naam")
    page.get_by_role("button", name=child.first_name, exact=True).tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tik op je drie plaatjes")


def test_children_sign_in_by_touch_and_the_teacher_unlocks_a_locked_one(
    open_page, world: World, settings
) -> None:
    settings.CHILD_PICTURE_ATTEMPTS = 2
    first, second = [e.child for e in world.group.enrollments.order_by("child__surname")][:2]
    # Resolving a URL loads every app's views here, not in the live server's first request,
    # which would otherwise spend the first page's time budget on imports.
    new_session = reverse("childsessions:new", kwargs={"uuid": world.group.uuid})

    teacher = open_page(**TABLET)
    sign_in(teacher, world.teacher)
    teacher.goto(new_session)
    teacher.get_by_label("Alleen inloggen (nog niets te doen)").check()
    teacher.get_by_role("button", name="Sessie openen").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Sessie Groep 4/5/6")
    class_session = ClassSession.objects.get(group=world.group, closed_at__isnull=True)
    assert_accessible(teacher)

    teacher.get_by_role("link", name="Toon op het klassenscherm").click()
    expect(teacher.locator(".board-code .code")).to_have_text(class_session.spaced_code)
    expect(teacher.locator(".board-address")).to_contain_text(f"/leerling/{world.school.brin.lower()}/")
    expect(teacher.locator(".board-count")).to_have_text("0 leerlingen ingelogd")
    assert_accessible(teacher)

    # The first child types the code, taps their name and their three pictures.
    tablet = open_page(**TABLET)
    join_by_code(tablet, world.school.brin, class_session.spaced_code)
    choose_name(tablet, first)
    assert_accessible(tablet)
    tap_pictures(tablet, first.picture_code)
    expect(tablet.get_by_role("heading", level=1)).to_have_text(f"Je bent binnen, {first.first_name}!")
    expect(tablet.get_by_role("button", name="Nog een keer kijken")).to_be_visible()
    assert_accessible(tablet)
    # The classroom screen counts the child in, by its own poll, without naming anybody.
    expect(teacher.locator(".board-count")).to_have_text("1 leerling ingelogd", timeout=10_000)

    # The second child scans the QR code, taps "Start" and taps wrong pictures until locked.
    other = open_page(**TABLET)
    other.goto(
        reverse("childsessions:join", kwargs={"school": world.school.brin, "code": class_session.code})
    )
    expect(other.get_by_role("heading", level=1)).to_have_text("Klaar om in te loggen?")
    assert_accessible(other)
    other.get_by_role("button", name="Beginnen").tap()
    choose_name(other, second)
    wrong = "".join(str(index) for index in wrong_pictures(second))
    tap_pictures(other, wrong)
    expect(other.get_by_text("Dat waren niet jouw plaatjes")).to_be_visible()
    assert_accessible(other)
    tap_pictures(other, wrong)
    expect(other.get_by_role("heading", level=1)).to_have_text("Vraag het je juf of meester")
    assert_accessible(other)

    teacher.get_by_role("link", name="Terug naar de sessie").click()
    teacher.get_by_role("button", name=f"{second.first_name} deblokkeren").click()
    expect(teacher.get_by_text("Gedeblokkeerd.")).to_be_visible()
    assert_accessible(teacher)

    other.get_by_role("link", name="Opnieuw proberen").tap()
    tap_pictures(other, second.picture_code)
    expect(other.get_by_role("heading", level=1)).to_have_text(f"Je bent binnen, {second.first_name}!")
    expect(teacher.get_by_role("heading", name="2 van de 3 leerlingen ingelogd")).to_be_visible(
        timeout=10_000
    )

    # "Stop" signs the child out and leaves the names for the next child.
    other.get_by_role("button", name="Stoppen", exact=True).tap()
    expect(other.get_by_role("heading", level=1)).to_have_text("Tik op je naam")
    assert_accessible(other)


def test_the_classroom_screen_says_signed_out_when_the_teacher_s_session_has_ended(
    open_page, world: World
) -> None:
    """Its poll renews nothing; once the idle limit has passed the screen says so and stops polling."""
    teacher = open_page(**TABLET)
    sign_in(teacher, world.teacher)
    teacher.goto(reverse("childsessions:board", kwargs={"uuid": world.class_session.uuid}))
    expect(teacher.locator(".board-count")).to_have_text("0 leerlingen ingelogd")
    # Time travel: the teacher's last action was longer ago than the idle limit.
    [cookie] = [c for c in teacher.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    store = SessionStore(cookie["value"])
    store[LAST_ACTION_AT] = int(time.time()) - settings.SESSION_COOKIE_AGE - 1
    store.save()
    expect(teacher.get_by_role("alert")).to_contain_text("Je bent uitgelogd", timeout=10_000)
    expect(teacher.locator(".board-count")).to_have_count(0)
    assert_accessible(teacher)
    teacher.get_by_role("link", name="Opnieuw inloggen").click()
    expect(teacher.get_by_text("30 minuten niet actief")).to_be_visible()
