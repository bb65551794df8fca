"""The logger on a phone in a real browser: taps survive a cut network, lost replies and a reload, and
reach the server exactly once and in order; undo removes exactly one. Every screen passes axe."""

import time
from collections.abc import Callable

import pytest
from django.db import OperationalError
from playwright.sync_api import Page, Route, expect

from onderstroom.interactions.models import InteractionEvent, Kind, LogShare
from onderstroom.interactions.tests.helpers import children_of, tap
from onderstroom.schools.models import Child
from onderstroom.testing.browser import PHONE, TABLET, assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_SENT = "Alles is verstuurd."
UNDO = "Laatste tik ongedaan maken"
CONFIRMATION = {
    Kind.TURN: "Beurt voor",
    Kind.PRAISE: "Compliment voor",
    Kind.CORRECTION: "Correctie voor",
    Kind.HELP: "Hulpvraag van",
    Kind.PERSONAL: "Persoonlijk moment met",
}


def logger_url(world: World) -> str:
    return f"/groups/{world.group.uuid}/interactions/log"


def tap_in_browser(page: Page, child: Child, kind: str) -> None:
    page.locator(f'input[value="{child.uuid}"] + label').click()
    page.locator(f'button[name="kind"][value="{kind}"]').click()


def standing(world: World) -> list[tuple[int, str]]:
    rows = InteractionEvent.objects.filter(teacher=world.teacher, child__isnull=False).order_by("occurred_at")
    return list(rows.values_list("child_id", "kind"))


