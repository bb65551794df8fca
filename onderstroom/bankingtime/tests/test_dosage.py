"""Dosage and fidelity, worked out by hand on small plans."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onderstroom.bankingtime.charts import dosage_chart, fidelity_chart
from onderstroom.bankingtime.dosage import CURRENT, FINISHED, UPCOMING, dosage, fidelity
from onderstroom.bankingtime.models import Plan, Session
from onderstroom.schools.schooldays import SchoolCalendar

MONDAY = date(2026, 3, 2)


def plan(**fields: object) -> Plan:
    values: dict[str, object] = {"starts_on": MONDAY, "sessions_per_week": 3, "weeks": 4, "minutes": 10}
    values.update(fields)
    return Plan(**values)


def held(*days: str, **fields: object) -> list[Session]:
    return [Session(held_on=date.fromisoformat(day), minutes=10, **fields) for day in days]


SESSIONS = held(
    "2026-03-01",  # the day before the plan: outside
    "2026-03-02",
    "2026-03-04",
    "2026-03-06",  # week 1: 3 of 3
    "2026-03-10",  # week 2: 1 of 3
    # week 3 (16-22 March): none
    "2026-03-23",
    "2026-03-24",  # week 4, still running on the 25th: 2 so far
)


def test_weeks_count_from_the_first_day_and_only_finished_weeks_miss_sessions() -> None:
    result = dosage(plan(), SESSIONS, today=date(2026, 3, 25))
    assert [(w.number, w.starts_on, w.ends_on) for w in result.weeks] == [
        (1, date(2026, 3, 2), date(2026, 3, 8)),
        (2, date(2026, 3, 9), date(2026, 3, 15)),
        (3, date(2026, 3, 16), date(2026, 3, 22)),
        (4, date(2026, 3, 23), date(2026, 3, 29)),
    ]
    assert [w.state for w in result.weeks] == [FINISHED, FINISHED, FINISHED, CURRENT]
    assert [w.held for w in result.weeks] == [3, 1, 0, 2]
    assert [w.planned for w in result.weeks] == [3, 3, 3, 3]
    assert [w.missed for w in result.weeks] == [0, 2, 3, 0]
    assert result.missed == 5
    assert result.planned_so_far == 9
    assert result.held_in_finished == 4
    assert result.share == pytest.approx(4 / 9)
    assert result.current is not None
    assert result.current.number == 4
    assert result.current.held == 2
    assert result.held == 6
    assert result.outside == 1
    assert result.total_planned == 12


def test_a_week_ends_on_its_last_day_not_before() -> None:
    """On the seventh day of week 1 the week is still running; the day after it is finished."""
    on_last_day = dosage(plan(), SESSIONS, today=date(2026, 3, 8))
    assert [w.state for w in on_last_day.weeks] == [CURRENT, UPCOMING, UPCOMING, UPCOMING]
    assert on_last_day.share is None
    day_after = dosage(plan(), SESSIONS, today=date(2026, 3, 9))
    assert [w.state for w in day_after.weeks][:2] == [FINISHED, CURRENT]
    assert day_after.share == 1


def test_a_plan_stopped_mid_week_plans_that_week_by_its_share_of_school_days() -> None:
    """Stopped on Wednesday 18 March: week 3 ran three of its five school days, so it planned 3 * 3/5
    (not 3 * 3/7: the weekend it did not reach has no sessions to plan)."""
    stopped = plan(ended_on=date(2026, 3, 18))
    result = dosage(stopped, SESSIONS, today=date(2026, 3, 25))
    assert len(result.weeks) == 3
    last = result.weeks[-1]
    assert (last.starts_on, last.ends_on, last.full) == (date(2026, 3, 16), date(2026, 3, 18), False)
    assert last.school_days == 3
    assert last.planned == pytest.approx(9 / 5)
    assert last.missed == pytest.approx(9 / 5)
    assert result.total_planned == pytest.approx(6 + 9 / 5)
    assert result.planned_so_far == pytest.approx(6 + 9 / 5)
    assert result.held_in_finished == 4
    assert result.outside == 3  # the day before, and the two after the stop
    assert result.current is None


def test_a_plan_stopped_on_friday_planned_the_whole_week() -> None:
    """Monday to Friday are all the school days of the week: stopping before the weekend loses none."""
    result = dosage(plan(ended_on=date(2026, 3, 20)), SESSIONS, today=date(2026, 3, 25))
    assert result.weeks[-1].planned == pytest.approx(3)


def test_a_holiday_week_plans_nothing_and_misses_nothing() -> None:
    """Week 3 (16-22 March) is the school's holiday: no session held there is no session missed."""
    holiday = SchoolCalendar(((date(2026, 3, 14), date(2026, 3, 22)),))
    result = dosage(plan(), SESSIONS, today=date(2026, 3, 25), calendar=holiday)
    week = result.weeks[2]
    assert (week.school_days, week.planned, week.missed, week.no_school) == (0, 0, 0, True)
    assert [w.missed for w in result.weeks] == [0, 2, 0, 0]
    assert result.planned_so_far == 6
    assert result.share == pytest.approx(4 / 6)
    assert result.total_planned == 9
    # Without the school's holidays the same week counts three missed sessions.
    assert dosage(plan(), SESSIONS, today=date(2026, 3, 25)).weeks[2].missed == 3


