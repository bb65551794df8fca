"""The demo has a finished mapping round with champions: three children had no trusted adult; after
two months two of them name one."""

from io import StringIO

import pytest
from django.core.management import call_command

from onderstroom.demo.demo_board import find_demo_board
from onderstroom.mapping.models import Champion, MappingRound
from onderstroom.mapping.relationships import without_trusted_adult

pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]


def test_demo_has_two_rounds_and_champions_who_made_a_difference() -> None:
    call_command("demo_data", stdout=StringIO())
    board = find_demo_board()
    rounds = list(MappingRound.objects.filter(school__board=board).order_by("started_on"))
    assert len(rounds) == 2
    first, second = rounds
    alone_before = {c for ids in without_trusted_adult(first).values() for c in ids}
    assert len(alone_before) == 3
    champions = list(Champion.objects.filter(round=first))
    assert {c.child_id for c in champions} == alone_before
    assert all(c.check_ins.count() == 2 for c in champions), "check-ins at 4 weeks and 2 months"
    alone_after = {c for ids in without_trusted_adult(second).values() for c in ids}
    assert len(alone_before & alone_after) == 1, "two of the three now name an adult"
