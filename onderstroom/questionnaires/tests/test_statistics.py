"""onderstroom.statistics against hand computation and against numpy/scipy on fixed data."""

import math

import numpy as np
import pytest
from scipy import stats

from onderstroom import statistics

# A fixed data set: 12 children answering a 5-item scale (1-5), with some spread and agreement.
ROWS = [
    [4, 5, 4, 3, 4],
    [2, 2, 3, 2, 1],
    [5, 4, 5, 5, 4],
    [3, 3, 2, 3, 3],
    [1, 2, 1, 2, 2],
    [4, 4, 3, 4, 5],
    [3, 2, 3, 3, 2],
    [5, 5, 4, 4, 5],
    [2, 3, 2, 1, 2],
    [4, 3, 4, 4, 3],
    [3, 4, 3, 2, 3],
    [1, 1, 2, 1, 1],
]


def numpy_alpha(rows: list[list[int]]) -> float:
    matrix = np.array(rows, dtype=float)
    k = matrix.shape[1]
    return k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / matrix.sum(axis=1).var(ddof=1))


def numpy_item_rest(rows: list[list[int]]) -> list[float]:
    matrix = np.array(rows, dtype=float)
    totals = matrix.sum(axis=1)
    return [float(np.corrcoef(matrix[:, j], totals - matrix[:, j])[0, 1]) for j in range(matrix.shape[1])]


def test_alpha_equals_numpy_on_the_fixed_data_set() -> None:
    """Cronbach's alpha agrees with a numpy computation within 1e-9."""
    assert statistics.cronbach_alpha(ROWS) == pytest.approx(numpy_alpha(ROWS), abs=1e-9)


def test_item_rest_correlations_equal_numpy_on_the_fixed_data_set() -> None:
    ours = statistics.item_rest_correlations(ROWS)
    reference = numpy_item_rest(ROWS)
    assert len(ours) == 5
    for mine, theirs in zip(ours, reference, strict=True):
        assert mine == pytest.approx(theirs, abs=1e-9)


def test_alpha_equals_numpy_on_random_data() -> None:
    generator = np.random.default_rng(7)
    for _ in range(20):
        rows = generator.integers(1, 6, size=(generator.integers(3, 40), generator.integers(2, 9))).tolist()
        if np.array(rows).sum(axis=1).var() == 0:
            continue
        assert statistics.cronbach_alpha(rows) == pytest.approx(numpy_alpha(rows), abs=1e-9)


def test_alpha_by_hand_for_two_items() -> None:
    """Items (1,2,3) and (1,3,2): item variances 1 and 1, sums 2,5,5 with variance 3; alpha = 2·(1 - 2/3)."""
    assert statistics.cronbach_alpha([[1, 1], [2, 3], [3, 2]]) == pytest.approx(2 / 3, abs=1e-12)


def test_alpha_is_undefined_without_spread_or_cases() -> None:
    assert statistics.cronbach_alpha([[3, 3], [3, 3]]) is None
    assert statistics.cronbach_alpha([[1, 2, 3]]) is None
    assert statistics.cronbach_alpha([[1], [2]]) is None
    with pytest.raises(ValueError, match="complete cases"):
        statistics.cronbach_alpha([[1, 2], [3]])


def test_item_rest_is_none_for_an_item_that_does_not_vary() -> None:
    assert statistics.item_rest_correlations([[3, 1, 2], [3, 2, 3], [3, 3, 1]])[0] is None


def test_reliable_change_by_hand() -> None:
    """SD 0.8, r 0.84: SE = 0.8·0.4 = 0.32, S_diff = 0.32·√2 = 0.4525..., 2.0 → 3.0 gives RCI 2.21."""
    change = statistics.reliable_change(2.0, 3.0, sd=0.8, reliability=0.84)
    assert change.standard_error == pytest.approx(0.32, abs=1e-12)
    assert change.difference_error == pytest.approx(0.32 * math.sqrt(2), abs=1e-12)
    assert change.index == pytest.approx(1 / (0.32 * math.sqrt(2)), abs=1e-12)
    assert change.index == pytest.approx(2.2097, abs=1e-4)
    assert change.reliable
    assert change.smallest_reliable_difference == pytest.approx(1.96 * 0.32 * math.sqrt(2), abs=1e-12)


def test_a_change_below_the_error_band_is_not_reliable() -> None:
    change = statistics.reliable_change(3.0, 2.2, sd=0.8, reliability=0.84)
    assert change.index == pytest.approx(-0.8 / (0.32 * math.sqrt(2)), abs=1e-12)
    assert not change.reliable
    assert statistics.reliable_change(3.0, 2.0, sd=0.8, reliability=0.84).reliable


def test_reliable_change_refuses_impossible_parameters() -> None:
    with pytest.raises(ValueError, match="standard deviation"):
        statistics.reliable_change(1, 2, sd=0, reliability=0.8)
    with pytest.raises(ValueError, match="reliability"):
        statistics.reliable_change(1, 2, sd=1, reliability=1)


def test_z_score_and_percentile_rank_by_hand() -> None:
    assert statistics.z_score(4.0, 3.0, 0.5) == 2.0
    # Below 3.0: two values; equal: one (counts half): (2 + 0.5) / 5 = 50%.
    assert statistics.percentile_rank(3.0, [1.0, 2.0, 3.0, 4.0, 5.0]) == 50.0
    assert statistics.percentile_rank(0.5, [1.0, 2.0]) == 0.0
    assert statistics.percentile_rank(9.0, [1.0, 2.0]) == 100.0
    assert statistics.percentile_rank(2.0, [2.0, 2.0, 2.0, 2.0]) == 50.0


