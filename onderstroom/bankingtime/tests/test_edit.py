"""Changing a running plan: only its own teacher, only until it ends, the same limits as a new plan,
an audit row that names the fields changed and nothing of what was written."""

import json
from datetime import timedelta

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from onderstroom.audit.models import AuditEvent
from onderstroom.bankingtime import services
from onderstroom.bankingtime.dosage import dosage
from onderstroom.bankingtime.models import Plan
from onderstroom.bankingtime.services import PlanData
from onderstroom.bankingtime.tests.helpers import actor_for, add_session, make_plan
from onderstroom.core.errors import Refused
from onderstroom.schools.access import today
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

KEPT = (
    "minutes",
    "sessions_per_week",
    "weeks",
    "starts_on",
    "fixed_moment",
    "themes",
    "own_themes",
    "reason",
)


def running_plan(world: World, days_ago: int = 9, **fields: object) -> Plan:
    """The world's teacher's plan with the world's child, in its second week (9 days ago by default)."""
    return make_plan(
        world.child, world.group, world.teacher, starts_on=today() - timedelta(days=days_ago), **fields
    )


def edit_url(plan: Plan) -> str:
    return reverse("bankingtime:edit_plan", kwargs={"uuid": plan.uuid})


def plan_url(plan: Plan) -> str:
    return reverse("bankingtime:plan", kwargs={"uuid": plan.uuid})


def as_posted(plan: Plan, **changes: object) -> dict[str, object]:
    """The edit form as it comes filled in, with some changes."""
    data: dict[str, object] = {
        "reason": plan.reason,
        "minutes": plan.minutes,
        "sessions_per_week": plan.sessions_per_week,
        "weeks": plan.weeks,
        "fixed_moment": plan.fixed_moment,
        "themes": list(plan.themes),
        "own_themes": "\n".join(plan.own_themes),
    }
    data.update(changes)
    return data


def snapshot(plan: Plan) -> tuple[object, ...]:
    fresh = Plan.objects.get(pk=plan.pk)
    return tuple(getattr(fresh, name) for name in KEPT)


def updates() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="bankingtime.plan.update").order_by("sequence"))


def test_the_owner_opens_the_form_filled_in_with_the_plan(world: World) -> None:
    plan = running_plan(world, own_themes=["Jij mag er zijn"])
    Plan.objects.filter(pk=plan.pk).update(themes=["interested"])
    client = world.client_for(Persona.TEACHER)
    response = client.get(edit_url(plan))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    form = response.context["form"]
    assert form.initial["fixed_moment"] == "dinsdag en donderdag na de kleine pauze"
    assert (form.initial["minutes"], form.initial["sessions_per_week"], form.initial["weeks"]) == (10, 3, 8)
    assert form.initial["themes"] == ["interested"]
    assert form.initial["own_themes"] == "Jij mag er zijn"
    page = response.content.decode()
    assert "<title>Plan wijzigen" in page
    assert "Wijzigingen opslaan" in page
    assert "De dosering wordt berekend met het plan zoals het nu is." in page
    assert f'<a class="button secondary" href="{plan_url(plan)}">Annuleren</a>' in page
    # The plan has begun: its first day is shown, not offered; the signal link is not in the form.
    assert 'name="starts_on"' not in page
    assert 'name="signal"' not in page
    assert "ligt vast" in page
    assert AuditEvent.objects.filter(action="bankingtime.plan.edit", child=world.child).count() == 1


def test_the_owner_moves_the_moment_and_the_audit_row_names_only_the_fields(world: World) -> None:
    plan = running_plan(world)
    client = world.client_for(Persona.TEACHER)
    response = client.post(
        edit_url(plan),
        as_posted(plan, fixed_moment="woensdag", minutes=12, themes=["interested", "reliable"]),
        follow=True,
    )
    assert response.redirect_chain == [(plan_url(plan), 302)]
    assert "Het plan is gewijzigd." in [str(m) for m in response.context["messages"]]
    plan.refresh_from_db()
    assert (plan.fixed_moment, plan.minutes, plan.themes) == ("woensdag", 12, ["interested", "reliable"])
    assert (plan.sessions_per_week, plan.weeks, plan.reason) == (3, 8, "Weinig contact de laatste weken.")
    [row] = updates()
    assert (row.child_id, row.actor_user_id) == (world.child.pk, world.teacher.pk)
    assert row.details == {"fields": ["minutes", "fixed_moment", "themes"]}
    assert "woensdag" not in json.dumps(row.details)


