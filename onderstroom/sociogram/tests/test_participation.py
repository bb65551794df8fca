"""Numbers a teacher can trust (issue 10): no status, "not chosen" or note without enough answers."""

import importlib
from io import BytesIO

import pytest
from django.apps import apps
from django.utils import translation
from pypdf import PdfReader

from onderstroom.core.participation import PEER_STATUS, Minimum, Participation
from onderstroom.schools.models import Enrollment
from onderstroom.sociogram.access import survey_classmates
from onderstroom.sociogram.models import Method, RosterEntry
from onderstroom.sociogram.results import liked_most_counts, load_results
from onderstroom.sociogram.status import Status
from onderstroom.sociogram.tests.helpers import (
    allow_negative,
    answer,
    children_of,
    finish_without_choosing,
    make_survey,
    rate,
)
from onderstroom.testing.world import Persona, World, add_child, build_world, make_child

pytestmark = pytest.mark.django_db

NOT_CHOSEN_NOTE = "niet gekozen door klasgenoten"


def participation(answered: int, expected: int) -> Participation:
    return Participation(answered=answered, expected=expected, minimum=PEER_STATUS)


# --- the rule ------------------------------------------------------------------------------------


def test_two_thirds_and_at_least_eight() -> None:
    """25 children need 17 answers; 9 children need 8; 8 children need all 8."""
    assert not participation(16, 25).enough
    assert participation(17, 25).enough
    assert not participation(7, 9).enough
    assert participation(8, 9).enough
    assert not participation(7, 8).enough
    assert participation(8, 8).enough


def test_a_class_below_the_minimum_size_is_never_enough() -> None:
    """Seven children who all answered still cannot carry a status."""
    found = participation(7, 7)
    assert found.too_small
    assert not found.enough


def test_the_sentence_in_both_languages() -> None:
    """What a screen says instead of a status: Dutch by default, English on request."""
    with translation.override("nl"):
        assert participation(9, 25).sentence == "nog niet genoeg antwoorden (9 van 25)"
        assert participation(3, 3).sentence == "niet te bepalen: minder dan 8 kinderen in de groep (3)"
    with translation.override("en"):
        assert participation(9, 25).sentence == "not enough answers yet (9 of 25)"
    assert participation(17, 25).sentence == ""


def test_a_minimum_rounds_the_share_up() -> None:
    """Two thirds of 10 is 6.67: 7 answers are needed, not 6."""
    assert Minimum(share=PEER_STATUS.share, count=1).needed(10) == 7


# --- 1. started is not answered ------------------------------------------------------------------


def test_a_child_who_only_opened_the_survey_makes_nobody_not_chosen(db: None) -> None:
    """Finding 1: one child opened the survey; nobody reads "not chosen ... in conflict with the teacher"."""
    world = build_world(children_per_group=9)
    survey = make_survey(world)
    answer(survey, children_of(world.group)[0], finished=False)
    results = load_results(survey)
    assert results.participation.answered == 0
    assert results.network.not_chosen == []
    html = world.client_for(Persona.TEACHER).get(f"/peer-surveys/{survey.uuid}/").content.decode()
    assert NOT_CHOSEN_NOTE not in html


# --- 2. one of 25 finished: nothing anywhere -----------------------------------------------------


@pytest.fixture
def one_of_25() -> tuple[World, object]:
    """A class of 25 with negative nominations; one child finished and named three classmates twice."""
    world = build_world(children_per_group=25)
    allow_negative(world)
    survey = make_survey(world, ask_not_play=True)
    kids = children_of(world.group)
    answer(survey, kids[0], work=[kids[1]], play=[kids[1]], not_play=kids[2:5])
    return world, survey


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_one_of_25_gives_no_status_and_no_note_in_the_results(one_of_25: tuple[World, object]) -> None:
    """Finding 2: one child's three not-play names make nobody rejected; the page says why."""
    world, survey = one_of_25
    results = load_results(survey)
    assert all(row.status is None for row in results.rows)
    assert results.network.not_chosen == []
    html = world.client_for(Persona.TEACHER).get(f"/peer-surveys/{survey.uuid}/").content.decode()
    assert "nog niet genoeg antwoorden (1 van 25)" in html
    assert 'class="tag status-' not in html
    assert "peer-attention" not in html
    assert NOT_CHOSEN_NOTE not in html


