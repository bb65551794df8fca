"""What a log says, computed from counts: turns, balance, who was not noticed, how taps are spread.

Pure functions on plain values, so the tests can feed them hand-made logs. `reports.py` reads the
counts from the database; the screens only show what these functions return.
"""

import hashlib
import random
from collections import Counter, defaultdict
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
# Shuffles of the categories over the children: the p-value's own error is then about ±0.5% at 5%.
PERMUTATIONS = 2000


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


# One category: its key and the taps of each of its children.
Category = tuple[str, Sequence[int]]


@dataclass(frozen=True)
class Share:
    key: str
    children: int
    taps: int
    # Taps this category would get if every child got the same number: among the categories the
    # test compares, as the test used it; None for a category left out of the test.
    expected: float | None
    child_share: float  # 0-1
    tap_share: float  # 0-1


@dataclass(frozen=True)
class Distribution:
    shares: tuple[Share, ...]
    total: int
    test: ChiSquare | None  # Pearson's statistic on the tested categories
    tested: tuple[str, ...]  # the categories the test compares
    left_out: tuple[str, ...]  # categories too small to test: fewer than MIN_EXPECTED taps expected
    p_value: float | None = None  # from shuffling the categories over the children (permutation_p)
    permutations: int = 0

    @property
    def comparable(self) -> bool:
        return len(self.shares) >= 2

    @property
    def too_few(self) -> bool:
        return self.comparable and self.total > 0 and self.test is None

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < SIGNIFICANCE


def _expected(categories: Sequence[Category]) -> list[float]:
    """Taps each category would get if every child among these categories got the same number."""
    children = sum(len(counts) for _, counts in categories)
    total = sum(sum(counts) for _, counts in categories)
    return [total * len(counts) / children for _, counts in categories]


def _shares(categories: Sequence[Category]) -> tuple[Share, ...]:
    children = sum(len(counts) for _, counts in categories)
    total = sum(sum(counts) for _, counts in categories)
    return tuple(
        Share(
            key=key,
            children=len(counts),
            taps=sum(counts),
            expected=expected,
            child_share=len(counts) / children,
            tap_share=sum(counts) / total if total else 0.0,
        )
        for (key, counts), expected in zip(categories, _expected(categories), strict=True)
    )


def _statistic(sums: Sequence[int], sizes: Sequence[int], total: int, children: int) -> float:
    """Pearson's Σ (O - E)² / E with E from the share of children (as chi_square_goodness_of_fit)."""
    statistic = 0.0
    for observed, size in zip(sums, sizes, strict=True):
        expected = total * size / children
        statistic += (observed - expected) ** 2 / expected
    return statistic


def _seed(categories: Sequence[Category]) -> int:
    """A seed from the counts themselves: the same log gives the same p-value on every page load."""
    text = repr([(key, list(counts)) for key, counts in categories])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def permutation_p(categories: Sequence[Category], permutations: int = PERMUTATIONS) -> float:
    """How often shuffling the categories over the children gives a χ² at least as large as observed.

    Taps of one child are not independent (some children simply get more attention), so Pearson's
    p-value, which counts every tap as independent, finds a difference in far more than 5 of 100
    logs without one. Shuffling which child is in which category keeps every child's own count
    together: under "the category makes no difference" every such shuffle was as likely, so the
    share of shuffles at least as uneven is a p-value that holds 5% whatever the children's spread.
    Counted as (1 + exceedances) / (1 + shuffles), so it is never 0.
    """
    sizes = [len(counts) for _, counts in categories]
    pooled = [count for _, counts in categories for count in counts]
    total, children = sum(pooled), len(pooled)
    observed = _statistic([sum(counts) for _, counts in categories], sizes, total, children)
    bounds = [sum(sizes[:i]) for i in range(len(sizes) + 1)]
    rng = random.Random(_seed(categories))
    # A shuffle counts when it reaches the observed value up to rounding of the float sums.
    limit = observed - 1e-9 * max(1.0, observed)
    exceed = 0
    for _ in range(permutations):
        rng.shuffle(pooled)
        sums = [sum(pooled[bounds[i] : bounds[i + 1]]) for i in range(len(sizes))]
        exceed += _statistic(sums, sizes, total, children) >= limit
    return (1 + exceed) / (1 + permutations)


def _testable(categories: Sequence[Category]) -> list[Category]:
    """Leave out, one round at a time, categories that expect too few taps for Pearson's approximation.

    A group with one or two children of a category (a gender not recorded, a single pupil in a grade)
    would otherwise never get a test at all; the screen names what was left out.
    """
    left = list(categories)
    while len(left) >= 2:
        keep = [c for c, expected in zip(left, _expected(left), strict=True) if expected >= MIN_EXPECTED]
        if len(keep) == len(left):
            break
        left = keep
    return left


def distribution(categories: Iterable[Category]) -> Distribution:
    """(category, taps of each of its children) → shares, Pearson's χ² against the share of children,
    and its p-value from shuffling the categories over the children (`permutation_p`).

    Categories without children are left out: nobody in them could have been tapped. When a small
    category is left out of the test, the expected counts shown are the ones the test used.
    """
    present = [(key, tuple(counts)) for key, counts in categories if counts]
    shares = _shares(present)
    total = sum(share.taps for share in shares)
    tested = _testable(present) if total else []
    if len(tested) < 2:
        return Distribution(shares=shares, total=total, test=None, tested=(), left_out=())
    test_expected = {key: expected for (key, _), expected in zip(tested, _expected(tested), strict=True)}
    test = chi_square_goodness_of_fit([sum(counts) for _, counts in tested], list(test_expected.values()))
    return Distribution(
        shares=tuple(
            Share(
                key=s.key,
                children=s.children,
                taps=s.taps,
                expected=test_expected.get(s.key),
                child_share=s.child_share,
                tap_share=s.tap_share,
            )
            for s in shares
        ),
        total=total,
        test=test,
        tested=tuple(test_expected),
        left_out=tuple(s.key for s in shares if s.key not in test_expected),
        p_value=permutation_p(tested),
        permutations=PERMUTATIONS,
    )


def categorise(members: Sequence[Member], counts: Mapping[int, int], key_of: str) -> list[Category]:
    """Group children's taps by an attribute of Member ("gender" or "grade"), in sorted order."""
    taps: defaultdict[str, list[int]] = defaultdict(list)
    for member in members:
        taps[str(getattr(member, key_of))].append(counts.get(member.id, 0))
    return [(key, tuple(taps[key])) for key in sorted(taps)]


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
