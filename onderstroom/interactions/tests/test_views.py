"""The screens: the plain logger form, the device endpoint, the four views and the child view.

What they show, that bad input gets a message and never a 500, that every read is audited, and that
the number of queries does not grow with the class.
"""

import json
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from onderstroom.audit.models import AuditEvent
from onderstroom.interactions.models import InteractionEvent, Kind, LogShare
from onderstroom.interactions.tests.helpers import children_of, tap
from onderstroom.schools.access import today
from onderstroom.testing.queries import count_queries
from onderstroom.testing.world import Persona, World, build_world, set_up

pytestmark = pytest.mark.django_db

VIEWS = ("", "balance", "not-noticed", "distribution")


def base(world: World) -> str:
    return f"/groups/{world.group.uuid}/interactions/"


def child_url(world: World, child=None) -> str:  # type: ignore[no-untyped-def]
    return f"{base(world)}children/{(child or world.child).uuid}/"


def post_ops(client: Client, world: World, ops: list[dict], raw: str | None = None):  # type: ignore[no-untyped-def]
    body = raw if raw is not None else json.dumps({"ops": ops})
    return client.post(f"{base(world)}taps", body, content_type="application/json")


def now_ms(minutes_ago: float = 0) -> int:
    return int((timezone.now() - timedelta(minutes=minutes_ago)).timestamp() * 1000)


def standing(world: World) -> list[InteractionEvent]:
    return list(
        InteractionEvent.objects.filter(teacher=world.teacher, child__isnull=False).order_by("occurred_at")
    )


# --- the plain logger ------------------------------------------------------------------------------


def test_the_logger_shows_every_child_and_every_kind(world: World) -> None:
    response = world.client_for(Persona.TEACHER).get(f"{base(world)}log")
    html = response.content.decode()
    for child in children_of(world.group):
        assert f'value="{child.uuid}"' in html
    for kind in Kind.values:
        assert f'value="{kind}"' in html
    assert 'type="module"' in html
    assert "style=" not in html


