"""Home page per role, the group page and the child page: content, empty states, query counts."""

import pytest

from onderstroom.schools.models import Role
from onderstroom.testing.queries import count_queries
from onderstroom.testing.world import Persona, World, build_world, make_staff

pytestmark = pytest.mark.django_db


def test_teacher_home_lists_own_groups_only(world: World) -> None:
    page = world.client_for(Persona.TEACHER).get("/").content.decode()
    assert world.group.name in page
    assert world.other_group.name not in page


def test_group_cards_say_grade_or_grades_by_the_number_of_grades(world: World) -> None:
    """The plural follows the grades of the group, not the number of its pupils."""
    combination = world.client_for(Persona.TEACHER)
    combination.cookies["onderstroom_language"] = "en"
    assert "3 pupils · grades 4/5/6" in combination.get("/").content.decode()
    single = world.client_for(Persona.OTHER_TEACHER)
    single.cookies["onderstroom_language"] = "en"
    page = single.get("/").content.decode()
    assert "3 pupils · grade 7" in page
    assert "grades 7" not in page


def test_care_home_lists_supported_groups(world: World) -> None:
    page = world.client_for(Persona.CARE).get("/").content.decode()
    assert "Groepen die ik begeleid" in page
    assert world.group.name in page


def test_admin_home_shows_counts_not_children(world: World) -> None:
    page = world.client_for(Persona.ADMIN).get("/").content.decode()
    assert "Beheer van" in page
    assert world.child.first_name not in page


def test_new_staff_without_role_is_told_what_to_do(world: World) -> None:
    from django.test import Client

    client = Client()
    client.force_login(make_staff(None, []))
    page = client.get("/").content.decode()
    assert "Je hebt nog geen rol op een school" in page


def test_teacher_without_group_sees_next_step(world: World) -> None:
    from django.test import Client

    client = Client()
    client.force_login(make_staff(world.school, [Role.TEACHER]))
    assert "nog niet aan een groep gekoppeld" in client.get("/").content.decode()


def test_empty_school_admin_is_pointed_to_the_import(db: None) -> None:
    from django.test import Client

    from onderstroom.testing.world import make_school

    client = Client()
    client.force_login(make_staff(make_school(), [Role.SCHOOL_ADMIN]))
    page = client.get("/").content.decode()
    assert "Volgende stap: zet je leerlingen erin" in page


def test_group_page_lists_its_children(world: World) -> None:
    page = world.client_for(Persona.TEACHER).get(f"/groups/{world.group.uuid}/").content.decode()
    assert world.child.first_name in page
    assert world.other_child.first_name not in page


def test_group_page_names_the_grade_of_each_child_only_in_a_combination_group(world: World) -> None:
    combination = world.client_for(Persona.TEACHER).get(f"/groups/{world.group.uuid}/").content.decode()
    assert combination.count("groep 4</span>") + combination.count("groep 5</span>") >= 2
    single = (
        world.client_for(Persona.OTHER_TEACHER).get(f"/groups/{world.other_group.uuid}/").content.decode()
    )
    assert world.other_child.first_name in single
    assert "groep 7</span>" not in single


def test_child_page_leads_back_to_the_group_it_was_seen_through(world: World) -> None:
    page = world.client_for(Persona.TEACHER).get(f"/children/{world.child.uuid}/").content.decode()
    breadcrumbs = page.split('class="breadcrumbs"', 1)[1].split("</p>", 1)[0]
    assert f'href="/groups/{world.group.uuid}/"' in breadcrumbs
    assert world.group.name in breadcrumbs


def test_child_page_shows_the_child(world: World) -> None:
    page = world.client_for(Persona.CARE).get(f"/children/{world.child.uuid}/").content.decode()
    assert world.child.full_name in page
    assert world.group.name in page


@pytest.mark.parametrize("persona", [Persona.TEACHER, Persona.CARE, Persona.ADMIN, Persona.BOARD])
def test_home_query_count_does_not_grow_with_the_class(persona: Persona, db: None) -> None:
    counts = []
    for size in (5, 30):
        world = build_world(children_per_group=size)
        client = world.client_for(persona)
        client.get("/")  # warm the session
        counts.append(count_queries(lambda client=client: client.get("/")))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("persona", [Persona.TEACHER, Persona.CARE])
def test_group_page_query_count_does_not_grow_with_the_class(persona: Persona, db: None) -> None:
    counts = []
    for size in (5, 30):
        world = build_world(children_per_group=size)
        client = world.client_for(persona)
        url = f"/groups/{world.group.uuid}/"
        assert client.get(url).status_code == 200
        counts.append(count_queries(lambda client=client, url=url: client.get(url)))
    assert counts[0] == counts[1]
