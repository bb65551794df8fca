"""From signal to action: the registry in onderstroom.core.actions, the steps Banking Time and the
reflection journal register, the plan form started from a signal, and the care coordinator's list."""

import inspect
import re
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from onderstroom.bankingtime.models import Plan
from onderstroom.bankingtime.scores import current_signals
from onderstroom.bankingtime.tests.helpers import actor_for, enrollment_of, make_plan, rate, raw_values
from onderstroom.core import actions
from onderstroom.questionnaires import scoring
from onderstroom.questionnaires.analysis import Dyad
from onderstroom.questionnaires.api import Signal, SignalKey, find_signal
from onderstroom.questionnaires.builders import make_moment
from onderstroom.questionnaires.models import MeasurementMoment
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import today
from onderstroom.testing.world import Persona, World, make_staff

pytestmark = pytest.mark.django_db

LOW_HANDLING = {"closeness": 3, "conflict": 2, "dependency": 2, "handling": 1}


def signal_moment(world: World) -> MeasurementMoment:
    """A moment three weeks ago at which the teacher felt unable to handle the world's child."""
    moment = make_moment(world.group, name="Oktober", opens_on=today() - timedelta(days=21))
    rate(
        moment,
        enrollment_of(world.child),
        world.teacher,
        raw_values(moment.teacher_version.spec, LOW_HANDLING),
        "teacher",
    )
    return moment


def test_the_scoring_raises_every_signal_key_and_no_other() -> None:
    """Renaming or dropping a signal in the questionnaires must not orphan the steps registered for it."""
    source = inspect.getsource(scoring.divergence_signals) + inspect.getsource(scoring.low_score_signals)
    raised = {SignalKey[name] for name in re.findall(r"SignalKey\.([A-Z_]+)", source)}
    raised |= {key for key, _sentence in scoring._CHANGE_SIGNALS.values()}
    assert raised == set(SignalKey)


def test_every_registered_step_fits_signal_keys_only() -> None:
    """A step that names a signal the questionnaires do not raise would never be offered."""
    kinds = actions.steps.entries()
    assert kinds
    for kind in kinds:
        assert kind.signals is None or all(isinstance(key, SignalKey) for key in kind.signals), kind.key


def test_a_signal_with_an_unknown_key_cannot_be_made() -> None:
    """A key given as text becomes a SignalKey; one the questionnaires do not raise is refused."""
    assert Signal("low_handling", "", "").key is SignalKey.LOW_HANDLING
    with pytest.raises(ValueError, match="made_up"):
        Signal("made_up", "", "")


def test_the_registry_orders_replaces_and_forgets_steps(world: World) -> None:
    actor = actor_for(world.teacher, world)
    signal = Signal("low_handling", "zin", "reden")
    seen: list[str] = []

    def build(key: str):  # type: ignore[no-untyped-def]
        def step(actor, child, signal, moment):  # type: ignore[no-untyped-def]
            seen.append(key)
            return actions.NextStep(key, key, f"/{key}")

        return step

    saved = dict(actions.steps._entries)
    try:
        actions.steps.register(actions.StepKind("test.late", order=99, build=build("late")))
        actions.steps.register(
            actions.StepKind("test.early", order=1, build=build("early"), signals=frozenset({"low_handling"}))
        )
        actions.steps.register(
            actions.StepKind(
                "test.other", order=2, build=build("other"), signals=frozenset({"conflict_rose"})
            )
        )
        actions.steps.register(actions.StepKind("test.none", order=3, build=lambda *args: None))
        keys = [s.key for s in actions.next_steps(actor, world.child, signal)]
        assert keys[0] == "early"
        assert keys[-1] == "late"
        assert "other" not in keys
        assert "test.none" not in keys
        actions.steps.register(actions.StepKind("test.late", order=0, build=build("replaced")))
        assert next(s.key for s in actions.next_steps(actor, world.child, signal)) == "replaced"
        actions.steps.unregister("test.late")
        assert "replaced" not in [s.key for s in actions.next_steps(actor, world.child, signal)]
    finally:
        actions.steps._entries = saved