def test_the_plain_form_logs_one_tap_per_submit_and_a_second_submit_counts_once(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    client_id = str(uuid.uuid4())
    data = {"client_id": client_id, "child": str(world.child.uuid), "kind": Kind.PRAISE}
    response = client.post(f"{base(world)}log", data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"log?last={client_id}")
    client.post(f"{base(world)}log", data)  # a reload of the result, or a double tap
    assert [(r.child_id, r.kind) for r in standing(world)] == [(world.child.pk, Kind.PRAISE)]
    page = client.get(response["Location"]).content.decode()
    assert f"Compliment voor {world.child.first_name}" in page
    assert f'name="client_id" value="{client_id}"' in page  # the undo form


def test_the_plain_undo_removes_the_last_tap(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    client_id = str(uuid.uuid4())
    client.post(
        f"{base(world)}log", {"client_id": client_id, "child": str(world.child.uuid), "kind": Kind.TURN}
    )
    response = client.post(f"{base(world)}undo", {"client_id": client_id}, follow=True)
    assert "De laatste tik is ongedaan gemaakt." in response.content.decode()
    assert standing(world) == []
    response = client.post(f"{base(world)}undo", {"client_id": client_id}, follow=True)
    assert "Er is geen tik om ongedaan te maken." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": Kind.TURN}, "Kies eerst een leerling."),
        ({"child": "not-a-uuid", "kind": Kind.TURN}, "Deze leerling zit niet in de groep."),
        ({"child": "other", "kind": Kind.TURN}, "Deze leerling zit niet in de groep."),
        ({"child": "mine", "kind": "hug"}, "Dit soort interactie bestaat niet."),
        ({"child": "mine"}, "Kies wat er gebeurde."),
    ],
)
def test_bad_plain_input_gets_a_message_and_changes_nothing(world: World, data: dict, message: str) -> None:
    child = {"mine": str(world.child.uuid), "other": str(world.other_child.uuid)}
    data = {**data, "client_id": str(uuid.uuid4())}
    if data.get("child") in child:
        data["child"] = child[data["child"]]
    response = world.client_for(Persona.TEACHER).post(f"{base(world)}log", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert InteractionEvent.objects.count() == 0


def test_a_plain_form_without_its_id_is_refused(world: World) -> None:
    data = {"child": str(world.child.uuid), "kind": Kind.TURN, "client_id": "x"}
    assert world.client_for(Persona.TEACHER).post(f"{base(world)}log", data).status_code == 400
    assert InteractionEvent.objects.count() == 0


# --- the device endpoint ---------------------------------------------------------------------------


def test_the_endpoint_stores_taps_and_undos_once(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    a, b, _c = children_of(world.group)
    ops = [
        {"op": "add", "id": str(uuid.uuid4()), "child": str(a.uuid), "kind": "turn", "at": now_ms(3)},
        {"op": "add", "id": str(uuid.uuid4()), "child": str(b.uuid), "kind": "help", "at": now_ms(2)},
    ]
    first = post_ops(client, world, ops).json()
    second = post_ops(client, world, [*ops, {"op": "undo", "id": ops[0]["id"]}]).json()
    assert first == {"done": [f"add:{op['id']}" for op in ops], "rejected": {}}
    assert second["done"][-1] == f"undo:{ops[0]['id']}"
    assert [(r.child_id, r.kind) for r in standing(world)] == [(b.pk, "help")]


ID = "6f1c2f0e-4b7a-4a57-9d55-2b4f3c0e7a11"


def one_add(child: str = '"CHILD"', kind: str = '"turn"', at: str = "1", op_id: str = f'"{ID}"') -> str:
    return f'{{"ops": [{{"op": "add", "id": {op_id}, "child": {child}, "kind": {kind}, "at": {at}}}]}}'


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[]",
        '{"ops": {}}',
        '{"ops": ["x"]}',
        one_add(op_id='"nope"'),
        one_add(op_id="null"),
        f'{{"ops": [{{"op": "delete", "id": "{ID}"}}]}}',
        one_add(child='"x"'),
        one_add(kind="7"),
        one_add(kind='"' + "x" * 30 + '"'),
        one_add(at='"today"'),
        one_add(at="NaN"),
        one_add(at="Infinity"),
        one_add(at="true"),
        "\xff\xfe",
    ],
)
def test_a_malformed_batch_is_refused_whole_with_a_message(world: World, raw: str) -> None:
    response = post_ops(
        world.client_for(Persona.TEACHER), world, [], raw=raw.replace("CHILD", str(world.child.uuid))
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert InteractionEvent.objects.count() == 0


def test_a_huge_batch_is_refused(world: World) -> None:
    op = {"op": "add", "child": str(world.child.uuid), "kind": "turn", "at": now_ms()}
    ops = [{**op, "id": str(uuid.uuid4())} for _ in range(201)]
    response = post_ops(world.client_for(Persona.TEACHER), world, ops)
    assert response.status_code == 400
    assert response.json()["error"] == "Te veel tikken tegelijk."
    assert InteractionEvent.objects.count() == 0


def test_a_body_beyond_the_upload_limit_is_a_413_not_a_500(world: World) -> None:
    response = post_ops(
        world.client_for(Persona.TEACHER), world, [], raw='{"ops": []' + " " * 3_000_000 + "}"
    )
    assert response.status_code == 413
    assert response.json()["error"] == "Het verzoek is te groot."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "hug"}, "Dit soort interactie bestaat niet."),
        (
            {"at": now_ms(-60)},
            "De tijd van deze tik ligt in de toekomst; kijk of de klok van het apparaat goed staat.",
        ),
        (
            {"at": 1e15},
            "De tijd van deze tik ligt in de toekomst; kijk of de klok van het apparaat goed staat.",
        ),
        (
            {"at": 1e300},
            "De tijd van deze tik ligt in de toekomst; kijk of de klok van het apparaat goed staat.",
        ),
        ({"at": -5}, "De tijd van deze tik ligt vóór dit schooljaar."),
        ({"at": 86_400_000}, "De tijd van deze tik ligt vóór dit schooljaar."),
        ({"child": str(uuid.uuid4())}, "Deze leerling zit niet in de groep."),
    ],
)
def test_a_bad_tap_is_refused_alone_with_its_reason(world: World, change: dict, message: str) -> None:
    good = {
        "op": "add",
        "id": str(uuid.uuid4()),
        "child": str(world.child.uuid),
        "kind": "turn",
        "at": now_ms(),
    }
    bad = {**good, "id": str(uuid.uuid4()), **change}
    data = post_ops(world.client_for(Persona.TEACHER), world, [good, bad]).json()
    assert data == {"done": [f"add:{good['id']}"], "rejected": {f"add:{bad['id']}": message}}
    assert len(standing(world)) == 1


def test_a_signed_out_device_is_redirected_and_nothing_is_stored(world: World) -> None:
    response = post_ops(Client(), world, [{"op": "undo", "id": str(uuid.uuid4())}])
    assert response.status_code == 302
    assert InteractionEvent.objects.count() == 0


