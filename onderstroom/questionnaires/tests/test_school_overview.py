"""The school overview's profile counts, read from the page: no hidden small count can be worked out."""

import re
from html import unescape

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from onderstroom.core.privacy import Cell, SuppressedTable
from onderstroom.instruments.models import Respondent
from onderstroom.questionnaires.builders import fill_moment, make_moment
from onderstroom.questionnaires.models import Response
from onderstroom.questionnaires.scoring import PROFILE_RULES, stored_profile
from onderstroom.schools.models import Group, Role
from onderstroom.testing.disclosure import assert_nothing_recoverable, shown_as
from onderstroom.testing.world import Persona, World, make_group, make_staff

pytestmark = pytest.mark.django_db

URL = "/school/relations/"
# Positions (0 = lowest, 1 = highest on the scale) that make each profile.
POSITIONS = {
    "distant": {"closeness": 0, "conflict": 0, "dependency": 0},
    "warm_harmonious": {"closeness": 1, "conflict": 0, "dependency": 0},
    "conflictual": {"closeness": 0, "conflict": 1, "dependency": 0},
}


def group_with_profiles(world: World, name: str, **counts: int) -> Group:
    """A group whose teacher has rated every child, with these numbers of each profile."""
    profiles = [key for key, n in counts.items() for _ in range(n)]
    group = make_group(world.school, name, [5], children=len(profiles))
    moment = make_moment(group, teachers=[world.teacher], with_children=False)
    fill_moment(moment, teachers=[world.teacher], children=False)
    spec = moment.teacher_version.spec
    ratings = Response.objects.filter(moment=moment, respondent=Respondent.TEACHER).order_by("pk")
    for response, profile in zip(ratings, profiles, strict=True):
        response.scores = {
            spec.scale_for(construct).key: spec.raw_from_normalised(position)
            for construct, position in POSITIONS[profile].items()
        }
        # The stored profile mirrors the scores, as the answering service keeps it.
        response.profile = stored_profile(spec, response.respondent, response.scores)
        response.save(update_fields=["scores", "profile"])
    return group


def profile_columns(html: str) -> tuple[list[list[str]], list[str]]:
    """The profile counts per group and the school's totals, as printed ("<5", "•" or a number)."""
    body = html[html.index('<table class="school-relations">') :]

    def shown(cell: str) -> str:
        hidden = re.search(r'<span aria-hidden="true">([^<]*)</span>', cell)
        return unescape(hidden.group(1)).replace(" ", "") if hidden else cell.strip()

    lines = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
        if cells:
            lines.append([shown(cell) for cell in cells[-len(PROFILE_RULES) :]])
    return lines[:-1], lines[-1]


def page_table(world: World) -> tuple[SuppressedTable, list[int]]:
    """The page's numbers, with each group's number of relationships as known to the reader;
    and the true totals per profile."""
    response = world.client_for(Persona.ADMIN).get(URL)
    assert response.status_code == 200
    rows, totals = profile_columns(response.content.decode())
    overview = response.context["overview"]
    known = [sum(line.profiles.values()) for line in overview.lines]
    table = shown_as(rows, [str(n) for n in known], totals, str(sum(known)))
    truth = [sum(line.profiles.get(rule.key, 0) for line in overview.lines) for rule in PROFILE_RULES]
    return SuppressedTable(
        table.cells, [Cell(n) for n in known], table.column_totals, Cell(sum(known))
    ), truth


def test_the_afstandelijk_reproduction_cannot_be_worked_out(world: World) -> None:
    """'distant' 19 with 7 and 8 shown used to give the hidden 4 away (19 - 7 - 8)."""
    group_with_profiles(world, "Groep 5a", distant=7, warm_harmonious=10)
    group_with_profiles(world, "Groep 5b", distant=8, warm_harmonious=12)
    group_with_profiles(world, "Groep 5c", distant=4, warm_harmonious=9)
    table, truth = page_table(world)
    distant = [rule.key for rule in PROFILE_RULES].index("distant")
    assert truth[distant] == 19
    assert "<5" in [row[distant].display for row in table.cells]
    assert_nothing_recoverable(table)


def test_a_small_profile_in_one_group_only_cannot_be_worked_out(world: World) -> None:
    """Three conflictual relationships in one group, none elsewhere: the school total would say 3."""
    group_with_profiles(world, "Groep 5a", conflictual=3, warm_harmonious=12, distant=6)
    group_with_profiles(world, "Groep 5b", warm_harmonious=14, distant=7)
    table, truth = page_table(world)
    conflictual = [rule.key for rule in PROFILE_RULES].index("conflictual")
    assert truth[conflictual] == 3
    assert table.column_totals[conflictual].display == "<5"
    assert_nothing_recoverable(table)


# --- random schools, through the page, for the director and for a director who teaches -----------

profile_counts = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 7])


def read_page(client, world: World) -> tuple[SuppressedTable, list[list[int]]]:  # type: ignore[no-untyped-def]
    """The page's profile table with each group's number of relationships known, and the truth."""
    response = client.get(URL)
    assert response.status_code == 200
    rows, totals = profile_columns(response.content.decode())
    overview = response.context["overview"]
    truth = [[line.profiles.get(rule.key, 0) for rule in PROFILE_RULES] for line in overview.lines]
    known = [sum(row) for row in truth]
    table = shown_as(rows, [str(n) for n in known], totals, str(sum(known)))
    return SuppressedTable(
        table.cells, [Cell(n) for n in known], table.column_totals, Cell(sum(known))
    ), truth


@seed(20261208)
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(profile_counts, profile_counts, profile_counts), min_size=2, max_size=3), st.data())
def test_no_hidden_count_of_a_random_school_can_be_worked_out_even_by_a_director_who_teaches(
    world: World, counts: list[tuple[int, int, int]], data: st.DataObject
) -> None:
    """The director reads the school overview; a director who also teaches one group knows that
    group's profiles child by child from the class overview. Neither can work out a hidden small
    count of another group."""
    with transaction.atomic():
        groups = [
            group_with_profiles(world, f"Groep 5{'abc'[k]}", distant=d, warm_harmonious=w, conflictual=c)
            for k, (d, w, c) in enumerate(counts)
        ]
        table, _truth = read_page(world.client_for(Persona.ADMIN), world)
        assert_nothing_recoverable(table)

        mine = data.draw(st.sampled_from(range(len(groups))))
        director = make_staff(world.school, [Role.SCHOOL_ADMIN, Role.TEACHER], teaches=[groups[mine]])
        client = Client()
        client.force_login(director)
        table, truth = read_page(client, world)
        row = _row_of(client, groups[mine])
        assert [cell.display for cell in table.cells[row]] == [str(n) for n in truth[row]]
        assert_nothing_recoverable(table)
        transaction.set_rollback(True)


def _row_of(client, group: Group) -> int:  # type: ignore[no-untyped-def]
    lines = client.get(URL).context["overview"].lines
    return next(i for i, line in enumerate(lines) if line.group.pk == group.pk)
