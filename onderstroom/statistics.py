"""Statistics the app shows to teachers and care coordinators, in plain Python.

No numpy or scipy at run time: the app must install anywhere and the numbers must be
explainable. The tests check every function against numpy/scipy on fixed data.

- `cronbach_alpha` and `item_rest_correlations`: reliability of a scale in one administration.
- `reliable_change`: the reliable change index of Jacobson & Truax (1991). A difference between two
  moments counts as real only when it is larger than the measurement error of both scores together.
- `family_critical`: the critical |z| when several such checks are made at once for one child
  (Bonferroni), so that the chance of any false alarm stays at 5%.
- `expected_change` and `t_critical`: the change a child would show without a plan, predicted from
  where it started by the least-squares line through classmates' changes, with a prediction interval.
- `z_score` and `percentile_rank`: where a score stands within a sample.
- `difference_limit`: how far apart two standardised scores of two instruments must lie to be more
  than the measurement error of both (the error of a difference of two test scores).
- `welch`: Welch's t-test for the difference between the means of two independent samples (two
  moments of a class or school questionnaire, answered anonymously), unequal variances allowed.
- `chi_square_goodness_of_fit`: Pearson's test, with the p-value from the regularised upper incomplete
  gamma function (the same numbers as `scipy.stats.chisquare`).
"""

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

# |RCI| at or above this is a reliable change (two-sided, 5%).
RCI_CRITICAL = 1.96
# The chance of any false alarm for one child, however many checks are made for it at once.
FAMILY_ALPHA = 0.05


