"""Sociometric status: Coie, Dodge & Coppotelli on a hand-worked class; SSrat on a hand-computed one."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

from onderstroom.sociogram.status import (
    Status,
    classify_cdc,
    coie_dodge,
    ssrat,
    standardise,
)

# A class of ten. Liked-most (LM) and liked-least (LL) nominations received:
#
#   child  LM  LL   zLM     zLL     SP      SI     status (by the 1982 cut-offs)
#   A      6   0    1.911  -0.938   1.941   0.716  popular        SP > 1, zLM > 0, zLL < 0
#   B      0   6   -1.106   2.025  -2.133   0.676  rejected       SP < -1, zLM < 0, zLL > 0
#   C      5   5    1.408   1.531  -0.084   2.163  controversial  SI > 1, zLM > 0, zLL > 0
#   D      0   0   -1.106  -0.938  -0.114  -1.505  neglected      SI < -1 and no LM at all
#   E      2   1   -0.101  -0.444   0.234  -0.401  average        |SP| < 0.5
#   F      2   2   -0.101   0.049  -0.102  -0.038  average
#   G      1   1   -0.603  -0.444  -0.108  -0.771  average
#   H      3   1    0.402  -0.444   0.577  -0.031  in between     0.5 <= SP <= 1
#   I      1   2   -0.603   0.049  -0.445  -0.408  average
#   J      2   1   -0.101  -0.444   0.234  -0.401  average
#
# By hand: LM has mean 2.2 and squared deviations summing to 35.6, so SD = sqrt(35.6 / 9) = 1.989
# and zLM(A) = 3.8 / 1.989 = 1.911; LL has mean 1.9, SD = sqrt(36.9 / 9) = 2.025.
CLASS = list("ABCDEFGHIJ")
LIKED_MOST = dict(zip(CLASS, [6, 0, 5, 0, 2, 2, 1, 3, 1, 2], strict=True))
LIKED_LEAST = dict(zip(CLASS, [0, 6, 5, 0, 1, 2, 1, 1, 2, 1], strict=True))
EXPECTED = {
    "A": Status.POPULAR,
    "B": Status.REJECTED,
    "C": Status.CONTROVERSIAL,
    "D": Status.NEGLECTED,
    "E": Status.AVERAGE,
    "F": Status.AVERAGE,
    "G": Status.AVERAGE,
    "H": Status.UNCLASSIFIED,
    "I": Status.AVERAGE,
    "J": Status.AVERAGE,
}


def test_hand_worked_class_gets_the_known_statuses() -> None:
    """Every child of the worked example lands in the group the 1982 cut-offs give by hand."""
    scores = coie_dodge(CLASS, LIKED_MOST, LIKED_LEAST)
    assert {child: score.status for child, score in scores.items()} == EXPECTED


def test_hand_worked_class_scores_match_the_table() -> None:
    """The z-scores, SP and SI are the hand-computed ones (3 decimals)."""
    scores = coie_dodge(CLASS, LIKED_MOST, LIKED_LEAST)
    assert round(scores["A"].z_liked_most, 3) == 1.911
    assert round(scores["B"].z_liked_least, 3) == 2.025
    assert round(scores["B"].preference, 3) == -2.133
    assert round(scores["C"].impact, 3) == 2.163
    assert round(scores["H"].preference, 3) == 0.577
    assert round(scores["D"].impact, 3) == -1.505


def test_scores_agree_with_numpy_reference() -> None:
    """z-scores use the sample SD (ddof=1), and SP and SI are re-standardised."""
    lm = np.array([LIKED_MOST[c] for c in CLASS], dtype=float)
    ll = np.array([LIKED_LEAST[c] for c in CLASS], dtype=float)

    def z(x: np.ndarray) -> np.ndarray:
        return (x - x.mean()) / x.std(ddof=1)

    sp, si = z(z(lm) - z(ll)), z(z(lm) + z(ll))
    scores = coie_dodge(CLASS, LIKED_MOST, LIKED_LEAST)
    for i, child in enumerate(CLASS):
        assert scores[child].preference == pytest.approx(sp[i])
        assert scores[child].impact == pytest.approx(si[i])


def test_neglected_needs_no_liked_most_nomination_at_all() -> None:
    """Low impact with one liked-most nomination is not neglected in the original 1982 criteria."""
    assert classify_cdc(z_lm=-0.6, z_ll=-0.9, sp=0.2, si=-1.3, liked_most=1) == Status.AVERAGE
    assert classify_cdc(z_lm=-1.1, z_ll=-0.9, sp=0.2, si=-1.3, liked_most=0) == Status.NEGLECTED


def test_cut_offs_are_strict() -> None:
    """Exactly 1.0 is not beyond the cut-off; exactly 0.5 is outside the average band."""
    assert classify_cdc(z_lm=1.0, z_ll=-1.0, sp=1.0, si=0.0, liked_most=3) == Status.UNCLASSIFIED
    assert classify_cdc(z_lm=0.2, z_ll=-0.2, sp=0.5, si=0.0, liked_most=3) == Status.UNCLASSIFIED


def test_without_negative_question_there_is_no_status() -> None:
    """Only liked-most is standardised; SP, SI and the status need liked-least nominations."""
    scores = coie_dodge(CLASS, LIKED_MOST, None)
    assert all(score.status is None and score.preference is None for score in scores.values())
    assert round(scores["A"].z_liked_most, 3) == 1.911


def test_a_class_where_everyone_is_alike_stands_out_nowhere() -> None:
    assert standardise([2, 2, 2]) == [0.0, 0.0, 0.0]
    scores = coie_dodge(["a", "b", "c"], {"a": 1, "b": 1, "c": 1}, {})
    assert {s.status for s in scores.values()} == {Status.AVERAGE}


# --- SSrat -------------------------------------------------------------------------------------

# Four children rate each other on a 3-point scale (1 = not, 2 = so-so, 3 = gladly):
#
#   rater →  A  B  C  D
#   A        -  3  3  1
#   B        3  -  2  1
#   C        3  3  -  1
#   D        2  2  2  -
#
# D, worked by hand. Raters A, B and C each gave one "1" out of three ratings, so each gives D
# antipathy 1 with probability 1/3: E(A) = 1 and P(A >= 3) = (1/3)^3 = 1/27 = 0.037. Sympathy:
# A and C gave a "3" two times in three, B once: E(S) = 2/3 + 1/3 + 2/3 = 5/3, D got 0.
# Preference total 1 + 1 + 1 = 3 is the lowest possible: P(P <= 3) = 1/27 < .05 → rejected.
#
# A, by hand: S = 2 (two 3s), A = 0, P = 3 + 3 + 2 = 8. E(S) = 1/3 (B) + 2/3 (C) + 0 (D) = 1,
# E(A) = 1/3 + 1/3 = 2/3. P(P >= 8) needs B and C both to give 3: 1/3 · 2/3 = 2/9 = 0.22 → average.
RATINGS = {
    ("A", "B"): 3, ("A", "C"): 3, ("A", "D"): 1,
    ("B", "A"): 3, ("B", "C"): 2, ("B", "D"): 1,
    ("C", "A"): 3, ("C", "B"): 3, ("C", "D"): 1,
    ("D", "A"): 2, ("D", "B"): 2, ("D", "C"): 2,
}  # fmt: skip


def test_ssrat_hand_computed_rejected_child() -> None:
    """D's totals, expectations and tail probability are the hand-computed ones."""
    d = ssrat("ABCD", RATINGS, scale=3)["D"]
    assert (d.raters, d.sympathy, d.antipathy, d.preference, d.impact) == (3, 0, 3, 3, 3)
    assert d.expected_sympathy == pytest.approx(5 / 3)
    assert d.expected_antipathy == pytest.approx(1)
    assert d.p_preference_low == pytest.approx(1 / 27)
    assert d.status == Status.REJECTED


