"""The demo board has Banking Time and a reflection journal worth looking at, and resets cleanly."""

from io import StringIO

import pytest
from django.core.management import call_command

from onderstroom.bankingtime.dosage import dosage, fidelity
from onderstroom.bankingtime.models import Plan
from onderstroom.bankingtime.scores import before_after
from onderstroom.demo.demo_board import find_demo_board
from onderstroom.questionnaires.models import MeasurementMoment
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import today
from onderstroom.schools.schooldays import calendar_for

# The demo is a whole board: these tests read it across its schools.
pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]


def test_demo_plans_tell_one_story_in_time_and_a_journal_with_one_shared_entry() -> None:
    """Each plan answers a signal from a moment that opened before its first day; Sanne's plan is
    done, and the group's next moment, the "after", opened after its last day; Bram's has begun."""
    call_command("demo_data", stdout=StringIO())
    board = find_demo_board()
    plans = {
        p.teacher.email.split("@")[0]: p
        for p in Plan.objects.filter(school__board=board).select_related("teacher", "group", "signal_moment")
    }
    assert set(plans) == {"sanne", "bram"}
    day = today()
    for plan in plans.values():
        assert plan.group.name == "Groep 4/5/6"
        assert plan.signal_key, "the plan answers a signal"
        assert plan.signal_moment is not None
        assert plan.signal_moment.opens_on < plan.starts_on
        sessions = list(plan.sessions.all())
        assert sessions, "a plan with sessions to chart"
        calendar = calendar_for(plan.school_id)
        assert all(calendar.is_school_day(s.held_on) for s in sessions)
        assert dosage(plan, sessions, day, calendar).outside == 0
        assert fidelity(sessions).mean_techniques is not None
    done, started = plans["sanne"], plans["bram"]
    assert done.last_day < day
    assert started.is_running(day)
    assert done.child != started.child
    moments = list(MeasurementMoment.objects.filter(group=done.group).order_by("opens_on"))
    before = [m for m in moments if m.opens_on <= done.starts_on][-1]
    after = next(m for m in moments if m.opens_on > done.starts_on)
    assert before == done.signal_moment
    assert after.opens_on > done.last_day  # measured after the plan, not halfway through it
    assert started.signal_moment == after
    result = before_after(done.child, done.teacher, done.starts_on, day)
    assert (result.teacher.before, result.teacher.after) == (before, after)

    entries = list(Entry.objects.filter(school__board=board).select_related("author", "shared_with"))
    assert len(entries) == 2
    assert {e.author.email.split("@")[0] for e in entries} == {"sanne"}
    assert [e.shared_with.email.split("@")[0] for e in entries if e.shared_with] == ["dirk"]
    assert all(e.child == done.child and e.written_on <= done.last_day for e in entries)

    call_command("demo_data", "--reset", stdout=StringIO())
    assert Plan.objects.filter(school__board=find_demo_board()).count() == 2
    assert Entry.objects.count() == 2
