"""The school admin's groups and school years: counts only, no child data; other schools are 404."""

from datetime import date
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.http import Http404
from django.urls import reverse

from onderstroom.audit.models import AuditEvent
from onderstroom.core.errors import Refused
from onderstroom.schools import access, services
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Group, GroupAssignment, Role, SchoolYear
from onderstroom.schools.tests.conftest import actor_for
from onderstroom.testing.queries import page_queries
from onderstroom.testing.world import Persona, World, make_group, make_school, make_staff

pytestmark = pytest.mark.django_db
TEACHER = GroupAssignment.Kind.TEACHER
CARE = GroupAssignment.Kind.CARE


def current_year(world: World) -> SchoolYear:
    return world.group.school_year


# --- groups -------------------------------------------------------------------------------------


def test_creating_a_combination_group(world: World, admin: StaffActor) -> None:
    group = services.create_group(admin, current_year(world).uuid, name=" Groep 1/2 ", grades=["2", 1, "2"])
    assert (group.name, group.grades, group.school, group.school_year) == (
        "Groep 1/2",
        [1, 2],
        world.school,
        current_year(world),
    )
    event = AuditEvent.objects.get(action="schools.group.create")
    assert event.details == {"grades": [1, 2]}
    assert event.object_uuid == str(group.uuid)


@pytest.mark.parametrize(
    ("name", "grades", "message"),
    [
        ("groep 7", [7], "Er is al een groep"),
        ("Groep 9", [9], "1 tot en met 8"),
        ("Groep 0", [0], "1 tot en met 8"),
        ("Groep X", ["x"], "1 tot en met 8"),
        ("Groep X", [], "minstens één leerjaar"),
        ("   ", [3], "naam"),
    ],
)
def test_bad_groups_are_refused_and_nothing_changes(
    world: World, admin: StaffActor, name: str, grades: list, message: str
) -> None:
    before = Group.objects.count()
    with pytest.raises(Refused, match=message):
        services.create_group(admin, current_year(world).uuid, name=name, grades=grades)
    assert Group.objects.count() == before


def test_updating_a_group(world: World, admin: StaffActor) -> None:
    services.update_group(admin, world.group.uuid, name="De Uilen", grades=[4, 5])
    world.group.refresh_from_db()
    assert (world.group.name, world.group.grades) == ("De Uilen", [4, 5])
    assert AuditEvent.objects.get(action="schools.group.update").details == {"fields": ["name", "grades"]}
    with pytest.raises(Refused, match="Er is al een groep"):
        services.update_group(admin, world.group.uuid, name="Groep 7", grades=[4])


def test_several_teachers_share_a_group(world: World, admin: StaffActor) -> None:
    services.assign_to_group(admin, world.group.uuid, world.other_teacher.uuid, TEACHER)
    teachers = set(
        GroupAssignment.objects.filter(group=world.group, kind=TEACHER).values_list(
            "user__full_name", flat=True
        )
    )
    assert teachers == {"Juf Anna", "Meester Bram", "Juf Carla"}
    assert world.group.pk in actor_for(world.other_teacher).teacher_group_ids
    event = AuditEvent.objects.get(action="schools.group.assign")
    assert event.details == {"kind": "teacher", "user": str(world.other_teacher.uuid)}


def test_assigning_the_care_coordinator(world: World, admin: StaffActor) -> None:
    services.assign_to_group(admin, world.other_group.uuid, world.care.uuid, CARE)
    assert world.other_group.pk in actor_for(world.care).care_group_ids


def test_only_holders_of_the_role_are_assigned(world: World, admin: StaffActor) -> None:
    with pytest.raises(Refused, match="is op deze school geen"):
        services.assign_to_group(admin, world.group.uuid, world.care.uuid, TEACHER)
    with pytest.raises(Refused, match="is op deze school geen"):
        services.assign_to_group(admin, world.group.uuid, world.teacher.uuid, CARE)
    with pytest.raises(Refused, match="al aan deze groep gekoppeld"):
        services.assign_to_group(admin, world.group.uuid, world.teacher.uuid, TEACHER)
    with pytest.raises(Refused):
        services.assign_to_group(admin, world.group.uuid, world.teacher.uuid, "headmaster")


