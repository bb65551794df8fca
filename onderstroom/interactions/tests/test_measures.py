"""The computations on hand-made logs: weeks from Monday in the school's time zone, turns, balance,
who was not noticed, and the chi-square test against scipy on the same counts."""

import math
from datetime import UTC, date, datetime, timedelta

import pytest
from scipy import stats

from onderstroom.interactions import measures, reports
from onderstroom.interactions.measures import Member
from onderstroom.interactions.models import Kind
from onderstroom.interactions.tests.helpers import AMSTERDAM, children_of, local, tap
from onderstroom.testing.world import World

ANNA = Member(1, "Anna", "f", 4)
BRAM = Member(2, "Bram", "m", 4)
CEES = Member(3, "Cees", "m", 5)
DEWI = Member(4, "Dewi", "f", 6)
CLASS = [ANNA, BRAM, CEES, DEWI]


# --- weeks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 29)])
def test_a_week_starts_on_monday(day: date) -> None:
    assert measures.week_start(day) == date(2026, 11, 23)


def test_week_bounds_are_midnights_in_the_school_time_zone() -> None:
    start, end = measures.week_bounds(date(2026, 11, 26), AMSTERDAM)
    assert start == datetime(2026, 11, 22, 23, 0, tzinfo=UTC)  # Monday 00:00 in winter time
    assert end == datetime(2026, 11, 29, 23, 0, tzinfo=UTC)


def test_the_week_in_which_summer_time_ends_is_an_hour_longer() -> None:
    start, end = measures.week_bounds(date(2026, 10, 21), AMSTERDAM)
    assert start == datetime(2026, 10, 18, 22, 0, tzinfo=UTC)  # Monday 19 October, summer time
    assert end == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)  # Monday 26 October, winter time
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(days=7, hours=1)


@pytest.mark.django_db
def test_turns_per_week_on_a_hand_made_log(world: World) -> None:
    """A turn late on Sunday evening belongs to the week before; one just after midnight to the new week."""
    a, b, c = children_of(world.group)
    tap(world.teacher, world.group, a, Kind.TURN, local(2026, 11, 22, 23, 30))  # Sunday
    tap(world.teacher, world.group, a, Kind.TURN, local(2026, 11, 23, 0, 10))  # Monday
    tap(world.teacher, world.group, a, Kind.TURN, local(2026, 11, 24, 9))
    tap(world.teacher, world.group, b, Kind.TURN, local(2026, 11, 29, 23, 59))  # Sunday, same week
    tap(world.teacher, world.group, b, Kind.PRAISE, local(2026, 11, 25))  # not a turn
    tap(world.co_teacher, world.group, c, Kind.TURN, local(2026, 11, 25))  # another teacher's log
    members, _ = reports.members(world.group)
    start, end = measures.week_bounds(date(2026, 11, 25), AMSTERDAM)
    result = measures.turns(members, reports.counts_of(world.teacher, world.group, Kind.TURN, start, end))
    counts = {row.member.id: row.count for row in result.rows}
    assert counts == {a.pk: 2, b.pk: 1, c.pk: 0}
    assert [row.member.id for row in result.rows] == [a.pk, b.pk, c.pk]
    assert [member.id for member in result.none] == [c.pk]
    assert result.total == 3
    start, end = measures.week_bounds(date(2026, 11, 22), AMSTERDAM)
    earlier = reports.counts_of(world.teacher, world.group, Kind.TURN, start, end)
    assert earlier == {a.pk: 1}


def test_turns_keep_name_order_among_equal_counts() -> None:
    result = measures.turns(CLASS, {BRAM.id: 3, DEWI.id: 3, CEES.id: 1})
    assert [row.member.name for row in result.rows] == ["Bram", "Dewi", "Cees", "Anna"]
    assert result.none == (ANNA,)
    assert result.most == 3
    assert result.average == pytest.approx(7 / 4)


# --- balance --------------------------------------------------------------------------------------