def test_a_single_holiday_inside_a_week_plans_its_share() -> None:
    """Good Friday 3 April 2026 off: the week of 30 March has four school days, so 3 * 4/5."""
    good_friday = SchoolCalendar(((date(2026, 4, 3), date(2026, 4, 3)),))
    result = dosage(plan(weeks=5), [], today=date(2026, 4, 10), calendar=good_friday)
    assert result.weeks[4].school_days == 4
    assert result.weeks[4].planned == pytest.approx(12 / 5)
    assert result.weeks[4].missed == pytest.approx(12 / 5)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    start=st.dates(min_value=date(2025, 8, 1), max_value=date(2027, 7, 31)),
    weeks=st.integers(1, 20),
    per_week=st.integers(1, 5),
    stop_after=st.one_of(st.none(), st.integers(0, 140)),
    holidays=st.lists(st.tuples(st.integers(0, 140), st.integers(0, 20)), max_size=4),
)
def test_planned_sessions_follow_the_school_days(
    start: date, weeks: int, per_week: int, stop_after: int | None, holidays: list[tuple[int, int]]
) -> None:
    """Over any plan, the sessions planned are the school days it runs times per_week / 5."""
    ended_on = start + timedelta(days=stop_after) if stop_after is not None else None
    calendar = SchoolCalendar(
        tuple((start + timedelta(days=at), start + timedelta(days=at + length)) for at, length in holidays)
    )
    subject = plan(starts_on=start, weeks=weeks, sessions_per_week=per_week, ended_on=ended_on)
    result = dosage(subject, [], today=subject.last_day + timedelta(days=1), calendar=calendar)
    school_days = sum(
        1
        for offset in range((subject.last_day - start).days + 1)
        if (day := start + timedelta(days=offset)).weekday() < 5 and not calendar.is_holiday(day)
    )
    assert result.total_planned == pytest.approx(per_week * school_days / 5)
    assert all(w.planned <= per_week + 1e-9 for w in result.weeks)
    assert result.missed == pytest.approx(result.total_planned)


def test_a_plan_that_starts_mid_week_keeps_whole_weeks_and_partial_current_week() -> None:
    """Weeks run Wednesday to Tuesday; on Friday of week 2 that week shows what was held so far."""
    wednesday = plan(starts_on=date(2026, 3, 4), weeks=2, sessions_per_week=2)
    sessions = held("2026-03-05", "2026-03-10", "2026-03-12")
    result = dosage(wednesday, sessions, today=date(2026, 3, 13))
    assert [(w.starts_on, w.ends_on, w.held, w.state) for w in result.weeks] == [
        (date(2026, 3, 4), date(2026, 3, 10), 2, FINISHED),
        (date(2026, 3, 11), date(2026, 3, 17), 1, CURRENT),
    ]
    assert result.share == 1
    assert result.missed == 0


def test_a_plan_that_has_not_started_plans_everything_and_misses_nothing() -> None:
    result = dosage(plan(), [], today=date(2026, 3, 1))
    assert {w.state for w in result.weeks} == {UPCOMING}
    assert (result.share, result.current, result.missed, result.total_planned) == (None, None, 0, 12)


def test_fidelity_counts_techniques_and_slips_per_session_in_the_order_held() -> None:
    sessions = [
        Session(held_on=date(2026, 3, 4), techniques=["observe", "narrate"], slips=["question", "praise"]),
        Session(held_on=date(2026, 3, 2), techniques=["observe", "follow", "narrate", "feelings", "themes"]),
        Session(
            held_on=date(2026, 3, 6),
            techniques=["observe", "observe", "unknown"],  # a repeat and a stray key count once / not at all
            slips=["question"],
        ),
    ]
    result = fidelity(sessions)
    assert [(s.number, s.held_on, s.techniques, s.slips) for s in result.sessions] == [
        (1, date(2026, 3, 2), 5, 0),
        (2, date(2026, 3, 4), 2, 2),
        (3, date(2026, 3, 6), 1, 1),
    ]
    assert result.mean_techniques == pytest.approx(8 / 3)
    assert result.mean_slips == pytest.approx(1)
    assert result.without_slips == 1
    assert result.most_slipped == "question"
    assert dict(result.technique_counts) == {
        "observe": 3,
        "follow": 1,
        "narrate": 2,
        "feelings": 1,
        "themes": 1,
    }
    assert dict(result.slip_counts)["praise"] == 1


def test_fidelity_without_sessions_or_slips() -> None:
    empty = fidelity([])
    assert (empty.mean_techniques, empty.mean_slips, empty.most_slipped) == (None, None, None)
    clean = fidelity([Session(held_on=MONDAY, techniques=["observe"], slips=[])])
    assert clean.most_slipped is None


def test_the_dosage_chart_draws_planned_and_held_to_one_scale() -> None:
    chart = dosage_chart(dosage(plan(), SESSIONS, today=date(2026, 3, 25)))
    assert chart is not None
    assert [bar.state for bar in chart.bars] == [FINISHED, FINISHED, FINISHED, CURRENT]
    full = chart.bars[0]
    assert full.planned_height == full.held_height == chart.plot_height  # 3 of 3 fills the plot
    assert chart.bars[1].held_height == pytest.approx(chart.plot_height / 3, abs=0.1)
    assert chart.bars[2].held_height == 0
    assert "1 van 3" in chart.description or "1 of 3" in chart.description


def test_the_fidelity_chart_puts_techniques_up_and_slips_down() -> None:
    sessions = [Session(held_on=MONDAY, techniques=["observe", "follow"], slips=["lead", "teach", "praise"])]
    chart = fidelity_chart(fidelity(sessions))
    assert chart is not None
    bar = chart.columns[0]
    assert bar.up_height == pytest.approx(chart.half * 2 / 5, abs=0.1)
    assert bar.up_y + bar.up_height == pytest.approx(chart.middle, abs=0.1)
    assert bar.down_height == pytest.approx(chart.half * 3 / 6, abs=0.1)
    assert fidelity_chart(fidelity([])) is None