def test_ssrat_hand_computed_average_child() -> None:
    a = ssrat("ABCD", RATINGS, scale=3)["A"]
    assert (a.sympathy, a.antipathy, a.preference, a.impact) == (2, 0, 8, 2)
    assert a.expected_sympathy == pytest.approx(1)
    assert a.expected_antipathy == pytest.approx(2 / 3)
    assert a.p_preference_high == pytest.approx(2 / 9)
    assert a.status == Status.AVERAGE


def test_ssrat_statuses_of_the_small_class() -> None:
    statuses = {child: score.status for child, score in ssrat("ABCD", RATINGS, scale=3).items()}
    assert statuses == {"A": Status.AVERAGE, "B": Status.AVERAGE, "C": Status.AVERAGE, "D": Status.REJECTED}


def brute_force_tail(dists: list[dict[int, Fraction]], total: int) -> tuple[Fraction, Fraction]:
    """P(T <= total) and P(T >= total) by enumerating every combination (the reference)."""
    low = high = Fraction(0)
    for combination in itertools.product(*(d.items() for d in dists)):
        value = sum(v for v, _ in combination)
        p = Fraction(1)
        for _, q in combination:
            p *= q
        low += p if value <= total else 0
        high += p if value >= total else 0
    return low, high


def test_ssrat_convolution_agrees_with_enumeration_on_a_five_point_scale() -> None:
    """On a 5-point scale the preference tails equal an exact enumeration of every rating pattern."""
    children = "ABCDE"
    grid = {
        "A": [5, 4, 1, 3],
        "B": [5, 3, 2, 2],
        "C": [4, 5, 1, 3],
        "D": [5, 4, 2, 3],
        "E": [4, 3, 1, 1],
    }
    ratings = {}
    for rater, values in grid.items():
        ratees = [c for c in children if c != rater]
        ratings.update({(rater, ratee): v for ratee, v in zip(ratees, values, strict=True)})
    scores = ssrat(children, ratings, scale=5)
    for child in children:
        raters = [r for r in children if r != child]
        dists = []
        for rater in raters:
            given = grid[rater]
            dists.append({v: Fraction(given.count(v), len(given)) for v in set(given)})
        low, high = brute_force_tail(dists, scores[child].preference)
        assert scores[child].p_preference_low == pytest.approx(float(low))
        assert scores[child].p_preference_high == pytest.approx(float(high))


def test_ssrat_popular_child_in_a_larger_class() -> None:
    """Everyone gives P the top rating and others a mix: P is popular, the spread ones average."""
    children = [f"c{i}" for i in range(8)]
    ratings = {}
    for i, rater in enumerate(children):
        for j, ratee in enumerate(children):
            if rater == ratee:
                continue
            ratings[(rater, ratee)] = 3 if ratee == "c0" else (1 + (i + j) % 3)
    scores = ssrat(children, ratings, scale=3)
    assert scores["c0"].status == Status.POPULAR
    assert scores["c0"].p_preference_high < 0.05


def test_ssrat_child_nobody_rated_has_no_status() -> None:
    scores = ssrat("ABC", {("A", "B"): 3, ("B", "A"): 2}, scale=3)
    assert scores["C"].status is None
    assert scores["C"].raters == 0


def test_ssrat_refuses_ratings_off_the_scale() -> None:
    with pytest.raises(ValueError, match="invalid rating"):
        ssrat("AB", {("A", "B"): 4}, scale=3)
