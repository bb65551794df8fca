"""Combinations of peer position and teacher relationship that call for attention, in words."""

from datetime import timedelta

import pytest
from django.utils import translation

from onderstroom.questionnaires.api import RelationshipSummary, ScaleMean
from onderstroom.questionnaires.builders import make_moment
from onderstroom.questionnaires.scoring import PROFILES
from onderstroom.questionnaires.services import child_version_for, prefill_response
from onderstroom.schools.access import today
from onderstroom.schools.models import Enrollment
from onderstroom.sociogram.attention import Bond, PeerPosition, TeacherView, attention_notes
from onderstroom.sociogram.relationships import child_view_words, teacher_view
from onderstroom.sociogram.status import Status
from onderstroom.sociogram.tests.helpers import answer, children_of, finish_without_choosing, make_survey
from onderstroom.testing.world import Persona, build_world


def notes(peer: PeerPosition, bond: Bond | None = None, supported: bool | None = None) -> list[str]:
    with translation.override("en"):
        return [str(n) for n in attention_notes(peer, TeacherView(bond, supported))]


NOT_CHOSEN = PeerPosition(status=Status.AVERAGE, chosen_by=0, negative=None, answers=True)
REJECTED = PeerPosition(status=Status.REJECTED, chosen_by=1, negative=6, answers=True)
POPULAR = PeerPosition(status=Status.POPULAR, chosen_by=7, negative=0, answers=True)
AVERAGE = PeerPosition(status=Status.AVERAGE, chosen_by=3, negative=1, answers=True)


def test_not_chosen_and_in_conflict_is_named_in_those_words() -> None:
    assert notes(NOT_CHOSEN, Bond.CONFLICT) == ["not chosen by classmates and in conflict with the teacher"]


def test_rejected_and_in_conflict() -> None:
    assert notes(REJECTED, Bond.CONFLICT) == ["rejected by classmates and in conflict with the teacher"]


def test_popular_but_in_conflict() -> None:
    assert notes(POPULAR, Bond.CONFLICT) == ["chosen by classmates, but in conflict with the teacher"]


def test_left_out_and_distant_is_easy_to_overlook() -> None:
    assert notes(NOT_CHOSEN, Bond.DISTANT) == [
        "hardly chosen by classmates and a distant relationship with the teacher: easy to overlook"
    ]


def test_left_out_and_dependent() -> None:
    assert notes(REJECTED, Bond.DEPENDENT) == ["hardly chosen by classmates and leans on the teacher a lot"]


def test_the_childs_own_view_adds_its_own_note() -> None:
    assert notes(NOT_CHOSEN, Bond.CONFLICT, supported=False) == [
        "not chosen by classmates and in conflict with the teacher",
        "hardly chosen by classmates and feels little support from the teacher",
    ]


def test_nothing_to_say_when_things_are_fine_or_unknown() -> None:
    assert notes(AVERAGE, Bond.CONFLICT) == []
    assert notes(NOT_CHOSEN, Bond.WARM, supported=True) == []
    assert notes(NOT_CHOSEN) == []


def test_before_anyone_answered_nobody_is_not_chosen() -> None:
    silent = PeerPosition(status=None, chosen_by=0, negative=None, answers=False)
    assert notes(silent, Bond.CONFLICT) == []


def summary(profile_key: str | None, support: float | None) -> RelationshipSummary:
    scales = (
        () if support is None else (ScaleMean(key="support", label="support", mean=0.0, position=support),)
    )
    return RelationshipSummary(child_id=1, teacher_id=9, profile_key=profile_key, child_scales=scales)


@pytest.mark.parametrize(
    ("key", "bond"),
    [
        ("warm_harmonious", Bond.WARM),
        ("warm_stormy", Bond.CONFLICT),
        ("conflictual", Bond.CONFLICT),
        ("distant", Bond.DISTANT),
        ("dependent", Bond.DEPENDENT),
        (None, None),
    ],
)
def test_every_profile_of_the_questionnaires_maps_to_a_bond(key: str | None, bond: Bond | None) -> None:
    assert teacher_view(summary(key, None)).bond == bond


def test_support_in_words() -> None:
    with translation.override("en"):
        assert str(child_view_words(summary(None, 0.2))) == "feels little support"
        assert str(child_view_words(summary(None, 0.5))) == "feels some support"
        assert str(child_view_words(summary(None, 0.9))) == "feels much support"
        assert child_view_words(summary(None, None)) == ""
    assert teacher_view(summary(None, 0.2)).feels_supported is False
    assert teacher_view(summary(None, 0.9)).feels_supported is True


def test_no_summary_means_no_view() -> None:
    assert teacher_view(None) == TeacherView(bond=None, feels_supported=None)
    assert teacher_view(RelationshipSummary(child_id=1)) == TeacherView(bond=None, feels_supported=None)


@pytest.mark.django_db
def test_results_show_the_relationship_and_the_combination_in_words(db: None) -> None:
    """A child nobody chose, whom the teacher rated as conflictual: the results say so in Dutch."""
    world = build_world(children_per_group=9)
    a, b, c, *others = children_of(world.group)
    moment = make_moment(world.group, opens_on=today() - timedelta(days=2))
    spec = moment.teacher_version.spec
    conflictual = {
        item.key: (1 if item.reverse else 5) if item.scale == "conflict" else (5 if item.reverse else 1)
        for item in spec.items
    }
    enrollment = Enrollment.objects.get(group=world.group, child=c)
    prefill_response(moment, moment.teacher_version, enrollment, world.teacher, "teacher", conflictual)
    child_version = child_version_for(moment, enrollment.grade)
    low_support = {
        item.key: (child_version.spec.max_value if item.reverse else child_version.spec.min_value)
        for item in child_version.spec.items
    }
    prefill_response(moment, child_version, enrollment, world.teacher, "child", low_support)
    survey = make_survey(world)
    answer(survey, a, work=[b])
    answer(survey, b, work=[a])
    answer(survey, c, work=[a])
    finish_without_choosing(survey, others)  # enough of the class answered (the participation rule)
    html = world.client_for(Persona.TEACHER).get(f"/peer-surveys/{survey.uuid}/").content.decode()
    with translation.override("nl"):
        assert f'<span class="tag">{PROFILES["conflictual"].label}</span>' in html
    assert "niet gekozen door klasgenoten en in conflict met de leerkracht" in html
    assert "eigen beeld: ervaart weinig steun" in html
