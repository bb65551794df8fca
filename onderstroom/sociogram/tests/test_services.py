"""Changes to peer surveys: who may make them, what is refused, and that a resent change counts once."""

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID, uuid4

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation

from onderstroom.audit.models import AuditEvent
from onderstroom.childsessions.models import ClassSession
from onderstroom.schools.access import ChildActor, build_staff_actor
from onderstroom.schools.models import Child
from onderstroom.sociogram import services
from onderstroom.sociogram.models import (
    Method,
    PeerNomination,
    PeerRating,
    PeerResponse,
    PeerSettings,
    PeerSurvey,
)
from onderstroom.sociogram.services import AnswerRefused, Change, Submission, SurveyOptions
from onderstroom.sociogram.tests.helpers import allow_negative, children_of, make_survey, point_session_at
from onderstroom.testing.world import World, add_child, make_child

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Refusals are read in English here; the screens' tests read them in Dutch."""
    with translation.override("en"):
        yield


def staff(world: World, user: object) -> object:
    return build_staff_actor(user, "127.0.0.1", None)


def child_actor(world: World, session: ClassSession, child: object) -> ChildActor:
    return ChildActor(ip_address="127.0.0.1", child=child, school=world.school, class_session=session)


def nominate(question: str, *nominees: object, client_id: UUID | None = None) -> Change:
    return Change(
        client_id=client_id or uuid4(),
        kind="nominations",
        question=question,
        nominees=tuple(n.uuid for n in nominees),
    )


@dataclass
class Setup:
    world: World
    survey: PeerSurvey
    kids: list[Child]
    actor: ChildActor


@pytest.fixture
def setup(world: World) -> Setup:
    """Four children; the first answers a survey that allows two choices per question."""
    add_child(world.group, make_child(world.school))
    survey = make_survey(world, nomination_limit=2)
    point_session_at(world.class_session, survey)
    kids = children_of(world.group)
    return Setup(world, survey, kids, child_actor(world, world.class_session, kids[0]))


# --- teachers -----------------------------------------------------------------------------------


def test_teacher_creates_a_survey_for_own_group(world: World) -> None:
    survey = services.create_survey(
        staff(world, world.teacher), world.group, SurveyOptions(nomination_limit=None)
    )
    assert survey.is_open
    assert survey.nomination_limit is None
    assert survey.questions == ["work", "play"]
    assert AuditEvent.objects.filter(action="sociogram.survey.create", object_uuid=str(survey.uuid)).exists()


def test_teacher_of_another_group_cannot_create_one(world: World) -> None:
    with pytest.raises(Http404):
        services.create_survey(staff(world, world.other_teacher), world.group, SurveyOptions())


