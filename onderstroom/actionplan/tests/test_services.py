"""Creating an action, planning its follow-up through the measure registry, the judgment at review,
and the decision: access checked, bad input refused without a change, every write audited."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse

from onderstroom.actionplan import childdata, services
from onderstroom.actionplan.access import target_of, visible_actions
from onderstroom.actionplan.models import Action, Decision, Review, Status
from onderstroom.actionplan.services import ActionIn
from onderstroom.actionplan.tests.helpers import (
    CLOSENESS,
    WARM,
    actor_for,
    followup_moment,
    keyed,
    rate,
    rated_class,
    relationship_action,
)
from onderstroom.audit.models import AuditEvent
from onderstroom.core import actions, measures
from onderstroom.core.errors import Refused
from onderstroom.core.measures import Level, Target, Verdict
from onderstroom.questionnaires.models import Response
from onderstroom.schools.access import today
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def judge(world: World, action: Action) -> measures.Judgment:
    return measures.compare(
        actor_for(world.teacher, world),
        target_of(action),
        action.measure_source,
        action.measure_key,
        action.starts_on,
        action.followup_ref,
    )


def test_a_teacher_creates_an_action_and_its_follow_up_moment_is_planned(world: World) -> None:
    scene = rated_class(world)
    action = relationship_action(world, scene)
    moment = followup_moment(action)
    assert (moment.group_id, moment.opens_on) == (world.group.pk, today())
    assert action.followup_on == today()
    assert action.measure_label == "Nabijheid (hoe de leerkracht het ziet)"
    assert set(AuditEvent.objects.filter(object_uuid=str(action.uuid)).values_list("action", flat=True)) >= {
        "actionplan.action.create",
        "actionplan.followup.plan",
    }


def test_before_the_follow_up_is_answered_there_is_no_verdict(world: World) -> None:
    """The planned moment has no answer yet: the review says so plainly instead of judging."""
    action = relationship_action(world, rated_class(world))
    judgment = judge(world, action)
    assert judgment.verdict == Verdict.NOT_ENOUGH
    assert judgment.baseline is not None
    assert judgment.baseline.value == 2.0
    assert judgment.followup is not None
    assert judgment.followup.value is None
    assert judgment.followup.note == "Nog niet ingevuld."


def test_a_reliable_rise_helped_and_the_same_score_did_not(world: World) -> None:
    scene = rated_class(world)
    action = relationship_action(world, scene)
    spec = followup_moment(action).teacher_version.spec  # type: ignore[union-attr]
    rate(followup_moment(action), scene.enrollment, world.teacher, keyed(spec, WARM))
    helped = judge(world, action)
    assert (helped.verdict, helped.followup.value) == (Verdict.HELPED, 5.0)  # type: ignore[union-attr]
    assert "betrouwbare verandering" in helped.explanation
    Response.objects.filter(moment=followup_moment(action)).delete()
    rate(followup_moment(action), scene.enrollment, world.teacher, keyed(spec, {**WARM, "closeness": 2}))
    same = judge(world, action)
    assert same.verdict == Verdict.NO_CHANGE
    assert "Geen betrouwbare verandering" in same.explanation


def test_a_rise_in_conflict_is_judged_as_worse(world: World) -> None:
    """Conflict should fall: a reliable rise is WORSENED, not HELPED."""
    scene = rated_class(world)
    action = relationship_action(world, scene, measure="questionnaires.relationship:teacher.conflict")
    spec = followup_moment(action).teacher_version.spec  # type: ignore[union-attr]
    rate(followup_moment(action), scene.enrollment, world.teacher, keyed(spec, {**WARM, "conflict": 5}))
    assert judge(world, action).verdict == Verdict.WORSENED


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("goal", "  ", "doel"),
        ("catalogue_key", "meeting_space", "voorgestelde acties"),
        ("catalogue_key", "own", "eigen actie"),
        ("review_on", today() - timedelta(days=1), "voor de start"),
        ("measure", "questionnaires.relationship:teacher.made_up", "maatstaf"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    world: World, field: str, value: object, message: str
) -> None:
    scene = rated_class(world)
    data = {
        "goal": "Rust in de relatie.",
        "catalogue_key": "banking_time",
        "what": "",
        "starts_on": today(),
        "review_on": today() + timedelta(days=14),
        "measure": CLOSENESS,
        field: value,
    }
    target = Target(Level.RELATIONSHIP, group=world.group, child=scene.enrollment.child)
    with pytest.raises(Refused, match=message):
        services.create_action(actor_for(world.teacher, world), target, ActionIn(**data))  # type: ignore[arg-type]
    assert not Action.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="actionplan.").exists()


def test_who_may_create_at_which_level(world: World) -> None:
    """A teacher for own groups and children, the care coordinator for the groups they support,
    the school admin for the school; anyone else is refused as if nothing existed."""
    child = world.child
    school, own_class = Target(Level.SCHOOL), Target(Level.CLASS, group=world.group)
    relationship = Target(Level.RELATIONSHIP, group=world.group, child=child)
    other_class = Target(Level.CLASS, group=world.other_group)
    cases = {
        world.teacher: (False, True, True, False),
        world.care: (False, True, True, False),
        world.admin: (True, False, False, False),
        world.other_teacher: (False, False, False, True),
    }
    for user, expected in cases.items():
        actor = actor_for(user, world)
        got = tuple(services.may_create(actor, t) for t in (school, own_class, relationship, other_class))
        assert got == expected, user.full_name
    with pytest.raises(Http404):
        services.create_action(
            actor_for(world.other_teacher, world),
            relationship,
            ActionIn("Doel", "banking_time", "", today(), today() + timedelta(days=7)),
        )


def test_each_role_sees_its_own_part_of_the_plan(world: World) -> None:
    """The teacher their own, the care coordinator the class and relationship actions of their
    groups, the director the school plan and counts; a colleague nothing."""
    scene = rated_class(world)
    relationship = relationship_action(world, scene, plan_followup=False)
    own_class = services.create_action(
        actor_for(world.teacher, world),
        Target(Level.CLASS, group=world.group),
        ActionIn("Samen leren", "cooperative_structure", "", today(), today() + timedelta(days=30)),
    )
    school = services.create_action(
        actor_for(world.admin, world),
        Target(Level.SCHOOL),
        ActionIn("Ontmoeten", "meeting_space", "", today(), today() + timedelta(days=60)),
    )

    def seen(user) -> set[int]:  # type: ignore[no-untyped-def]
        return set(visible_actions(actor_for(user, world)).values_list("pk", flat=True))

    assert seen(world.teacher) == {relationship.pk, own_class.pk}
    assert seen(world.care) == {relationship.pk, own_class.pk}
    assert seen(world.admin) == {school.pk}
    assert seen(world.other_teacher) == set()
    assert seen(world.co_teacher) == set()


def test_the_owner_decides_and_the_decision_is_audited(world: World) -> None:
    action = relationship_action(world, rated_class(world), plan_followup=False)
    with pytest.raises(Http404):
        services.decide(actor_for(world.care, world), action, Decision.STOP, "")
    with pytest.raises(Refused, match="aanpassen"):
        services.decide(actor_for(world.teacher, world), action, Decision.ADJUST, "  ")
    with pytest.raises(Refused):
        services.decide(actor_for(world.teacher, world), action, "maybe", "")
    assert not AuditEvent.objects.filter(action="actionplan.action.review").exists()
    services.decide(actor_for(world.teacher, world), action, Decision.STOP, "Het werkte niet.")
    action.refresh_from_db()
    assert (action.status, action.decision, action.decided_by) == (Status.STOPPED, "stop", world.teacher)
    event = AuditEvent.objects.get(action="actionplan.action.review")
    assert event.details == {"decision": "stop", "note": True}


def test_an_action_kept_or_adjusted_runs_on_to_a_next_review_with_a_new_follow_up(world: World) -> None:
    """Kept after its review, an action is no longer due: it has the next review the owner chose,
    and its measure a follow-up moment of its own for that review; the first one stays as it was."""
    scene = rated_class(world)
    action = relationship_action(world, scene)
    first = followup_moment(action)
    teacher = actor_for(world.teacher, world)
    before = Action.objects.values().get(pk=action.pk)
    for decision, note, day, message in (
        (Decision.KEEP, "", None, "volgende evaluatie"),
        (Decision.KEEP, "", today(), "na vandaag"),
        (Decision.ADJUST, "Vaker.", today() - timedelta(days=1), "na vandaag"),
        (Decision.KEEP, "", today() + timedelta(days=367), "binnen een jaar"),
    ):
        with pytest.raises(Refused, match=message):
            services.decide(teacher, action, decision, note, day)
        assert Action.objects.values().get(pk=action.pk) == before
    assert not AuditEvent.objects.filter(action="actionplan.action.review").exists()
    assert not Review.objects.exists()

    first_review = action.review_on
    next_review = today() + timedelta(days=42)
    services.decide(teacher, action, Decision.KEEP, "", next_review)
    action.refresh_from_db()
    assert (action.status, action.decision, action.review_on) == (Status.RUNNING, "keep", next_review)
    second = followup_moment(action)
    assert second.pk != first.pk
    assert second.opens_on == next_review - services.FOLLOWUP_LEAD
    assert action.followup_on == second.opens_on
    first.refresh_from_db()  # the measurement the first review judged is untouched
    assert first.opens_on == today()
    assert visible_actions(teacher).filter(status=Status.RUNNING, review_on__lte=today()).count() == 0
    assert (
        AuditEvent.objects.filter(object_uuid=str(action.uuid), action="actionplan.followup.plan").count()
        == 2
    )

    # A next review within the two weeks' lead: the follow-up opens today, not in the past.
    soon = today() + timedelta(days=3)
    services.decide(teacher, action, Decision.ADJUST, "Twee keer per week.", soon)
    action.refresh_from_db()
    assert (action.decision, action.review_on, followup_moment(action).opens_on) == ("adjust", soon, today())

    # Each review is kept: the second did not overwrite the first.
    assert list(action.reviews.values_list("due_on", "decision", "note", "next_review_on", "decided_by")) == [
        (first_review, "keep", "", next_review, world.teacher.pk),
        (next_review, "adjust", "Twee keer per week.", soon, world.teacher.pk),
    ]
    assert list(action.reviews.values_list("followup_label", flat=True)) == [first.name, second.name]


def test_a_follow_up_still_to_come_stays_when_the_next_review_is_after_it(world: World) -> None:
    """Reviewed early, before its follow-up opened: the planned measurement still serves the next
    review, so no second moment is planned; a next review before it gets a follow-up of its own."""
    action = relationship_action(world, rated_class(world), review_on=today() + timedelta(days=30))
    planned = followup_moment(action)
    assert planned.opens_on == today() + timedelta(days=16)
    teacher = actor_for(world.teacher, world)
    services.decide(teacher, action, Decision.KEEP, "", today() + timedelta(days=60))
    action.refresh_from_db()
    assert (followup_moment(action).pk, action.followup_on) == (planned.pk, planned.opens_on)
    services.decide(teacher, action, Decision.KEEP, "", today() + timedelta(days=10))
    action.refresh_from_db()
    assert followup_moment(action).pk != planned.pk
    assert action.followup_on == today()


def test_a_stopped_action_needs_no_next_review_and_keeps_its_dates(world: World) -> None:
    action = relationship_action(world, rated_class(world))
    review_on, followup_ref = action.review_on, action.followup_ref
    services.decide(actor_for(world.teacher, world), action, Decision.STOP, "", today() + timedelta(days=30))
    action.refresh_from_db()
    assert (action.status, action.review_on, action.followup_ref) == (Status.STOPPED, review_on, followup_ref)
    assert list(action.reviews.values_list("due_on", "decision", "next_review_on")) == [
        (review_on, "stop", None)
    ]


def test_the_reviews_are_in_the_child_s_data_and_go_with_the_action(world: World) -> None:
    scene = rated_class(world)
    action = relationship_action(world, scene)
    teacher = actor_for(world.teacher, world)
    services.decide(teacher, action, Decision.ADJUST, "Na de gymles.", today() + timedelta(days=30))
    services.decide(teacher, action, Decision.STOP, "Het hielp.")
    child = scene.enrollment.child
    tables = {table.key: table for table in childdata.export_child(child)}
    records = tables["actionplan.reviews"].records()
    assert [(r["goal"], r["decision"], r["note"]) for r in records] == [
        (action.goal, "bijstellen", "Na de gymles."),
        (action.goal, "stoppen", "Het hielp."),
    ]
    childdata.erase_child(child)
    assert not Review.objects.filter(action_id=action.pk).exists()


def test_plan_follow_up_later_and_not_twice(world: World) -> None:
    action = relationship_action(world, rated_class(world), plan_followup=False)
    assert action.followup_ref == ""
    services.plan_followup(actor_for(world.teacher, world), action)
    assert followup_moment(action).group_id == world.group.pk
    with pytest.raises(Refused):
        services.plan_followup(actor_for(world.teacher, world), action)


def test_a_signal_with_an_action_counts_as_planned_for_who_sees_the_action(world: World) -> None:
    """The care coordinator's list of signals shows the action; a colleague of another group sees none."""
    scene = rated_class(world)
    action = relationship_action(
        world,
        scene,
        plan_followup=False,
        signal_key="low_handling",
        signal_text="",
        signal_moment=scene.baseline,
    )
    key = (world.child.pk, "low_handling", scene.baseline.pk)
    linked = actions.planned_in(actor_for(world.care, world), [world.group])
    assert [(a.kind, a.url) for a in linked[key]] == [
        ("actionplan.action", reverse("actionplan:action", kwargs={"uuid": action.uuid}))
    ]
    assert key not in actions.planned(actor_for(world.other_teacher, world), world.group)


def test_the_care_coordinator_plans_a_relationship_action_measured_on_the_teachers_rating(
    world: World,
) -> None:
    """The care coordinator does not rate: the follow-up asks the group's teacher, and the review
    reads that teacher's ratings of the child."""
    scene = rated_class(world)
    target = Target(Level.RELATIONSHIP, group=world.group, child=scene.enrollment.child)
    data = ActionIn("Rust in de relatie.", "reflection", "", today(), today() + timedelta(days=14), CLOSENESS)
    action = services.create_action(actor_for(world.care, world), target, data)
    moment = followup_moment(action)
    assert list(moment.teachers.values_list("teacher", flat=True)) == [world.teacher.pk]
    assert target_of(action).teacher == world.teacher
    spec = moment.teacher_version.spec  # type: ignore[union-attr]
    rate(moment, scene.enrollment, world.teacher, keyed(spec, WARM))
    judged = measures.compare(
        actor_for(world.care, world),
        target_of(action),
        action.measure_source,
        action.measure_key,
        action.starts_on,
        action.followup_ref,
    )
    assert judged.verdict == Verdict.HELPED
