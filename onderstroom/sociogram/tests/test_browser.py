"""The peer survey on a tablet, by touch, and the results page, in Chromium."""

import pytest
from playwright.sync_api import Page, expect

from onderstroom.schools.models import Child
from onderstroom.sociogram.models import (
    Method,
    PeerNomination,
    PeerRating,
    PeerResponse,
    PeerSettings,
    PeerSurvey,
)
from onderstroom.sociogram.tests.helpers import (
    allow_negative,
    answer,
    children_of,
    make_survey,
    point_session_at,
)
from onderstroom.testing.browser import TABLET, assert_accessible, attach_child_session, sign_in
from onderstroom.testing.world import World, add_child, make_child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = "Je antwoorden zijn bewaard."
NETWORK = 15_000  # ms: answers travel to a live server that shares two cores with other test runs


def six_children(world: World) -> list[Child]:
    for name in ("Noor", "Sem", "Yara"):
        add_child(world.group, make_child(world.school, first_name=name))
    return children_of(world.group)


def warm_up(page: Page) -> None:
    """The live server's first request imports every app's views (WeasyPrint among them): allow for it."""
    page.goto("/healthz", timeout=60_000)


def open_survey(open_page, live_server, world: World, survey: PeerSurvey, child: Child) -> Page:  # type: ignore[no-untyped-def]
    point_session_at(world.class_session, survey)
    page = open_page(**TABLET)
    warm_up(page)
    attach_child_session(page, live_server.url, world.class_session, child)
    page.goto(f"/leerling/klasgenoten/{survey.uuid}/")
    return page


