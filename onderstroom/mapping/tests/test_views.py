"""Relationship mapping's screens: marking, the map, champions on the home page, counts, settings."""

import json
import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from onderstroom.audit.models import AuditEvent
from onderstroom.mapping import services
from onderstroom.mapping.models import Champion, MappingRound, MappingSettings, StaffMark
from onderstroom.mapping.tests.helpers import world_round
from onderstroom.questionnaires.builders import fill_moment, make_moment
from onderstroom.schools.access import ChildActor, build_staff_actor, today
from onderstroom.schools.models import Role
from onderstroom.testing.queries import page_queries
from onderstroom.testing.world import Persona, World, build_world, make_group, make_staff

pytestmark = pytest.mark.django_db


def staff(user):  # type: ignore[no-untyped-def]
    return build_staff_actor(user, None, None)


def mark(world: World, user, child, marked: bool = True) -> None:  # type: ignore[no-untyped-def]
    services.save_marks(staff(user), world_round(world).uuid, [(uuid.uuid4(), child.uuid, marked)])


def pressed(html: str, child) -> str:  # type: ignore[no-untyped-def]
    found = re.search(rf'data-child="{child.uuid}" aria-pressed="(true|false)"', html)
    assert found, "the child is on the page"
    return found.group(1)


def test_the_outbox_endpoint_stores_each_client_id_once(world: World, mapping_round: MappingRound) -> None:
    client = world.client_for(Persona.STAFF_MEMBER)
    url = reverse("mapping:marks", args=[mapping_round.uuid])
    body = {"marks": [{"client_id": str(uuid.uuid4()), "child": str(world.child.uuid), "marked": True}]}
    for _attempt in range(2):
        reply = client.post(url, json.dumps(body), content_type="application/json")
        assert reply.status_code == 200
        assert reply.json() == {"stored": [body["marks"][0]["client_id"]], "rejected": {}}
    assert StaffMark.objects.filter(staff=world.staff_member).count() == 1
    page = client.get(reverse("mapping:round", args=[mapping_round.uuid])).content.decode()
    assert pressed(page, world.child) == "true"


@pytest.mark.parametrize(
    "body",
    ["[", '{"marks": 3}', '{"marks": [{"client_id": "x", "child": "y", "marked": true}]}', '{"marks": [1]}'],
)
def test_bad_json_is_refused_and_stores_nothing(world: World, mapping_round: MappingRound, body: str) -> None:
    client = world.client_for(Persona.TEACHER)
    reply = client.post(
        reverse("mapping:marks", args=[mapping_round.uuid]), body, content_type="application/json"
    )
    assert reply.status_code == 400
    assert not StaffMark.objects.exists()


def test_a_teacher_sees_only_their_own_marks(world: World, mapping_round: MappingRound) -> None:
    mark(world, world.other_teacher, world.child)
    page = world.client_for(Persona.TEACHER).get(reverse("mapping:round", args=[mapping_round.uuid]))
    html = page.content.decode()
    assert pressed(html, world.child) == "false"
    assert world.other_teacher.full_name not in html


def test_a_teacher_cannot_see_a_child_s_named_adults(world: World, mapping_round: MappingRound) -> None:
    """The child names the gym teacher: the child's own teacher sees that nowhere (not the map, not the
    child page, not the marking page)."""
    world.class_session.refresh_from_db()
    child = ChildActor(child=world.child, school=world.school, class_session=world.class_session)
    services.answer(child, mapping_round.uuid, [str(world.staff_member.uuid)], nobody=False)
    teacher = world.client_for(Persona.TEACHER)
    assert teacher.get(reverse("mapping:map", args=[mapping_round.uuid])).status_code == 404
    for url in (
        reverse("schools:child", args=[world.child.uuid]),
        reverse("mapping:round", args=[mapping_round.uuid]),
    ):
        page = teacher.get(url)
        assert page.status_code == 200
        assert world.staff_member.full_name not in page.content.decode()


def test_the_map_lists_children_without_a_trusted_adult_first(
    world: World, mapping_round: MappingRound
) -> None:
    children = [
        e.child for e in world.group.enrollments.select_related("child").order_by("child__first_name")
    ]
    mark(world, world.teacher, children[0])
    page = world.client_for(Persona.CARE).get(reverse("mapping:map", args=[mapping_round.uuid]))
    html = page.content.decode()
    trusted = re.findall(r'data-trusted="([01])"', html)
    assert trusted == sorted(trusted)  # every 0 (no trusted adult) before every 1
    assert trusted.count("1") == 1
    assert "1" in trusted
    assert AuditEvent.objects.filter(action="mapping.map.view").count() == len(trusted)