# --- the views -------------------------------------------------------------------------------------


def test_turns_this_week_and_who_had_none(world: World) -> None:
    a, b, c = children_of(world.group)
    now = timezone.now()
    tap(world.teacher, world.group, a, Kind.TURN, now)
    tap(world.teacher, world.group, a, Kind.TURN, now)
    tap(world.teacher, world.group, b, Kind.TURN, now)
    tap(world.teacher, world.group, c, Kind.TURN, now - timedelta(days=8))  # an earlier week
    response = world.client_for(Persona.TEACHER).get(base(world))
    result = response.context["result"]
    assert {row.member.id: row.count for row in result.rows} == {a.pk: 2, b.pk: 1, c.pk: 0}
    assert [m.id for m in result.none] == [c.pk]
    html = response.content.decode()
    assert "Geen beurt deze week voor 1 leerling" in html
    assert "<svg" in html
    assert "style=" not in html


def test_an_earlier_week_is_shown_and_a_future_week_is_refused(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    earlier = today() - timedelta(days=14)
    response = client.get(base(world), {"day": earlier.isoformat()})
    assert response.context["monday"] == earlier - timedelta(days=earlier.weekday())
    assert response.context["next"] is not None
    future = client.get(base(world), {"day": (today() + timedelta(days=8)).isoformat()})
    assert future.status_code == 400
    assert "Die datum ligt in de toekomst." in future.content.decode()
    assert client.get(base(world), {"day": "2026-13-45"}).status_code == 400


def test_the_balance_over_a_period(world: World) -> None:
    a, b, _c = children_of(world.group)
    now = timezone.now()
    for kind in (Kind.PRAISE, Kind.PERSONAL, Kind.TURN, Kind.CORRECTION):
        tap(world.teacher, world.group, a, kind, now)
    tap(world.teacher, world.group, b, Kind.CORRECTION, now)
    tap(world.teacher, world.group, b, Kind.PRAISE, now - timedelta(days=40))  # before the default period
    response = world.client_for(Persona.TEACHER).get(f"{base(world)}balance")
    rows = {item["row"].member.id: item["row"] for item in response.context["rows"]}
    assert (rows[a.pk].positive, rows[a.pk].negative) == (2, 1)
    assert (rows[b.pk].positive, rows[b.pk].negative) == (0, 1)
    assert [m.id for m in response.context["more_negative"]] == [b.pk]
    longer = world.client_for(Persona.TEACHER).get(
        f"{base(world)}balance", {"start": (today() - timedelta(days=60)).isoformat()}
    )
    rows = {item["row"].member.id: item["row"] for item in longer.context["rows"]}
    assert rows[b.pk].positive == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-02-30"}, "Voer een geldige datum in."),
        ({"end": "gisteren"}, "Voer een geldige datum in."),
        ({"start": "2099-01-01"}, "Die datum ligt in de toekomst."),
        ({"end": "2099-01-01"}, "Die datum ligt in de toekomst."),
        ({"start": "2026-11-20", "end": "2026-11-10"}, "De eerste dag komt na de laatste dag."),
        ({"start": "2020-01-01", "end": "2026-11-10"}, "Kies een periode van hoogstens een jaar."),
    ],
)
@pytest.mark.parametrize("view", ["balance", "distribution", "children"])
def test_a_bad_period_gets_a_message(world: World, params: dict, message: str, view: str) -> None:
    url = child_url(world) if view == "children" else f"{base(world)}{view}"
    response = world.client_for(Persona.TEACHER).get(url, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_not_noticed_for_n_days(world: World) -> None:
    a, b, c = children_of(world.group)
    now = timezone.now()
    tap(world.teacher, world.group, a, Kind.PERSONAL, now)
    tap(world.teacher, world.group, b, Kind.PRAISE, now - timedelta(days=10))
    tap(world.teacher, world.group, c, Kind.TURN, now)
    client = world.client_for(Persona.TEACHER)
    rows = client.get(f"{base(world)}not-noticed").context["rows"]
    assert [r.member.id for r in rows] == [c.pk, b.pk]
    rows = client.get(f"{base(world)}not-noticed", {"days": "14"}).context["rows"]
    assert [r.member.id for r in rows] == [c.pk]


@pytest.mark.parametrize("days", ["0", "-3", "91", "1000000000000000000000", "abc", "7.5"])
def test_a_bad_number_of_days_gets_a_message(world: World, days: str) -> None:
    response = world.client_for(Persona.TEACHER).get(f"{base(world)}not-noticed", {"days": days})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_the_distribution_with_its_test_and_caveat(world: World) -> None:
    girls = [c for c in children_of(world.group) if c.gender == "f"]
    boys = [c for c in children_of(world.group) if c.gender == "m"]
    now = timezone.now()
    for _ in range(20):
        tap(world.teacher, world.group, boys[0], Kind.TURN, now)
    for _ in range(4):
        tap(world.teacher, world.group, girls[0], Kind.TURN, now)
    response = world.client_for(Persona.TEACHER).get(f"{base(world)}distribution")
    gender, grade = response.context["tables"]
    assert [(s.key, s.children, s.taps) for s in gender["result"].shares] == [
        ("f", len(girls), 4),
        ("m", len(boys), 20),
    ]
    assert gender["result"].test is not None
    html = response.content.decode()
    assert "χ²" in html
    assert "Wat de toets wel en niet kan zeggen" in html
    assert "Tellingen, geen oordelen" in html
    assert grade["result"].comparable


def test_the_distribution_of_another_kind_and_an_unknown_kind(world: World) -> None:
    tap(world.teacher, world.group, world.child, Kind.HELP, timezone.now())
    client = world.client_for(Persona.TEACHER)
    response = client.get(f"{base(world)}distribution", {"kind": "help"})
    assert response.context["tables"][0]["result"].total == 1
    assert client.get(f"{base(world)}distribution", {"kind": "hug"}).status_code == 400


def test_the_child_view(world: World) -> None:
    now = timezone.now()
    tap(world.teacher, world.group, world.child, Kind.PRAISE, now)
    tap(world.teacher, world.group, world.child, Kind.CORRECTION, now - timedelta(days=7))
    tap(world.teacher, world.group, world.child, Kind.TURN, now)
    response = world.client_for(Persona.TEACHER).get(child_url(world))
    assert response.context["balance"] == (1, 1)
    assert dict(response.context["kind_counts"])["Beurt gegeven"] == 1
    weeks = response.context["chart"].columns
    assert len(weeks) == 8
    assert weeks[-1].up_value == 1
    assert 'role="img"' in response.content.decode()


def test_the_child_view_only_for_a_child_of_the_group(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    assert client.get(child_url(world, world.other_child)).status_code == 404
    assert client.get(f"{base(world)}children/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/groups/{world.group.uuid}/interactions/children/not-a-uuid/").status_code == 404


def test_an_unknown_teacher_id_shows_the_own_log(world: World) -> None:
    response = world.client_for(Persona.TEACHER).get(base(world), {"teacher": "<script>"})
    assert response.status_code == 200
    assert response.context["choice"].owner == world.teacher


@pytest.mark.parametrize("suffix", VIEWS)
def test_every_view_audits_the_children_it_shows(world: World, suffix: str) -> None:
    world.client_for(Persona.TEACHER).get(f"{base(world)}{suffix}")
    action = {"": "turns", "balance": "balance", "not-noticed": "unnoticed", "distribution": "distribution"}[
        suffix
    ]
    rows = AuditEvent.objects.filter(action=f"interactions.{action}.view")
    assert sorted(rows.values_list("child_id", flat=True)) == sorted(c.pk for c in children_of(world.group))
    assert set(rows.values_list("actor_user_id", flat=True)) == {world.teacher.pk}


def test_the_child_view_is_audited_for_that_child(world: World) -> None:
    world.client_for(Persona.TEACHER).get(child_url(world))
    row = AuditEvent.objects.get(action="interactions.child.view")
    assert row.child_id == world.child.pk


@pytest.mark.parametrize("suffix", [*VIEWS, "log", "child"])
def test_no_inline_script_style_or_handler_on_any_screen(world: World, suffix: str) -> None:
    """The Content-Security-Policy forbids them; the charts use SVG presentation attributes only."""
    tap(world.teacher, world.group, world.child, Kind.CORRECTION, timezone.now())
    url = child_url(world) if suffix == "child" else f"{base(world)}{suffix}"
    html = world.client_for(Persona.TEACHER).get(url).content.decode()
    assert "style=" not in html
    assert "<script>" not in html
    assert " onclick=" not in html
    assert "<script " not in html.replace('<script type="module" src="/static/', "").replace(
        '<script src="/static/', ""
    )


def test_the_share_switch_returns_to_the_view_it_was_used_on(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    response = client.post(f"{base(world)}share", {"shared": "1", "back": "distribution"})
    assert response["Location"] == f"{base(world)}distribution"
    assert LogShare.objects.filter(teacher=world.teacher, group=world.group).exists()
    response = client.post(f"{base(world)}share", {"back": "https://example.org/"})
    assert response["Location"] == base(world)
    assert LogShare.objects.exists()  # a tampered form changes nothing
    client.post(f"{base(world)}share", {"back": "balance"})
    assert not LogShare.objects.exists()


# --- panels ----------------------------------------------------------------------------------------


def test_the_group_page_links_to_the_logger_and_the_views(world: World) -> None:
    tap(world.teacher, world.group, world.child, Kind.TURN, timezone.now())
    html = world.client_for(Persona.TEACHER).get(f"/groups/{world.group.uuid}/").content.decode()
    assert f"{base(world)}log" in html
    assert "Deze week heb je 1 beurt genoteerd." in html
    assert "2 leerlingen hebben nog geen beurt gehad." in html
    care = world.client_for(Persona.CARE).get(f"/groups/{world.group.uuid}/").content.decode()
    assert f"{base(world)}log" not in care


def test_the_child_page_shows_the_teacher_their_own_balance(world: World) -> None:
    tap(world.teacher, world.group, world.child, Kind.PRAISE, timezone.now())
    tap(world.co_teacher, world.group, world.child, Kind.CORRECTION, timezone.now())
    html = world.client_for(Persona.TEACHER).get(f"/children/{world.child.uuid}/").content.decode()
    assert "Interactiebalans" in html
    assert child_url(world) in html
    assert AuditEvent.objects.filter(action="interactions.child.panel", child_id=world.child.pk).exists()
    care = world.client_for(Persona.CARE).get(f"/children/{world.child.uuid}/").content.decode()
    assert child_url(world) not in care  # nothing shared


# --- query counts ----------------------------------------------------------------------------------


@set_up
def filled_world(size: int) -> World:
    world = build_world(children_per_group=size)
    now = timezone.now()
    for index, child in enumerate(children_of(world.group)):
        for kind in Kind.values[: 1 + index % 5]:
            tap(world.teacher, world.group, child, kind, now - timedelta(days=index % 10))
    LogShare.objects.create(school=world.school, teacher=world.teacher, group=world.group)
    return world


PAGES = [*VIEWS, "child"]


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
@pytest.mark.parametrize(
    ("persona", "suffix"),
    [(Persona.TEACHER, "log")]
    + [(persona, suffix) for persona in (Persona.TEACHER, Persona.CARE) for suffix in PAGES],
)
def test_query_count_does_not_grow_with_the_class(db: None, persona: Persona, suffix: str) -> None:
    counts = []
    for size in (5, 30):
        world = filled_world(size)
        client = world.client_for(persona)
        url = child_url(world) if suffix == "child" else f"{base(world)}{suffix}"
        assert client.get(url).status_code == 200
        counts.append(count_queries(lambda client=client, url=url: client.get(url)))
    assert counts[0] == counts[1]


def test_endpoint_query_count_does_not_grow_with_the_batch(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    client.get("/")
    child = str(world.child.uuid)

    def batch(size: int) -> list[dict]:
        return [
            {
                "op": "add",
                "id": str(uuid.uuid4()),
                "child": child,
                "kind": "turn",
                "at": now_ms(),
            }
            for _ in range(size)
        ]

    post_ops(client, world, batch(1))  # the first write starts the school's audit chain
    small, large = batch(2), batch(150)
    assert count_queries(lambda: post_ops(client, world, small)) == count_queries(
        lambda: post_ops(client, world, large)
    )


def test_a_newly_shared_log_waits_on_the_care_coordinators_home_page_only(world: World) -> None:
    world.client_for(Persona.TEACHER).post(f"{base(world)}share", {"shared": "1", "back": "balance"})
    sentence = f"{world.teacher.full_name} deelt het interactielogboek van {world.group.name} met je."
    care_home = world.client_for(Persona.CARE).get("/").content.decode()
    assert sentence in care_home
    assert f"{base(world)}balance?teacher={world.teacher.uuid}" in care_home
    for persona in (Persona.TEACHER, Persona.OTHER_TEACHER, Persona.ADMIN, Persona.OUTSIDER):
        assert sentence not in world.client_for(persona).get("/").content.decode()
    # After two weeks the share is no longer news; the group page still leads to the log.
    LogShare.objects.update(shared_at=timezone.now() - timedelta(days=15))
    assert sentence not in world.client_for(Persona.CARE).get("/").content.decode()
