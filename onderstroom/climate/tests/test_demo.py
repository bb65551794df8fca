"""Every demo school has class climate in two groups (one shown, one with four answers) and a
school-climate round this year and last year."""

from io import StringIO

import pytest
from django.core.management import call_command

from onderstroom.climate import results
from onderstroom.climate.models import ClassMoment, SchoolRound
from onderstroom.demo.demo_board import find_demo_board
from onderstroom.schools.models import School

pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]


def test_every_demo_school_has_class_and_school_climate() -> None:
    call_command("demo_data", stdout=StringIO())
    board = find_demo_board()
    for school in School.objects.filter(board=board):
        moments = list(ClassMoment.objects.filter(school=school).select_related("group"))
        answers = sorted(results.class_result(m, None).answers for m in moments)
        assert len(moments) == 2
        assert answers[0] == 4
        assert answers[1] >= 5
        shown = [results.class_result(m, None).shown for m in moments]
        assert sorted(shown) == [False, True]
        rounds = list(SchoolRound.objects.filter(school=school).order_by("opens_on"))
        assert len(rounds) == 2
        report = results.school_report(rounds[1])
        assert report.previous == rounds[0]
        assert report.staff.shown
        assert report.children.shown
        assert any(line.change is not None for line in report.children.lines)