def test_balance_counts_praise_and_personal_moments_against_corrections() -> None:
    counts = {
        ANNA.id: {Kind.PRAISE: 3, Kind.PERSONAL: 1, Kind.CORRECTION: 1, Kind.TURN: 9},
        BRAM.id: {Kind.CORRECTION: 4, Kind.PRAISE: 1, Kind.HELP: 2},
        CEES.id: {Kind.TURN: 5, Kind.HELP: 1},
    }
    rows = {row.member.name: row for row in measures.balance(CLASS, counts)}
    assert (rows["Anna"].positive, rows["Anna"].negative, rows["Anna"].ratio) == (4, 1, 4.0)
    assert (rows["Bram"].positive, rows["Bram"].negative, rows["Bram"].ratio) == (1, 4, 0.25)
    assert rows["Bram"].more_negative
    assert not rows["Anna"].more_negative
    assert (rows["Cees"].positive, rows["Cees"].negative, rows["Cees"].ratio) == (0, 0, None)
    assert rows["Dewi"].contacts == 0


@pytest.mark.django_db
def test_balance_over_a_period_on_a_hand_made_log(world: World) -> None:
    """The period runs from the first day's midnight up to and including the whole last day; undone taps
    and other teachers' taps do not count."""
    a, b, _c = children_of(world.group)
    tap(world.teacher, world.group, a, Kind.PRAISE, local(2026, 11, 2, 0, 0))
    tap(world.teacher, world.group, a, Kind.PERSONAL, local(2026, 11, 8, 23, 59))
    tap(world.teacher, world.group, a, Kind.CORRECTION, local(2026, 11, 5))
    tap(world.teacher, world.group, a, Kind.PRAISE, local(2026, 11, 1, 23, 59))  # the day before
    tap(world.teacher, world.group, a, Kind.PRAISE, local(2026, 11, 9, 0, 0))  # the day after
    tap(world.teacher, world.group, b, Kind.CORRECTION, local(2026, 11, 3))
    tap(world.teacher, world.group, b, Kind.CORRECTION, local(2026, 11, 4))
    gone = tap(world.teacher, world.group, b, Kind.PRAISE, local(2026, 11, 4))
    gone.child, gone.kind = None, ""
    gone.save()
    tap(world.co_teacher, world.group, b, Kind.PRAISE, local(2026, 11, 4))
    members, _ = reports.members(world.group)
    start, end = measures.day_bounds(date(2026, 11, 2), date(2026, 11, 8), AMSTERDAM)
    rows = {
        r.member.id: r
        for r in measures.balance(members, reports.counts_by_kind(world.teacher, world.group, start, end))
    }
    assert (rows[a.pk].positive, rows[a.pk].negative) == (2, 1)
    assert (rows[b.pk].positive, rows[b.pk].negative) == (0, 2)


# --- not noticed ----------------------------------------------------------------------------------


def test_not_noticed_lists_never_noticed_first_then_longest_ago() -> None:
    last = {
        ANNA.id: local(2026, 11, 27, 9),  # today
        BRAM.id: local(2026, 11, 20, 9),  # 7 days ago
        CEES.id: local(2026, 11, 21, 23, 30),  # 6 days ago, late in the evening
    }
    rows = measures.unnoticed(CLASS, last, date(2026, 11, 27), 6, AMSTERDAM)
    assert [(row.member.name, row.days) for row in rows] == [("Dewi", None), ("Bram", 7), ("Cees", 6)]
    assert rows[1].last == date(2026, 11, 20)
    rows = measures.unnoticed(CLASS, last, date(2026, 11, 27), 7, AMSTERDAM)
    assert [row.member.name for row in rows] == ["Dewi", "Bram"]
    assert [row.member.name for row in measures.unnoticed(CLASS, last, date(2026, 11, 27), 1, AMSTERDAM)] == [
        "Dewi",
        "Bram",
        "Cees",
    ]


def test_a_tap_late_in_the_evening_counts_for_that_day_in_the_school_time_zone() -> None:
    """22:30 UTC on 21 November is 23:30 in Amsterdam: the 21st, not the 22nd."""
    last = {ANNA.id: datetime(2026, 11, 21, 22, 30, tzinfo=UTC)}
    (row,) = measures.unnoticed([ANNA], last, date(2026, 11, 27), 3, AMSTERDAM)
    assert (row.last, row.days) == (date(2026, 11, 21), 6)


