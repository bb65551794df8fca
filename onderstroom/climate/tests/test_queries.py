"""The class result and the school report read a fixed number of queries, however large the school."""

from django.test import Client
from django.urls import reverse

from onderstroom.climate.tests.helpers import make_moment, make_round
from onderstroom.climate.tests.test_results import answer_class, answer_round
from onderstroom.schools.models import Role
from onderstroom.testing.queries import page_queries
from onderstroom.testing.world import World, make_group, make_staff


def class_page(world: World, client: Client, children: int) -> int:
    group = make_group(world.school, f"Groep 5 ({children})", [5])
    teacher = make_staff(world.school, [Role.TEACHER], teaches=[group])
    moment = make_moment(group)
    answer_class(moment, children)
    client.force_login(teacher)
    page_queries(client, reverse("climate:result", args=[moment.uuid]))  # warm: the versions' definitions
    return page_queries(client, reverse("climate:result", args=[moment.uuid]))


def test_the_class_result_reads_as_many_queries_for_5_as_for_30_children(
    world: World, client: Client
) -> None:
    assert class_page(world, client, 5) == class_page(world, client, 30)


def school_page(world: World, client: Client, groups: int) -> tuple[int, int]:
    found = make_round(world.group)
    for n in range(groups):
        answer_round(found, make_group(world.school, f"Groep 8{'abcdefgh'[n]} ({groups})", [8]), 6, staff=1)
    client.force_login(world.admin)
    page_queries(client, reverse("climate:school"))  # warm: the session, the versions' definitions
    queries = page_queries(client, reverse("climate:school"))
    csv = page_queries(client, reverse("climate:school") + "?format=csv")
    found.delete()
    return queries, csv


def test_the_school_report_reads_as_many_queries_for_1_as_for_8_groups(world: World, client: Client) -> None:
    assert school_page(world, client, 1) == school_page(world, client, 8)
