"""The board's endpoints: JSON for the script, the button form without it, replay, comparison, safety."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from onderstroom.audit.models import AuditEvent
from onderstroom.childsessions import activities
from onderstroom.constellations import services
from onderstroom.constellations.models import Constellation, Event, Figure
from onderstroom.constellations.services import Move
from onderstroom.constellations.tests.conftest import (
    child_actor,
    children_of,
    figure_of,
    open_for_children,
    staff_actor,
)
from onderstroom.schools.access import StaffActor
from onderstroom.testing.queries import page_queries
from onderstroom.testing.world import (
    Persona,
    World,
    add_child,
    make_child,
    make_group,
    make_staff,
    sign_in_child,
)

pytestmark = pytest.mark.django_db


def as_child(world: World, child) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in_child(client, world.class_session, child)
    return client


def post_json(client: Client, url: str, data: object) -> object:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def child_event_url(board: Constellation) -> str:
    return reverse("constellations:child_event", args=[board.uuid])


def round_two_with_two_children_placed(world: World, teacher: StaffActor, board: Constellation) -> None:
    first, second, _ = children_of(world)
    services.record_event(teacher, board, Move(str(figure_of(board).uuid), "place", 0.5, 0.2))
    for child, x in ((first, 0.2), (second, 0.8)):
        board.refresh_from_db()
        figure = str(figure_of(board, child).uuid)
        services.record_event(child_actor(world, child), board, Move(figure, "place", x, 0.6))
    services.start_round_two(teacher, board)
    board.refresh_from_db()


def test_a_child_moving_another_childs_figure_is_refused_by_the_server(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    """Not only hidden in the page: the request itself gets 403 and nothing is stored."""
    round_two_with_two_children_placed(world, teacher, board)
    first, second, _ = children_of(world)
    before = (board.events.count(), figure_of(board, second).x)
    client = as_child(world, first)
    for body in (
        {"type": "move", "x": 0.1, "y": 0.1},
        {"type": "turn", "angle": 180},
        {"type": "emotion", "emotion": "angry"},
    ):
        response = post_json(
            client, child_event_url(board), {"figure": str(figure_of(board, second).uuid), **body}
        )
        assert response.status_code == 403
        assert response.json()["error"]
    assert (board.events.count(), figure_of(board, second).x) == before

    response = post_json(
        client,
        child_event_url(board),
        {"figure": str(figure_of(board, first).uuid), "type": "move", "x": 0.3, "y": 0.3},
    )
    assert response.status_code == 200
    assert figure_of(board, first).x == 0.3


def test_a_child_sees_the_placed_figures_and_their_own_and_what_they_may_do(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    first, _second, third = children_of(world)
    services.record_event(teacher, board, Move(str(figure_of(board).uuid), "place", 0.5, 0.2))
    third.photo.name = "photos/third.jpg"
    third.save()
    data = as_child(world, first).get(reverse("constellations:child_state", args=[board.uuid])).json()
    shown = {f["id"]: f for f in data["figures"]}
    assert set(shown) == {str(figure_of(board).uuid), str(figure_of(board, first).uuid)}
    mine = shown[str(figure_of(board, first).uuid)]
    assert mine["mine"] is True
    assert mine["can"] == ["place"]  # the turn passed to the first child when the teacher placed
    assert shown[str(figure_of(board).uuid)]["can"] == []
    assert data["round"] == 1
    assert data["message"]
    assert all(f["photo"] is None for f in data["figures"])

    staff = world.client_for(Persona.TEACHER).get(reverse("constellations:state", args=[board.uuid])).json()
    photos = {f["label"]: f["photo"] for f in staff["figures"]}
    assert photos[third.first_name] == reverse("schools:child_photo", args=[third.uuid])
    assert len(staff["figures"]) == 4


def test_polling_answers_204_when_nothing_changed(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    client = world.client_for(Persona.TEACHER)
    url = reverse("constellations:state", args=[board.uuid])
    version = client.get(url).json()["version"]
    assert client.get(url, {"since": version}).status_code == 204
    response = post_json(
        client,
        reverse("constellations:event", args=[board.uuid]),
        {"figure": str(figure_of(board).uuid), "type": "place", "x": 0.5, "y": 0.5, "client_id": "a1"},
    )
    assert response.status_code == 200
    assert response.json()["version"] > version
    assert client.get(url, {"since": version}).status_code == 200
    assert client.get(url, {"since": "soon"}).status_code == 200


def test_reads_are_audited_once_per_page_and_once_per_changed_child(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    client = world.client_for(Persona.TEACHER)
    client.get(reverse("constellations:board", args=[board.uuid]))
    assert AuditEvent.objects.filter(action="constellations.board.view").count() == len(children_of(world))
    url = reverse("constellations:state", args=[board.uuid])
    version = client.get(url).json()["version"]
    client.get(url, {"since": version})
    # The answer with data showed what the page showed; the 204 showed nothing: no rows.
    rows = AuditEvent.objects.filter(action="constellations.state.view")
    assert rows.count() == 0
    # Figures move: the next answer writes rows only for the children whose figure or description
    # changed (the first child's, placed); the third, still waiting, gets none; a repeat writes none.
    first, _second, third = children_of(world)
    services.record_event(teacher, board, Move(str(figure_of(board).uuid), "place", 0.5, 0.2))
    board.refresh_from_db()
    services.record_event(
        child_actor(world, first), board, Move(str(figure_of(board, first).uuid), "place", 0.4, 0.4)
    )
    client.get(url, {"since": version})
    written = [row.child_id for row in rows]
    assert first.pk in written
    assert third.pk not in written
    assert len(written) == len(set(written))
    client.get(url)
    assert rows.count() == len(written)


def test_a_poll_without_the_page_reads_every_child_once(world: World, board: Constellation) -> None:
    """A device that polls without loading the page first (its first audited read): a row per child."""
    client = world.client_for(Persona.TEACHER)
    url = reverse("constellations:state", args=[board.uuid])
    client.get(url)
    rows = AuditEvent.objects.filter(action="constellations.state.view")
    assert {row.child_id for row in rows} == {child.pk for child in children_of(world)}
    client.get(url)
    assert rows.count() == len(children_of(world))


def test_a_childs_poll_writes_a_row_per_child_whose_figure_it_returns(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    first, second, third = children_of(world)
    services.record_event(teacher, board, Move(str(figure_of(board).uuid), "place", 0.5, 0.2))
    board.refresh_from_db()
    services.record_event(
        child_actor(world, first), board, Move(str(figure_of(board, first).uuid), "place", 0.3, 0.6)
    )
    open_for_children(world, board)
    data = as_child(world, second).get(reverse("constellations:child_state", args=[board.uuid])).json()
    returned = {f["label"] for f in data["figures"]}
    assert first.first_name in returned
    assert third.first_name not in returned  # not placed, not theirs: not shown, not read
    rows = AuditEvent.objects.filter(action="constellations.state.view")
    assert {row.child_id for row in rows} == {first.pk, second.pk}


def test_a_closed_personal_board_returns_no_figures_and_reads_nobody(world: World) -> None:
    care = staff_actor(world.care)
    first, second, _third = children_of(world)
    personal = services.create_personal_constellation(
        care,
        first,
        field_name="Mijn mensen",
        shape="square",
        classmates=[second],
        include_me=True,
        family=["zus Lisa"],
        others=[],
    )
    client = world.client_for(Persona.CARE)
    url = reverse("constellations:state", args=[personal.uuid])
    live = client.get(url).json()
    assert {f["label"] for f in live["figures"]} >= {first.first_name, second.first_name, "zus Lisa"}
    assert {row.child_id for row in AuditEvent.objects.filter(action="constellations.state.view")} == {
        first.pk,
        second.pk,
    }
    before = AuditEvent.objects.filter(action="constellations.state.view").count()
    services.close(care, personal)
    closed = client.get(url)
    assert closed.status_code == 200
    data = closed.json()
    assert data["live"] is False
    assert data["figures"] == []
    text = closed.content.decode()
    for word in (first.first_name, second.first_name, "zus Lisa", "Mijn mensen"):
        assert word not in text
    assert AuditEvent.objects.filter(action="constellations.state.view").count() == before


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b'{"figure": "x", "type": "place"}', b'{"type": "place", "x": 0.5, "y": 0.5}'],
)
def test_broken_requests_get_a_clear_answer_and_change_nothing(
    world: World, board: Constellation, body: bytes
) -> None:
    client = world.client_for(Persona.TEACHER)
    response = client.post(
        reverse("constellations:event", args=[board.uuid]), data=body, content_type="application/json"
    )
    assert response.status_code in {400, 404}
    assert response.json()["error"]
    assert not Event.objects.exists()


def test_the_button_form_moves_turns_and_feels_without_javascript(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    client = world.client_for(Persona.TEACHER)
    url = reverse("constellations:event", args=[board.uuid])
    figure = str(figure_of(board).uuid)
    back = reverse("constellations:board", args=[board.uuid])
    for action in ("place", "up", "right", "turn-right", "turn-right"):
        response = client.post(url, {"figure": figure, "action": action})
        assert response.status_code == 302
        assert response.url == back
    client.post(url, {"figure": figure, "action": "emotion", "emotion": "happy"})
    teacher_figure = figure_of(board)
    assert (teacher_figure.x, teacher_figure.y) == pytest.approx((0.55, 0.45))
    assert teacher_figure.angle == 90
    assert teacher_figure.emotion == "happy"
    assert list(board.events.values_list("type", flat=True)) == [
        "place",
        "move",
        "move",
        "turn",
        "turn",
        "emotion",
    ]

    response = client.post(url, {"figure": figure, "action": "fly"}, follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
    assert board.events.count() == 6


def test_the_button_form_refuses_another_childs_figure_with_403(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    round_two_with_two_children_placed(world, teacher, board)
    first, second, _ = children_of(world)
    response = as_child(world, first).post(
        child_event_url(board), {"figure": str(figure_of(board, second).uuid), "action": "up"}
    )
    assert response.status_code == 403
    assert figure_of(board, second).y == 0.6


def test_after_closing_children_see_nothing_and_only_staff_replay_it(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    round_two_with_two_children_placed(world, teacher, board)
    first = children_of(world)[0]
    services.close(teacher, board)
    child = as_child(world, first)
    assert child.get(reverse("constellations:child_board", args=[board.uuid])).status_code == 404
    assert child.get(reverse("constellations:child_state", args=[board.uuid])).status_code == 404
    response = post_json(
        child,
        child_event_url(board),
        {"figure": str(figure_of(board, first).uuid), "type": "move", "x": 0.1, "y": 0.1},
    )
    assert response.status_code == 404
    staff = world.client_for(Persona.TEACHER)
    closed = staff.get(reverse("constellations:board", args=[board.uuid]))
    assert closed.status_code == 200
    assert "board-svg" not in closed.content.decode()  # a classroom screen shows no figure any more
    replay = reverse("constellations:replay", args=[board.uuid])
    assert world.client_for(Persona.CARE).get(replay).status_code == 200


def test_a_child_reaches_only_the_board_their_session_was_opened_for(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    child = as_child(world, children_of(world)[0])
    url = reverse("constellations:child_board", args=[board.uuid])
    assert child.get(url).status_code == 200
    world.class_session.activity = activities.NONE
    world.class_session.save()
    assert child.get(url).status_code == 404
    other = services.create_class_constellation(teacher, world.group, "Het schoolplein", "square")
    open_for_children(world, other)
    assert child.get(url).status_code == 404
    assert child.get(reverse("constellations:child_board", args=[other.uuid])).status_code == 200


def test_the_class_session_activity_sends_children_to_the_board(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    activity = activities.get("constellation")
    assert activity.key == "constellation"
    choices = activity.choices(teacher, world.group)
    assert [value for value, _ in choices] == [str(board.uuid)]
    assert "Onze klas" in choices[0][1]
    assert activity.choices(staff_actor(world.care), world.group) == []
    assert activity.child_url(child_actor(world, world.child)) == reverse(
        "constellations:child_board", args=[board.uuid]
    )
    response = as_child(world, world.child).get(reverse("childsessions:home"))
    assert response.status_code == 302
    assert response.url == reverse("constellations:child_board", args=[board.uuid])
    services.close(teacher, board)
    assert activity.child_url(child_actor(world, world.child)) is None
    assert activity.choices(teacher, world.group) == []


def test_a_teacher_opens_a_class_board_from_the_group(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    url = reverse("constellations:new_class", args=[world.group.uuid])
    response = client.post(url, {"field_name": "", "shape": "round"})
    assert response.status_code == 400
    assert response.context["form"].errors
    response = client.post(url, {"field_name": "Onze klas zoals die voelt", "shape": "square"})
    board = Constellation.objects.get()
    assert response.url == reverse("constellations:board", args=[board.uuid])
    assert board.shape == "square"
    page = client.get(reverse("constellations:group_list", args=[world.group.uuid])).content.decode()
    assert "Onze klas zoals die voelt" in page
    # The link to a running board says "Bord": never the board of governors ("Bestuur") of the main menu.
    board_link = f'<a href="{reverse("constellations:board", args=[board.uuid])}">Bord</a>'
    assert board_link in page


def test_a_personal_board_is_prepared_with_a_form(world: World) -> None:
    first, second, _third = children_of(world)
    client = world.client_for(Persona.CARE)
    url = reverse("constellations:new_personal", args=[first.uuid])
    page = client.get(url)
    assert page.status_code == 200
    assert first.full_name not in [
        str(choice[1]) for choice in page.context["form"].fields["classmates"].choices
    ]
    response = client.post(url, {"field_name": "Mijn mensen", "shape": "round", "family": "x" * 41})
    assert response.status_code == 400
    assert not Constellation.objects.exists()
    response = client.post(
        url,
        {
            "field_name": "Mijn mensen",
            "shape": "round",
            "classmates": [str(second.uuid)],
            "include_me": "on",
            "family": "zus Lisa\n\n  mama ",
            "others": "",
        },
    )
    board = Constellation.objects.get()
    assert response.url == reverse("constellations:board", args=[board.uuid])
    labels = [f.label or (f.child.first_name if f.child else "me") for f in board.figures.order_by("order")]
    assert labels == [first.first_name, second.first_name, "me", "zus Lisa", "mama"]


def test_figures_and_notes_added_from_the_board(world: World) -> None:
    care = staff_actor(world.care)
    board = services.create_personal_constellation(
        care,
        world.child,
        field_name="Thuis",
        shape="round",
        classmates=[],
        include_me=False,
        family=[],
        others=[],
    )
    client = world.client_for(Persona.CARE)
    response = client.post(
        reverse("constellations:add_figure", args=[board.uuid]), {"kind": "family", "label": "zus Lisa"}
    )
    assert response.status_code == 302
    assert board.figures.filter(label="zus Lisa").exists()
    client.post(
        reverse("constellations:note", args=[board.uuid]),
        {"kind": "question", "text": "Wie staat dichtbij?", "back": "replay"},
    )
    replay = client.get(reverse("constellations:replay", args=[board.uuid]))
    assert "Wie staat dichtbij?" in replay.content.decode()


def test_replay_shows_any_step_and_survives_odd_steps(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    round_two_with_two_children_placed(world, teacher, board)
    first = children_of(world)[0]
    services.record_event(teacher, board, Move(str(figure_of(board, first).uuid), "move", 0.25, 0.65))
    client = world.client_for(Persona.TEACHER)
    url = reverse("constellations:replay", args=[board.uuid])
    at_one = client.get(url, {"step": 1})
    assert at_one.context["step"] == 1
    assert [f.label for f in at_one.context["moment"].board.figures] == [world.teacher.full_name]
    assert client.get(url, {"step": "abc"}).context["step"] == 4
    assert client.get(url, {"step": -5}).context["step"] == 0
    assert client.get(url, {"step": 999}).context["step"] == 4
    final = client.get(url)
    assert final.context["round_changes"] is not None
    steps = final.context["story"].steps
    assert [s.by_staff_on_child for s in steps] == [False, False, False, True]
    # The teacher's own figure reads as the teacher's own step; a child moved by the teacher names them.
    assert steps[0].sentence.startswith(f"{world.teacher.full_name} zette het eigen poppetje neer")
    assert f"verplaatst door {world.teacher.full_name}:" in steps[3].sentence
    before = AuditEvent.objects.filter(action="constellations.replay.step").count()
    client.get(url, {"step": 2}, headers={"HX-Request": "true"})
    assert AuditEvent.objects.filter(action="constellations.replay.step").count() == before + 1


def test_a_step_asked_by_htmx_gets_only_the_stage(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    """The slider's request gets the replay-stage partial of the page, not the whole page again."""
    round_two_with_two_children_placed(world, teacher, board)
    client = world.client_for(Persona.TEACHER)
    url = reverse("constellations:replay", args=[board.uuid])
    page = client.get(url, {"step": 1}).content.decode()
    step = client.get(url, {"step": 1}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" in page
    assert 'id="replay-stage"' in page
    assert step.lstrip().startswith('<div id="replay-stage"')
    assert "<html" not in step
    assert step.strip() in page


def test_class_constellations_compared_over_time(world: World, teacher: StaffActor) -> None:
    first = children_of(world)[0]
    for x in (0.2, 0.8):
        board = services.create_class_constellation(teacher, world.group, "Onze klas", "square")
        services.record_event(teacher, board, Move(str(figure_of(board).uuid), "place", 0.5, 0.5))
        board.refresh_from_db()
        services.record_event(teacher, board, Move(str(figure_of(board, first).uuid), "place", x, 0.5))
        services.close(teacher, board)
    client = world.client_for(Persona.CARE)
    response = client.get(reverse("constellations:compare", args=[world.group.uuid]))
    rows = {row.label: row for row in response.context["comparison"].rows}
    assert rows[first.first_name].change
    # One read: the only child whose figure stands on either board.
    assert AuditEvent.objects.filter(action="constellations.compare.view").count() == 1


def test_the_child_page_shows_positions_over_time_without_naming_classmates(
    world: World, teacher: StaffActor, board: Constellation
) -> None:
    round_two_with_two_children_placed(world, teacher, board)
    first, second, _ = children_of(world)
    page = world.client_for(Persona.TEACHER).get(reverse("schools:child", args=[first.uuid]))
    html = page.content.decode()
    assert 'id="constellations-panel"' in html
    panel = html[html.index('id="constellations-panel"') :]
    assert second.first_name not in panel
    group_page = world.client_for(Persona.TEACHER).get(reverse("schools:group", args=[world.group.uuid]))
    assert 'id="group-constellations"' in group_page.content.decode()


@pytest.mark.parametrize("name", ["constellations:state", "constellations:board", "constellations:replay"])
def test_heavy_pages_make_the_same_number_of_queries_for_5_and_30_children(world: World, name: str) -> None:
    counts = []
    for size in (5, 30):
        group = make_group(world.school, f"Groep {size}", [6], size)
        user = make_staff(world.school, ["teacher"], teaches=[group])
        actor = staff_actor(user)
        board = services.create_class_constellation(actor, group, "Onze klas", "round")
        services.record_event(actor, board, Move(str(figure_of(board).uuid), "place", 0.5, 0.5))
        for figure in board.figures.filter(kind=Figure.Kind.CHILD)[:4]:
            board.refresh_from_db()
            services.give_turn(actor, board, str(figure.uuid))
            services.record_event(actor, board, Move(str(figure.uuid), "place", 0.3, 0.3))
        client = Client()
        client.force_login(user)
        counts.append(page_queries(client, reverse(name, args=[board.uuid])))
    assert counts[0] == counts[1]


def test_two_children_with_the_same_first_name_get_an_initial(world: World, teacher: StaffActor) -> None:
    for surname in ("Bakker", "Visser"):
        add_child(world.group, make_child(world.school, first_name="Sem", surname=surname), 4)
    board = services.create_class_constellation(teacher, world.group, "Onze klas", "round")
    data = world.client_for(Persona.TEACHER).get(reverse("constellations:state", args=[board.uuid])).json()
    labels = {f["label"] for f in data["figures"]}
    assert {"Sem B.", "Sem V."} <= labels