def test_the_reason_and_own_words_can_be_corrected(world: World) -> None:
    plan = running_plan(world)
    client = world.client_for(Persona.TEACHER)
    client.post(
        edit_url(plan),
        as_posted(
            plan,
            reason="  Weinig contact sinds de kerstvakantie.  ",
            themes=["safe"],
            own_themes="Jij telt mee",
        ),
    )
    plan.refresh_from_db()
    assert (plan.reason, plan.themes, plan.own_themes) == (
        "Weinig contact sinds de kerstvakantie.",
        ["safe"],
        ["Jij telt mee"],
    )
    assert updates()[0].details == {"fields": ["themes", "own_themes", "reason"]}


def test_saving_without_a_change_says_so_and_writes_no_row(world: World) -> None:
    plan = running_plan(world)
    before = snapshot(plan)
    client = world.client_for(Persona.TEACHER)
    # The same themes ticked in another order, and the moment with spaces around it, change nothing.
    response = client.post(
        edit_url(plan),
        as_posted(plan, themes=list(reversed(plan.themes)), fixed_moment=f"  {plan.fixed_moment} "),
        follow=True,
    )
    assert response.redirect_chain == [(plan_url(plan), 302)]
    assert "Er is niets gewijzigd." in [str(m) for m in response.context["messages"]]
    assert snapshot(plan) == before
    assert updates() == []


@pytest.mark.parametrize(
    ("changes", "field", "dutch"),
    [
        ({"themes": ["interested"], "own_themes": ""}, "themes", "Kies in totaal twee of drie thema's"),
        ({"themes": ["interested", "safe", "help"], "own_themes": "En nog één"}, "themes", None),
        ({"themes": ["bribe"]}, "themes", None),
        ({"minutes": 20}, "minutes", None),
        ({"minutes": 4}, "minutes", None),
        ({"sessions_per_week": 0}, "sessions_per_week", None),
        ({"sessions_per_week": 6}, "sessions_per_week", None),
        ({"weeks": 21}, "weeks", None),
        # nine days in, the plan is in its second week: it cannot end before today
        ({"weeks": 1}, "weeks", "Minstens 2: het plan is al in week 2."),
        ({"fixed_moment": ""}, "fixed_moment", None),
        ({"fixed_moment": "x" * 201}, "fixed_moment", None),
        ({"reason": "   "}, "reason", None),
        ({"own_themes": "x" * 81 + "\nJij mag er zijn"}, "own_themes", None),
    ],
)
def test_bad_input_gets_a_dutch_message_and_changes_nothing(
    world: World, changes: dict, field: str, dutch: str | None
) -> None:
    plan = running_plan(world)
    before = snapshot(plan)
    client = world.client_for(Persona.TEACHER)
    response = client.post(edit_url(plan), as_posted(plan, **{"fixed_moment": "woensdag", **changes}))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Kijk de gemarkeerde velden hieronder na." in page
    if dutch:
        assert dutch in " ".join(response.context["form"].errors[field])
    assert snapshot(plan) == before
    assert updates() == []


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"minutes": "tien", "sessions_per_week": "3.5", "weeks": "1e9"}, 400),
        ({"minutes": "99999999999999999999999", "weeks": "-1"}, 400),
        ({"themes": ["<script>", ""], "own_themes": "\x00"}, 400),
        ({"reason": "x" * 5000, "fixed_moment": "\x00"}, 400),
        ({"starts_on": "2026-13-45"}, 400),  # offered before the plan begins
        (None, 400),  # nothing posted at all
    ],
)
def test_garbage_never_makes_a_500(world: World, data: dict | None, status: int) -> None:
    plan = running_plan(world, days_ago=-5)
    before = snapshot(plan)
    client = world.client_for(Persona.TEACHER)
    response = client.post(edit_url(plan), as_posted(plan, **data) if data is not None else {})
    assert response.status_code == status
    assert snapshot(plan) == before
    assert updates() == []


