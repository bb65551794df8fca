"""In a real browser: the keyboard grid, the child's form by touch, a lost connection, accessibility."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, Route, expect

from onderstroom.questionnaires.builders import fill_moment, make_moment, run_questionnaire
from onderstroom.questionnaires.models import Answer, MeasurementMoment, Response
from onderstroom.schools.access import today
from onderstroom.schools.models import Child, Enrollment
from onderstroom.testing.browser import TABLET, assert_accessible, attach_child_session, sign_in
from onderstroom.testing.world import World, add_child, make_child, open_class_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = "Alle antwoorden zijn bewaard."
# A stand-in for the browser's speech synthesis that records what it was asked to say.
FAKE_SPEECH = """
window.__spoken = [];
const fakeSpeech = {
  getVoices: () => [{ lang: "nl-NL", name: "Test" }],
  speak: (utterance) => window.__spoken.push({ text: utterance.text, lang: utterance.lang }),
  cancel: () => {},
  addEventListener: () => {},
};
Object.defineProperty(window, "speechSynthesis", { value: fakeSpeech, configurable: true });
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
"""
NO_SPEECH = 'Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });'


def rating(row: int, column: int) -> int:
    return (row * 7 + column * 3) % 5 + 1


def grid_order(world: World) -> list[Child]:
    children = [e.child for e in Enrollment.objects.filter(group=world.group).select_related("child")]
    return sorted(children, key=lambda c: (c.sort_surname, c.first_name.lower()))


def test_a_teacher_rates_a_class_of_28_with_the_keyboard_only(open_page, world: World, warm_server) -> None:  # type: ignore[no-untyped-def]
    """Exactly one key per answer and no mouse; a reload half-way loses nothing and resumes there."""
    for i in range(25):
        add_child(world.group, make_child(world.school), [4, 5, 6][i % 3])
    moment = make_moment(world.group)
    children = grid_order(world)
    assert len(children) == 28
    page = open_page()
    sign_in(page, world.teacher)
    page.goto(f"/moments/{moment.uuid}/rate/")
    assert_accessible(page)
    status = page.locator("[data-queue-status]")

    def type_rows(rows: range) -> None:
        for row in rows:
            for column in range(20):
                page.keyboard.press(str(rating(row, column)))

    expect(page.locator("input.cell").first).to_be_focused()
    type_rows(range(14))
    expect(status).to_have_text(SAVED)
    page.reload()
    halfway = page.locator(f'input[name="a-{children[14].uuid}-t01"]')
    expect(halfway).to_be_focused()  # resumable: the cursor waits at the first empty cell
    expect(page.locator(f'input[name="a-{children[13].uuid}-t20"]')).to_have_value(str(rating(13, 19)))
    type_rows(range(14, 28))
    expect(status).to_have_text(SAVED)
    expect(page.locator("[data-progress-text]")).to_have_text("560 van 560 beantwoord")

    responses = {r.child_id: r for r in Response.objects.filter(moment=moment, teacher=world.teacher)}
    assert len(responses) == 28
    for row, child in enumerate(children):
        expected = {f"t{column + 1:02d}": rating(row, column) for column in range(20)}
        assert responses[child.pk].values == expected
        assert responses[child.pk].completed_at is not None
    assert Answer.objects.filter(response__moment=moment).count() == 560


def test_the_grid_moves_with_arrows_and_escape_leaves_it(open_page, world: World, warm_server) -> None:  # type: ignore[no-untyped-def]
    moment = make_moment(world.group)
    first, second = grid_order(world)[:2]
    page = open_page()
    sign_in(page, world.teacher)
    page.goto(f"/moments/{moment.uuid}/rate/")
    page.keyboard.press("ArrowDown")
    expect(page.locator(f'input[name="a-{second.uuid}-t01"]')).to_be_focused()
    expect(page.locator("[data-current-where]")).to_contain_text(second.first_name)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("4")
    expect(page.locator(f'input[name="a-{second.uuid}-t03"]')).to_be_focused()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Delete")
    page.keyboard.press("x")  # not an answer key: nothing happens
    expect(page.locator(f'input[name="a-{second.uuid}-t02"]')).to_have_value("")
    page.keyboard.press("ArrowUp")
    expect(page.locator(f'input[name="a-{first.uuid}-t02"]')).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#grid-exit")).to_be_focused()
    expect(page.locator("[data-queue-status]")).to_have_text(SAVED)
    assert Response.objects.get(child=second).values == {}


def test_answers_the_server_refuses_for_good_are_dropped_and_said_once(
    open_page, world: World, warm_server
) -> None:  # type: ignore[no-untyped-def]
    """The moment closes while the grid is open: the server refuses the next answer (409), and the
    device drops it and says why instead of sending it again and again."""
    moment = make_moment(world.group)
    page = open_page()
    sign_in(page, world.teacher)
    page.goto(f"/moments/{moment.uuid}/rate/")
    status = page.locator("[data-queue-status]")
    page.keyboard.press("3")
    expect(status).to_have_text(SAVED)

    yesterday = today() - timedelta(days=1)
    MeasurementMoment.objects.filter(pk=moment.pk).update(
        opens_on=yesterday - timedelta(days=1), closes_on=yesterday
    )
    sent: list[str] = []
    page.on(
        "request", lambda request: sent.append(request.url) if request.url.endswith("/rate/answers") else None
    )
    page.keyboard.press("4")
    expect(status).to_have_text("Dit meetmoment is gesloten; antwoorden kunnen niet meer veranderen.")
    expect(status).to_have_attribute("data-state", "refused")
    # The cell of the refused answer says it was not saved; the earlier answer's cell stays saved.
    refused = page.locator('input.cell[data-state="refused"]')
    expect(refused).to_have_count(1)
    expect(refused).to_have_value("4")
    expect(refused).to_have_attribute("aria-invalid", "true")
    expect(page.locator('input.cell[data-state="saved"]')).to_have_count(1)
    key = f"onderstroom:rate:{moment.uuid}:{world.teacher.uuid}"
    assert page.evaluate("(key) => localStorage.getItem(key)", key) is None
    page.wait_for_timeout(4_000)  # longer than the queue's retry interval
    assert len(sent) == 1
    assert Answer.objects.filter(response__moment=moment).count() == 1


def open_child_form(open_page, live_server, class_session, child, script: str | None = None) -> Page:  # type: ignore[no-untyped-def]
    page = open_page(**TABLET)
    if script:
        page.add_init_script(script)
    attach_child_session(page, live_server.url, class_session, child)
    page.goto("/leerling/start/")
    return page


def tap_answer(page: Page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).tap()


def test_a_group_4_child_completes_the_pictorial_form_by_touch(open_page, world: World, warm_server) -> None:  # type: ignore[no-untyped-def]
    moment = make_moment(world.group, teachers=[world.teacher])
    run_questionnaire(world.class_session, moment)
    child = Enrollment.objects.filter(group=world.group, grade=4).first().child
    page = open_child_form(open_page, warm_server, world.class_session, child, FAKE_SPEECH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Is juf Anna lief voor jou?")
    expect(page.get_by_role("button", name="Nog een keer horen")).to_be_visible()
    assert_accessible(page)
    spoken = page.evaluate("window.__spoken")
    assert spoken[-1] == {"text": "Is juf Anna lief voor jou? Nee. Soms. Ja.", "lang": "nl-NL"}
    answers = ["Ja", "Soms", "Ja", "Ja", "Nee", "Ja", "Soms", "Ja"]
    for answer in answers:
        tap_answer(page, answer)
    expect(page.get_by_role("heading", name="Klaar! Dank je wel.")).to_be_visible()
    expect(page.locator("[data-queue-status]")).to_have_text(SAVED)
    assert_accessible(page)
    response = Response.objects.get(child=child, respondent="child")
    values = {"Nee": 1, "Soms": 2, "Ja": 3}
    assert response.values == {f"y{n:02d}": values[a] for n, a in enumerate(answers, start=1)}
    assert response.completed_at is not None
    assert len(page.evaluate("window.__spoken")) >= 8  # every question was read aloud


def test_without_speech_a_young_child_is_told_to_listen_to_the_board(
    open_page, world: World, warm_server
) -> None:  # type: ignore[no-untyped-def]
    moment = make_moment(world.group, teachers=[world.teacher])
    run_questionnaire(world.class_session, moment)
    child = Enrollment.objects.filter(group=world.group, grade=4).first().child
    page = open_child_form(open_page, warm_server, world.class_session, child, NO_SPEECH)
    expect(page.get_by_text("Luister naar je juf of meester")).to_be_visible()
    expect(page.get_by_role("button", name="Nog een keer horen")).to_be_hidden()


def group_7_session(world: World) -> tuple:  # type: ignore[type-arg]
    moment = make_moment(world.other_group, teachers=[world.other_teacher])
    class_session = run_questionnaire(open_class_session(world.other_group, world.other_teacher), moment)
    child = Enrollment.objects.filter(group=world.other_group).first().child
    return moment, class_session, child


LONG = ["Ja", "Nee", "Meestal wel", "Ja", "Ja", "Nee", "Meestal niet", "Ja",
        "Meestal wel", "Nee", "Ja", "Ja", "Meestal wel", "Nee", "Nee", "Meestal niet"]  # fmt: skip
LONG_VALUES = {"Nee": 1, "Meestal niet": 2, "Meestal wel": 3, "Ja": 4}


def test_a_group_7_child_completes_the_long_form(open_page, world: World, warm_server) -> None:  # type: ignore[no-untyped-def]
    _moment, class_session, child = group_7_session(world)
    page = open_child_form(open_page, warm_server, class_session, child)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Juf Carla vindt het leuk om met mij te praten."
    )
    expect(page.get_by_text("Vraag 1 van 16")).to_be_visible()
    assert_accessible(page)
    tap_answer(page, "Nee")
    page.get_by_role("link", name="Terug").tap()  # change the first answer
    expect(page.get_by_role("button", name="Nee", exact=True)).to_have_attribute("aria-pressed", "true")
    for answer in LONG:
        tap_answer(page, answer)
    expect(page.get_by_role("heading", name="Klaar! Dank je wel.")).to_be_visible()
    expect(page.locator("[data-queue-status]")).to_have_text(SAVED)
    response = Response.objects.get(child=child, respondent="child")
    assert response.values == {f"s{n:02d}": LONG_VALUES[a] for n, a in enumerate(LONG, start=1)}
    assert Answer.objects.filter(response=response).count() == 16


def test_a_lost_connection_loses_no_answer_and_stores_none_twice(
    open_page, world: World, warm_server
) -> None:  # type: ignore[no-untyped-def]
    _moment, class_session, child = group_7_session(world)
    page = open_child_form(open_page, warm_server, class_session, child)
    lost_replies: list[str] = []

    def lose_the_reply(route: Route) -> None:
        """The server stores the answers, but the tablet never hears back: it will send them again."""
        route.fetch()
        lost_replies.append(route.request.url)
        route.abort()

    page.route(re.compile(r".*/antwoorden$"), lose_the_reply, times=1)
    for answer in LONG[:5]:
        tap_answer(page, answer)
    expect(page.locator("[data-queue-status]")).to_have_text(SAVED)
    assert lost_replies
    page.context.set_offline(True)
    for answer in LONG[5:]:
        tap_answer(page, answer)
    expect(page.get_by_role("heading", name="Klaar! Dank je wel.")).to_be_visible()
    expect(page.locator("[data-queue-status]")).to_contain_text("Geen verbinding")
    assert Answer.objects.filter(response__child=child).count() < 16
    page.context.set_offline(False)
    expect(page.locator("[data-queue-status]")).to_have_text(SAVED, timeout=15_000)
    answers = Answer.objects.filter(response__child=child)
    assert answers.count() == 16
    assert len(set(answers.values_list("client_id", flat=True))) == 16
    response = Response.objects.get(child=child, respondent="child")
    assert response.values == {f"s{n:02d}": LONG_VALUES[a] for n, a in enumerate(LONG, start=1)}
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('onderstroom:'))") == []


def test_every_staff_screen_is_accessible(open_page, world: World, warm_server) -> None:  # type: ignore[no-untyped-def]
    moment = make_moment(world.group)
    fill_moment(moment, seed=9)
    screens = {
        world.teacher: [
            f"/groups/{world.group.uuid}/",
            f"/groups/{world.group.uuid}/relations/",
            f"/groups/{world.group.uuid}/moments/",
            f"/moments/{moment.uuid}/edit/",
            f"/moments/{moment.uuid}/read-aloud/",
            f"/children/{world.child.uuid}/",
        ],
        world.care: [f"/moments/{moment.uuid}/reliability/", f"/children/{world.child.uuid}/"],
        world.admin: ["/school/relations/", "/school/instruments/"],
    }
    for user, urls in screens.items():
        page = open_page()
        sign_in(page, user)
        for url in urls:
            assert page.goto(url).status == 200, url
            expect(page.locator("main h1")).to_be_visible()
            assert_accessible(page)
        if user == world.admin:
            page.get_by_role("link", name="Hoe ik de relatie met dit kind ervaar").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Hoe ik de relatie met dit kind ervaar")
            assert_accessible(page)
