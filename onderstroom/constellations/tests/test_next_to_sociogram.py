"""A class constellation next to the sociogram of a peer survey of the same group: the page."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onderstroom.audit.models import AuditEvent
from onderstroom.constellations import services
from onderstroom.constellations.models import Constellation
from onderstroom.constellations.services import Move
from onderstroom.constellations.tests.conftest import children_of, figure_of, staff_actor
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child, Group
from onderstroom.sociogram.models import PeerSurvey
from onderstroom.sociogram.tests.helpers import answer, make_survey
from onderstroom.testing.queries import page_queries
from onderstroom.testing.world import Persona, World, add_child, build_world, make_child, make_staff

pytestmark = pytest.mark.django_db

ACTION = "constellations.sociogram.view"


def made_board(
    actor: StaffActor, group: Group, places: dict[Child, tuple[float, float]], when: datetime | None = None
) -> Constellation:
    """A closed class constellation: the teacher's figure near the middle, the children at `places`."""
    board = services.create_class_constellation(actor, group, "Onze klas", "square")
    services.record_event(actor, board, Move(str(figure_of(board).uuid), "place", 0.55, 0.45))
    board.refresh_from_db()
    services.start_round_two(actor, board)
    for child, (x, y) in places.items():
        board.refresh_from_db()
        services.record_event(actor, board, Move(str(figure_of(board, child).uuid), "place", x, y))
    board.refresh_from_db()
    services.close(actor, board)
    if when is not None:
        Constellation.objects.filter(pk=board.pk).update(created_at=when)
    board.refresh_from_db()
    return board


def url(board: Constellation, **query: str) -> str:
    address = reverse("constellations:next_to_sociogram", args=[board.uuid])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def kids(world: World) -> list[Child]:
    return children_of(world)


@pytest.fixture
def board(world: World, teacher: StaffActor, kids: list[Child]) -> Constellation:
    """The first two children together in the middle, the third alone in a corner."""
    first, second, third = kids
    return made_board(teacher, world.group, {first: (0.5, 0.5), second: (0.55, 0.55), third: (0.95, 0.95)})


@pytest.fixture
def survey(world: World, kids: list[Child]) -> PeerSurvey:
    """The first two chose each other; the third chose the first and was chosen by nobody."""
    first, second, third = kids
    found = make_survey(world)
    answer(found, first, work=[second])
    answer(found, second, work=[first])
    answer(found, third, work=[first])
    return found


def classmates_off_the_board(world: World, count: int) -> list[Child]:
    """More children in the group, not on the board: a class large enough for the survey to speak."""
    extra = [make_child(world.school) for _ in range(count)]
    for child in extra:
        add_child(world.group, child, 4)
    return extra


def test_the_teacher_sees_the_board_next_to_the_sociogram_and_who_stands_apart_in_both(
    world: World, board: Constellation, kids: list[Child]
) -> None:
    first, second, third = kids
    others = classmates_off_the_board(world, 6)  # nine children, eight finish: enough to speak
    survey = make_survey(world)
    answer(survey, first, work=[second])
    answer(survey, second, work=[first])
    answer(survey, third, work=[first])
    for child in others[:5]:
        answer(survey, child)
    response = world.client_for(Persona.TEACHER).get(url(board))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert 'id="alongside-board"' in html
    assert 'class="board-svg' in html
    assert 'class="sociogram"' in html
    assert 'id="sg-title"' in html
    assert response.context["survey"] == survey
    rows = {row.name: row for row in response.context["rows"]}
    assert set(rows) == {c.full_name for c in [*kids, *others]}
    assert rows[third.full_name].same_way
    assert not rows[first.full_name].same_way
    assert list(rows[first.full_name].peer.mutual) == [second.first_name]
    assert [row.name for row in response.context["same_way"]] == [third.full_name]
    assert "Een gesprek waard" in html
    assert "Een opstelling is een begin van een gesprek" in html
    # Both dates, said once more in words.
    assert "zijn allebei gemaakt op" in html or "dagen uit elkaar" in html or "dag uit elkaar" in html


