"""The demo board has Banking Time and a reflection journal worth looking at, and resets cleanly."""

from io import StringIO

import pytest
from django.core.management import call_command

from onderstroom.bankingtime.dosage import dosage, fidelity
from onderstroom.bankingtime.models import Plan
from onderstroom.demo.demo_board import find_demo_board
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import today

# The demo is a whole board: these tests read it across its schools.
pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]


def test_demo_has_running_plans_with_sessions_and_a_journal_with_one_shared_entry() -> None:
    call_command("demo_data", stdout=StringIO())
    board = find_demo_board()
    plans = list(Plan.objects.filter(school__board=board).select_related("teacher", "group"))
    assert {p.teacher.email.split("@")[0] for p in plans} == {"sanne", "bram"}
    assert all(p.group.name == "Groep 4/5/6" and p.is_running(today()) for p in plans)
    for plan in plans:
        sessions = list(plan.sessions.all())
        assert sessions, "a plan with sessions to chart"
        assert dosage(plan, sessions, today()).outside == 0
        assert fidelity(sessions).mean_techniques is not None
    entries = list(Entry.objects.filter(school__board=board).select_related("author", "shared_with"))
    assert len(entries) == 2
    assert {e.author.email.split("@")[0] for e in entries} == {"sanne"}
    assert [e.shared_with.email.split("@")[0] for e in entries if e.shared_with] == ["dirk"]

    call_command("demo_data", "--reset", stdout=StringIO())
    assert Plan.objects.filter(school__board=find_demo_board()).count() == 2
    assert Entry.objects.count() == 2