def test_unassigning_ends_access(world: World, admin: StaffActor) -> None:
    services.unassign_from_group(admin, world.group.uuid, world.teacher.uuid, TEACHER)
    with pytest.raises(Http404):
        access.get_visible_group(actor_for(world.teacher), world.group.uuid)
    assert AuditEvent.objects.filter(action="schools.group.unassign").count() == 1
    with pytest.raises(Http404):
        services.unassign_from_group(admin, world.group.uuid, world.teacher.uuid, TEACHER)


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_another_schools_groups_and_staff_are_not_found(world: World, admin: StaffActor) -> None:
    outsider_group, outsider = world.outsider_group, world.outsider
    calls = [
        lambda: access.get_managed_group(admin, outsider_group.uuid),
        lambda: services.update_group(admin, outsider_group.uuid, name="Hacked", grades=[1]),
        lambda: services.assign_to_group(admin, outsider_group.uuid, world.teacher.uuid, TEACHER),
        lambda: services.assign_to_group(admin, world.group.uuid, outsider.uuid, TEACHER),
        lambda: services.unassign_from_group(admin, outsider_group.uuid, outsider.uuid, TEACHER),
        lambda: services.create_group(admin, outsider_group.school_year.uuid, name="Nieuw", grades=[1]),
    ]
    for call in calls:
        with pytest.raises(Http404):
            call()
    outsider_group.refresh_from_db()
    assert outsider_group.name == "Groep 5"
    assert GroupAssignment.objects.filter(group=outsider_group).count() == 2


def test_the_other_schools_admin_gets_404_on_this_schools_group_pages(world: World) -> None:
    client = world.client_for(Persona.OUTSIDER)
    assert client.get(reverse("schools:group_edit", args=[world.group.uuid])).status_code == 404
    response = client.post(
        reverse("schools:group_assign", args=[world.group.uuid]),
        {"user": str(world.outsider.uuid), "kind": TEACHER},
    )
    assert response.status_code == 404
    assert not GroupAssignment.objects.filter(group=world.group, user=world.outsider).exists()


def test_teachers_cannot_manage_groups(world: World) -> None:
    with pytest.raises(Http404):
        services.update_group(actor_for(world.teacher), world.group.uuid, name="x", grades=[4])


# --- school years -------------------------------------------------------------------------------


def test_the_next_school_year_is_created_once(world: World, admin: StaffActor) -> None:
    with mock.patch("onderstroom.schools.access.today", return_value=date(2026, 11, 27)):
        assert services.next_school_year_name(world.school) == "2027-2028"
        year = services.create_next_school_year(admin)
        assert (year.name, year.starts_on, year.ends_on) == ("2027-2028", date(2027, 8, 1), date(2028, 7, 31))
        assert services.next_school_year_name(world.school) is None
        with pytest.raises(Refused):
            services.create_next_school_year(admin)
    assert SchoolYear.objects.filter(school=world.school).count() == 2
    assert AuditEvent.objects.filter(action="schools.year.create").count() == 1


def test_a_school_without_the_current_year_gets_it_first(world: World) -> None:
    school = make_school(world.board)
    make_staff(school, [Role.SCHOOL_ADMIN])
    with mock.patch("onderstroom.schools.access.today", return_value=date(2027, 3, 1)):
        assert services.next_school_year_name(school) == "2026-2027"


# --- views --------------------------------------------------------------------------------------