def test_too_few_answers_point_nowhere(world: World, board: Constellation, kids: list[Child]) -> None:
    """One of nine finished: no status, no "no mutual choice", nothing worth a conversation yet (issue 10)."""
    first, _second, third = kids
    classmates_off_the_board(world, 6)
    survey = make_survey(world)
    answer(survey, third, work=[first])
    response = world.client_for(Persona.TEACHER).get(url(board))
    html = response.content.decode()
    assert response.context["same_way"] == []
    assert "Een gesprek waard" not in html
    assert "nog niet genoeg antwoorden (1 van 9)" in html
    assert "status-" not in html


def test_reads_are_audited_once_per_child_shown_without_content(
    world: World, board: Constellation, survey: PeerSurvey, kids: list[Child]
) -> None:
    newcomer = make_child(world.school, first_name="Yara", surname="Bakker")
    add_child(world.group, newcomer, 4)  # joined after the board: in the survey only
    world.client_for(Persona.CARE).get(url(board))
    rows = AuditEvent.objects.filter(action=ACTION)
    assert sorted(rows.values_list("child_id", flat=True)) == sorted([c.pk for c in kids] + [newcomer.pk])
    assert set(rows.values_list("object_uuid", flat=True)) == {str(board.uuid)}
    assert set(rows.values_list("actor_user_id", flat=True)) == {world.care.pk}
    assert all(not details for details in rows.values_list("details", flat=True))  # nothing of the content


def children_of_group(group: Group) -> list[Child]:
    return [e.child for e in group.enrollments.select_related("child")]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        (Persona.TEACHER, 200),
        (Persona.CARE, 200),
        (Persona.OTHER_TEACHER, 404),
        (Persona.ADMIN, 404),
        (Persona.BOARD, 404),
        (Persona.OUTSIDER, 404),
        (Persona.CHILD, 404),
        (Persona.ANONYMOUS, 302),
    ],
)
def test_only_the_groups_teachers_and_care_coordinator_see_it(
    world: World, board: Constellation, survey: PeerSurvey, persona: Persona, status: int
) -> None:
    response = world.client_for(persona).get(url(board))
    assert response.status_code == status
    if status != 200:
        assert not AuditEvent.objects.filter(action=ACTION).exists()


def test_the_co_teacher_sees_it_too(world: World, board: Constellation, survey: PeerSurvey) -> None:
    client = Client()
    client.force_login(world.co_teacher)
    assert client.get(url(board)).status_code == 200


def test_a_personal_constellation_is_not_found(world: World, teacher: StaffActor, kids: list[Child]) -> None:
    personal = services.create_personal_constellation(
        teacher,
        kids[0],
        field_name="Mijn mensen",
        shape="round",
        classmates=[kids[1]],
        include_me=True,
        family=[],
        others=[],
    )
    make_survey(world)
    assert world.client_for(Persona.TEACHER).get(url(personal)).status_code == 404
    assert world.client_for(Persona.CARE).get(url(personal)).status_code == 404


def test_without_a_survey_a_friendly_empty_state_says_what_to_do(world: World, board: Constellation) -> None:
    new_survey = reverse("sociogram:new", args=[world.group.uuid])
    teacher_page = world.client_for(Persona.TEACHER).get(url(board))
    assert teacher_page.status_code == 200
    html = teacher_page.content.decode()
    assert "Nog geen klasgenotenpeiling van deze groep" in html
    assert f'href="{new_survey}"' in html
    assert 'class="sociogram"' not in html
    assert 'id="alongside-board"' in html
    care_page = world.client_for(Persona.CARE).get(url(board)).content.decode()
    assert "Nog geen klasgenotenpeiling van deze groep" in care_page
    assert f'href="{new_survey}"' not in care_page
    # The board's children are still read, and audited.
    assert AuditEvent.objects.filter(action=ACTION).count() == 2 * 3