@pytest.mark.django_db
def test_not_noticed_on_a_hand_made_log(world: World) -> None:
    """Only praise and personal moments notice a child; a turn or a correction does not."""
    a, b, c = children_of(world.group)
    tap(world.teacher, world.group, a, Kind.PERSONAL, local(2026, 11, 26))
    tap(world.teacher, world.group, a, Kind.PRAISE, local(2026, 11, 10))
    tap(world.teacher, world.group, b, Kind.PRAISE, local(2026, 11, 12))
    tap(world.teacher, world.group, b, Kind.TURN, local(2026, 11, 26))
    tap(world.teacher, world.group, c, Kind.CORRECTION, local(2026, 11, 26))
    tap(world.co_teacher, world.group, c, Kind.PERSONAL, local(2026, 11, 26))
    members, _ = reports.members(world.group)
    last = reports.last_noticed(world.teacher, world.group)
    rows = measures.unnoticed(members, last, date(2026, 11, 27), 7, AMSTERDAM)
    assert [(row.member.id, row.days) for row in rows] == [(c.pk, None), (b.pk, 15)]


# --- distribution ---------------------------------------------------------------------------------


def per_child(key: str, children: int, taps: int) -> measures.Category:
    """A category whose taps are spread as evenly as possible over its children."""
    return (key, tuple(taps // children + (i < taps % children) for i in range(children)) if children else ())


@pytest.mark.parametrize(
    ("categories", "tested"),
    [
        ([("f", 14, 31), ("m", 13, 58)], ["f", "m"]),
        ([("4", 9, 20), ("5", 9, 35), ("6", 8, 17)], ["4", "5", "6"]),
        ([("f", 10, 50), ("m", 10, 50)], ["f", "m"]),
        # One pupil of another gender expects under 5 of 80 taps: left out, the rest tested.
        ([("", 2, 6), ("f", 12, 25), ("m", 12, 40), ("x", 1, 9)], ["", "f", "m"]),
    ],
)
def test_chi_square_equals_scipy_on_the_same_counts(categories: list, tested: list[str]) -> None:
    result = measures.distribution([per_child(*category) for category in categories])
    assert list(result.tested) == tested
    assert list(result.left_out) == [key for key, _, _ in categories if key not in tested]
    compared = [c for c in categories if c[0] in tested]
    observed = [taps for _, _, taps in compared]
    size = sum(n for _, n, _ in compared)
    expected = [sum(observed) * n / size for _, n, _ in compared]
    reference = stats.chisquare(observed, expected)
    assert result.test is not None
    assert result.test.statistic == pytest.approx(reference.statistic, rel=1e-12, abs=1e-12)
    assert result.test.p_value == pytest.approx(reference.pvalue, rel=1e-9, abs=1e-15)
    assert result.test.degrees_of_freedom == len(tested) - 1


def test_expected_counts_follow_the_share_of_children() -> None:
    result = measures.distribution([per_child("f", 14, 31), per_child("m", 13, 58)])
    assert [s.expected for s in result.shares] == pytest.approx([89 * 14 / 27, 89 * 13 / 27])


def test_the_expected_column_is_what_the_test_used_when_a_category_is_left_out() -> None:
    """One pupil of another gender is left out: f and m expect 65·12/24 each, not 80·12/27."""
    result = measures.distribution(
        [per_child("", 2, 6), per_child("f", 12, 25), per_child("m", 12, 40), per_child("x", 1, 9)]
    )
    assert result.left_out == ("x",)
    expected = {s.key: s.expected for s in result.shares}
    assert expected["f"] == pytest.approx(71 * 12 / 26)
    assert expected["m"] == pytest.approx(71 * 12 / 26)
    assert expected["x"] is None
    assert math.fsum(e for e in expected.values() if e is not None) == pytest.approx(71)


def test_distribution_shares_and_significance() -> None:
    result = measures.distribution([per_child("f", 10, 20), per_child("m", 10, 60)])
    assert [(s.child_share, s.tap_share) for s in result.shares] == [(0.5, 0.25), (0.5, 0.75)]
    assert result.total == 80
    assert result.significant  # 2 taps for every girl, 6 for every boy: no shuffle is as uneven
    assert result.p_value == pytest.approx(1 / (1 + measures.PERMUTATIONS))


def test_a_few_children_with_many_taps_do_not_make_a_gender_difference() -> None:
    """Two boys with 30 taps each, everyone else 2: Pearson says p < .001, shuffling children does not."""
    girls = ("f", (2,) * 12)
    boys = ("m", (30, 30) + (2,) * 11)
    result = measures.distribution([girls, boys])
    assert result.test is not None
    assert result.test.p_value < 0.001
    assert not result.significant
    assert result.p_value is not None
    assert result.p_value > 0.2


def test_the_permutation_p_value_is_the_same_on_every_load() -> None:
    """The seed comes from the counts: a page shows the same p-value every time it is opened."""
    categories = [("f", (3, 0, 5, 1, 7, 2)), ("m", (4, 9, 0, 6, 2, 8))]
    assert measures.permutation_p(categories) == measures.permutation_p(list(categories))


def test_no_test_when_fewer_than_two_categories_expect_five_taps() -> None:
    result = measures.distribution([per_child("f", 12, 6), per_child("m", 12, 3)])
    assert result.too_few
    assert result.test is None
    assert [s.taps for s in result.shares] == [6, 3]  # the counts are still shown
    assert result.left_out == ()


def test_categories_without_children_are_left_out_and_one_category_is_not_compared() -> None:
    result = measures.distribution([per_child("4", 0, 0), per_child("5", 20, 40)])
    assert [s.key for s in result.shares] == ["5"]
    assert not result.comparable
    assert result.test is None


def test_no_taps_no_test() -> None:
    result = measures.distribution([per_child("f", 10, 0), per_child("m", 10, 0)])
    assert result.test is None
    assert result.total == 0


def test_categorise_by_gender_and_by_grade() -> None:
    counts = {ANNA.id: 2, BRAM.id: 5, CEES.id: 1}
    by_gender = measures.categorise(CLASS, counts, "gender")
    by_grade = measures.categorise(CLASS, counts, "grade")
    assert [(key, len(c), sum(c)) for key, c in by_gender] == [("f", 2, 2), ("m", 2, 6)]
    assert [(key, len(c), sum(c)) for key, c in by_grade] == [("4", 2, 7), ("5", 1, 1), ("6", 1, 0)]


# --- one child ------------------------------------------------------------------------------------


def test_weeks_of_one_child_oldest_first_in_the_school_time_zone() -> None:
    taps = [
        (Kind.PRAISE, local(2026, 11, 23, 9)),
        (Kind.CORRECTION, local(2026, 11, 24, 9)),
        (Kind.PERSONAL, local(2026, 11, 26, 9)),
        (Kind.TURN, local(2026, 11, 26, 9)),
        (Kind.CORRECTION, datetime(2026, 11, 15, 23, 30, tzinfo=UTC)),  # Monday 16th in Amsterdam
        (Kind.PRAISE, local(2026, 10, 1)),  # before the weeks shown
    ]
    weeks = measures.weeks(taps, date(2026, 11, 27), 3, AMSTERDAM)
    assert [w.monday for w in weeks] == [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    assert [(w.positive, w.negative) for w in weeks] == [(0, 0), (0, 1), (2, 1)]
    assert weeks[2].kinds[Kind.TURN] == 1


def test_kind_totals_from_a_moment_on() -> None:
    taps = [
        (Kind.PRAISE, local(2026, 11, 1)),
        (Kind.PRAISE, local(2026, 11, 20)),
        (Kind.HELP, local(2026, 11, 21)),
    ]
    totals = measures.kind_totals(taps, local(2026, 11, 2, 0))
    assert totals == {Kind.TURN: 0, Kind.PRAISE: 1, Kind.CORRECTION: 0, Kind.HELP: 1, Kind.PERSONAL: 0}
