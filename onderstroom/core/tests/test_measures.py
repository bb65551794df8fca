"""The measure registry: targets, baseline and follow-up around a start, no verdict without data."""

from datetime import date

import pytest

from onderstroom.core import measures
from onderstroom.core.measures import Judgment, Level, Reading, Target, Verdict

START = date(2026, 11, 1)


def reading(on: date, value: float | None, ref: str) -> Reading:
    return Reading(on=on, value=value, n=1 if value is not None else 0, ref=ref)


READINGS = [
    reading(date(2026, 9, 20), 3.0, "sep"),
    reading(date(2026, 10, 20), None, "oct"),
    reading(date(2026, 11, 20), 3.5, "nov"),
    reading(date(2026, 12, 20), 4.0, "dec"),
]


def judge(actor, target, key, baseline, followup) -> Judgment:
    return Judgment(Verdict.HELPED if followup.value > baseline.value else Verdict.NO_CHANGE, "judged")


@pytest.fixture
def source():
    entry = measures.MeasureSource(
        "test.source",
        order=1,
        label=lambda: "Test",
        levels=frozenset({Level.SCHOOL}),
        options=lambda actor, target: [measures.MeasureOption("test.source", "m", "M")],
        series=lambda actor, target, key: list(reversed(READINGS)),
        judge=judge,
    )
    measures.sources.register(entry)
    yield entry
    measures.sources.unregister(entry.key)


def test_a_target_takes_exactly_what_its_level_needs():
    """A school target has no group; a class target needs one; a relationship needs a child too."""
    assert Target(Level.SCHOOL).group is None
    with pytest.raises(ValueError, match="not a"):
        Target(Level.CLASS)
    with pytest.raises(ValueError, match="not a"):
        Target(Level.RELATIONSHIP, group=object())  # type: ignore[arg-type]


def test_baseline_skips_a_reading_without_value_and_follow_up_prefers_the_planned_one():
    """The baseline is the last valued reading before the start; the planned follow-up wins."""
    baseline, followup = measures.baseline_and_followup(READINGS, START, "nov")
    assert (baseline.ref, followup.ref) == ("sep", "nov")
    assert measures.baseline_and_followup(READINGS, START)[1].ref == "dec"
    assert measures.baseline_and_followup(READINGS, date(2026, 9, 1)) == (None, READINGS[-1])


def test_compare_judges_through_the_source_and_never_without_both_values(source):
    """With both readings the source judges; without a follow-up the verdict is NOT_ENOUGH."""
    target = Target(Level.SCHOOL)
    judged = measures.compare(None, target, "test.source", "m", START, "nov")  # type: ignore[arg-type]
    assert (judged.verdict, judged.explanation, judged.baseline.ref) == (Verdict.HELPED, "judged", "sep")
    late = measures.compare(None, target, "test.source", "m", date(2027, 1, 1))  # type: ignore[arg-type]
    assert late.verdict == Verdict.NOT_ENOUGH
    assert late.followup is None
    assert not late.judged
    gone = measures.compare(None, target, "test.unknown", "m", START)  # type: ignore[arg-type]
    assert gone.verdict == Verdict.NOT_ENOUGH


def test_a_source_that_cannot_plan_gives_no_follow_up(source):
    """plan_followup is None without a planner, and options list only sources serving the level."""
    assert measures.plan_followup(None, Target(Level.SCHOOL), "test.source", "m", START) is None  # type: ignore[arg-type]
    assert [o.ref for o in measures.options(None, Target(Level.SCHOOL))] == ["test.source:m"]  # type: ignore[arg-type]
