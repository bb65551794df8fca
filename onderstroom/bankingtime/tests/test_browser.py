"""In Chromium: a Banking Time session on a tablet from start to log, with a fake clock; and every
Banking Time and reflection screen once, checked by axe-core."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from onderstroom.bankingtime.models import Plan, Session
from onderstroom.bankingtime.tests.helpers import add_session, enrollment_of, make_plan, rate, raw_values
from onderstroom.questionnaires.builders import make_moment
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import today
from onderstroom.testing.browser import TABLET, assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def warm_up(page: Page) -> None:
    """The live server's first request imports every app's views (WeasyPrint among them): allow for it."""
    page.goto("/healthz", timeout=60_000)


def test_a_session_on_a_tablet_from_timer_to_log(open_page, world: World) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(world.child, world.group, world.teacher, starts_on=today() - timedelta(days=2))
    page = open_page(**TABLET)
    warm_up(page)
    sign_in(page, world.teacher)
    start = datetime(2026, 3, 3, 10, 0)
    page.clock.install(time=start)
    page.goto(f"/banking-time/{plan.uuid}/")
    assert_accessible(page)
    page.get_by_role("link", name="Start een sessie").tap()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Banking Time met {world.child.first_name}")
    expect(page.get_by_text("Nooit verdiend, nooit afgepakt.")).to_be_visible()
    expect(page.get_by_text("Bij mij ben je veilig")).to_be_visible()  # a theme to carry
    expect(page.get_by_text("Prijzen of bekritiseren: beschrijf liever wat je ziet")).to_be_visible()
    clock = page.get_by_role("timer")
    expect(clock).to_have_text("10:00")
    expect(page.get_by_role("button", name="Pauze")).to_be_hidden()
    assert_accessible(page)
    page.get_by_label("Wat koos de leerling om te doen?").fill("Bouwen met blokken")

    # From here time moves only when the test moves it. (axe-core waits on timers of its own, so the
    # page is checked again once the clock runs freely and the session timer has stopped.)
    page.clock.pause_at(start + timedelta(minutes=30))
    page.get_by_role("button", name="Start", exact=True).tap()
    page.clock.run_for("04:00")
    expect(clock).to_have_text("06:00")
    expect(page.get_by_role("status")).to_have_text("De sessie loopt.")

    page.get_by_role("button", name="Pauze").tap()
    page.clock.run_for("02:00")  # a pause does not count
    expect(clock).to_have_text("06:00")
    expect(page.get_by_role("status")).to_have_text("Gepauzeerd.")

    page.get_by_role("button", name="Start", exact=True).tap()
    page.clock.run_for("06:00")
    expect(clock).to_have_text("00:00")
    expect(page.get_by_role("status")).to_contain_text("De tijd is om.")
    page.clock.run_for("01:00")  # the timer keeps counting, gently, past the planned time
    expect(clock).to_have_text("+01:00")

    page.get_by_role("button", name="Sessie afronden").tap()
    expect(page.get_by_role("status")).to_contain_text("De sessie is afgelopen.")
    expect(page.get_by_label("Hoeveel minuten duurde het?")).to_have_value("11")
    expect(page.get_by_role("heading", name="Na de sessie")).to_be_focused()
    page.clock.resume()
    assert_accessible(page)
    page.screenshot(path="/tmp/h10-session-time-up.png", full_page=True)
    page.get_by_label("Observeren").check()
    page.get_by_label("Benoemen wat de leerling doet").check()
    page.get_by_label("Gevoelens benoemen").check()
    page.get_by_label("Prijzen").check()
    page.get_by_label("ontspannen").check()
    page.get_by_label("Notitie").fill("Bouwde een toren en vertelde erover.")
    assert_accessible(page)
    page.get_by_role("button", name="Sessie opslaan").tap()

    expect(page.get_by_text("De sessie is opgeslagen.")).to_be_visible()
    expect(page).to_have_url(f"/banking-time/{plan.uuid}/")
    expect(page.get_by_role("cell", name="Bouwen met blokken")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/h10-plan-after.png", full_page=True)
    session = Session.objects.get()
    assert (session.minutes, session.activity, session.techniques, session.slips, session.mood) == (
        11,
        "Bouwen met blokken",
        ["observe", "narrate", "feelings"],
        ["praise"],
        "relaxed",
    )


def test_every_screen_in_the_browser_is_accessible(open_page, world: World) -> None:  # type: ignore[no-untyped-def]
    moment = make_moment(world.group, name="Oktober", opens_on=today() - timedelta(days=21))
    low_handling = raw_values(
        moment.teacher_version.spec, {"closeness": 3, "conflict": 2, "dependency": 2, "handling": 1}
    )
    rate(moment, enrollment_of(world.child), world.teacher, low_handling, "teacher")
    classmate = world.group.enrollments.exclude(child=world.child).first().child
    other = make_plan(classmate, world.group, world.teacher, starts_on=today() - timedelta(days=16))
    for days in (15, 13, 9, 2):
        add_session(
            other, today() - timedelta(days=days), techniques=["observe", "follow"], slips=["question"]
        )

    page = open_page()
    warm_up(page)
    sign_in(page, world.teacher)
    page.goto(f"/groups/{world.group.uuid}/banking-time/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Banking Time")
    assert_accessible(page)

    # From the signal to a plan: the reason is the signal's sentence.
    page.goto(f"/children/{world.child.uuid}/banking-time/new?signal=low_handling&moment={moment.uuid}")
    reason = page.get_by_label("Waarom Banking Time met deze leerling")
    sentence = (
        f"{world.teacher.full_name} voelt zich niet goed toegerust om {world.child.first_name} te begeleiden."
    )
    expect(reason).to_have_value(f"{sentence} (Oktober)")
    page.get_by_label("Vast moment").fill("dinsdag en donderdag na de kleine pauze")
    page.get_by_label("Ik ben in je geïnteresseerd").check()
    page.get_by_role("button", name="Plan opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()  # one theme is not enough
    assert_accessible(page)
    page.get_by_label("Bij mij ben je veilig").check()
    page.get_by_role("button", name="Plan opslaan").click()
    expect(page.get_by_text("Het plan staat klaar.")).to_be_visible()
    plan = Plan.objects.get(child=world.child)
    assert (plan.signal_key, plan.signal_moment_id) == ("low_handling", moment.pk)
    assert_accessible(page)

    page.goto(f"/banking-time/{other.uuid}/")
    expect(page.get_by_role("heading", name="Dosering")).to_be_visible()
    assert_accessible(page)

    # Changing the plan: the moment moves to Wednesday; fewer weeks than have begun is refused.
    page.get_by_role("link", name="Plan wijzigen").last.click()  # next to "Stop het plan vandaag"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Plan met {classmate.first_name} wijzigen")
    expect(page.get_by_label("Vast moment")).to_have_value("dinsdag en donderdag na de kleine pauze")
    expect(page.get_by_text("De dosering wordt berekend met het plan zoals het nu is.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vast moment").fill("woensdag na de pauze")
    page.get_by_label("Hoeveel weken").fill("2")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_text("Minstens 3: het plan is al in week 3.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Hoeveel weken").fill("6")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_text("Het plan is gewijzigd.")).to_be_visible()
    expect(page.get_by_text("woensdag na de pauze")).to_be_visible()
    other.refresh_from_db()
    assert (other.fixed_moment, other.weeks) == ("woensdag na de pauze", 6)
    assert_accessible(page)

    # A reflection from the same signal, on the child page's timeline, shared with the care coordinator.
    page.goto(f"/children/{world.child.uuid}/reflections/new?signal=low_handling&moment={moment.uuid}")
    expect(page.get_by_text("Naar aanleiding van het signaal")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Schrijf iets bij minstens één van de vragen.")
    page.get_by_label("Eerste woord").fill("stroef")
    page.get_by_label("Mijn beeld van deze leerling, in één zin").fill("Wil vooral niet opvallen.")
    page.get_by_label("een innerlijke zucht").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Alleen jij kunt deze reflectie lezen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Delen").click()
    expect(page.get_by_text(f"Gedeeld met {world.care.full_name}.")).to_be_visible()
    entry = Entry.objects.get()
    assert (entry.shared_with, entry.signal_key) == (world.care, "low_handling")

    page.goto(f"/children/{world.child.uuid}/")
    expect(page.get_by_role("heading", name="Jouw reflecties")).to_be_visible()
    timeline = page.locator("svg.rf-timeline")
    expect(timeline).to_be_visible()
    expect(timeline).to_have_attribute("aria-label", re.compile(r"Oktober: Aankunnen 1,0.*Reflectie 1, "))
    assert_accessible(page)
    page.screenshot(path="/tmp/h10-child-page.png", full_page=True)
    page.goto(f"/children/{world.child.uuid}/reflections/")
    assert_accessible(page)

    care = open_page()
    sign_in(care, world.care)
    care.goto(f"/groups/{world.group.uuid}/signals/")
    row = care.get_by_role("row").filter(has_text=world.child.full_name)
    expect(row.get_by_role("link", name="Banking Time met")).to_be_visible()
    expect(row.get_by_role("link", name="Reflectie van")).to_be_visible()
    assert_accessible(care)
    care.screenshot(path="/tmp/h10-signals.png", full_page=True)
    row.get_by_role("link", name="Reflectie van").click()
    expect(care.get_by_text("stroef")).to_be_visible()
    assert_accessible(care)
