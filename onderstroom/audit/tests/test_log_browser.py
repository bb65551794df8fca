"""The school admin's audit log: this school's rows, newest first, filtered, paged; the chain checked."""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from onderstroom.audit import log, views
from onderstroom.audit.labels import action_label, details_text
from onderstroom.audit.models import AuditEvent
from onderstroom.schools.access import StaffActor, SystemActor, build_staff_actor
from onderstroom.schools.models import Child
from onderstroom.testing.queries import count_queries
from onderstroom.testing.world import Persona, World, add_child, make_child, make_staff

pytestmark = pytest.mark.django_db
URL = reverse("audit:log")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def staff(user, ip: str = "198.51.100.4") -> StaffActor:  # type: ignore[no-untyped-def]
    return build_staff_actor(user, ip, None)


def at(day: int, hour: int = 12) -> mock._patch:
    """Write audit rows as if on the given day of November 2026."""
    return mock.patch(
        "django.utils.timezone.now", return_value=datetime(2026, 11, day, hour, tzinfo=AMSTERDAM)
    )


def get(client: Client, **params: str):  # type: ignore[no-untyped-def]
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def shown(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.event.action for row in response.context["rows"]]


@pytest.fixture
def admin_client(world: World) -> Client:
    return world.client_for(Persona.ADMIN)


def test_only_this_schools_rows_newest_first(world: World, admin_client: Client) -> None:
    with at(1):
        log.record(staff(world.teacher), "test.old")
    with at(2):
        log.record(SystemActor(school=world.other_school, name="x"), "test.elsewhere")
        log.record(staff(world.teacher), "test.new")
    assert shown(get(admin_client)) == ["test.new", "test.old"]
    outsider = get(world.client_for(Persona.OUTSIDER))
    assert shown(outsider) == ["test.elsewhere"]


def test_each_row_says_when_who_what_which_child_where_and_counts(world: World, admin_client: Client) -> None:
    log.record(staff(world.teacher, "203.0.113.9"), "child.view", child=world.child, obj=world.child)
    response = get(admin_client)
    html = response.content.decode()
    assert "Juf Anna" in html
    assert "Opende de pagina van een leerling" in html
    assert world.child.full_name in html
    assert "203.0.113.9" in html
    row = next(r for r in response.context["rows"] if r.event.action == "child.view")
    assert row.event.child == world.child


def test_unknown_actions_are_shown_by_their_code() -> None:
    assert action_label("someapp.thing.frobnicate") == "someapp.thing.frobnicate"


def test_details_read_as_dutch_words_and_numbers() -> None:
    details = {"roles": ["care", "teacher"], "new_account": True, "children": 3, "mystery": "x"}
    assert details_text(details) == [
        ("leerlingen", "3"),
        ("mystery", "x"),
        ("nieuw account", "ja"),
        ("rollen", "intern begeleider, leerkracht"),
    ]


def test_what_children_did_in_a_session_reads_as_words() -> None:
    details = {"activity": "none", "closed_previous": 1, "method": "ratings", "question": "play"}
    assert details_text(details) == [
        ("activiteit", "Alleen inloggen (nog niets te doen)"),
        ("vorige sessie gesloten", "1"),
        ("methode", "elke klasgenoot beoordelen"),
        ("vraag", "Met wie speel je graag?"),
    ]
    assert action_label("sociogram.survey.close") == "Sloot een klasgenotenpeiling"


def test_dates_are_written_the_dutch_way_and_the_english_way(world: World, admin_client: Client) -> None:
    with at(3, hour=9):
        log.record(staff(world.teacher), "child.view", child=world.child)
    assert "3 nov 2026 09:00:00" in get(admin_client).content.decode()
    admin_client.cookies["onderstroom_language"] = "en"
    assert "3 Nov 2026 09:00:00" in get(admin_client).content.decode()


def test_a_child_no_longer_in_the_app_is_still_a_row(world: World, admin_client: Client) -> None:
    child = make_child(world.school, first_name="Weg", surname="Gegaan")
    log.record(staff(world.teacher), "child.view", child=child)
    Child.objects.filter(pk=child.pk).delete()
    html = get(admin_client).content.decode()
    assert "Gegaan" not in html
    assert "leerling niet meer in Onderstroom" in html


def test_rows_come_in_pages_of_fifty(world: World, admin_client: Client) -> None:
    log.record_many(staff(world.teacher), "test.bulk", children=[None] * 120)
    first = get(admin_client)
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.count == 120
    third = get(admin_client, page="3")
    assert len(third.context["rows"]) == 20 + 1  # and the first view of the log itself
    assert get(admin_client, page="999").context["page"].number == 3
    assert get(admin_client, page="nonsense").context["page"].number == 1


