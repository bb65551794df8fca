"""Each demo school has an action plan with an action that helped and one that did not, both
followed up with answers that are in the demo data, so the review page shows both judgments."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from onderstroom.actionplan.access import target_of
from onderstroom.actionplan.models import Action, Level
from onderstroom.core import measures
from onderstroom.core.measures import Verdict
from onderstroom.demo.demo_board import find_demo_board
from onderstroom.schools.access import build_staff_actor
from onderstroom.schools.models import School

pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]


def test_every_demo_school_has_a_plan_with_one_action_that_helped_and_one_that_did_not() -> None:
    call_command("demo_data", stdout=StringIO())
    schools = list(School.objects.filter(board=find_demo_board()))
    assert schools
    for school in schools:
        actions = list(Action.objects.filter(school=school).select_related("owner", "group", "child"))
        assert {a.level for a in actions} == {Level.SCHOOL, Level.CLASS, Level.RELATIONSHIP}, school.name
        verdicts = {}
        for action in (a for a in actions if a.level == Level.RELATIONSHIP):
            actor = build_staff_actor(action.owner, None, school.pk)
            judgment = measures.compare(
                actor,
                target_of(action),
                action.measure_source,
                action.measure_key,
                action.starts_on,
                action.followup_ref,
            )
            assert action.signal_key == "low_handling"
            assert judgment.baseline is not None
            assert judgment.followup is not None
            assert judgment.followup.ref == action.followup_ref
            verdicts[action.catalogue_key] = judgment.verdict
        assert verdicts == {"banking_time": Verdict.HELPED, "learning_goal_talk": Verdict.NO_CHANGE}, (
            school.name
        )


def test_the_review_page_of_the_demo_shows_the_judgment() -> None:
    call_command("demo_data", stdout=StringIO())
    action = Action.objects.filter(catalogue_key="banking_time").select_related("owner").first()
    assert action is not None
    client = Client()
    client.force_login(action.owner)
    page = client.get(reverse("actionplan:review", kwargs={"uuid": action.uuid}))
    assert page.status_code == 200
    assert "Het veranderde zoals de actie beoogde." in page.text


def test_the_demo_action_that_helped_was_reviewed_once_already() -> None:
    """Its early review (kept, before the follow-up opened) is in its history; the action runs on to
    the review that is now due, with the follow-up it had, and the plan does not call it decided anew."""
    call_command("demo_data", stdout=StringIO())
    actions = list(Action.objects.filter(catalogue_key="banking_time", level=Level.RELATIONSHIP))
    assert actions
    for action in actions:
        reviews = list(action.reviews.all())
        assert len(reviews) == 1
        review = reviews[0]
        assert (review.decision, review.next_review_on, review.note) == (
            "keep",
            action.review_on,
            action.decision_note,
        )
        assert action.starts_on < review.due_on < action.followup_on
        assert review.decided_at == action.decided_at
        client = Client()
        client.force_login(action.owner)
        page = client.get(reverse("actionplan:action", kwargs={"uuid": action.uuid}))
        assert "Eerdere evaluaties" in page.text