def test_the_map_joins_the_class_teacher_s_closeness(world: World, mapping_round: MappingRound) -> None:
    fill_moment(make_moment(world.group, opens_on=today() - timedelta(days=3)), children=False)
    html = (
        world.client_for(Persona.CARE).get(reverse("mapping:map", args=[mapping_round.uuid])).content.decode()
    )
    assert re.search(r"\d[.,]\d / 5", html)
    assert AuditEvent.objects.filter(action="questionnaires.closeness.view").exists()


@pytest.mark.all_schools
def test_the_map_takes_the_same_number_of_queries_for_1_and_8_groups(db: None) -> None:
    counts = []
    for groups in (1, 8):
        world = build_world(children_per_group=3)
        for n in range(groups - 1):
            group = make_group(world.school, f"Groep {n + 8}", [3 + n % 6], children=4)
            make_staff(world.school, [Role.TEACHER], teaches=[group])
        found = world_round(world)
        mark(world, world.teacher, world.child)
        client = world.client_for(Persona.CARE)
        counts.append(page_queries(client, reverse("mapping:map", args=[found.uuid])))
    assert counts[0] == counts[1]


def test_a_child_s_answer_is_not_shown_to_the_adult_it_names_unless_the_school_says_so(
    world: World, mapping_round: MappingRound
) -> None:
    world.class_session.refresh_from_db()
    child = ChildActor(child=world.child, school=world.school, class_session=world.class_session)
    services.answer(child, mapping_round.uuid, [str(world.teacher.uuid)], nobody=False)
    url = reverse("mapping:round", args=[mapping_round.uuid])
    html = world.client_for(Persona.TEACHER).get(url).content.decode()
    assert 'id="named-me"' not in html
    MappingSettings.objects.create(school=world.school, show_answers_to_named_adults=True)
    html = world.client_for(Persona.TEACHER).get(url).content.decode()
    named = html.split('id="named-me"')[1]
    assert world.child.first_name in named


