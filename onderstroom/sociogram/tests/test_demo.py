"""The demo board has peer surveys worth looking at."""

from io import StringIO

import pytest
from django.core.management import call_command

from onderstroom.demo.demo_board import find_demo_board
from onderstroom.sociogram.models import PeerSurvey
from onderstroom.sociogram.results import load_results

# The demo is a whole board: these tests read it across its schools.
pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]


def test_demo_has_a_nomination_and_a_rating_survey_with_something_to_see() -> None:
    call_command("demo_data", stdout=StringIO())
    board = find_demo_board()
    surveys = {s.method: s for s in PeerSurvey.objects.filter(school__board=board)}
    assert set(surveys) == {"nominations", "ratings"}
    nominations = load_results(surveys["nominations"])
    assert nominations.participation.enough, "enough children answered for the survey to speak"
    assert nominations.network.mutual_pairs
    assert nominations.network.not_chosen
    assert nominations.finished == len(nominations.rows) - 1
    ratings = load_results(surveys["ratings"])
    assert ratings.participation.enough
    assert {row.status for row in ratings.rows} - {"average"}, "the rating survey shows some status"