def test_fields_that_are_not_offered_are_ignored(world: World) -> None:
    """Once the plan has begun, a posted first day or signal is not part of the form."""
    plan = running_plan(world, signal_key="low_handling")
    before = snapshot(plan)
    client = world.client_for(Persona.TEACHER)
    posted = as_posted(plan, starts_on="2026-13-45", signal="<b>", moment="not-a-uuid")
    assert client.post(edit_url(plan), posted).status_code == 302
    assert snapshot(plan) == before
    assert Plan.objects.get(pk=plan.pk).signal_key == "low_handling"
    assert updates() == []


def test_the_first_day_and_the_signal_do_not_change_once_the_plan_has_begun(world: World) -> None:
    plan = running_plan(world, signal_key="low_handling")
    client = world.client_for(Persona.TEACHER)
    moved = (today() + timedelta(days=3)).isoformat()
    response = client.post(edit_url(plan), as_posted(plan, starts_on=moved, signal="", minutes=11))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.starts_on, plan.signal_key, plan.minutes) == (
        today() - timedelta(days=9),
        "low_handling",
        11,
    )
    assert updates()[0].details == {"fields": ["minutes"]}


def test_a_plan_that_has_not_begun_can_move_its_first_day(world: World) -> None:
    plan = running_plan(world, days_ago=-5)
    client = world.client_for(Persona.TEACHER)
    page = client.get(edit_url(plan)).content.decode()
    assert 'name="starts_on"' in page
    assert f'value="{plan.starts_on.isoformat()}"' in page
    later = today() + timedelta(days=12)
    assert client.post(edit_url(plan), as_posted(plan, starts_on=later.isoformat())).status_code == 302
    plan.refresh_from_db()
    assert plan.starts_on == later
    assert updates()[0].details == {"fields": ["starts_on"]}
    # The same limits as a new plan; and moved into the past, the plan must still run until today.
    for starts_on, weeks in (("2001-01-01", 8), ((today() - timedelta(days=20)).isoformat(), 2)):
        response = client.post(edit_url(plan), as_posted(plan, starts_on=starts_on, weeks=weeks))
        assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.starts_on == later


