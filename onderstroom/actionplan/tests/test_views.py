"""The pages: the form from a signal, bad input, the review before and after the follow-up answers,
the decision, and constant query counts on the list and the review page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from onderstroom.actionplan.models import Action, Level, Status
from onderstroom.actionplan.tests.helpers import (
    CLOSENESS,
    WARM,
    followup_moment,
    keyed,
    rate,
    rated_class,
    relationship_action,
)
from onderstroom.audit.models import AuditEvent
from onderstroom.schools.access import today
from onderstroom.testing.queries import page_queries
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


def form_data(**fields: object) -> dict[str, object]:
    data = {
        "goal": "Bas durft mij om hulp te vragen.",
        "suggestion": "banking_time",
        "what": "",
        "starts_on": today().isoformat(),
        "review_on": (today() + timedelta(days=14)).isoformat(),
        "measure": CLOSENESS,
        "plan_followup": "on",
    }
    data.update(fields)
    return data


def test_from_a_signal_the_form_shows_it_and_the_action_keeps_it(world: World) -> None:
    scene = rated_class(world)
    client = world.client_for(Persona.TEACHER)
    url = reverse("actionplan:new_relationship", kwargs={"uuid": world.child.uuid})
    query = {"signal": "low_handling", "moment": str(scene.baseline.uuid)}
    page = client.get(url, query)
    assert page.status_code == 200
    assert "Naar aanleiding van het signaal" in page.text
    response = client.post(url, form_data(signal="low_handling", moment=str(scene.baseline.uuid)))
    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actionplan:action", kwargs={"uuid": action.uuid})
    assert (action.signal_key, action.signal_moment_id) == ("low_handling", scene.baseline.pk)
    assert action.signal_text
    assert action.followup_ref == f"moment:{followup_moment(action).uuid}"


def test_a_signal_that_is_not_there_is_ignored(world: World) -> None:
    """A made-up signal or a moment of another group links nothing."""
    scene = rated_class(world)
    client = world.client_for(Persona.TEACHER)
    url = reverse("actionplan:new_relationship", kwargs={"uuid": world.child.uuid})
    client.post(url, form_data(signal="made_up", moment=str(scene.baseline.uuid)))
    assert Action.objects.get().signal_key == ""


@pytest.mark.parametrize(
    "fields",
    [
        {"goal": ""},
        {"suggestion": "nonsense"},
        {"review_on": "31-31-2026"},
        {"review_on": (today() - timedelta(days=3)).isoformat()},
        {"measure": "questionnaires.relationship:made.up"},
        {"moment": "not-a-uuid"},
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(world: World, fields: dict[str, str]) -> None:
    rated_class(world)
    client = world.client_for(Persona.TEACHER)
    url = reverse("actionplan:new_relationship", kwargs={"uuid": world.child.uuid})
    response = client.post(url, form_data(**fields))
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert not Action.objects.exists()


def test_the_review_says_plainly_when_there_are_not_enough_answers_then_judges(world: World) -> None:
    scene = rated_class(world)
    action = relationship_action(world, scene)
    client = world.client_for(Persona.TEACHER)
    url = reverse("actionplan:review", kwargs={"uuid": action.uuid})
    before = client.get(url).text
    assert "Nog niet genoeg antwoorden om te beoordelen." in before
    assert "Nog niet ingevuld." in before
    moment = followup_moment(action)
    rate(moment, scene.enrollment, world.teacher, keyed(moment.teacher_version.spec, WARM))  # type: ignore[union-attr]
    after = client.get(url).text
    assert "Het veranderde zoals de actie beoogde." in after
    assert "2,0" in after
    assert "5,0" in after


def test_the_owner_records_the_decision_and_a_colleague_cannot(world: World) -> None:
    action = relationship_action(world, rated_class(world), plan_followup=False)
    url = reverse("actionplan:review", kwargs={"uuid": action.uuid})
    care = world.client_for(Persona.CARE)
    assert "Leg het besluit vast" not in care.get(url).text
    assert care.post(url, {"decision": "stop"}).status_code == 404
    teacher = world.client_for(Persona.TEACHER)
    next_review = (today() + timedelta(days=28)).isoformat()
    assert (
        teacher.post(url, {"decision": "adjust", "note": "", "next_review_on": next_review}).status_code
        == 400
    )
    # Kept or adjusted, the action needs its next review: without one, or with a bad one, nothing changes.
    for bad in ("", "31-31-2026", today().isoformat()):
        answer = teacher.post(
            url, {"decision": "adjust", "note": "Twee keer per week.", "next_review_on": bad}
        )
        assert answer.status_code == 400
        assert 'role="alert"' in answer.text
    action.refresh_from_db()
    assert action.decision == ""
    assert (
        teacher.post(
            url, {"decision": "adjust", "note": "Twee keer per week.", "next_review_on": next_review}
        ).status_code
        == 302
    )
    action.refresh_from_db()
    assert (action.decision, action.status, action.decision_note, action.review_on.isoformat()) == (
        "adjust",
        Status.RUNNING,
        "Twee keer per week.",
        next_review,
    )
    # The action's page keeps the review, for the owner and for the care coordinator of the group.
    page = reverse("actionplan:action", kwargs={"uuid": action.uuid})
    for client in (teacher, care):
        text = client.get(page).text
        assert "Eerdere evaluaties" in text
        assert "Twee keer per week." in text
        assert "besloten door Juf Anna" in text
    assert world.client_for(Persona.OUTSIDER).get(page).status_code == 404
    assert (
        AuditEvent.objects.filter(action="actionplan.action.review", object_uuid=str(action.uuid)).count()
        == 1
    )


def make_actions(world: World, count: int) -> None:
    for i in range(count):
        Action.objects.create(
            school=world.school,
            level=Level.RELATIONSHIP if i % 2 else Level.CLASS,
            group=world.group,
            child=world.child if i % 2 else None,
            owner=world.teacher,
            goal=f"Doel {i}",
            catalogue_key="banking_time" if i % 2 else "social_skills",
            starts_on=today(),
            review_on=today() + timedelta(days=30 + i),
        )


def test_the_list_and_the_review_take_the_same_queries_for_1_and_8_actions(world: World) -> None:
    scene = rated_class(world)
    reviewed = relationship_action(world, scene)
    client = world.client_for(Persona.CARE)
    review = reverse("actionplan:review", kwargs={"uuid": reviewed.uuid})
    listed = reverse("actionplan:list")
    one = (page_queries(client, listed), page_queries(client, review))
    make_actions(world, 7)
    assert Action.objects.count() == 8
    eight = (page_queries(client, listed), page_queries(client, review))
    assert one == eight


def test_the_director_sees_the_school_plan_and_counts_but_no_child(world: World) -> None:
    relationship_action(world, rated_class(world), plan_followup=False)
    client = world.client_for(Persona.ADMIN)
    page = client.get(reverse("actionplan:list")).text
    assert "Acties in de school" in page
    assert world.child.full_name not in page
    created = client.post(
        reverse("actionplan:new_school"),
        form_data(goal="Een plek om elkaar te ontmoeten.", suggestion="meeting_space", measure=""),
    )
    assert created.status_code == 302
    assert Action.objects.filter(level=Level.SCHOOL, owner=world.admin).exists()


def test_the_home_page_says_an_own_action_is_due_without_its_goal(world: World) -> None:
    action = relationship_action(world, rated_class(world), plan_followup=False)
    Action.objects.filter(pk=action.pk).update(review_on=today() + timedelta(days=3))
    home = world.client_for(Persona.TEACHER).get(reverse("core:home")).text
    assert f"De actie voor {world.child.full_name} is toe aan evaluatie." in home
    assert action.goal not in home
    assert "is toe aan evaluatie" not in world.client_for(Persona.CARE).get(reverse("core:home")).text


def test_the_child_and_group_pages_show_the_actions_and_the_way_to_plan_one(world: World) -> None:
    action = relationship_action(world, rated_class(world), plan_followup=False)
    teacher = world.client_for(Persona.TEACHER)
    child_page = teacher.get(reverse("schools:child", kwargs={"uuid": world.child.uuid})).text
    assert action.goal in child_page
    assert reverse("actionplan:new_relationship", kwargs={"uuid": world.child.uuid}) in child_page
    group_page = teacher.get(reverse("schools:group", kwargs={"uuid": world.group.uuid})).text
    assert reverse("actionplan:new_class", kwargs={"uuid": world.group.uuid}) in group_page
    assert action.goal not in group_page  # a relationship action stays on the child's page
    co_teacher = Client()
    co_teacher.force_login(world.co_teacher)
    assert action.goal not in co_teacher.get(reverse("schools:child", kwargs={"uuid": world.child.uuid})).text