def test_filters_by_date_action_staff_child_and_kind(world: World, admin_client: Client) -> None:
    anna, carla = staff(world.teacher), staff(world.other_teacher)
    sanne = make_child(world.school, first_name="Sanne", surname_prefix="van den", surname="Berg")
    add_child(world.group, sanne)
    with at(3):
        log.record(anna, "child.view", child=sanne)
    with at(10):
        log.record(carla, "group.view")
        log.record(SystemActor(school=world.school, name="import"), "imports.run")
    with at(20):
        log.record(anna, "child.view", child=world.child)
    assert shown(get(admin_client, date_from="2026-11-09", date_to="2026-11-10")) == [
        "imports.run",
        "group.view",
    ]
    assert shown(get(admin_client, action="child.view")) == ["child.view", "child.view"]
    assert shown(get(admin_client, staff=str(world.other_teacher.uuid))) == ["group.view"]
    sanne_rows = get(admin_client, child="sanne BERG")
    assert [row.event.child for row in sanne_rows.context["rows"]] == [sanne]
    assert shown(get(admin_client, actor_kind="system")) == ["imports.run"]
    assert shown(get(admin_client, child="nobody-has-this-name")) == []


def test_bad_filters_get_a_message_not_an_error(world: World, admin_client: Client) -> None:
    response = get(
        admin_client, date_from="31-31-2026", action="<script>", staff="not-a-uuid", actor_kind="god"
    )
    assert set(response.context["form"].errors) == {"date_from", "action", "staff", "actor_kind"}
    backwards = get(admin_client, date_from="2026-11-20", date_to="2026-11-01")
    assert "date_to" in backwards.context["form"].errors


def test_viewing_the_log_is_logged_with_filter_names_never_values(world: World, admin_client: Client) -> None:
    log.record(staff(world.teacher), "child.view", child=world.child)
    get(admin_client, child=world.child.first_name, action="child.view")
    event = AuditEvent.objects.filter(action="audit.log.view").get()
    assert event.actor_user_id == world.admin.pk
    assert event.school == world.school
    assert event.details == {"rows": 1, "filters": ["action", "child"], "intact": True}
    assert world.child.first_name not in str(event.details)


# --- the chain ----------------------------------------------------------------------------------


def test_an_intact_chain_says_how_many_rows_were_checked(world: World, admin_client: Client) -> None:
    log.record_many(staff(world.teacher), "test.bulk", children=[None] * 1233)
    html = get(admin_client).content.decode()
    assert "Keten intact" in html
    assert "1.233 regels gecontroleerd" in html


def test_a_changed_row_shows_where_the_chain_breaks(world: World, admin_client: Client) -> None:
    for i in range(6):
        log.record(staff(world.teacher), f"test.event{i}", child=world.child)
    AuditEvent.objects.filter(school=world.school, sequence=4).update(child_uuid=None)  # hide who was read
    response = get(admin_client)
    chain = response.context["chain"]
    assert not chain.check.intact
    assert chain.check.broken_at == 4
    html = response.content.decode()
    assert "Keten verbroken" in html
    assert "regel 4" in html


def test_a_deleted_row_breaks_the_chain_too(world: World, admin_client: Client) -> None:
    for i in range(4):
        log.record(staff(world.teacher), f"test.event{i}")
    AuditEvent.objects.filter(school=world.school, sequence=2).delete()
    assert get(admin_client).context["chain"].check.broken_at == 2


def test_a_long_chain_is_checked_when_the_admin_asks(
    world: World, admin_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "INLINE_CHECK_LIMIT", 3)
    for i in range(5):
        log.record(staff(world.teacher), f"test.event{i}")
    before = get(admin_client)
    assert before.context["chain"].check is None
    assert "nog niet gecontroleerd" in before.content.decode()
    response = admin_client.post(reverse("audit:check"))
    assert response.status_code == 302
    check = AuditEvent.objects.get(action="audit.chain.verify")
    assert check.details == {"checked": 6, "intact": True, "broken_at": None}  # five rows and one view
    after = get(admin_client)
    assert after.context["chain"].last_check == check
    assert "Directeur Eva" in after.content.decode()


def test_a_long_broken_chain_is_reported_when_checked(
    world: World, admin_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "INLINE_CHECK_LIMIT", 3)
    for i in range(5):
        log.record(staff(world.teacher), f"test.event{i}")
    AuditEvent.objects.filter(school=world.school, sequence=3).update(ip_address="10.0.0.1")
    admin_client.post(reverse("audit:check"))
    assert AuditEvent.objects.get(action="audit.chain.verify").details["broken_at"] == 3
    assert "verbroken bij regel 3" in get(admin_client).content.decode()


# --- cost ---------------------------------------------------------------------------------------


def count(client: Client) -> tuple[int, int]:
    shown: list[HttpResponse] = []
    queries = count_queries(lambda: shown.append(client.get(URL)))
    assert shown[0].status_code == 200
    return queries, len(shown[0].context["rows"])


def test_the_log_takes_the_same_queries_for_5_and_30_rows(world: World, admin_client: Client) -> None:
    """Rows name their child and come from several people: still one query for the page of rows."""
    people = [staff(make_staff(world.school, ["teacher"])) for _ in range(4)]
    children = [make_child(world.school) for _ in range(30)]

    def write(n: int) -> None:
        for i in range(n):
            log.record(people[i % 4], "child.view", child=children[i])

    write(4)
    count(admin_client)  # every view adds its own row: 4 written + 1 view = 5 rows on the next view
    few, few_rows = count(admin_client)
    write(24)  # 5 + 1 view + 24 = 30
    many, many_rows = count(admin_client)
    assert (few_rows, many_rows) == (5, 30)
    assert few == many
