"""Who reads whose log, URL by URL: a teacher their own log only, a co-teacher theirs, the care
coordinator a teacher's log only while it is shared, everybody else nothing."""

import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from onderstroom.audit.models import AuditEvent
from onderstroom.interactions import services
from onderstroom.interactions.api import balance_url, has_readable_log
from onderstroom.interactions.models import InteractionEvent, Kind, LogShare
from onderstroom.interactions.tests.helpers import children_of, staff_actor, tap
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

READS = ("", "balance", "not-noticed", "distribution", "children/{child}/")
OUTSIDERS = (Persona.OTHER_TEACHER, Persona.ADMIN, Persona.BOARD, Persona.OUTSIDER, Persona.CHILD)


@pytest.fixture
def logged(world: World) -> World:
    """The teacher tapped three turns for the first child, the co-teacher one for the second."""
    a, b, _c = children_of(world.group)
    now = timezone.now()
    for _ in range(3):
        tap(world.teacher, world.group, a, Kind.TURN, now)
    tap(world.co_teacher, world.group, b, Kind.TURN, now)
    return world


def url(world: World, suffix: str) -> str:
    return f"/groups/{world.group.uuid}/interactions/{suffix.format(child=world.child.uuid)}"


def client_as(world: World, who: str) -> Client:
    if who == "co_teacher":
        client = Client()
        client.force_login(world.co_teacher)
        return client
    return world.client_for(Persona(who))


def turns_shown(world: World, client: Client, **params: str) -> int:
    response = client.get(url(world, ""), params)
    assert response.status_code == 200
    return response.context["result"].total


@pytest.mark.parametrize("suffix", READS)
def test_the_teacher_reads_their_own_log(logged: World, suffix: str) -> None:
    response = client_as(logged, Persona.TEACHER).get(url(logged, suffix))
    assert response.status_code == 200
    choice = response.context["choice"]
    assert choice.owner == logged.teacher
    assert choice.owners == (logged.teacher,)


@pytest.mark.parametrize("suffix", READS)
def test_the_co_teacher_reads_only_their_own_log(logged: World, suffix: str) -> None:
    client = client_as(logged, "co_teacher")
    response = client.get(url(logged, suffix), {"teacher": str(logged.teacher.uuid)})
    assert response.status_code == 200
    assert response.context["choice"].owners == (logged.co_teacher,)
    assert response.context["choice"].owner == logged.co_teacher


def test_the_co_teacher_sees_their_own_taps_not_the_teachers(logged: World) -> None:
    assert turns_shown(logged, client_as(logged, "co_teacher"), teacher=str(logged.teacher.uuid)) == 1
    assert turns_shown(logged, client_as(logged, Persona.TEACHER)) == 3


@pytest.mark.parametrize("suffix", READS)
def test_the_care_coordinator_without_a_share_reads_nothing(logged: World, suffix: str) -> None:
    response = client_as(logged, Persona.CARE).get(url(logged, suffix), {"teacher": str(logged.teacher.uuid)})
    assert response.status_code == 200
    assert response.context["choice"].owner is None
    html = response.content.decode()
    assert "Geen logboek met je gedeeld" in html
    assert "result" not in response.context
    assert not AuditEvent.objects.filter(
        action__startswith="interactions.", actor_user_id=logged.care.pk
    ).exists()


@pytest.mark.parametrize("suffix", READS)
def test_the_care_coordinator_reads_a_shared_log_and_only_that(logged: World, suffix: str) -> None:
    services.set_share(staff_actor(logged.teacher), logged.group, True)
    client = client_as(logged, Persona.CARE)
    response = client.get(url(logged, suffix), {"teacher": str(logged.co_teacher.uuid)})  # not shared
    assert response.status_code == 200
    assert response.context["choice"].owners == (logged.teacher,)
    assert response.context["choice"].owner == logged.teacher
    assert "Je leest het interactielogboek van Juf Anna" in response.content.decode()
    assert "Deel met de intern begeleider" not in response.content.decode()  # not theirs to switch
    assert AuditEvent.objects.filter(
        actor_user_id=logged.care.pk, action__startswith="interactions."
    ).exists()


def test_withdrawing_the_share_closes_the_log_again(logged: World) -> None:
    services.set_share(staff_actor(logged.teacher), logged.group, True)
    client = client_as(logged, Persona.CARE)
    assert turns_shown(logged, client) == 3
    client_as(logged, Persona.TEACHER).post(url(logged, "share"), {})
    assert not LogShare.objects.exists()
    assert client.get(url(logged, "")).context["choice"].owner is None