def test_another_groups_survey_or_garbage_is_ignored(
    world: World, board: Constellation, survey: PeerSurvey
) -> None:
    elsewhere = make_survey(world, group=world.other_group)
    answer(elsewhere, children_of_group(world.other_group)[0], work=[children_of_group(world.other_group)[1]])
    client = world.client_for(Persona.TEACHER)
    for wanted in (str(elsewhere.uuid), "not-a-uuid", "", "%00", "1' or '1'='1"):
        response = client.get(
            reverse("constellations:next_to_sociogram", args=[board.uuid]), {"survey": wanted}
        )
        assert response.status_code == 200
        assert response.context["survey"] == survey
    assert str(elsewhere.uuid) not in response.content.decode()


def test_the_closest_answered_survey_is_shown_and_another_can_be_chosen(
    world: World, teacher: StaffActor, kids: list[Child]
) -> None:
    # Local noon: the days apart are calendar days in the school's time zone, and 90 days back may lie
    # on the other side of a change to or from summer time (from an hour before midnight, a UTC-based
    # "now" would give 59 calendar days).
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    board = made_board(teacher, world.group, {kids[0]: (0.5, 0.5)}, when=now - timedelta(days=30))
    far = make_survey(world, created_at=now - timedelta(days=90))
    answer(far, kids[0], work=[kids[1]])
    unanswered = make_survey(world, created_at=now - timedelta(days=29))
    near = make_survey(world, created_at=now - timedelta(days=20), method="ratings")
    answer(near, kids[1])
    client = world.client_for(Persona.TEACHER)
    default = client.get(url(board))
    assert default.context["survey"] == near
    html = default.content.decode()
    assert 'id="alongside-survey"' in html
    assert "10 dagen uit elkaar" in html
    chosen = client.get(url(board, survey=str(far.uuid)))
    assert chosen.context["survey"] == far
    assert "60 dagen uit elkaar" in chosen.content.decode()
    empty = client.get(url(board, survey=str(unanswered.uuid)))
    assert empty.context["survey"] == unanswered
    assert "Nog geen kind heeft deze klasgenotenpeiling afgemaakt" in empty.content.decode()
    assert not any(row.same_way for row in empty.context["rows"])


def test_replay_links_here_for_a_class_constellation_only(
    world: World, board: Constellation, teacher: StaffActor, kids: list[Child]
) -> None:
    client = world.client_for(Persona.TEACHER)
    assert url(board) in client.get(reverse("constellations:replay", args=[board.uuid])).content.decode()
    personal = services.create_personal_constellation(
        teacher,
        kids[0],
        field_name="Mijn mensen",
        shape="round",
        classmates=[],
        include_me=True,
        family=[],
        others=[],
    )
    replay = client.get(reverse("constellations:replay", args=[personal.uuid])).content.decode()
    assert "/sociogram" not in replay
    compare = client.get(reverse("constellations:compare", args=[world.group.uuid])).content.decode()
    assert url(board) not in compare  # one session: nothing to compare, no figures shown


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_the_same_number_of_queries_for_5_and_30_children(db: None) -> None:
    counts = []
    for size in (5, 30):
        world = build_world(children_per_group=size)
        user = make_staff(world.school, ["teacher"], teaches=[world.group])
        actor = staff_actor(user)
        kids = [e.child for e in world.group.enrollments.select_related("child").order_by("pk")]
        board = made_board(actor, world.group, {c: (0.1 + 0.8 * i / size, 0.3) for i, c in enumerate(kids)})
        survey = make_survey(world)
        for i, child in enumerate(kids):
            answer(survey, child, work=[kids[(i + 1) % size]], play=[kids[(i - 1) % size]])
        client = Client()
        client.force_login(user)
        counts.append(page_queries(client, url(board)))
    assert counts[0] == counts[1]