def test_a_teacher_of_the_child_gets_the_fitting_steps_with_the_signal_passed_on(world: World) -> None:
    moment = signal_moment(world)
    signal, _teacher = find_signal(world.child, "low_handling", moment, prefer=world.teacher)
    steps = actions.next_steps(actor_for(world.teacher, world), world.child, signal, moment)
    query = f"?signal=low_handling&moment={moment.uuid}"
    assert [(s.key, s.url) for s in steps] == [
        ("reflection.write", reverse("reflection:new", kwargs={"uuid": world.child.uuid}) + query),
        ("bankingtime.plan", reverse("bankingtime:new_plan", kwargs={"uuid": world.child.uuid}) + query),
        (
            "actionplan.plan",
            reverse("actionplan:new_relationship", kwargs={"uuid": world.child.uuid}) + query,
        ),
    ]  # the interaction balance does not fit "not well equipped"
    conflict = actions.next_steps(
        actor_for(world.teacher, world), world.child, Signal("conflict_rose", "", ""), moment
    )
    balance = reverse(
        "interactions:child_balance", kwargs={"group": world.group.uuid, "child": world.child.uuid}
    )
    assert [s.key for s in conflict] == [
        "reflection.write",
        "bankingtime.plan",
        "interactions.balance",
        "actionplan.plan",
    ]
    assert conflict[-2].url == balance
    unfair = actions.next_steps(
        actor_for(world.teacher, world), world.child, Signal("classmates_unfair", "", ""), moment
    )
    assert [s.key for s in unfair] == ["reflection.write", "interactions.balance", "actionplan.plan"]
    # Without the moment, the child's group is looked up: the steps are the same, without the link.
    plain = actions.next_steps(actor_for(world.teacher, world), world.child, signal)
    assert [s.url for s in plain][1] == reverse("bankingtime:new_plan", kwargs={"uuid": world.child.uuid})


def test_nobody_else_is_offered_a_step(world: World) -> None:
    moment = signal_moment(world)
    signal = Signal("low_handling", "", "")
    for user in (world.care, world.other_teacher, world.admin):
        assert actions.next_steps(actor_for(user, world), world.child, signal, moment) == []


def test_the_template_tag_renders_the_steps_for_the_questionnaires_screens(world: World) -> None:
    moment = signal_moment(world)
    signal, _teacher = find_signal(world.child, "low_handling", moment, prefer=world.teacher)
    request = RequestFactory().get("/")
    template = Template("{% load next_steps %}{% next_steps signal dyad %}{% next_steps signal dyad %}")
    dyad = Dyad(moment=moment, teacher=world.teacher, child=world.child)
    request.actor = actor_for(world.teacher, world)
    html = template.render(Context({"request": request, "signal": signal, "dyad": dyad}))
    assert html.count('class="next-steps"') == 2
    assert f"/banking-time/new?signal=low_handling&amp;moment={moment.uuid}" in html
    request.actor = actor_for(world.care, world)
    assert template.render(Context({"request": request, "signal": signal, "dyad": dyad})).strip() == ""