def mean(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("the mean of no values is undefined")
    return math.fsum(values) / len(values)


def variance(values: Sequence[float]) -> float:
    """The sample variance (n - 1 in the denominator), computed in two passes for accuracy."""
    if len(values) < 2:
        raise ValueError("a sample variance needs at least two values")
    centre = mean(values)
    return math.fsum((value - centre) ** 2 for value in values) / (len(values) - 1)


def standard_deviation(values: Sequence[float]) -> float:
    return math.sqrt(variance(values))


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None when either variable does not vary."""
    if len(xs) != len(ys):
        raise ValueError("both variables need the same number of values")
    if len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def _check_matrix(rows: Sequence[Sequence[float]]) -> int:
    """The number of items (columns); every row must have all of them."""
    if not rows:
        return 0
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        raise ValueError("every case needs a value for every item (use complete cases only)")
    return width


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """alpha = k/(k-1) · (1 - Σ item variances / variance of the sum score), over complete cases.

    None when it is undefined: fewer than two items or two cases, or sum scores that do not vary.
    """
    k = _check_matrix(rows)
    if k < 2 or len(rows) < 2:
        return None
    item_variances = math.fsum(variance([row[j] for row in rows]) for j in range(k))
    total_variance = variance([math.fsum(row) for row in rows])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - item_variances / total_variance)


def item_rest_correlations(rows: Sequence[Sequence[float]]) -> list[float | None]:
    """For each item, Pearson's r between the item and the sum of the other items."""
    k = _check_matrix(rows)
    if k < 2:
        return [None] * k
    totals = [math.fsum(row) for row in rows]
    return [
        pearson([row[j] for row in rows], [t - row[j] for t, row in zip(totals, rows, strict=True)])
        for j in range(k)
    ]


def z_score(value: float, centre: float, spread: float) -> float:
    if spread <= 0:
        raise ValueError("the standard deviation must be positive")
    return (value - centre) / spread


def difference_limit(
    reliability_a: float,
    reliability_b: float,
    critical: float = RCI_CRITICAL,
    sample_a: int | None = None,
    sample_b: int | None = None,
) -> float:
    """The smallest difference between two z-scores that is more than measurement error.

    When two instruments place a child at the same true standing t, each z-score is √r·t plus an
    error of variance 1 - r, so their difference has variance 2 - 2·√(r_a·r_b) (the correlation of
    the two scores is then √(r_a·r_b)). A z-score against a centre estimated from n responses has
    1/n more (`sample_a`, `sample_b`). A difference of `critical` times its standard deviation
    happens by error alone in 5% of cases (1.96).
    """
    for reliability in (reliability_a, reliability_b):
        if not 0 <= reliability < 1:
            raise ValueError("a reliability lies in [0, 1)")
    variance = 2 - 2 * math.sqrt(reliability_a * reliability_b)
    variance += sum(1 / n for n in (sample_a, sample_b) if n)
    return critical * math.sqrt(variance)


def percentile_rank(value: float, sample: Sequence[float]) -> float:
    """Percentage of the sample below the value, counting ties as half (the mid-rank definition)."""
    if not sample:
        raise ValueError("a percentile rank needs a sample")
    return percentile_rank_sorted(value, sorted(sample))


def percentile_rank_sorted(value: float, ordered: Sequence[float]) -> float:
    """`percentile_rank` on a sample sorted in advance: a logarithmic look-up for many values."""
    if not ordered:
        raise ValueError("a percentile rank needs a sample")
    below = bisect.bisect_left(ordered, value)
    equal = bisect.bisect_right(ordered, value) - below
    return 100 * (below + 0.5 * equal) / len(ordered)


@dataclass(frozen=True)
class ReliableChange:
    before: float
    after: float
    standard_error: float  # SE of one measurement: SD · √(1 - r)
    difference_error: float  # S_diff = √2 · SE
    index: float  # (after - before) / S_diff
    critical: float = RCI_CRITICAL  # |RCI| needed; higher when several checks are made at once

    @property
    def difference(self) -> float:
        return self.after - self.before

    @property
    def reliable(self) -> bool:
        return abs(self.index) >= self.critical

    @property
    def smallest_reliable_difference(self) -> float:
        """How far apart two scores must be to count as a reliable change."""
        return self.critical * self.difference_error


def family_critical(checks: int, alpha: float = FAMILY_ALPHA) -> float:
    """The two-sided critical |z| for one of `checks` tests made together (Bonferroni: alpha/k each).

    One check gives 1.96; four give 2.50; eight give 2.73. Whatever the checks' dependence, the
    chance that any of them fires when nothing changed is then at most alpha.
    """
    if checks < 1:
        raise ValueError("a family needs at least one check")
    return NormalDist().inv_cdf(1 - alpha / (2 * checks))


def reliable_change(
    before: float, after: float, sd: float, reliability: float, critical: float = RCI_CRITICAL
) -> ReliableChange:
    """Jacobson & Truax: SE = SD·√(1 - r), S_diff = √2·SE, RCI = (after - before) / S_diff.

    `sd` is the standard deviation of the scale in a reference sample and `reliability` its
    reliability (for example Cronbach's alpha); it must lie in [0, 1). `critical` is the |RCI|
    the change must reach (see `family_critical` when several changes are judged together).
    """
    if sd <= 0:
        raise ValueError("the standard deviation must be positive")
    if not 0 <= reliability < 1:
        raise ValueError("the reliability must lie in [0, 1)")
    standard_error = sd * math.sqrt(1 - reliability)
    difference_error = math.sqrt(2) * standard_error
    return ReliableChange(
        before=before,
        after=after,
        standard_error=standard_error,
        difference_error=difference_error,
        index=(after - before) / difference_error,
        critical=critical,
    )


def t_critical(alpha: float, degrees_of_freedom: int) -> float:
    """The two-sided critical t for `alpha` (Cornish-Fisher expansion of Student's t around z).

    Abramowitz & Stegun 26.7.5; within 0.002 of the exact quantile from 8 degrees of freedom on,
    which is the smallest the app asks for (MIN_REFERENCE classmates less two).
    """
    if degrees_of_freedom < 1:
        raise ValueError("t needs at least one degree of freedom")
    z = NormalDist().inv_cdf(1 - alpha / 2)
    v = degrees_of_freedom
    terms = (
        (z**3 + z) / 4,
        (5 * z**5 + 16 * z**3 + 3 * z) / 96,
        (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
        (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160,
    )
    return z + math.fsum(term / v ** (power + 1) for power, term in enumerate(terms))


@dataclass(frozen=True)
class Welch:
    difference: float  # mean of the second sample minus mean of the first
    standard_error: float  # √(s₁²/n₁ + s₂²/n₂)
    t: float
    degrees_of_freedom: float  # Welch-Satterthwaite, not rounded
    critical: float  # the two-sided critical |t| at `alpha`, at the whole degrees of freedom below

    @property
    def significant(self) -> bool:
        return abs(self.t) >= self.critical


def welch(first: Sequence[float], second: Sequence[float], alpha: float = 0.05) -> Welch | None:
    """Welch's t-test of mean(second) - mean(first) for two independent samples, two-sided.

    The standard error is √(s₁²/n₁ + s₂²/n₂) and the degrees of freedom are Welch-Satterthwaite's
    (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁-1) + (s₂²/n₂)²/(n₂-1)), the same t and degrees of freedom as
    `scipy.stats.ttest_ind(first, second, equal_var=False)` (with the sign the other way round). The
    critical t is taken at the degrees of freedom rounded down, which errs on the careful side.
    None when a sample has fewer than two values or neither sample varies (no error to judge by).
    """
    if len(first) < 2 or len(second) < 2:
        return None
    part_first = variance(first) / len(first)
    part_second = variance(second) / len(second)
    squared_error = part_first + part_second
    if squared_error == 0:
        return None
    degrees = squared_error**2 / (part_first**2 / (len(first) - 1) + part_second**2 / (len(second) - 1))
    difference = mean(second) - mean(first)
    error = math.sqrt(squared_error)
    return Welch(
        difference=difference,
        standard_error=error,
        t=difference / error,
        degrees_of_freedom=degrees,
        critical=t_critical(alpha, max(1, math.floor(degrees))),
    )


@dataclass(frozen=True)
class ExpectedChange:
    expected: float  # the change predicted for a child who started at `before`
    standard_error: float  # of one new child's change around it: s·√(1 + 1/n + (x - x̄)²/Sxx)
    degrees_of_freedom: int  # n - 2
    cases: int


def expected_change(before: float, others: Sequence[tuple[float, float]]) -> ExpectedChange | None:
    """The least-squares line of change (after - before) on the starting score, through `others`.

    A child picked because its score was extreme tends to move back towards the middle by itself
    (regression to the mean); the line through classmates who started higher or lower says how far.
    None with fewer than three cases or starting scores that do not vary.
    """
    n = len(others)
    if n < 3:
        return None
    starts = [b for b, _ in others]
    changes = [a - b for b, a in others]
    centre, mean_change = mean(starts), mean(changes)
    sxx = math.fsum((x - centre) ** 2 for x in starts)
    if sxx == 0:
        return None
    slope = math.fsum((x - centre) * (d - mean_change) for x, d in zip(starts, changes, strict=True)) / sxx
    intercept = mean_change - slope * centre
    residuals = math.fsum((d - intercept - slope * x) ** 2 for x, d in zip(starts, changes, strict=True))
    spread = math.sqrt(residuals / (n - 2))
    return ExpectedChange(
        expected=intercept + slope * before,
        standard_error=spread * math.sqrt(1 + 1 / n + (before - centre) ** 2 / sxx),
        degrees_of_freedom=n - 2,
        cases=n,
    )


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    p_value: float
    degrees_of_freedom: int


def chi_square_goodness_of_fit(
    observed: Sequence[float], expected: Sequence[float] | None = None, ddof: int = 0
) -> ChiSquare:
    """Pearson's χ² = Σ (O - E)² / E with k - 1 - ddof degrees of freedom.

    Without `expected` every category is expected equally often. As in scipy, the observed and
    expected totals must agree (relative tolerance 1e-8).
    """
    k = len(observed)
    if k < 2:
        raise ValueError("a goodness-of-fit test needs at least two categories")
    total = math.fsum(observed)
    if expected is None:
        expected = [total / k] * k
    if len(expected) != k:
        raise ValueError("observed and expected need the same number of categories")
    if any(e <= 0 for e in expected):
        raise ValueError("every expected count must be positive")
    if any(o < 0 for o in observed):
        raise ValueError("observed counts cannot be negative")
    expected_total = math.fsum(expected)
    if abs(total - expected_total) > 1e-8 * max(abs(total), abs(expected_total)):
        raise ValueError("observed and expected counts must have the same total")
    dof = k - 1 - ddof
    if dof < 1:
        raise ValueError("no degrees of freedom left")
    statistic = math.fsum((o - e) ** 2 / e for o, e in zip(observed, expected, strict=True))
    return ChiSquare(statistic=statistic, p_value=chi_square_survival(statistic, dof), degrees_of_freedom=dof)


def chi_square_survival(statistic: float, dof: int) -> float:
    """P(X ≥ statistic) for X ~ χ²(dof): the regularised upper incomplete gamma Q(dof/2, statistic/2)."""
    return regularized_gamma_q(dof / 2, statistic / 2)


_EPSILON = 1e-17  # series: stop when a term no longer changes the sum
_FRACTION_EPSILON = 4e-16  # continued fraction: a few units in the last place of 1.0
_TINY = 1e-300
_MAX_ITERATIONS = 10_000


def regularized_gamma_q(a: float, x: float) -> float:
    """Q(a, x) = Γ(a, x) / Γ(a): a series below x = a + 1, a continued fraction above (Numerical Recipes)."""
    if a <= 0 or x < 0:
        raise ValueError("Q(a, x) needs a > 0 and x ≥ 0")
    if x == 0:
        return 1.0
    if x < a + 1:
        return 1.0 - _lower_gamma_series(a, x)
    return _upper_gamma_fraction(a, x)


def _prefactor(a: float, x: float) -> float:
    return math.exp(-x + a * math.log(x) - math.lgamma(a))


def _lower_gamma_series(a: float, x: float) -> float:
    """P(a, x) = e^-x x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n))."""
    term = total = 1 / a
    denominator = a
    for _ in range(_MAX_ITERATIONS):
        denominator += 1
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * _EPSILON:
            return total * _prefactor(a, x)
    raise ArithmeticError("the incomplete gamma series did not converge")


def _upper_gamma_fraction(a: float, x: float) -> float:
    """Q(a, x) by Lentz's method on the continued fraction 1/(x+1-a- 1·(1-a)/(x+3-a- …))."""
    b = x + 1 - a
    c = 1 / _TINY
    d = 1 / b
    fraction = d
    for i in range(1, _MAX_ITERATIONS):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        delta = d * c
        fraction *= delta
        if abs(delta - 1) < _FRACTION_EPSILON:
            return fraction * _prefactor(a, x)
    raise ArithmeticError("the incomplete gamma continued fraction did not converge")