def test_negative_question_is_refused_while_the_school_has_it_off(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.create_survey(staff(world, world.teacher), world.group, SurveyOptions(ask_not_play=True))
    allow_negative(world)
    survey = services.create_survey(
        staff(world, world.teacher), world.group, SurveyOptions(ask_not_play=True)
    )
    assert survey.questions == ["work", "play", "not_play"]


def test_rating_survey_has_no_nomination_questions(world: World) -> None:
    survey = services.create_survey(
        staff(world, world.teacher), world.group, SurveyOptions(method=Method.RATINGS, rating_scale=5)
    )
    assert survey.uses_ratings
    assert survey.questions == []
    assert survey.rating_scale == 5


def test_close_and_reopen(world: World) -> None:
    survey = make_survey(world)
    services.close_survey(staff(world, world.teacher), survey)
    survey.refresh_from_db()
    assert not survey.is_open
    services.reopen_survey(staff(world, world.co_teacher), survey)
    survey.refresh_from_db()
    assert survey.is_open


def test_care_coordinator_does_not_close_surveys(world: World) -> None:
    with pytest.raises(Http404):
        services.close_survey(staff(world, world.care), make_survey(world))


def test_only_the_school_admin_changes_the_settings(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.update_settings(
            staff(world, world.teacher), negative_nominations=True, show_negative_names=True
        )
    services.update_settings(staff(world, world.admin), negative_nominations=True, show_negative_names=True)
    assert PeerSettings.objects.get(school=world.school).show_negative_names


def test_names_cannot_be_shown_while_negative_nominations_are_off(world: World) -> None:
    services.update_settings(staff(world, world.admin), negative_nominations=False, show_negative_names=True)
    assert not PeerSettings.objects.get(school=world.school).show_negative_names


# --- children ----------------------------------------------------------------------------------


def test_nominations_are_stored_and_can_be_changed(setup: Setup) -> None:
    survey, kids, actor = setup.survey, setup.kids, setup.actor
    services.apply_change(actor, survey, nominate("work", kids[1], kids[2]))
    services.apply_change(actor, survey, nominate("work", kids[2]))
    stored = PeerNomination.objects.filter(response__child=kids[0], question="work")
    assert list(stored.values_list("nominee", flat=True)) == [kids[2].pk]


def test_a_resent_change_is_stored_once(setup: Setup) -> None:
    """The device resends a change whose answer was lost: the second time nothing happens."""
    survey, kids, actor = setup.survey, setup.kids, setup.actor
    change = nominate("play", kids[1])
    assert services.apply_change(actor, survey, change) is True
    services.apply_change(actor, survey, nominate("play", kids[2]))
    assert services.apply_change(actor, survey, change) is False
    stored = PeerNomination.objects.filter(response__child=kids[0], question="play")
    assert list(stored.values_list("nominee", flat=True)) == [kids[2].pk]
    assert AuditEvent.objects.filter(action="sociogram.answer.save").count() == 2


def test_more_than_the_limit_is_refused(setup: Setup) -> None:
    survey, kids, actor = setup.survey, setup.kids, setup.actor
    with pytest.raises(AnswerRefused, match="at most 2"):
        services.apply_change(actor, survey, nominate("work", kids[1], kids[2], kids[3]))
    assert not PeerNomination.objects.exists()


def test_choosing_oneself_or_a_child_of_another_group_is_refused(setup: Setup) -> None:
    world, survey, kids, actor = setup.world, setup.survey, setup.kids, setup.actor
    with pytest.raises(AnswerRefused):
        services.apply_change(actor, survey, nominate("work", kids[0]))
    with pytest.raises(AnswerRefused):
        services.apply_change(actor, survey, nominate("work", world.other_child))


def test_negative_answer_is_refused_when_the_school_has_it_off(world: World) -> None:
    """Even when the survey asked it (the school switched off later), the server refuses it."""
    allow_negative(world)
    survey = make_survey(world, ask_not_play=True)
    point_session_at(world.class_session, survey)
    kids = children_of(world.group)
    actor = child_actor(world, world.class_session, kids[0])
    services.apply_change(actor, survey, nominate("not_play", kids[1]))
    PeerSettings.objects.filter(school=world.school).update(negative_nominations=False)
    with pytest.raises(AnswerRefused, match="not asked at your school"):
        services.apply_change(actor, survey, nominate("not_play", kids[2]))


def test_negative_answer_to_a_survey_without_that_question_is_refused(setup: Setup) -> None:
    world, survey, kids, actor = setup.world, setup.survey, setup.kids, setup.actor
    allow_negative(world)
    with pytest.raises(AnswerRefused, match="not part of the survey"):
        services.apply_change(actor, survey, nominate("not_play", kids[1]))


def test_after_finishing_nothing_changes(setup: Setup) -> None:
    survey, kids, actor = setup.survey, setup.kids, setup.actor
    services.apply_change(actor, survey, Change(client_id=uuid4(), kind="finish"))
    with pytest.raises(AnswerRefused, match="already finished"):
        services.apply_change(actor, survey, nominate("work", kids[1]))
    assert PeerResponse.objects.get(child=kids[0]).finished_at is not None


def test_a_closed_survey_takes_no_answers(setup: Setup) -> None:
    world, survey, kids, actor = setup.world, setup.survey, setup.kids, setup.actor
    services.close_survey(staff(world, world.teacher), survey)
    with pytest.raises(AnswerRefused, match="closed"):
        services.apply_change(actor, survey, nominate("work", kids[1]))


def test_a_child_of_another_session_group_gets_nothing(world: World) -> None:
    survey = make_survey(world)
    other = make_child(world.school)
    session = ClassSession.objects.create(
        school=world.school,
        group=world.other_group,
        opened_by=world.other_teacher,
        code="999999",
        expires_at=world.class_session.expires_at,
    )
    with pytest.raises(Http404):
        services.apply_change(child_actor(world, session, other), survey, nominate("work"))


def test_ratings_are_checked_against_the_scale(world: World) -> None:
    survey = make_survey(world, method=Method.RATINGS, rating_scale=3)
    point_session_at(world.class_session, survey)
    kids = children_of(world.group)
    actor = child_actor(world, world.class_session, kids[0])
    services.apply_change(
        actor, survey, Change(client_id=uuid4(), kind="rating", ratee=kids[1].uuid, value=3)
    )
    services.apply_change(
        actor, survey, Change(client_id=uuid4(), kind="rating", ratee=kids[1].uuid, value=1)
    )
    with pytest.raises(AnswerRefused, match="faces"):
        services.apply_change(
            actor, survey, Change(client_id=uuid4(), kind="rating", ratee=kids[2].uuid, value=4)
        )
    assert list(PeerRating.objects.values_list("ratee", "value")) == [(kids[1].pk, 1)]


def test_plain_form_stores_everything_and_finishes(setup: Setup) -> None:
    survey, kids, actor = setup.survey, setup.kids, setup.actor
    submission = Submission(
        client_id=uuid4(), nominations={"work": [kids[1].uuid], "play": [kids[1].uuid, kids[2].uuid]}
    )
    assert services.submit_all(actor, survey, submission) is True
    assert services.submit_all(actor, survey, submission) is False  # sent twice: stored once
    assert PeerNomination.objects.count() == 3
    assert PeerResponse.objects.get(child=kids[0]).finished_at is not None


def test_a_refused_plain_form_changes_nothing(setup: Setup) -> None:
    world, survey, kids, actor = setup.world, setup.survey, setup.kids, setup.actor
    submission = Submission(
        client_id=uuid4(), nominations={"work": [kids[1].uuid], "play": [world.other_child.uuid]}
    )
    with pytest.raises(AnswerRefused):
        services.submit_all(actor, survey, submission)
    assert not PeerNomination.objects.exists()
    assert not PeerResponse.objects.filter(finished_at__isnull=False).exists()
