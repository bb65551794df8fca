"""Class and school climate in Chromium: a group-4 child answers the pictorial class form by touch
with read-aloud, a group-7 child answers the school form, a gym teacher fills in the school form from
the home page, and the staff's result pages; axe on every screen."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from onderstroom.climate import library
from onderstroom.climate.models import ClimateResponse, Respondent
from onderstroom.climate.scoring import scale_scores
from onderstroom.climate.tests.helpers import run_climate, world_moment, world_round
from onderstroom.climate.tests.test_results import answer_class
from onderstroom.schools.models import Enrollment
from onderstroom.testing.browser import TABLET, assert_accessible, attach_child_session, sign_in
from onderstroom.testing.world import World, open_class_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/climate-shots")
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


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_child_form(open_page, live_server, class_session, child, script: str | None = None) -> Page:  # type: ignore[no-untyped-def]
    page = open_page(**TABLET)
    if script:
        page.add_init_script(script)
    attach_child_session(page, live_server.url, class_session, child)
    page.goto("/leerling/start/")
    return page


def tap_answer(page: Page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).tap()


def test_a_group_4_child_completes_the_pictorial_class_form_by_touch_with_read_aloud(
    open_page, world: World, warm_server
) -> None:  # type: ignore[no-untyped-def]
    world_moment(world)
    child = Enrollment.objects.filter(group=world.group, grade=4).first().child
    page = open_child_form(open_page, warm_server, world.class_session, child, FAKE_SPEECH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vind je het fijn in jouw klas?")
    expect(page.get_by_role("button", name="Nog een keer horen")).to_be_visible()
    assert_accessible(page)
    shot(page, "child-class-3-4")
    spoken = page.evaluate("window.__spoken")
    assert spoken[-1] == {"text": "Vind je het fijn in jouw klas? Nee. Soms. Ja.", "lang": "nl-NL"}
    answers = ["Ja", "Soms", "Ja", "Ja", "Nee", "Ja", "Soms"]
    for answer in answers:
        tap_answer(page, answer)
    expect(page.get_by_role("heading", name="Klaar! Dank je wel.")).to_be_visible()
    expect(page.locator("[data-queue-status]")).to_have_text(SAVED)
    assert_accessible(page)
    response = ClimateResponse.objects.get(child=child)
    values = {"Nee": 1, "Soms": 2, "Ja": 3}
    assert response.values == {f"j{n:02d}": values[a] for n, a in enumerate(answers, start=1)}
    assert response.completed_at is not None
    assert response.respondent == Respondent.CHILD
    assert len(page.evaluate("window.__spoken")) >= len(answers)  # every question was read aloud


def test_a_group_7_child_completes_the_school_form(open_page, world: World, warm_server) -> None:  # type: ignore[no-untyped-def]
    found = world_round(world)
    session = open_class_session(world.other_group, world.other_teacher)
    run_climate(session, found)
    child = Enrollment.objects.filter(group=world.other_group).first().child
    page = open_child_form(open_page, warm_server, session, child)
    expect(page.locator(".form-about")).to_have_text("Over jouw school")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Er is op school een volwassene met wie ik kan praten als er iets is."
    )
    assert_accessible(page)
    shot(page, "child-school-5-8")
    for _n in range(14):
        tap_answer(page, "Meestal wel")
    expect(page.get_by_role("heading", name="Klaar! Dank je wel.")).to_be_visible()
    expect(page.locator("[data-queue-status]")).to_have_text(SAVED)
    response = ClimateResponse.objects.get(child=child)
    assert response.school_round_id == found.pk
    assert response.group_id == world.other_group.pk
    assert response.completed_at is not None
    page.goto("/leerling/klimaat/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Je hebt alles ingevuld. Dank je wel!")
    assert_accessible(page)


def test_a_staff_member_without_a_group_fills_in_the_school_form_from_home(
    open_page, world: World, warm_server
) -> None:  # type: ignore[no-untyped-def]
    found = world_round(world)
    page = open_page(**TABLET)
    sign_in(page, world.staff_member)
    page.goto("/")
    page.get_by_role("link", name="Invullen").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Onze school (team)")
    assert_accessible(page)
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_label("Grotendeels").tap()
    shot(page, "staff-school-form")
    page.get_by_role("button", name="Opslaan").tap()
    expect(page.get_by_text("Dank je wel.", exact=False)).to_be_visible()
    response = ClimateResponse.objects.get(school_round=found, user=world.staff_member)
    assert response.respondent == Respondent.STAFF
    assert response.completed_at is not None
    assert set(response.values.values()) == {3}
    expect(page.get_by_role("link", name="Invullen")).to_have_count(0)  # done: no longer waiting


def test_the_teacher_sees_the_class_result_the_board_and_writes_their_practice_and_vision(
    open_page, world: World, warm_server
) -> None:  # type: ignore[no-untyped-def]
    moment = world_moment(world)
    answer_class(moment, 6, value=2)
    page = open_page()
    sign_in(page, world.teacher)
    page.goto(f"/groups/{world.group.uuid}/climate/")
    assert_accessible(page)
    shot(page, "group")
    page.goto(f"/climate/moments/{moment.uuid}/practice")
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_label("Vaak").check()
    assert_accessible(page)
    shot(page, "practice")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("de klas ervaart")
    expect(page.get_by_text("Samen leren scoort laag in Groep 4/5/6")).to_be_visible()
    assert_accessible(page)
    shot(page, "result")
    page.get_by_role("link", name="Bespreek het met de klas").click()
    assert_accessible(page)
    shot(page, "board")
    page.goto("/climate/vision/")
    page.get_by_label("Op welk gedrag reageer ik het snelst?").select_option("hostile")
    page.get_by_label("Wat zegt mijn reactie over wat ik belangrijk vind?").fill("Rust in de klas.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Bewaard. Alleen jij kunt dit lezen.")).to_be_visible()
    assert_accessible(page)
    shot(page, "vision")


def test_four_answers_show_why_nothing_is_shown(open_page, world: World, warm_server) -> None:  # type: ignore[no-untyped-def]
    moment = world_moment(world)
    answer_class(moment, 4)
    page = open_page()
    sign_in(page, world.care)
    page.goto(f"/climate/moments/{moment.uuid}/")
    expect(
        page.get_by_text("4 antwoorden: te weinig om iets te tonen zonder dat je een kind herkent.")
    ).to_be_visible()
    assert_accessible(page)
    shot(page, "result-four")


def test_the_director_reads_the_school_report(open_page, world: World, warm_server) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    sign_in(page, world.admin)
    page.goto("/climate/school/")
    expect(page.get_by_label("Vragenlijst voor de medewerkers")).to_have_value(
        str(library.version(library.SCHOOL_STAFF).uuid)
    )
    assert_accessible(page)
    shot(page, "school-open-round")
    found = world_round(world)
    spec = found.staff_version.spec
    values = {item.key: 3 for item in spec.items}
    for user in (world.teacher, world.co_teacher, world.other_teacher, world.care, world.admin):
        ClimateResponse.objects.create(
            school=world.school,
            school_round=found,
            version=found.staff_version,
            respondent=Respondent.STAFF,
            user=user,
            values=values,
            scores=scale_scores(spec, values),
            answered=14,
            completed_at=timezone.now(),
        )
    page.goto("/climate/school/")
    expect(page.get_by_text("Eigen vragen, geen gevalideerd instrument.")).to_be_visible()
    assert_accessible(page)
    shot(page, "school")