def test_both_teachers_sharing_lets_the_care_coordinator_choose(logged: World) -> None:
    services.set_share(staff_actor(logged.teacher), logged.group, True)
    services.set_share(staff_actor(logged.co_teacher), logged.group, True)
    client = client_as(logged, Persona.CARE)
    assert turns_shown(logged, client, teacher=str(logged.co_teacher.uuid)) == 1
    assert turns_shown(logged, client, teacher=str(logged.teacher.uuid)) == 3


@pytest.mark.parametrize("suffix", [*READS, "log"])
@pytest.mark.parametrize("persona", OUTSIDERS)
def test_colleagues_admins_outsiders_and_children_get_not_found(
    logged: World, suffix: str, persona: Persona
) -> None:
    services.set_share(staff_actor(logged.teacher), logged.group, True)  # a share is for care, nobody else
    assert client_as(logged, persona).get(url(logged, suffix)).status_code == 404


@pytest.mark.parametrize("suffix", [*READS, "log"])
def test_anonymous_visitors_are_sent_to_sign_in(logged: World, suffix: str) -> None:
    response = Client().get(url(logged, suffix))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_the_care_coordinator_cannot_open_the_logger_even_with_a_share(logged: World) -> None:
    services.set_share(staff_actor(logged.teacher), logged.group, True)
    assert client_as(logged, Persona.CARE).get(url(logged, "log")).status_code == 404


def ops_for(world: World) -> str:
    op = {"op": "add", "id": str(uuid.uuid4()), "child": str(world.child.uuid), "kind": "praise"}
    return json.dumps({"ops": [{**op, "at": int(timezone.now().timestamp() * 1000)}]})


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (Persona.TEACHER, 200),
        ("co_teacher", 200),
        (Persona.CARE, 404),
        *((persona, 404) for persona in OUTSIDERS),
        (Persona.ANONYMOUS, 302),
    ],
)
def test_only_teachers_of_the_group_send_taps_and_each_into_their_own_log(
    logged: World, who: str, status: int
) -> None:
    before = InteractionEvent.objects.count()
    client = Client() if who == Persona.ANONYMOUS else client_as(logged, who)
    response = client.post(url(logged, "taps"), ops_for(logged), content_type="application/json")
    assert response.status_code == status
    added = InteractionEvent.objects.filter(kind=Kind.PRAISE)
    if status == 200:
        expected = logged.teacher if who == Persona.TEACHER else logged.co_teacher
        assert list(added.values_list("teacher_id", flat=True)) == [expected.pk]
    else:
        assert InteractionEvent.objects.count() == before


@pytest.mark.parametrize("who", [Persona.CARE, *OUTSIDERS])
def test_nobody_but_a_teacher_switches_a_share_or_undoes_a_tap(logged: World, who: Persona) -> None:
    row = InteractionEvent.objects.filter(teacher=logged.teacher).first()
    client = client_as(logged, who)
    assert client.post(url(logged, "share"), {"shared": "1"}).status_code == 404
    assert client.post(url(logged, "undo"), {"client_id": str(row.client_id)}).status_code == 404
    assert not LogShare.objects.exists()
    assert InteractionEvent.objects.get(pk=row.pk).child_id is not None


def test_a_co_teacher_cannot_undo_the_teachers_tap(logged: World) -> None:
    row = InteractionEvent.objects.filter(teacher=logged.teacher).first()
    client_as(logged, "co_teacher").post(url(logged, "undo"), {"client_id": str(row.client_id)})
    assert InteractionEvent.objects.get(pk=row.pk).child_id is not None


def test_the_co_teachers_share_does_not_share_the_teachers_log(logged: World) -> None:
    client_as(logged, "co_teacher").post(url(logged, "share"), {"shared": "1"})
    assert list(LogShare.objects.values_list("teacher_id", flat=True)) == [logged.co_teacher.pk]
    response = client_as(logged, Persona.CARE).get(url(logged, ""), {"teacher": str(logged.teacher.uuid)})
    assert response.context["choice"].owner == logged.co_teacher
    assert response.context["result"].total == 1


def test_the_api_offers_the_balance_link_to_whoever_may_read_a_log(logged: World) -> None:
    assert balance_url(logged.group, logged.child) == url(logged, "children/{child}/")
    assert has_readable_log(staff_actor(logged.teacher), logged.group)
    assert has_readable_log(staff_actor(logged.co_teacher), logged.group)
    assert not has_readable_log(staff_actor(logged.care), logged.group)
    assert not has_readable_log(staff_actor(logged.other_teacher), logged.group)
    services.set_share(staff_actor(logged.teacher), logged.group, True)
    assert has_readable_log(staff_actor(logged.care), logged.group)