def test_one_of_25_gives_no_status_on_the_child_page(one_of_25: tuple[World, object]) -> None:
    """The child page says "not enough answers yet" where it said "Status: gemiddeld"."""
    world, _survey = one_of_25
    child = children_of(world.group)[3]
    html = world.client_for(Persona.TEACHER).get(f"/children/{child.uuid}/").content.decode()
    assert "nog niet genoeg antwoorden (1 van 25)" in html
    assert "status-" not in html.split('id="peer-child-title"', 1)[1].split("</section>", 1)[0]


def test_one_of_25_gives_no_status_in_the_pdf(one_of_25: tuple[World, object]) -> None:
    """The printed report says the same as the page."""
    world, survey = one_of_25
    response = world.client_for(Persona.TEACHER).get(f"/peer-surveys/{survey.uuid}/report.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "nog niet genoeg antwoorden (1 van 25)" in text
    before_the_method = text.split("Hoe dit berekend is")[0]  # the method explains every status by name
    for label in ("afgewezen", "genegeerd", "populair", "controversieel", "gemiddeld"):
        assert label not in before_the_method
    assert NOT_CHOSEN_NOTE not in text


def test_nobody_answered_gives_no_average_on_the_child_page(db: None) -> None:
    """Finding 2: with nobody answered, every score is 0 and used to read "gemiddeld"."""
    world = build_world(children_per_group=9)
    allow_negative(world)
    make_survey(world, ask_not_play=True)
    child = children_of(world.group)[0]
    html = world.client_for(Persona.TEACHER).get(f"/children/{child.uuid}/").content.decode()
    panel = html.split('id="peer-child-title"', 1)[1].split("</section>", 1)[0]
    assert "nog niet genoeg antwoorden (0 van 9)" in panel
    assert "status-average" not in panel


def test_one_sad_face_from_one_rater_makes_nobody_rejected(db: None) -> None:
    """Finding 2: with SSrat one rater's lowest face gave p = .042; below the minimum it says nothing."""
    world = build_world(children_per_group=9)
    survey = make_survey(world, method=Method.RATINGS, rating_scale=3)
    kids = children_of(world.group)
    rate(survey, kids[0], {kids[1]: 1, **{k: 3 for k in kids[2:]}})
    results = load_results(survey)
    assert all(row.status is None for row in results.rows)


def test_enough_answers_give_statuses(db: None) -> None:
    """Eight of nine finished: the same arithmetic now speaks (a child nobody chose is neglected)."""
    world = build_world(children_per_group=9)
    allow_negative(world)
    survey = make_survey(world, ask_not_play=True)
    kids = children_of(world.group)
    for i, child in enumerate(kids[:8]):
        answer(survey, child, work=[kids[(i + 1) % 8]], not_play=[kids[(i + 3) % 8]])
    results = load_results(survey)
    assert results.participation.enough
    assert results.by_id[kids[8].pk].status == Status.NEGLECTED
    assert results.network.not_chosen == [kids[8].pk]


# --- 3. the class list of the day the survey opened ----------------------------------------------


def test_a_child_who_joined_later_gets_no_status(db: None) -> None:
    """Finding 3: a child who joined after the survey opened is not classified, here or on their page."""
    world = build_world(children_per_group=9)
    allow_negative(world)
    survey = make_survey(world, ask_not_play=True)
    kids = children_of(world.group)
    for i, child in enumerate(kids[:8]):
        answer(survey, child, work=[kids[(i + 1) % 8]], not_play=[kids[(i + 3) % 8]])
    newcomer = make_child(world.school, first_name="Nieuwe")
    add_child(world.group, newcomer, 5)
    results = load_results(survey)
    assert results.participation.expected == 9
    row = results.by_id[newcomer.pk]
    assert row.status is None
    assert not row.on_roster
    assert newcomer.pk not in results.network.not_chosen
    html = world.client_for(Persona.TEACHER).get(f"/children/{newcomer.uuid}/").content.decode()
    assert "zat nog niet in de klas toen de peiling liep" in html
    assert "status-neglected" not in html


def test_a_leavers_nominations_stay_counted(db: None) -> None:
    """Finding 3: a child who left after answering still counts, as chooser and in the class size."""
    world = build_world(children_per_group=9)
    survey = make_survey(world)
    kids = children_of(world.group)
    answer(survey, kids[0], work=[kids[1]])
    finish_without_choosing(survey, kids[2:9])
    before = load_results(survey)
    Enrollment.objects.filter(group=world.group, child=kids[0]).delete()
    after = load_results(survey)
    assert after.by_id[kids[1].pk].chosen_by == before.by_id[kids[1].pk].chosen_by == 1
    assert after.participation == before.participation
    assert not after.by_id[kids[0].pk].enrolled
    assert after.by_id[kids[1].pk].nomination == before.by_id[kids[1].pk].nomination


def test_the_migration_freezes_existing_surveys_as_well_as_it_can(db: None) -> None:
    """Surveys from before the roster get today's class plus everyone who answered or was named."""
    migration = importlib.import_module("onderstroom.sociogram.migrations.0003_freeze_existing_rosters")
    world = build_world(children_per_group=4)
    survey = make_survey(world)
    kids = children_of(world.group)
    answer(survey, kids[0], work=[kids[1]])
    RosterEntry.objects.filter(survey=survey).delete()
    Enrollment.objects.filter(group=world.group, child__in=kids[:2]).delete()
    migration.freeze(apps, None)
    frozen = set(RosterEntry.objects.filter(survey=survey).values_list("child_id", flat=True))
    assert frozen == {k.pk for k in kids}


# --- 4. small classes and liked-most ---------------------------------------------------------------


def test_a_class_of_three_cannot_be_determined(world: World) -> None:
    """Finding 4: all three answered, yet Coie-Dodge assigns nothing in a class of three."""
    allow_negative(world)
    survey = make_survey(world, ask_not_play=True)
    a, b, c = children_of(world.group)[:3]
    answer(survey, a, work=[b], not_play=[c])
    answer(survey, b, work=[a], not_play=[c])
    answer(survey, c, work=[a], not_play=[b])
    results = load_results(survey)
    assert all(row.status is None for row in results.rows)
    html = world.client_for(Persona.TEACHER).get(f"/peer-surveys/{survey.uuid}/").content.decode()
    assert "niet te bepalen: minder dan 8 kinderen in de groep (3)" in html
    assert "status-rejected" not in html


def test_a_rated_class_of_three_says_cannot_be_determined_not_average(world: World) -> None:
    """Finding 4: SSrat could only say "average" in a class of three; the honest answer is "cannot tell"."""
    survey = make_survey(world, method=Method.RATINGS, rating_scale=3)
    a, b, c = children_of(world.group)[:3]
    rate(survey, a, {b: 3, c: 1})
    rate(survey, b, {a: 3, c: 1})
    rate(survey, c, {a: 3, b: 1})
    html = world.client_for(Persona.TEACHER).get(f"/peer-surveys/{survey.uuid}/").content.decode()
    assert "status-average" not in html
    assert "niet te bepalen" in html


def test_liked_most_counts_a_classmate_once() -> None:
    """One classmate naming a child for work and for play is one classmate who likes them."""
    assert liked_most_counts({(1, 2), (3, 2)}, [1, 2, 3]) == {1: 0, 2: 2, 3: 0}


def test_a_child_named_twice_by_one_classmate_counts_once_in_the_status(db: None) -> None:
    """Finding 4: the nomination score's liked-most is the number of classmates, not of names."""
    world = build_world(children_per_group=9)
    survey = make_survey(world)
    kids = children_of(world.group)
    answer(survey, kids[0], work=[kids[1]], play=[kids[1]])
    finish_without_choosing(survey, kids[1:9])
    row = load_results(survey).by_id[kids[1].pk]
    assert row.received == {"work": 1, "play": 1}
    assert row.nomination is not None
    assert row.nomination.liked_most == 1


def test_a_child_who_joined_later_is_not_among_the_classmates_to_name(world: World) -> None:
    """Naming a child who was not on the class list would count for nothing: they are not offered."""
    survey = make_survey(world)
    newcomer = make_child(world.school, first_name="Nieuwe")
    add_child(world.group, newcomer, 5)
    first = children_of(world.group)[0]
    named = {c.pk for c in survey_classmates(survey, first)}
    assert named == {c.pk for c in children_of(world.group)} - {first.pk, newcomer.pk}