def wait_for(page: Page, condition: Callable[[], bool], seconds: float = 10) -> None:
    """The page has said everything is sent; give the server's transaction a moment to be visible.

    The live server shares the in-memory SQLite database, which is locked while it writes.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            if condition():
                return
        except OperationalError:
            pass
        assert time.monotonic() < deadline, "the server did not reach the expected state"
        page.wait_for_timeout(100)


def test_forty_taps_with_the_network_cut_for_half_arrive_once_in_order(open_page, world: World) -> None:
    page = open_page(**PHONE)
    sign_in(page, world.teacher)
    page.goto(logger_url(world))
    assert_accessible(page)
    pupils = children_of(world.group)
    plan = [(pupils[i % len(pupils)], Kind.values[(i * 2) % len(Kind.values)]) for i in range(40)]
    state = page.locator("#queue-state")
    done = page.locator("#tap-done")

    for child, kind in plan[:10]:
        tap_in_browser(page, child, kind)
    child, kind = plan[9]
    expect(done).to_have_text(f"{CONFIRMATION[kind]} {child.first_name}")
    expect(state).to_have_text(ALL_SENT)

    page.context.set_offline(True)
    for child, kind in plan[10:30]:
        tap_in_browser(page, child, kind)
    expect(state).to_contain_text("Geen verbinding: 20 nog niet verstuurd")
    # A tap made and undone while offline never leaves the device.
    tap_in_browser(page, pupils[0], Kind.CORRECTION)
    expect(state).to_contain_text("21 nog niet verstuurd")
    page.get_by_role("button", name=UNDO).click()
    expect(done).to_have_text(f"Ongedaan gemaakt: Correctie voor {pupils[0].first_name}")
    expect(state).to_contain_text("Geen verbinding: 20 nog niet verstuurd")
    assert page.get_by_role("button", name=UNDO).is_hidden()
    assert len(standing(world)) == 10
    assert_accessible(page)
    page.screenshot(path="/tmp/h9-logger-offline.png", full_page=False)

    page.context.set_offline(False)
    for child, kind in plan[30:]:
        tap_in_browser(page, child, kind)
    expect(state).to_have_text(ALL_SENT, timeout=15_000)
    expected = [(child.pk, kind) for child, kind in plan]
    wait_for(page, lambda: len(standing(world)) == 40)
    assert standing(world) == expected
    assert InteractionEvent.objects.count() == 40  # the undone offline tap never reached the server
    assert InteractionEvent.objects.values("client_id").distinct().count() == 40

    # Undo of a tap the server holds: exactly that one goes, the other 39 stay as they were.
    page.get_by_role("button", name=UNDO).click()
    expect(state).to_have_text(ALL_SENT)
    wait_for(page, lambda: len(standing(world)) == 39)
    assert standing(world) == expected[:39]
    assert InteractionEvent.objects.count() == 40

    # The page as the plain form leaves it after a tap, with its undo button (axe needs JavaScript,
    # so it is checked here rather than in the test without it).
    last = InteractionEvent.objects.filter(child__isnull=False).latest("occurred_at")
    page.goto(f"{logger_url(world)}?last={last.client_id}")
    expect(page.get_by_role("button", name="Ongedaan maken", exact=True)).to_be_visible()
    assert_accessible(page)


def test_a_lost_reply_and_a_reload_neither_lose_nor_double_a_tap(open_page, world: World) -> None:
    page = open_page(**PHONE)
    sign_in(page, world.teacher)
    page.goto(logger_url(world))
    pupils = children_of(world.group)
    state = page.locator("#queue-state")
    batches: list[str] = []

    def first_reply_lost(route: Route) -> None:
        batches.append(route.request.post_data or "")
        if len(batches) == 1:
            route.fetch()  # the server stores the taps ...
            route.abort()  # ... but the answer never reaches the phone, which sends them again
        else:
            route.fallback()

    page.route("**/interactions/taps", first_reply_lost)
    tap_in_browser(page, pupils[0], Kind.TURN)
    expect(state).to_have_text(ALL_SENT, timeout=15_000)
    page.unroute("**/interactions/taps")
    assert len(batches) >= 2
    assert batches[1] == batches[0]  # the same tap, id and all, went twice
    assert standing(world) == [(pupils[0].pk, Kind.TURN)]

    page.route("**/interactions/taps", lambda route: route.abort())  # the server is out of reach
    tap_in_browser(page, pupils[1], Kind.HELP)
    tap_in_browser(page, pupils[2], Kind.PERSONAL)
    page.reload()  # the queue lives on the device, not in the page
    expect(state).to_contain_text("2 nog niet verstuurd")
    page.unroute("**/interactions/taps")
    expect(state).to_have_text(ALL_SENT, timeout=15_000)
    wait_for(page, lambda: len(standing(world)) == 3)
    assert standing(world) == [
        (pupils[0].pk, Kind.TURN),
        (pupils[1].pk, Kind.HELP),
        (pupils[2].pk, Kind.PERSONAL),
    ]
    assert InteractionEvent.objects.count() == 3


def test_taps_made_after_the_session_ended_wait_until_the_teacher_signs_in_again(
    open_page, world: World
) -> None:
    page = open_page(**PHONE)
    sign_in(page, world.teacher)
    page.goto(logger_url(world))
    pupils = children_of(world.group)
    state = page.locator("#queue-state")
    page.context.clear_cookies()  # the idle timeout ended the session
    tap_in_browser(page, pupils[0], Kind.PRAISE)
    tap_in_browser(page, pupils[1], Kind.TURN)
    expect(state).to_contain_text("Je bent uitgelogd, dus 2 tikken wachten op dit apparaat")
    assert standing(world) == []
    sign_in(page, world.teacher)
    page.goto(logger_url(world))
    expect(state).to_have_text(ALL_SENT, timeout=15_000)
    wait_for(page, lambda: len(standing(world)) == 2)
    assert standing(world) == [(pupils[0].pk, Kind.PRAISE), (pupils[1].pk, Kind.TURN)]


def test_without_javascript_the_plain_form_logs_and_undoes_one_tap(open_page, world: World) -> None:
    page = open_page(**PHONE, java_script_enabled=False)
    sign_in(page, world.teacher)
    page.goto(logger_url(world))
    child = children_of(world.group)[1]
    page.locator(f'input[value="{child.uuid}"] + label').click()
    page.get_by_role("button", name="Compliment", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Compliment voor {child.first_name}")
    assert standing(world) == [(child.pk, Kind.PRAISE)]
    page.get_by_role("button", name="Ongedaan maken").click()
    expect(page.get_by_role("status")).to_contain_text("De laatste tik is ongedaan gemaakt.")
    assert standing(world) == []
    page.get_by_role("button", name="Beurt", exact=True).click()  # no pupil chosen
    expect(page.get_by_role("alert")).to_contain_text("Kies eerst een leerling.")
    assert standing(world) == []


def filled_log(world: World) -> None:
    from django.utils import timezone

    now = timezone.now()
    a, b, c = children_of(world.group)
    for child, kinds in ((a, "tttppc"), (b, "tccch"), (c, "tpm")):
        for letter in kinds:
            kind = {
                "t": Kind.TURN,
                "p": Kind.PRAISE,
                "c": Kind.CORRECTION,
                "h": Kind.HELP,
                "m": Kind.PERSONAL,
            }[letter]
            tap(world.teacher, world.group, child, kind, now)


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_every_view_passes_axe(open_page, world: World, size: dict) -> None:
    filled_log(world)
    page = open_page(**size)
    sign_in(page, world.teacher)
    name = "phone" if size is PHONE else "tablet"
    for suffix, heading in (
        ("", "Beurten van"),
        ("balance", "Positieve contacten en correcties per leerling"),
        ("not-noticed", "Wie is niet persoonlijk gezien?"),
        ("distribution", "Hoe zijn de tikken over de groep verdeeld?"),
        (f"children/{world.child.uuid}/", "in het logboek"),
    ):
        page.goto(f"/groups/{world.group.uuid}/interactions/{suffix}")
        expect(page.get_by_role("heading", level=2).first).to_contain_text(heading)
        assert_accessible(page)
        page.screenshot(path=f"/tmp/h9-{name}-{suffix.split('/')[0] or 'turns'}.png", full_page=True)


def test_the_care_coordinator_reads_a_shared_log_and_loses_it_when_withdrawn(open_page, world: World) -> None:
    filled_log(world)
    care = open_page(**TABLET)
    sign_in(care, world.care)
    care.goto(f"/groups/{world.group.uuid}/interactions/balance")
    expect(care.get_by_role("heading", name="Geen logboek met je gedeeld")).to_be_visible()
    assert_accessible(care)

    teacher = open_page(**TABLET)
    sign_in(teacher, world.teacher)
    teacher.goto(f"/groups/{world.group.uuid}/interactions/")
    teacher.get_by_role("button", name="Deel met de intern begeleider").click()
    expect(teacher.get_by_role("status")).to_contain_text("kan je interactielogboek nu zien")
    assert LogShare.objects.filter(teacher=world.teacher, group=world.group).exists()

    care.reload()
    expect(care.get_by_text("Je leest het interactielogboek van Juf Anna")).to_be_visible()
    expect(
        care.get_by_role("region").get_by_role("link", name=children_of(world.group)[1].first_name)
    ).to_be_visible()
    assert_accessible(care)
    care.screenshot(path="/tmp/h9-care-balance.png", full_page=True)

    teacher.get_by_role("button", name="Stop met delen").click()
    expect(teacher.get_by_role("status")).to_contain_text("weer privé")
    care.reload()
    expect(care.get_by_role("heading", name="Geen logboek met je gedeeld")).to_be_visible()
