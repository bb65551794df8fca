"""Demo answers: two moments per group, plausible answers, safe to run twice."""

import pytest

from onderstroom.questionnaires.api import relationship_summaries
from onderstroom.questionnaires.demo import add_demo_answers, moment_dates
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.schools.access import build_staff_actor
from onderstroom.testing.world import World

# The demo is a whole board: these tests read it across its schools.
pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]


def test_demo_answers_fill_two_moments_per_group(world: World) -> None:
    add_demo_answers(world.school)
    moments = list(MeasurementMoment.objects.filter(school=world.school).order_by("group_id", "opens_on"))
    assert len(moments) == 4  # two groups in the world's school
    earlier, current = moments[0], moments[1]
    assert earlier.closes_on < current.opens_on
    # Three children, two teachers rating each, and each child answering about both teachers.
    assert Response.objects.filter(moment=current, respondent="teacher").count() == 6
    assert Response.objects.filter(moment=current, respondent="child").count() == 6
    summaries = relationship_summaries(build_staff_actor(world.teacher, None, None), world.group)
    assert all(summary.profile_key for summary in summaries.values())
    add_demo_answers(world.school)
    assert MeasurementMoment.objects.filter(school=world.school).count() == 4


def test_demo_moments_stay_inside_the_school_year() -> None:
    from datetime import date

    (first_start, first_end), (start, end) = moment_dates(
        date(2026, 8, 1), date(2027, 7, 31), date(2026, 8, 10)
    )
    assert date(2026, 8, 1) <= first_start <= first_end < start <= end <= date(2027, 7, 31)
    (first_start, first_end), (start, end) = moment_dates(
        date(2026, 8, 1), date(2027, 7, 31), date(2027, 3, 15)
    )
    assert first_end < start <= date(2027, 3, 15) <= end
