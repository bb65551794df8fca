"""In Chromium: from a signal on a child's page a teacher plans an action, its follow-up moment is
planned, answers arrive, and the review shows baseline, follow-up and the judgment; the decision is
recorded and audited. Every action-plan screen is checked by axe-core and photographed."""

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from onderstroom.actionplan.models import Action, Status
from onderstroom.actionplan.tests.helpers import WARM, followup_moment, keyed, rate, rated_class
from onderstroom.audit.models import AuditEvent
from onderstroom.schools.access import today
from onderstroom.testing.browser import TABLET, assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/actionplan-screens")


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_from_a_signal_to_an_action_its_follow_up_and_the_review(open_page, world: World) -> None:  # type: ignore[no-untyped-def]
    scene = rated_class(world)
    child = scene.enrollment.child
    page = open_page(**TABLET)
    page.goto("/healthz", timeout=60_000)
    sign_in(page, world.teacher)
    page.goto(f"/children/{child.uuid}/")
    page.get_by_role("link", name="Plan een actie").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Een actie voor jouw relatie met {child.first_name}"
    )
    expect(page.get_by_text("voelt zich niet goed toegerust")).to_be_visible()
    assert_accessible(page)
    shoot(page, "1-form")
    page.get_by_role("button", name="Zet in het plan").click()
    expect(page.get_by_role("alert")).to_be_visible()  # nothing filled in: a message, nothing stored
    assert not Action.objects.exists()
    assert_accessible(page)
    page.get_by_role("textbox", name="Doel").fill(f"{child.first_name} durft mij om hulp te vragen.")
    page.get_by_label("Banking Time", exact=False).check()
    page.get_by_label("Evaluatie", exact=True).fill((today() + timedelta(days=14)).isoformat())
    page.get_by_label("De maatstaf die moet veranderen").select_option(
        label="Nabijheid (hoe de leerkracht het ziet)"
    )
    page.get_by_role("button", name="Zet in het plan").click()

    expect(page.get_by_text("De actie staat in het plan.")).to_be_visible()
    action = Action.objects.get()
    moment = followup_moment(action)
    assert (moment.group_id, moment.opens_on) == (world.group.pk, today())
    assert action.signal_key == "low_handling"
    expect(page.get_by_text(f"{moment.name}, gaat open op")).to_be_visible()
    assert_accessible(page)
    shoot(page, "2-action")

    page.get_by_role("link", name="Evaluatie").click()
    expect(page.get_by_text("Nog niet genoeg antwoorden om te beoordelen.")).to_be_visible()
    shoot(page, "3-review-waiting")

    # The teacher rates the child again at the follow-up moment.
    rate(moment, scene.enrollment, world.teacher, keyed(moment.teacher_version.spec, WARM))  # type: ignore[union-attr]
    page.reload()
    judgment = page.locator(".ap-judgment")
    expect(judgment.get_by_role("row", name="Beginmeting")).to_contain_text("2,0")
    expect(judgment.get_by_role("row", name="Vervolgmeting")).to_contain_text("5,0")
    expect(judgment).to_contain_text("Het veranderde zoals de actie beoogde.")
    assert_accessible(page)
    shoot(page, "4-review-judged")

    # The review day has come: the plan says the action is due.
    Action.objects.filter(pk=action.pk).update(review_on=today())
    page.goto("/actions/")
    expect(page.get_by_role("row", name=action.goal)).to_contain_text("aan de beurt")
    page.go_back()

    page.get_by_role("radio", name="voortzetten").check()
    page.get_by_label("Notitie").fill("Het contact is warmer.")
    next_review = today() + timedelta(weeks=6)
    expect(page.get_by_label("Volgende evaluatie")).to_have_value(next_review.isoformat())
    shoot(page, "4b-review-decide")
    page.get_by_role("button", name="Leg het besluit vast").click()
    expect(page.get_by_text("Je besluit is vastgelegd.")).to_be_visible()
    action.refresh_from_db()
    assert (action.decision, action.status, action.decided_by) == ("keep", Status.RUNNING, world.teacher)
    assert action.review_on == next_review
    assert AuditEvent.objects.filter(action="actionplan.action.review", object_uuid=str(action.uuid)).exists()

    # Kept, it runs on to its next review, with a follow-up measurement of its own; its page keeps
    # the review that was.
    history = page.get_by_role("region", name="Eerdere evaluaties")
    expect(history).to_contain_text("voortzetten")
    expect(history).to_contain_text("Het contact is warmer.")
    expect(history).to_contain_text("besloten door Juf Anna")
    assert_accessible(page)
    shoot(page, "4c-action-history")
    page.goto("/actions/")
    expect(page.get_by_role("link", name=action.goal)).to_be_visible()
    expect(page.get_by_role("row", name=action.goal)).not_to_contain_text("aan de beurt")
    assert_accessible(page)
    shoot(page, "5-list")
    page.goto(f"/children/{child.uuid}/")
    expect(page.get_by_role("link", name=action.goal)).to_be_visible()
    assert_accessible(page)
    shoot(page, "9-child-page")


def test_the_directors_and_class_screens_are_accessible(open_page, world: World) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    page.goto("/healthz", timeout=60_000)
    sign_in(page, world.admin)
    page.goto("/actions/new")
    assert_accessible(page)
    shoot(page, "6-school-form")
    page.get_by_role("textbox", name="Doel").fill("Kinderen en ouders ontmoeten elkaar.")
    page.get_by_label("Een ontmoetingsplek", exact=False).check()
    page.get_by_role("button", name="Zet in het plan").click()
    expect(page.get_by_text("De actie staat in het plan.")).to_be_visible()
    page.get_by_role("link", name="Evaluatie").click()
    expect(page.get_by_text("Deze actie heeft geen maatstaf")).to_be_visible()
    assert_accessible(page)
    page.goto("/actions/")
    expect(page.get_by_role("heading", name="Acties in de school")).to_be_visible()
    assert_accessible(page)
    shoot(page, "7-director-list")
    care = open_page()
    care.goto("/healthz", timeout=60_000)
    sign_in(care, world.care)
    care.goto(f"/groups/{world.group.uuid}/actions/new")
    assert_accessible(care)
    shoot(care, "8-class-form")