def test_nobody_but_the_plans_own_teacher_can_change_it(world: World) -> None:
    plan = running_plan(world)
    before = snapshot(plan)
    co_teacher = Client()
    co_teacher.force_login(world.co_teacher)  # teaches the group, but does not hold these sessions
    clients = {"co-teacher": co_teacher} | {
        persona.name: world.client_for(persona)
        for persona in (
            Persona.OTHER_TEACHER,
            Persona.CARE,
            Persona.ADMIN,
            Persona.BOARD,
            Persona.OUTSIDER,
            Persona.CHILD,
        )
    }
    for name, client in clients.items():
        assert client.get(edit_url(plan)).status_code == 404, name
        assert client.post(edit_url(plan), as_posted(plan, fixed_moment="woensdag")).status_code == 404, name
    anonymous = Client().post(edit_url(plan), as_posted(plan, fixed_moment="woensdag"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert snapshot(plan) == before
    assert updates() == []
    assert not AuditEvent.objects.filter(action="bankingtime.plan.edit").exists()
    # The plan page offers the change to its own teacher only.
    assert edit_url(plan) in world.client_for(Persona.TEACHER).get(plan_url(plan)).content.decode()
    for client in (co_teacher, world.client_for(Persona.CARE)):
        assert edit_url(plan) not in client.get(plan_url(plan)).content.decode()


def test_a_teacher_who_no_longer_teaches_the_group_cannot_change_the_plan(world: World) -> None:
    plan = make_plan(world.child, world.group, world.other_teacher, starts_on=today() - timedelta(days=2))
    assert world.client_for(Persona.OTHER_TEACHER).get(edit_url(plan)).status_code == 404
    with pytest.raises(Http404):
        services.update_plan(actor_for(world.other_teacher, world), plan, PlanData(**_data(plan)))


@pytest.mark.parametrize("ended", ["stopped", "finished"])
def test_an_ended_plan_cannot_be_changed(world: World, ended: str) -> None:
    if ended == "stopped":
        plan = running_plan(world, ended_on=today() - timedelta(days=1))
    else:
        plan = running_plan(world, days_ago=30, weeks=2)
    before = snapshot(plan)
    client = world.client_for(Persona.TEACHER)
    assert edit_url(plan) not in client.get(plan_url(plan)).content.decode()
    for response in (
        client.get(edit_url(plan), follow=True),
        client.post(edit_url(plan), as_posted(plan, fixed_moment="woensdag"), follow=True),
    ):
        assert response.redirect_chain == [(plan_url(plan), 302)]
        assert "Dit plan is afgelopen en kan niet meer worden gewijzigd." in [
            str(m) for m in response.context["messages"]
        ]
    assert snapshot(plan) == before
    assert updates() == []
    with pytest.raises(Refused):
        services.update_plan(
            actor_for(world.teacher, world), plan, PlanData(**_data(plan, fixed_moment="woensdag"))
        )


def test_a_plan_stopped_today_is_no_longer_changed(world: World) -> None:
    plan = running_plan(world)
    client = world.client_for(Persona.TEACHER)
    client.post(reverse("bankingtime:stop", kwargs={"uuid": plan.uuid}))
    response = client.post(edit_url(plan), as_posted(plan, fixed_moment="woensdag"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.fixed_moment != "woensdag"


def _data(plan: Plan, **changes: object) -> dict[str, object]:
    data = {name: getattr(plan, name) for name in KEPT}
    data.update(changes)
    return data


def test_the_service_keeps_its_own_rules(world: World) -> None:
    """Called without the form, update_plan still refuses what the form would not let through."""
    plan = running_plan(world)
    before = snapshot(plan)
    actor = actor_for(world.teacher, world)
    refused = [
        _data(plan, starts_on=plan.starts_on + timedelta(days=1)),  # the plan has begun
        _data(plan, weeks=1),  # would end before today
        _data(plan, minutes=16),
        _data(plan, sessions_per_week=0),
        _data(plan, themes=["interested"], own_themes=[]),
        _data(plan, themes=["bribe", "safe"]),
    ]
    for data in refused:
        with pytest.raises(Refused):
            services.update_plan(actor, plan, PlanData(**data))
    assert snapshot(plan) == before
    assert updates() == []
    assert services.update_plan(actor, plan, PlanData(**_data(plan))) == []
    assert services.update_plan(actor, plan, PlanData(**_data(plan, weeks=2))) == ["weeks"]
    assert Plan.objects.get(pk=plan.pk).weeks == 2


def test_after_a_change_of_frequency_the_dosage_counts_every_week_with_the_plan_as_it_is_now(
    world: World,
) -> None:
    """Three a week for two finished weeks, then two a week: the past weeks plan two as well."""
    plan = running_plan(world, days_ago=16)  # weeks 1 and 2 are over, week 3 runs
    for days_ago in (16, 14, 12, 8):
        add_session(plan, today() - timedelta(days=days_ago))
    before = dosage(plan, list(plan.sessions.all()), today())
    assert [w.planned for w in before.finished_weeks] == [3, 3]
    assert before.missed == 2

    client = world.client_for(Persona.TEACHER)
    client.post(edit_url(plan), as_posted(plan, sessions_per_week=2, weeks=6))
    page = client.get(plan_url(plan))
    after = page.context["dosage"]
    assert [w.planned for w in after.weeks] == [2] * 6
    assert [w.held for w in after.finished_weeks] == [3, 1]
    assert after.missed == 1
    assert after.share == pytest.approx(4 / 4)
    assert after.total_planned == 12
    assert "met het plan zoals het nu is" in page.content.decode()
    assert updates()[0].details == {"fields": ["sessions_per_week", "weeks"]}
