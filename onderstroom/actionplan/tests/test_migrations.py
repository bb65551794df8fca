"""Keeping every review (actionplan 0002): an action decided before keeps its decision as its first
review, with the same note, person and time; an undecided action gets none (django-test-migrations)."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.all_schools

BEFORE = [("actionplan", "0001_initial")]
AFTER = [("actionplan", "0002_reviews")]


def test_a_decided_action_keeps_its_decision_as_its_first_review(migrator) -> None:  # type: ignore[no-untyped-def]
    old = migrator.apply_initial_migration(BEFORE).apps
    board = old.get_model("schools", "Board").objects.create(name="Board")
    school = old.get_model("schools", "School").objects.create(board=board, name="De Linde", brin="12AB")
    owner = old.get_model("accounts", "User").objects.create(email="anna@example.org", full_name="Anna")
    decided_at = timezone.now() - datetime.timedelta(days=3)
    Action = old.get_model("actionplan", "Action")
    common = {
        "school": school,
        "level": "school",
        "owner": owner,
        "catalogue_key": "meeting_space",
        "starts_on": datetime.date(2026, 9, 1),
        "review_on": datetime.date(2026, 11, 1),
    }
    decided = Action.objects.create(
        goal="Ontmoeten",
        decision="adjust",
        decision_note="Vaker samen.",
        decided_by=owner,
        decided_at=decided_at,
        followup_label="Schoolklimaat 2026",
        **common,
    )
    Action.objects.create(goal="Nog niet geëvalueerd", **common)

    new = migrator.apply_tested_migration(AFTER).apps
    reviews = list(new.get_model("actionplan", "Review").objects.values())
    assert len(reviews) == 1
    review = reviews[0]
    assert (review["action_id"], review["school_id"], review["due_on"]) == (
        decided.pk,
        school.pk,
        datetime.date(2026, 11, 1),
    )
    assert (review["decision"], review["note"], review["decided_by_id"], review["decided_at"]) == (
        "adjust",
        "Vaker samen.",
        owner.pk,
        decided_at,
    )
    assert (review["next_review_on"], review["followup_label"]) == (None, "Schoolklimaat 2026")
