"""Counts of children without a trusted adult on the home pages (issue 13): the director per group and
round of this school year, the board per school; counts only, suppressed below 5, constant queries."""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from onderstroom.mapping import services
from onderstroom.mapping.models import MappingRound, StaffMark
from onderstroom.mapping.tests.helpers import world_round
from onderstroom.schools.access import build_staff_actor, today
from onderstroom.schools.models import Role
from onderstroom.testing.queries import page_queries
from onderstroom.testing.world import Persona, World, build_world, make_group, make_staff, set_up

pytestmark = pytest.mark.django_db


def mark(world: World, child) -> None:  # type: ignore[no-untyped-def]
    actor = build_staff_actor(world.teacher, None, None)
    services.save_marks(actor, world_round(world).uuid, [(uuid.uuid4(), child.uuid, True)])


@set_up
def earlier_round(world: World, days_ago: int = 60) -> MappingRound:
    """A closed round of this school year, in which every child of the world's group was marked."""
    found = MappingRound.objects.create(
        school=world.school,
        school_year=world.group.school_year,
        started_by=world.care,
        started_on=today() - timedelta(days=days_ago),
        closes_on=today() - timedelta(days=days_ago - 14),
        closed_at=timezone.now() - timedelta(days=days_ago - 14),
    )
    for enrollment in world.group.enrollments.all():
        StaffMark.objects.create(
            school=world.school,
            round=found,
            staff=world.care,
            child_id=enrollment.child_id,
            marked_at=timezone.now(),
        )
    return found


def counts_section(html: str) -> str:
    return html.split('id="mapping-counts"')[1].split("</section>")[0]


def cells(section: str, row: str) -> list[str]:
    found = section.split(f"{row}</th>")[1].split("</tr>")[0]
    return re.findall(r'<td class="num">([^<]*)</td>', found)


def test_the_director_sees_per_group_and_round_suppressed_below_5(world: World) -> None:
    earlier_round(world)
    world_round(world)
    groep_8 = make_group(world.school, "Groep 8", [8], children=7)
    mark(world, groep_8.enrollments.select_related("child")[0].child)
    html = world.client_for(Persona.ADMIN).get(reverse("core:home")).content.decode()
    section = counts_section(html)
    # Two rounds as columns, the earlier first; a group per row.
    assert section.count("Ronde van") == 2
    # Groep 8 (this school year, so in both rounds): 7 without, then 6 once one child is marked.
    assert cells(section, "Groep 8") == ["7", "6"]
    assert cells(section, "Groep 7") == ["&lt;5", "&lt;5"]  # 3 children, never marked
    assert cells(section, "Groep 4/5/6")[1] == "&lt;5"  # all marked in the earlier round, 3 not now
    for enrollment in world.group.enrollments.select_related("child"):
        assert enrollment.child.first_name not in section
    assert reverse("mapping:overview") in section


def test_no_round_yet_says_so_and_other_roles_see_no_counts(world: World) -> None:
    html = world.client_for(Persona.ADMIN).get(reverse("core:home")).content.decode()
    assert "Nog geen relatiekaartronde" in counts_section(html)
    world_round(world)
    for persona in (Persona.TEACHER, Persona.CARE, Persona.STAFF_MEMBER):
        html = world.client_for(persona).get(reverse("core:home")).content.decode()
        assert 'id="mapping-counts"' not in html
    # The director of another school sees their own school only: no round there.
    html = world.client_for(Persona.OUTSIDER).get(reverse("core:home")).content.decode()
    assert "Nog geen relatiekaartronde" in counts_section(html)


@pytest.mark.all_schools
def test_the_board_sees_counts_only_suppressed(world: World) -> None:
    for enrollment in world.group.enrollments.select_related("child")[:2]:
        mark(world, enrollment.child)
    html = world.client_for(Persona.BOARD).get(reverse("core:home")).content.decode()
    section = html.split('id="mapping-board"')[1].split("</section>")[0]
    # Six children: two marked, four without; both small, so both hidden.
    assert cells(section, world.school.name) == ["&lt;5", "&lt;5"]
    for enrollment in world.group.enrollments.select_related("child"):
        assert enrollment.child.first_name not in html
    assert 'id="mapping-counts"' not in html  # the board admin is no director of the school


@pytest.mark.all_schools
def test_the_director_s_home_takes_the_same_number_of_queries_for_1_and_8_groups(db: None) -> None:
    counts = []
    for groups in (1, 8):
        world = build_world(children_per_group=3)
        for n in range(groups - 1):
            group = make_group(world.school, f"Groep {n + 8}", [3 + n % 6], children=4)
            make_staff(world.school, [Role.TEACHER], teaches=[group])
        earlier_round(world, days_ago=40 + groups)
        world_round(world)
        mark(world, world.child)
        counts.append(page_queries(world.client_for(Persona.ADMIN), reverse("core:home")))
    assert counts[0] == counts[1]


@pytest.mark.all_schools
def test_the_director_s_home_takes_the_same_number_of_queries_for_1_and_4_rounds(db: None) -> None:
    counts = []
    for rounds in (1, 4):
        world = build_world(children_per_group=3)
        for n in range(rounds - 1):
            earlier_round(world, days_ago=30 + 20 * n)
        world_round(world)
        counts.append(page_queries(world.client_for(Persona.ADMIN), reverse("core:home")))
    assert counts[0] == counts[1]
