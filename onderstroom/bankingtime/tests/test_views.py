"""Banking Time screens as every kind of colleague: plans, the session log, bad input, the audit log."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from onderstroom.audit.models import AuditEvent
from onderstroom.bankingtime.models import Plan, Session
from onderstroom.bankingtime.tests.helpers import add_session, make_plan
from onderstroom.schools.access import today
from onderstroom.testing.world import Persona, World, add_child, make_child

pytestmark = pytest.mark.django_db

NOTE = "Vertelde over de nieuwe hond van opa"


def plan_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "reason": "Weinig contact sinds de herfstvakantie.",
        "minutes": 10,
        "sessions_per_week": 3,
        "weeks": 8,
        "starts_on": today().isoformat(),
        "fixed_moment": "dinsdag en donderdag na de kleine pauze",
        "themes": ["interested"],
        "own_themes": "Jij mag er zijn",
    }
    data.update(changes)
    return data


def session_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "activity": "blokken",
        "held_on": today().isoformat(),
        "minutes": 11,
        "techniques": ["observe", "narrate"],
        "slips": ["praise"],
        "mood": "relaxed",
        "note": NOTE,
    }
    data.update(changes)
    return data


def actions_of(world: World) -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


def test_a_teacher_plans_banking_time_with_own_words(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    response = client.post(reverse("bankingtime:new_plan", kwargs={"uuid": world.child.uuid}), plan_data())
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert (plan.teacher, plan.child, plan.group, plan.themes, plan.own_themes) == (
        world.teacher,
        world.child,
        world.group,
        ["interested"],
        ["Jij mag er zijn"],
    )
    assert plan.signal_key == ""
    assert plan.signal_moment is None
    row = AuditEvent.objects.get(action="bankingtime.plan.create")
    assert (row.child_id, row.details["themes"], row.details["linked_to_signal"]) == (
        world.child.pk,
        2,
        False,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"themes": ["interested"], "own_themes": ""}, "themes"),  # one theme
        ({"themes": ["interested", "safe", "help"], "own_themes": "En nog één"}, "themes"),  # four
        ({"themes": ["bribe"]}, "themes"),
        ({"minutes": 20}, "minutes"),
        ({"minutes": 4}, "minutes"),
        ({"sessions_per_week": 0}, "sessions_per_week"),
        ({"weeks": 21}, "weeks"),
        ({"starts_on": "2001-01-01"}, "starts_on"),
        ({"starts_on": "31-02-2026"}, "starts_on"),
        ({"fixed_moment": ""}, "fixed_moment"),
        ({"reason": ""}, "reason"),
        ({"own_themes": "x" * 81 + "\nJij mag er zijn"}, "own_themes"),
    ],
)
def test_bad_plan_input_gets_a_message_and_stores_nothing(world: World, changes: dict, field: str) -> None:
    client = world.client_for(Persona.TEACHER)
    response = client.post(
        reverse("bankingtime:new_plan", kwargs={"uuid": world.child.uuid}), plan_data(**changes)
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert 'role="alert"' in response.content.decode()
    assert not Plan.objects.exists()
    assert "bankingtime.plan.create" not in actions_of(world)


def test_a_signal_of_another_group_is_not_linked(world: World) -> None:
    from onderstroom.questionnaires.builders import make_moment

    elsewhere = make_moment(world.other_group, name="Oktober")
    client = world.client_for(Persona.TEACHER)
    client.post(
        reverse("bankingtime:new_plan", kwargs={"uuid": world.child.uuid}),
        plan_data(signal="low_handling", moment=str(elsewhere.uuid)),
    )
    plan = Plan.objects.get()
    assert (plan.signal_key, plan.signal_moment) == ("", None)


def test_the_care_coordinator_and_the_co_teacher_follow_a_plan_but_do_not_run_it(world: World) -> None:
    plan = make_plan(world.child, world.group, world.teacher, starts_on=today() - timedelta(days=3))
    add_session(plan, today() - timedelta(days=1), note=NOTE)
    plan_url = reverse("bankingtime:plan", kwargs={"uuid": plan.uuid})
    session_url = reverse("bankingtime:session", kwargs={"uuid": plan.uuid})
    co_teacher = Client()
    co_teacher.force_login(world.co_teacher)
    for client in (world.client_for(Persona.CARE), co_teacher):
        page = client.get(plan_url)
        assert page.status_code == 200
        assert NOTE in page.content.decode()
        assert session_url not in page.content.decode()
        assert client.get(session_url).status_code == 404
        assert client.post(session_url, session_data()).status_code == 404
    assert Session.objects.count() == 1
    for persona in (Persona.OTHER_TEACHER, Persona.ADMIN, Persona.BOARD, Persona.OUTSIDER):
        assert world.client_for(persona).get(plan_url).status_code == 404


def test_the_teacher_logs_a_session_and_the_audit_row_holds_no_words(world: World) -> None:
    plan = make_plan(world.child, world.group, world.teacher, starts_on=today() - timedelta(days=3))
    client = world.client_for(Persona.TEACHER)
    url = reverse("bankingtime:session", kwargs={"uuid": plan.uuid})
    assert client.get(url).status_code == 200
    response = client.post(url, session_data(techniques=["narrate", "observe"]))
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.minutes, session.techniques, session.slips, session.mood, session.note) == (
        11,
        ["observe", "narrate"],
        ["praise"],
        "relaxed",
        NOTE,
    )
    row = AuditEvent.objects.get(action="bankingtime.session.log")
    assert row.details == {"minutes": 11, "techniques": 2, "slips": 1, "mood": True, "note": True}
    assert "bankingtime.session.open" in actions_of(world)
    page = client.get(reverse("bankingtime:plan", kwargs={"uuid": plan.uuid}))
    assert page.context["dosage"].held == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"held_on": (today() + timedelta(days=1)).isoformat()},  # not held yet
        {"held_on": (today() - timedelta(days=30)).isoformat()},  # before the plan
        {"held_on": "gisteren"},
        {"minutes": 0},
        {"minutes": 61},
        {"techniques": ["observe", "lecture"]},
        {"mood": "furious"},
    ],
)
def test_bad_session_input_gets_a_message_and_stores_nothing(world: World, changes: dict) -> None:
    plan = make_plan(world.child, world.group, world.teacher, starts_on=today() - timedelta(days=3))
    client = world.client_for(Persona.TEACHER)
    response = client.post(
        reverse("bankingtime:session", kwargs={"uuid": plan.uuid}), session_data(**changes)
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Session.objects.exists()


def test_stopping_a_plan_and_stopping_it_again(world: World) -> None:
    plan = make_plan(world.child, world.group, world.teacher, starts_on=today() - timedelta(days=10))
    client = world.client_for(Persona.TEACHER)
    url = reverse("bankingtime:stop", kwargs={"uuid": plan.uuid})
    # The button asks first: a stopped plan cannot be started again.
    page = client.get(reverse("bankingtime:plan", kwargs={"uuid": plan.uuid})).content.decode()
    assert f'action="{url}" class="actions no-print" data-confirm="Dit plan vandaag stoppen?' in page
    assert client.post(url).status_code == 302
    plan.refresh_from_db()
    assert plan.ended_on == today()
    assert plan.last_day == today()
    again = client.post(url, follow=True)
    assert again.status_code == 200
    assert list(again.context["messages"])
    assert actions_of(world).count("bankingtime.plan.end") == 1
    # After the stop a session on a later day no longer fits the plan.
    late = client.post(
        reverse("bankingtime:session", kwargs={"uuid": plan.uuid}),
        session_data(held_on=(today() + timedelta(days=1)).isoformat()),
    )
    assert late.status_code == 400


def test_a_plan_that_has_not_started_cannot_be_stopped(world: World) -> None:
    plan = make_plan(world.child, world.group, world.teacher, starts_on=today() + timedelta(days=3))
    client = world.client_for(Persona.TEACHER)
    client.post(reverse("bankingtime:stop", kwargs={"uuid": plan.uuid}))
    plan.refresh_from_db()
    assert plan.ended_on is None


def test_every_read_is_audited(world: World) -> None:
    plan = make_plan(world.child, world.group, world.teacher, starts_on=today() - timedelta(days=3))
    client = world.client_for(Persona.CARE)
    client.get(reverse("bankingtime:overview", kwargs={"uuid": world.group.uuid}))
    client.get(reverse("bankingtime:plan", kwargs={"uuid": plan.uuid}))
    client.get(reverse("schools:child", kwargs={"uuid": world.child.uuid}))
    reads = AuditEvent.objects.filter(action__startswith="bankingtime.", child=world.child)
    assert set(reads.values_list("action", flat=True)) == {
        "bankingtime.overview.view",
        "bankingtime.plan.view",
        "bankingtime.child.view",
    }


def test_the_child_page_panel_offers_a_plan_only_to_the_childs_teachers(world: World) -> None:
    new_url = reverse("bankingtime:new_plan", kwargs={"uuid": world.child.uuid})
    teacher = world.client_for(Persona.TEACHER).get(
        reverse("schools:child", kwargs={"uuid": world.child.uuid})
    )
    care = world.client_for(Persona.CARE).get(reverse("schools:child", kwargs={"uuid": world.child.uuid}))
    assert new_url in teacher.content.decode()
    assert new_url not in care.content.decode()


def test_with_a_running_plan_of_their_own_the_teacher_is_offered_its_next_session(world: World) -> None:
    plan = make_plan(world.child, world.group, world.teacher, starts_on=today() - timedelta(days=3))
    child_page = reverse("schools:child", kwargs={"uuid": world.child.uuid})
    new_url = reverse("bankingtime:new_plan", kwargs={"uuid": world.child.uuid})
    session_url = reverse("bankingtime:session", kwargs={"uuid": plan.uuid})
    own = world.client_for(Persona.TEACHER).get(child_page).content.decode()
    assert session_url in own
    assert new_url not in own
    # The co-teacher follows the plan and may still plan one of their own.
    co_teacher = Client()
    co_teacher.force_login(world.co_teacher)
    co = co_teacher.get(child_page).content.decode()
    assert session_url not in co
    assert new_url in co
    plan.ended_on = today() - timedelta(days=1)  # stopped: the teacher may plan anew
    plan.save()
    assert new_url in world.client_for(Persona.TEACHER).get(child_page).content.decode()


def test_the_home_page_counts_this_weeks_sessions_until_they_are_held(world: World) -> None:
    # Day one of week two of a plan of 2 sessions a week: nothing held yet this week.
    plan = make_plan(
        world.child, world.group, world.teacher, starts_on=today() - timedelta(days=7), per_week=2
    )
    add_session(plan, today() - timedelta(days=5))  # last week's
    waiting = f"Banking Time met {world.child.full_name}: deze week 0 van de 2 sessies gehouden."
    session_url = reverse("bankingtime:session", kwargs={"uuid": plan.uuid})
    home = world.client_for(Persona.TEACHER).get("/").content.decode()
    assert waiting in home
    assert session_url in home
    assert "Week 2 van 8" in home
    assert AuditEvent.objects.filter(
        action="bankingtime.home.view", actor_user_id=world.teacher.pk, child=world.child
    ).exists()
    # Only the plan's own teacher is asked; the co-teacher and the care coordinator follow it elsewhere.
    co_teacher = Client()
    co_teacher.force_login(world.co_teacher)
    for client in (co_teacher, world.client_for(Persona.CARE), world.client_for(Persona.OTHER_TEACHER)):
        assert session_url not in client.get("/").content.decode()
    add_session(plan, today())
    assert (
        "deze week 1 van de 2 sessies gehouden."
        in world.client_for(Persona.TEACHER).get("/").content.decode()
    )
    add_session(plan, today())
    assert session_url not in world.client_for(Persona.TEACHER).get("/").content.decode()
    # A stopped plan asks nothing.
    Session.objects.filter(plan=plan).delete()
    plan.ended_on = today() - timedelta(days=1)
    plan.save()
    assert session_url not in world.client_for(Persona.TEACHER).get("/").content.decode()


def group_of(world: World, size: int) -> None:
    """A group of `size` children, each with a running plan and three sessions."""
    for i in range(size - 3):
        add_child(world.group, make_child(world.school), [4, 5, 6][i % 3])
    for enrollment in world.group.enrollments.select_related("child"):
        plan = make_plan(enrollment.child, world.group, world.teacher, starts_on=today() - timedelta(days=15))
        for days in (14, 8, 1):
            add_session(plan, today() - timedelta(days=days))


@pytest.mark.parametrize("size", [5, 30])
def test_the_overview_reads_a_fixed_number_of_queries(
    world: World, size: int, django_assert_num_queries
) -> None:
    group_of(world, size)
    client = world.client_for(Persona.TEACHER)
    url = reverse("bankingtime:overview", kwargs={"uuid": world.group.uuid})
    client.get(url)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(url)
    assert len(response.context["rows"]) == size


# The session, the actor (user, roles, boards, year, groups), the group, the plans, their sessions,
# the school's holidays, the children without a plan and the audit insert (savepoint, the chain's
# head read once and locked, insert, update, release); the session is not saved (its stamp moves at
# most once a minute): the same for five children as for thirty.
OVERVIEW_QUERIES = 16