def test_the_settings_switch_is_the_school_admin_s(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    reply = client.post(reverse("mapping:settings"), {"show_answers_to_named_adults": "on"})
    assert reply.status_code == 302
    assert MappingSettings.objects.get().show_answers_to_named_adults


def test_every_member_of_staff_finds_the_open_round_on_the_home_page(
    world: World, mapping_round: MappingRound
) -> None:
    for persona in (Persona.STAFF_MEMBER, Persona.TEACHER, Persona.CARE, Persona.ADMIN):
        html = world.client_for(persona).get(reverse("core:home")).content.decode()
        assert reverse("mapping:round", args=[mapping_round.uuid]) in html


def test_a_champion_is_prompted_at_4_weeks_and_2_months(
    world: World, mapping_round: MappingRound, travel
) -> None:  # type: ignore[no-untyped-def]
    champion = services.set_champion(
        staff(world.care), mapping_round.uuid, world.child.uuid, world.staff_member.uuid, volunteered=False
    )
    url = reverse("mapping:champion", args=[champion.uuid])
    client = world.client_for(Persona.STAFF_MEMBER)
    assert url not in client.get(reverse("core:home")).content.decode()
    travel(27)
    assert url not in client.get(reverse("core:home")).content.decode()
    travel(28)
    assert url in client.get(reverse("core:home")).content.decode()
    guide = client.get(url).content.decode()
    assert "Begroet" in guide or "Greet" in guide
    client.post(url, {"due": "w4", "note": "Zegt nu zelf hallo"})
    assert url not in client.get(reverse("core:home")).content.decode()
    travel(61)
    assert url in client.get(reverse("core:home")).content.decode()
    client.post(url, {"due": "m2", "note": "Komt nu zelf naar me toe"})
    assert url not in client.get(reverse("core:home")).content.decode()
    assert Champion.objects.get().check_ins.count() == 2
    # Nobody else is prompted, and a teacher cannot open the champion's page.
    assert url not in world.client_for(Persona.TEACHER).get(reverse("core:home")).content.decode()
    assert world.client_for(Persona.TEACHER).get(url).status_code == 404


def test_the_director_sees_counts_per_group_suppressed_below_5(
    world: World, mapping_round: MappingRound
) -> None:
    group = make_group(world.school, "Groep 8", [8], children=7)
    for enrollment in group.enrollments.select_related("child")[:1]:
        mark(world, world.teacher, enrollment.child)
    html = world.client_for(Persona.ADMIN).get(reverse("mapping:overview")).content.decode()
    counts = html.split('id="counts"')[1]
    assert re.search(r"Groep 8</th><td class=\"num\">6</td>", counts)
    assert re.search(r"Groep 7</th><td class=\"num\">&lt;5</td>", counts)
    assert world.child.first_name not in counts


@pytest.mark.all_schools
def test_the_board_sees_counts_only(world: World, mapping_round: MappingRound) -> None:
    """Six children: two marked, four without a trusted adult; both counts are small, so hidden."""
    for enrollment in world.group.enrollments.select_related("child")[:2]:
        mark(world, world.teacher, enrollment.child)
    html = world.client_for(Persona.BOARD).get(reverse("mapping:board")).content.decode()
    row = html.split(f"{world.school.name}</th>")[1].split("</tr>")[0]
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["&lt;5", "&lt;5"]
    for enrollment in world.group.enrollments.select_related("child"):
        assert enrollment.child.first_name not in html


@pytest.fixture
def photos(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


@pytest.mark.all_schools
def test_photos_only_while_the_round_is_open_and_only_of_its_children(
    world: World, mapping_round: MappingRound, photos: None
) -> None:
    from django.core.files.base import ContentFile

    for child in (world.child, world.outsider_child):
        child.photo.save(f"{child.uuid}.png", ContentFile(b"\x89PNG fake"), save=True)
    client = world.client_for(Persona.STAFF_MEMBER)
    html = client.get(reverse("mapping:round", args=[mapping_round.uuid])).content.decode()
    own = reverse("mapping:photo", args=[mapping_round.uuid, world.child.uuid])
    assert own in html
    assert client.get(own).status_code == 200
    assert AuditEvent.objects.filter(action="mapping.photo.view", child_uuid=world.child.uuid).exists()
    other = reverse("mapping:photo", args=[mapping_round.uuid, world.outsider_child.uuid])
    assert client.get(other).status_code == 404
    services.close_round(staff(world.care), mapping_round.uuid)
    assert client.get(own).status_code == 404
    assert world.client_for(Persona.OUTSIDER).get(own).status_code == 404


def test_the_next_round_shows_whether_the_child_now_names_an_adult(
    world: World, mapping_round: MappingRound
) -> None:
    champion = services.set_champion(
        staff(world.care), mapping_round.uuid, world.child.uuid, world.co_teacher.uuid, volunteered=True
    )
    services.close_round(staff(world.care), mapping_round.uuid)
    MappingRound.objects.filter(pk=mapping_round.pk).update(started_on=today() - timedelta(days=70))
    second = services.start_round(staff(world.care), today() + timedelta(days=7))
    world.class_session.refresh_from_db()
    from onderstroom.childsessions.models import ClassSession

    ClassSession.objects.filter(pk=world.class_session.pk).update(activity_object=str(second.uuid))
    world.class_session.refresh_from_db()
    child = ChildActor(child=world.child, school=world.school, class_session=world.class_session)
    services.answer(child, second.uuid, [str(champion.champion.uuid)], nobody=False)
    html = world.client_for(Persona.CARE).get(reverse("mapping:map", args=[second.uuid])).content.decode()
    row = html.split(f'data-child="{world.child.uuid}"')[1].split("</tr>")[0]
    assert world.co_teacher.full_name in row
    assert "noemt nu een volwassene" in row


def test_a_member_of_staff_volunteers_and_shows_first_on_the_map(
    world: World, mapping_round: MappingRound
) -> None:
    client = world.client_for(Persona.STAFF_MEMBER)
    assert client.post(reverse("mapping:offer", args=[mapping_round.uuid]), {"offer": "1"}).status_code == 302
    client.post(reverse("mapping:offer", args=[mapping_round.uuid]), {"offer": "1"})  # twice: still one offer
    assert mapping_round.offers.count() == 1
    html = (
        world.client_for(Persona.CARE).get(reverse("mapping:map", args=[mapping_round.uuid])).content.decode()
    )
    select = html.split('name="champion"')[1].split("</select>")[0]
    first = re.search(r"<option[^>]*>([^<]*)</option>", select)
    assert first is not None
    assert first.group(1).startswith(world.staff_member.full_name)
    client.post(reverse("mapping:offer", args=[mapping_round.uuid]), {"offer": "0"})
    assert not mapping_round.offers.exists()
    assert AuditEvent.objects.filter(action="mapping.champion.offer").count() == 2


@pytest.mark.all_schools
def test_the_marking_page_takes_the_same_number_of_queries_for_1_and_8_groups(db: None) -> None:
    counts = []
    for groups in (1, 8):
        world = build_world(children_per_group=3)
        for n in range(groups - 1):
            make_group(world.school, f"Groep {n + 8}", [3 + n % 6], children=4)
        found = world_round(world)
        mark(world, world.staff_member, world.child)
        client = world.client_for(Persona.STAFF_MEMBER)
        counts.append(page_queries(client, reverse("mapping:round", args=[found.uuid])))
    assert counts[0] == counts[1]
