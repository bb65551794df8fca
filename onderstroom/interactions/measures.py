"""What a log says, computed from counts: turns, balance, who was not noticed, how taps are spread.

Pure functions on plain values, so the tests can feed them hand-made logs. `reports.py` reads the
counts from the database; the screens only show what these functions return.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from uuid import UUID

from onderstroom.interactions.models import NEGATIVE, POSITIVE, Kind
from onderstroom.statistics import ChiSquare, chi_square_goodness_of_fit

# Pearson's approximation needs about five expected taps in every category; below that the
# p-value is not to be trusted, so the screen shows the counts without a test.
MIN_EXPECTED = 5.0
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Member:
    """A child of the group as the log's screens need it."""

    id: int
    name: str
    gender: str
    grade: int
    uuid: UUID | None = None  # for links to the child's page


# --- time -----------------------------------------------------------------------------------------


def week_start(day: date) -> date:
    """The Monday of the week the day lies in."""
    return day - timedelta(days=day.weekday())


def day_bounds(first: date, last: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """From midnight at the start of `first` up to midnight after `last`, in the school's time zone."""
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def week_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    monday = week_start(day)
    return day_bounds(monday, monday + timedelta(days=6), zone)


# --- turns ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    member: Member
    count: int


@dataclass(frozen=True)
class Turns:
    rows: tuple[CountRow, ...]  # most turns first, then by name
    none: tuple[Member, ...]  # children without a turn, by name
    total: int

    @property
    def most(self) -> int:
        return max((row.count for row in self.rows), default=0)

    @property
    def average(self) -> float:
        return self.total / len(self.rows) if self.rows else 0.0


def turns(members: Sequence[Member], counts: Mapping[int, int]) -> Turns:
    rows = [CountRow(member, counts.get(member.id, 0)) for member in members]
    rows.sort(key=lambda row: -row.count)  # stable: children with equal counts keep name order
    return Turns(
        rows=tuple(rows),
        none=tuple(row.member for row in rows if row.count == 0),
        total=sum(row.count for row in rows),
    )


# --- balance --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BalanceRow:
    member: Member
    positive: int
    negative: int

    @property
    def contacts(self) -> int:
        return self.positive + self.negative

    @property
    def ratio(self) -> float | None:
        """Positive contacts per correction; None when there was no correction."""
        return self.positive / self.negative if self.negative else None

    @property
    def more_negative(self) -> bool:
        return self.negative > self.positive


def positive_negative(kinds: Mapping[str, int]) -> tuple[int, int]:
    positive = sum(n for kind, n in kinds.items() if kind in POSITIVE)
    negative = sum(n for kind, n in kinds.items() if kind in NEGATIVE)
    return positive, negative


def balance(members: Sequence[Member], counts: Mapping[int, Mapping[str, int]]) -> tuple[BalanceRow, ...]:
    """Positive and negative contacts per child, in the order of `members`."""
    return tuple(BalanceRow(m, *positive_negative(counts.get(m.id, {}))) for m in members)


# --- not noticed ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnnoticedRow:
    member: Member
    last: date | None  # the last day the child was noticed, None when never in this log
    days: int | None  # days since then


def unnoticed(
    members: Sequence[Member], last_noticed: Mapping[int, datetime], on: date, days: int, zone: tzinfo
) -> tuple[UnnoticedRow, ...]:
    """Children not noticed today nor on the `days - 1` days before: never noticed first, then longest ago.

    Calendar days in the school's time zone, so a tap at 23:30 counts for the day it was made.
    """
    rows = []
    for member in members:
        seen = last_noticed.get(member.id)
        last = seen.astimezone(zone).date() if seen else None
        since = (on - last).days if last else None
        if since is None or since >= days:
            rows.append(UnnoticedRow(member, last, since))
    rows.sort(key=lambda row: -(row.days if row.days is not None else 10**9))
    return tuple(rows)


# --- distribution ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    key: str
    children: int
    taps: int
    expected: float  # taps this category would get if every child got the same number
    child_share: float  # 0-1
    tap_share: float  # 0-1


@dataclass(frozen=True)
class Distribution:
    shares: tuple[Share, ...]
    total: int
    test: ChiSquare | None
    tested: tuple[str, ...]  # the categories the test compares
    left_out: tuple[str, ...]  # categories too small to test: fewer than MIN_EXPECTED taps expected

    @property
    def comparable(self) -> bool:
        return len(self.shares) >= 2

    @property
    def too_few(self) -> bool:
        return self.comparable and self.total > 0 and self.test is None

    @property
    def significant(self) -> bool:
        return self.test is not None and self.test.p_value < SIGNIFICANCE


def _shares(categories: Sequence[tuple[str, int, int]]) -> tuple[Share, ...]:
    children = sum(n for _, n, _ in categories)
    total = sum(taps for _, _, taps in categories)
    return tuple(
        Share(
            key=key,
            children=n,
            taps=taps,
            expected=total * n / children,
            child_share=n / children,
            tap_share=taps / total if total else 0.0,
        )
        for key, n, taps in categories
    )


def _testable(categories: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Leave out, one round at a time, categories that expect too few taps for Pearson's approximation.

    A group with one or two children of a category (a gender not recorded, a single pupil in a grade)
    would otherwise never get a test at all; the screen names what was left out.
    """
    while len(categories) >= 2:
        keep = [
            c
            for c, share in zip(categories, _shares(categories), strict=True)
            if share.expected >= MIN_EXPECTED
        ]
        if len(keep) == len(categories):
            break
        categories = keep
    return categories


def distribution(categories: Iterable[tuple[str, int, int]]) -> Distribution:
    """(category, children in it, taps for them) → shares, and Pearson's χ² against the share of children.

    Categories without children are left out: nobody in them could have been tapped.
    """
    present = [(key, n, taps) for key, n, taps in categories if n > 0]
    shares = _shares(present)
    total = sum(share.taps for share in shares)
    tested = _testable(present) if total else []
    test = None
    if len(tested) >= 2:
        test_shares = _shares(tested)
        test = chi_square_goodness_of_fit([s.taps for s in test_shares], [s.expected for s in test_shares])
    else:
        tested = []
    tested_keys = tuple(key for key, _, _ in tested)
    return Distribution(
        shares=shares,
        total=total,
        test=test,
        tested=tested_keys,
        left_out=tuple(s.key for s in shares if test is not None and s.key not in tested_keys),
    )


def categorise(
    members: Sequence[Member], counts: Mapping[int, int], key_of: str
) -> list[tuple[str, int, int]]:
    """Group children and their taps by an attribute of Member ("gender" or "grade"), in sorted order."""
    children: Counter[str] = Counter()
    taps: Counter[str] = Counter()
    for member in members:
        key = str(getattr(member, key_of))
        children[key] += 1
        taps[key] += counts.get(member.id, 0)
    return [(key, children[key], taps[key]) for key in sorted(children)]


# --- one child over time --------------------------------------------------------------------------


def kind_totals(taps: Iterable[tuple[str, datetime]], since: datetime) -> Counter[str]:
    """Taps per kind from `since` on (every kind present, zero when none)."""
    totals: Counter[str] = Counter(dict.fromkeys(Kind.values, 0))
    totals.update(kind for kind, at in taps if at >= since)
    return totals


@dataclass(frozen=True)
class Week:
    monday: date
    positive: int
    negative: int
    kinds: Mapping[str, int]


def weeks(taps: Iterable[tuple[str, datetime]], last_day: date, count: int, zone: tzinfo) -> tuple[Week, ...]:
    """The child's taps per week, for the `count` weeks up to the one holding `last_day`, oldest first."""
    last_monday = week_start(last_day)
    mondays = [last_monday - timedelta(weeks=count - 1 - i) for i in range(count)]
    per_week: dict[date, Counter[str]] = {monday: Counter() for monday in mondays}
    for kind, at in taps:
        monday = week_start(at.astimezone(zone).date())
        if monday in per_week:
            per_week[monday][kind] += 1
    return tuple(
        Week(monday, *positive_negative(per_week[monday]), kinds=per_week[monday]) for monday in mondays
    )