def test_the_groups_page_shows_counts_per_grade_and_no_children(world: World) -> None:
    response = world.client_for(Persona.ADMIN).get(reverse("schools:groups_manage"))
    html = response.content.decode()
    rows = {row.group.name: row for row in response.context["rows"]}
    assert rows["Groep 4/5/6"].per_grade == [(4, 1), (5, 1), (6, 1)]
    assert rows["Groep 7"].per_grade == [(7, 3)]
    assert [u.full_name for u in rows["Groep 4/5/6"].teachers] == ["Juf Anna", "Meester Bram"]
    assert [u.full_name for u in rows["Groep 4/5/6"].care] == ["Intern begeleider Dirk"]
    assert "Groep 5" not in html  # the other school's group
    for child in (world.child, world.other_child):
        assert child.first_name not in html
        assert child.surname not in html


def test_the_groups_page_marks_the_current_year_and_shows_another_on_request(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    year = current_year(world)
    older = SchoolYear.objects.create(
        school=world.school, name="2020-2021", starts_on=date(2020, 8, 1), ends_on=date(2021, 7, 31)
    )
    response = client.get(reverse("schools:groups_manage"))
    assert response.context["year"] == year
    assert response.context["current_year"] == year
    older_page = client.get(reverse("schools:groups_manage"), {"year": str(older.uuid)})
    assert older_page.context["year"] == older
    assert older_page.context["rows"] == []
    nonsense = client.get(reverse("schools:groups_manage"), {"year": "'; drop table"})
    assert nonsense.status_code == 200
    assert nonsense.context["year"] == year


def test_creating_a_group_through_the_form(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    url = reverse("schools:group_create", args=[current_year(world).uuid])
    response = client.post(url, {"name": "Groep 8", "grades": ["8"]})
    group = Group.objects.get(school=world.school, name="Groep 8")
    assert response.status_code == 302
    assert response["Location"] == reverse("schools:group_edit", args=[group.uuid])
    again = client.post(url, {"name": "Groep 8", "grades": ["8"]})
    assert again.status_code == 200
    assert "Er is al een groep" in again.content.decode()
    bad = client.post(url, {"name": "", "grades": ["12"]})
    assert set(bad.context["form"].errors) == {"name", "grades"}


def test_assigning_through_the_form(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    url = reverse("schools:group_assign", args=[world.other_group.uuid])
    response = client.post(url, {"user": str(world.co_teacher.uuid), "kind": TEACHER}, follow=True)
    assert GroupAssignment.objects.filter(group=world.other_group, user=world.co_teacher).exists()
    assert "Meester Bram" in response.content.decode()
    assert client.post(url, {"user": "not-a-uuid", "kind": TEACHER}).status_code == 404
    empty = client.post(url, {"user": "", "kind": TEACHER})
    assert [str(m) for m in get_messages(empty.wsgi_request)] == ["Kies eerst een medewerker."]


def test_the_edit_page_offers_only_holders_of_the_role(world: World) -> None:
    response = world.client_for(Persona.ADMIN).get(
        reverse("schools:group_edit", args=[world.other_group.uuid])
    )
    teacher_choices = dict(response.context["assign_teacher"].fields["user"].choices)
    care_choices = dict(response.context["assign_care"].fields["user"].choices)
    assert set(teacher_choices.values()) - {"Kies…"} == {"Juf Anna", "Meester Bram"}
    assert set(care_choices.values()) - {"Kies…"} == {"Intern begeleider Dirk"}


def test_the_groups_page_takes_the_same_queries_for_5_and_30_groups(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    url = reverse("schools:groups_manage")
    teacher = make_staff(world.school, [Role.TEACHER, Role.CARE])

    def add_groups(count: int) -> None:
        for _i in range(count):
            group = make_group(world.school, f"Groep Z{Group.objects.count()}", [3, 4], children=3)
            GroupAssignment.objects.create(school=world.school, group=group, user=teacher, kind=TEACHER)
            GroupAssignment.objects.create(school=world.school, group=group, user=teacher, kind=CARE)

    add_groups(3)
    few = page_queries(client, url)
    add_groups(25)
    many = page_queries(client, url)
    assert len(client.get(url).context["rows"]) == 30
    assert few == many
    assert many <= 14