def test_the_plan_form_starts_from_the_signal_and_links_the_plan_to_it(world: World) -> None:
    moment = signal_moment(world)
    signal, _teacher = find_signal(world.child, "low_handling", moment, prefer=world.teacher)
    client = world.client_for(Persona.TEACHER)
    url = reverse("bankingtime:new_plan", kwargs={"uuid": world.child.uuid})
    page = client.get(url, {"signal": "low_handling", "moment": str(moment.uuid)})
    form = page.context["form"]
    assert signal.sentence in form.initial["reason"]
    assert (form.initial["signal"], form.initial["moment"]) == ("low_handling", moment.uuid)
    response = client.post(
        url,
        {
            "reason": form.initial["reason"],
            "minutes": 10,
            "sessions_per_week": 3,
            "weeks": 8,
            "starts_on": today().isoformat(),
            "fixed_moment": "na de kleine pauze",
            "themes": ["interested", "reliable"],
            "own_themes": "",
            "signal": "low_handling",
            "moment": str(moment.uuid),
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bankingtime:plan", kwargs={"uuid": plan.uuid})
    assert (plan.signal_key, plan.signal_moment, plan.teacher, plan.group) == (
        "low_handling",
        moment,
        world.teacher,
        world.group,
    )


def test_a_signal_that_is_not_there_prefills_nothing(world: World) -> None:
    moment = signal_moment(world)
    client = world.client_for(Persona.TEACHER)
    url = reverse("bankingtime:new_plan", kwargs={"uuid": world.child.uuid})
    for query in (
        {"signal": "conflict_rose", "moment": str(moment.uuid)},
        {"signal": "low_handling", "moment": "nonsense"},
    ):
        page = client.get(url, query)
        assert page.status_code == 200
        assert "reason" not in page.context["form"].initial


def test_the_care_coordinator_sees_which_signals_have_a_plan(world: World) -> None:
    moment = signal_moment(world)
    url = reverse("bankingtime:signals", kwargs={"uuid": world.group.uuid})
    care = world.client_for(Persona.CARE)
    rows = care.get(url).context["rows"]
    assert [(row.child, row.signal.key, linked) for row, linked in rows] == [
        (world.child, "low_handling", [])
    ]

    # A private reflection linked to the signal is no plan for the care coordinator: it stays unseen.
    entry = Entry.objects.create(
        school=world.school,
        child=world.child,
        group=world.group,
        author=world.teacher,
        written_on=today(),
        picture="x",
        signal_key="low_handling",
        signal_moment=moment,
    )
    assert care.get(url).context["rows"][0][1] == []
    # Shared with another care coordinator: still nothing here.
    other_care = make_staff(world.school, ["care"], supports=[world.group], name="Intern begeleider Eefje")
    Entry.objects.filter(pk=entry.pk).update(shared_with=other_care)
    assert care.get(url).context["rows"][0][1] == []
    # Shared with this care coordinator: it counts.
    Entry.objects.filter(pk=entry.pk).update(shared_with=world.care)
    linked = care.get(url).context["rows"][0][1]
    assert [(a.kind, a.url) for a in linked] == [
        ("reflection.shared", reverse("reflection:entry", kwargs={"uuid": entry.uuid}))
    ]

    plan = make_plan(world.child, world.group, world.teacher, signal_key="low_handling", signal_moment=moment)
    page = care.get(url)
    assert [a.kind for a in page.context["rows"][0][1]] == ["bankingtime.plan", "reflection.shared"]
    assert reverse("bankingtime:plan", kwargs={"uuid": plan.uuid}) in page.content.decode()
    assert page.context["without"] == 0


def test_the_care_coordinators_home_page_counts_the_signals_without_a_plan(world: World) -> None:
    moment = signal_moment(world)
    url = reverse("bankingtime:signals", kwargs={"uuid": world.group.uuid})
    waiting = f"{world.group.name}: 1 van de 1 signaal heeft nog geen plan."
    home = world.client_for(Persona.CARE).get("/").content.decode()
    assert waiting in home
    assert url in home
    assert world.child.first_name not in home  # counts only
    # The teachers are not asked here: they see the signal under the class overview.
    assert url not in world.client_for(Persona.TEACHER).get("/").content.decode()
    make_plan(world.child, world.group, world.teacher, signal_key="low_handling", signal_moment=moment)
    assert url not in world.client_for(Persona.CARE).get("/").content.decode()


def test_signals_of_only_the_latest_moment_count(world: World) -> None:
    signal_moment(world)
    later = make_moment(world.group, name="Januari", opens_on=today() - timedelta(days=2))
    rate(
        later,
        enrollment_of(world.child),
        world.teacher,
        raw_values(
            later.teacher_version.spec, {"closeness": 4, "conflict": 2, "dependency": 2, "handling": 4}
        ),
        "teacher",
    )
    assert current_signals(world.group, today()) == []


def test_the_class_overview_and_the_child_page_offer_the_steps_under_each_signal(world: World) -> None:
    moment = signal_moment(world)
    plan_link = f"/banking-time/new?signal=low_handling&amp;moment={moment.uuid}"
    teacher = world.client_for(Persona.TEACHER)
    overview = teacher.get(
        reverse("questionnaires:overview", kwargs={"uuid": world.group.uuid})
    ).content.decode()
    child_page = teacher.get(reverse("schools:child", kwargs={"uuid": world.child.uuid})).content.decode()
    for page in (overview, child_page):
        assert 'class="next-steps"' in page
        assert plan_link in page
    care_overview = world.client_for(Persona.CARE).get(
        reverse("questionnaires:overview", kwargs={"uuid": world.group.uuid})
    )
    assert 'class="signals"' in care_overview.content.decode()
    assert plan_link not in care_overview.content.decode()