def wait_until_sent(page: Page, survey: PeerSurvey, child: Child) -> None:
    """The device's queue of changes is empty: everything reached the server.

    Polled with evaluate(): wait_for_function() evaluates a string in the page, which the CSP forbids.
    """
    key = f"onderstroom.peer.{survey.uuid}.{child.uuid}"
    for _ in range(NETWORK // 100):
        if page.evaluate("(key) => localStorage.getItem(key)", key) is None:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("(key) => localStorage.getItem(key)", key) is None, "changes are still waiting"
    expect(page.locator(".peer-status")).to_have_text(SAVED, timeout=NETWORK)


def tap_name(page: Page, name: str) -> None:
    page.locator(".peer-screen.current label.peer-choice", has_text=name).tap()


def test_child_completes_the_nomination_survey_by_touch(open_page, live_server, world: World) -> None:
    """Two questions, at most two names each; a third tap is refused on screen; finishing stores it all."""
    kids = six_children(world)
    me, mates = kids[0], kids[1:]
    survey = make_survey(world, nomination_limit=2)
    page = open_survey(open_page, live_server, world, survey, me)
    expect(page.get_by_role("heading", name="Over je klasgenoten")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Beginnen").tap()

    expect(page.locator(".peer-screen.current legend")).to_have_text("Met wie werk je graag samen?")
    expect(page.locator(".peer-screen.current").get_by_role("button", name="Voorlezen")).to_be_visible()
    expect(page.locator(".peer-screen.current label.peer-choice", has_text=me.first_name)).to_have_count(0)
    tap_name(page, mates[0].first_name)
    tap_name(page, mates[1].first_name)
    tap_name(page, mates[2].first_name)  # one too many
    expect(page.locator(".peer-screen.current .peer-limit")).to_be_visible()
    expect(page.locator(".peer-screen.current input:checked")).to_have_count(2)
    tap_name(page, mates[1].first_name)  # take one back, choose another
    tap_name(page, mates[3].first_name)
    expect(page.locator(".peer-status")).to_have_text(SAVED, timeout=NETWORK)
    assert_accessible(page)
    page.screenshot(path="/tmp/h8-survey-nominations.png")
    page.locator(".peer-screen.current").get_by_role("button", name="Volgende").tap()

    expect(page.locator(".peer-screen.current legend")).to_have_text("Met wie speel je graag?")
    tap_name(page, mates[4].first_name)
    page.locator(".peer-screen.current").get_by_role("button", name="Volgende").tap()
    page.get_by_role("button", name="Ik ben klaar").tap()
    expect(page.get_by_role("heading", name="Dank je wel!")).to_be_visible()
    wait_until_sent(page, survey, me)
    assert_accessible(page)

    response = PeerResponse.objects.get(survey=survey, child=me)
    assert response.finished_at is not None
    chosen = set(PeerNomination.objects.filter(response=response).values_list("question", "nominee_id"))
    assert chosen == {("work", mates[0].pk), ("work", mates[3].pk), ("play", mates[4].pk)}
    page.reload()
    expect(page.get_by_role("heading", name="Dank je wel!")).to_be_visible()


def test_child_completes_the_rating_version(open_page, live_server, world: World) -> None:
    """Every classmate gets a face; one tap answers and moves on; nobody is named."""
    kids = six_children(world)
    me, mates = kids[0], kids[1:]
    survey = make_survey(world, method=Method.RATINGS, rating_scale=5)
    page = open_survey(open_page, live_server, world, survey, me)
    page.get_by_role("button", name="Beginnen").tap()
    faces = ["Heel graag", "Graag", "Gaat wel", "Niet zo graag", "Helemaal niet graag"]
    for i, mate in enumerate(mates):
        expect(page.locator(".peer-screen.current legend")).to_have_text(
            f"Hoe graag speel je met {mate.first_name}?"
        )
        if i == 0:
            assert_accessible(page)
            page.screenshot(path="/tmp/h8-survey-rating.png")
        page.locator(".peer-screen.current .peer-faces").get_by_text(faces[i % 5], exact=True).tap()
    expect(page.get_by_role("heading", name="Klaar? Tik op de grote knop.")).to_be_visible()
    page.get_by_role("button", name="Ik ben klaar").tap()
    wait_until_sent(page, survey, me)
    ratings = dict(PeerRating.objects.filter(response__child=me).values_list("ratee_id", "value"))
    assert ratings == {mate.pk: 5 - i % 5 for i, mate in enumerate(mates)}
    assert PeerResponse.objects.get(child=me).finished_at is not None


def test_without_negative_nominations_no_negative_question_and_the_server_refuses_one(
    open_page, live_server, world: World
) -> None:
    kids = six_children(world)
    allow_negative(world)
    survey = make_survey(world, ask_not_play=True, nomination_limit=None)
    PeerSettings.objects.filter(school=world.school).update(negative_nominations=False)
    page = open_survey(open_page, live_server, world, survey, kids[0])
    page.get_by_role("button", name="Beginnen").tap()
    questions = page.locator("legend.peer-question").all_text_contents()
    assert questions == ["Met wie werk je graag samen?", "Met wie speel je graag?"]
    expect(page.get_by_text("Met wie speel je liever niet?")).to_have_count(0)
    refused = page.evaluate(
        """async ([url, nominee]) => {
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
            const response = await fetch(url, {
                method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRFToken": token},
                body: JSON.stringify({client_id: crypto.randomUUID(), kind: "nominations",
                                      question: "not_play", nominees: [nominee]}),
            });
            return [response.status, await response.json()];
        }""",
        [f"/leerling/klasgenoten/{survey.uuid}/antwoord", str(kids[1].uuid)],
    )
    assert refused == [400, {"error": "Deze vraag wordt op jouw school niet gevraagd."}]
    assert not PeerNomination.objects.exists()


def test_answers_survive_a_lost_connection_and_are_stored_once(open_page, live_server, world: World) -> None:
    """Offline taps wait on the tablet; back online they are sent, in order, and stored once."""
    kids = six_children(world)
    me, mates = kids[0], kids[1:]
    survey = make_survey(world, nomination_limit=3, ask_play=False)
    page = open_survey(open_page, live_server, world, survey, me)
    page.get_by_role("button", name="Beginnen").tap()
    page.context.set_offline(True)
    tap_name(page, mates[0].first_name)
    tap_name(page, mates[1].first_name)
    expect(page.locator(".peer-status")).to_contain_text("Even geen internet")
    page.locator(".peer-screen.current").get_by_role("button", name="Volgende").tap()
    page.get_by_role("button", name="Ik ben klaar").tap()
    expect(page.get_by_role("heading", name="Dank je wel!")).to_be_visible()
    assert not PeerNomination.objects.exists()
    assert (
        len(page.evaluate(f"JSON.parse(localStorage.getItem('onderstroom.peer.{survey.uuid}.{me.uuid}'))"))
        == 3
    )

    page.context.set_offline(False)
    expect(page.locator(".peer-status")).to_have_text(SAVED, timeout=NETWORK)
    stored = PeerNomination.objects.filter(response__child=me)
    assert sorted(stored.values_list("nominee_id", flat=True)) == sorted([mates[0].pk, mates[1].pk])
    assert PeerResponse.objects.get(child=me).finished_at is not None
    assert page.evaluate(f"localStorage.getItem('onderstroom.peer.{survey.uuid}.{me.uuid}')") is None


def test_results_page_is_accessible_and_shows_the_sociogram(open_page, world: World) -> None:
    kids = six_children(world)
    allow_negative(world)
    survey = make_survey(world, ask_not_play=True)
    for i, child in enumerate(kids):
        answer(
            survey,
            child,
            work=[kids[(i + 1) % len(kids)]],
            play=list(dict.fromkeys([kids[(i + 2) % len(kids)], kids[0]])) if i else [kids[1]],
            not_play=[kids[3]] if i != 3 else [],
        )
    page = open_page()
    warm_up(page)
    sign_in(page, world.teacher)
    page.goto(f"/peer-surveys/{survey.uuid}/")
    expect(page.locator("svg.sociogram")).to_be_visible()
    expect(page.get_by_role("heading", name="Wat opvalt")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/h8-results.png", full_page=True)


def test_answers_still_go_through_after_the_csrf_cookie_changed(open_page, live_server, world: World) -> None:
    """A page rendered without the cookie (a 404, say) sets a new CSRF cookie: the page follows the cookie."""
    kids = six_children(world)
    survey = make_survey(world, nomination_limit=None)
    page = open_survey(open_page, live_server, world, survey, kids[0])
    page.context.clear_cookies(name="onderstroom_csrftoken")
    # /favicon.ico is a plain redirect now; a missing page still renders one, so a new cookie.
    page.request.get("/no-such-page/", fail_on_status_code=False)
    assert any(c["name"] == "onderstroom_csrftoken" for c in page.context.cookies())
    page.get_by_role("button", name="Beginnen").tap()
    tap_name(page, kids[1].first_name)
    wait_until_sent(page, survey, kids[0])
    assert PeerNomination.objects.filter(response__child=kids[0], nominee=kids[1]).exists()


@pytest.mark.parametrize("method", [Method.NOMINATIONS, Method.RATINGS])
def test_every_survey_screen_has_one_level_one_heading(
    open_page, live_server, world: World, method: str
) -> None:  # type: ignore[no-untyped-def]
    """The intro, each question, the finish and the thanks screen: axe's heading rule holds on each."""
    kids = six_children(world)
    survey = make_survey(world, method=method, nomination_limit=2, rating_scale=5)
    page = open_survey(open_page, live_server, world, survey, kids[0])
    heading_one = ("page-has-heading-one",)
    assert_accessible(page, also=heading_one)
    page.get_by_role("button", name="Beginnen").tap()
    expect(page.locator(".peer-screen.current legend")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Over je klasgenoten")
    assert_accessible(page, also=heading_one)
    page.locator(".peer-screen.current").get_by_role("button", name="Volgende").tap()
    assert_accessible(page, also=heading_one)
    for _ in range(20):
        if page.locator(".peer-screen.current").get_attribute("data-screen") == "finish":
            break
        page.locator(".peer-screen.current").get_by_role("button", name="Volgende").tap()
    assert_accessible(page, also=heading_one)
    page.get_by_role("button", name="Ik ben klaar").tap()
    expect(page.get_by_role("heading", name="Dank je wel!")).to_be_visible()
    assert_accessible(page, also=heading_one)