def test_percentile_rank_equals_scipy_mean_kind() -> None:
    sample = [1.2, 2.5, 2.5, 3.0, 3.8, 4.1, 4.1, 4.1, 5.0]
    for value in (0.0, 2.5, 3.0, 4.1, 4.5, 6.0):
        expected = stats.percentileofscore(sample, value, kind="mean")
        assert statistics.percentile_rank(value, sample) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("observed", "expected", "ddof"),
    [
        ([16, 18, 16, 14, 12, 12], None, 0),
        ([10, 25, 30, 5], [17.5, 17.5, 17.5, 17.5], 0),
        ([43, 52, 54, 40], [40.0, 50.0, 55.0, 44.0], 0),
        ([5, 0, 3], None, 0),
        ([120, 80], [110.0, 90.0], 0),
        ([3, 9, 14, 20, 7, 1, 0, 2], None, 2),
        ([1000, 1200, 900, 1500], None, 0),
        ([1, 1], None, 0),
    ],
)
def test_chi_square_equals_scipy(observed: list[int], expected: list[float] | None, ddof: int) -> None:
    """Statistic and p-value equal scipy.stats.chisquare within 1e-9."""
    ours = statistics.chi_square_goodness_of_fit(observed, expected, ddof=ddof)
    theirs = stats.chisquare(observed, expected, ddof=ddof)
    assert ours.statistic == pytest.approx(float(theirs.statistic), abs=1e-9)
    assert ours.p_value == pytest.approx(float(theirs.pvalue), abs=1e-9)
    assert ours.degrees_of_freedom == len(observed) - 1 - ddof


def test_chi_square_equals_scipy_on_many_random_tables() -> None:
    generator = np.random.default_rng(11)
    for _ in range(300):
        k = int(generator.integers(2, 12))
        observed = generator.integers(0, int(generator.choice([5, 30, 400])), size=k).tolist()
        if sum(observed) == 0:
            continue
        ours = statistics.chi_square_goodness_of_fit(observed)
        theirs = stats.chisquare(observed)
        assert ours.statistic == pytest.approx(float(theirs.statistic), abs=1e-9)
        assert ours.p_value == pytest.approx(float(theirs.pvalue), abs=1e-9)


def test_chi_square_by_hand() -> None:
    """Observed 30 and 10 against 20 and 20: (10² + 10²)/20 = 10 on 1 df, p = erfc(√5)."""
    result = statistics.chi_square_goodness_of_fit([30, 10])
    assert result.statistic == 10.0
    assert result.p_value == pytest.approx(math.erfc(math.sqrt(5)), abs=1e-15)


def test_chi_square_refuses_what_scipy_refuses() -> None:
    with pytest.raises(ValueError, match="same total"):
        statistics.chi_square_goodness_of_fit([10, 10], [5, 10])
    with pytest.raises(ValueError, match="two categories"):
        statistics.chi_square_goodness_of_fit([10])
    with pytest.raises(ValueError, match="positive"):
        statistics.chi_square_goodness_of_fit([10, 0], [10, 0])
    with pytest.raises(ValueError, match="degrees of freedom"):
        statistics.chi_square_goodness_of_fit([1, 2, 3], ddof=2)


def test_incomplete_gamma_equals_scipy_across_its_range() -> None:
    from scipy.special import gammaincc

    for a in (0.5, 1.0, 2.5, 10.0, 60.0):
        for x in (1e-6, 0.3, 1.0, a, a + 1, 3 * a + 4):
            assert statistics.regularized_gamma_q(a, x) == pytest.approx(float(gammaincc(a, x)), abs=1e-12)


# --- Welch's t-test ---------------------------------------------------------------------------------

BEFORE = [2.5, 3.0, 2.0, 3.5, 2.75, 3.25, 2.0, 2.5]
AFTER = [3.5, 3.0, 4.0, 3.75, 2.5, 4.0, 3.25, 3.5, 3.0, 4.0, 3.75]


def test_welch_equals_scipy_on_fixed_data() -> None:
    found = statistics.welch(BEFORE, AFTER)
    expected = stats.ttest_ind(AFTER, BEFORE, equal_var=False)
    assert found is not None
    assert found.t == pytest.approx(float(expected.statistic), abs=1e-12)
    assert found.degrees_of_freedom == pytest.approx(float(expected.df), abs=1e-9)
    assert found.difference == pytest.approx(np.mean(AFTER) - np.mean(BEFORE))
    dof = math.floor(found.degrees_of_freedom)
    assert found.critical == pytest.approx(float(stats.t.ppf(0.975, dof)), abs=0.002)
    assert found.significant == (abs(found.t) >= found.critical)
    assert found.significant  # p ≈ 0.0004 here


def test_welch_is_antisymmetric_and_not_significant_on_overlapping_samples() -> None:
    forward = statistics.welch(BEFORE, AFTER)
    backward = statistics.welch(AFTER, BEFORE)
    assert forward is not None
    assert backward is not None
    assert backward.t == pytest.approx(-forward.t)
    same = statistics.welch([1.0, 2.0, 3.0, 4.0, 5.0], [1.5, 2.5, 3.0, 3.5, 4.5])
    assert same is not None
    assert not same.significant


def test_welch_is_undefined_without_an_error_to_judge_by() -> None:
    assert statistics.welch([3.0], [1.0, 2.0]) is None
    assert statistics.welch([2.0, 2.0, 2.0], [3.0, 3.0]) is None
