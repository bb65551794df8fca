"""Sociometric status: pure functions, no database.

Two methods, one per kind of survey:

* Nominations — Coie, J. D., Dodge, K. A., & Coppotelli, H. (1982). Dimensions and types of social
  status: A cross-age perspective. Developmental Psychology, 18(4), 557-570.
  https://doi.org/10.1037/0012-1649.18.4.557

* Ratings — SSrat: Maassen, G. H., Akkermans, W., & van der Linden, J. L. (1996). Two-dimensional
  sociometric status determination with rating scales. Small Group Research, 27(1), 56-78;
  Maassen, G. H., & Landsheer, J. A. (1998). SSRAT: The processing of rating scales for the
  determination of two-dimensional sociometric status. Behavior Research Methods, Instruments, &
  Computers, 30(4), 674-679; Maassen, G. H., van der Linden, J. L., Goossens, F. A., & Bokhorst, J.
  (2000). A ratings-based approach to two-dimensional sociometric status determination. New
  Directions for Child and Adolescent Development, 88, 55-73. The arithmetic follows the published
  SSrat R package (CRAN "SSrat", function calcgroup) line by line.

Children are identified by any hashable key (the database id in the app).
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


class Status(StrEnum):
    POPULAR = "popular"
    REJECTED = "rejected"
    NEGLECTED = "neglected"
    CONTROVERSIAL = "controversial"
    AVERAGE = "average"
    # CDC leave children between the bands (for instance 0.5 < SP <= 1.0) out of every group.
    UNCLASSIFIED = "unclassified"

    @property
    def label(self) -> str | Promise:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str | Promise] = {
    Status.POPULAR: pgettext_lazy("sociometric status", "popular"),
    Status.REJECTED: pgettext_lazy("sociometric status", "rejected"),
    Status.NEGLECTED: pgettext_lazy("sociometric status", "neglected"),
    Status.CONTROVERSIAL: pgettext_lazy("sociometric status", "controversial"),
    Status.AVERAGE: pgettext_lazy("sociometric status", "average"),
    Status.UNCLASSIFIED: pgettext_lazy("sociometric status", "in between"),
}

# --- Coie, Dodge & Coppotelli (1982) ------------------------------------------------------------

# Cut-offs of Experiment 2 (p. 562 of the paper), on the re-standardised SP and SI scores:
#   popular       SP > 1.0, zLM > 0, zLL < 0
#   rejected      SP < -1.0, zLM < 0, zLL > 0
#   neglected     SI < -1.0 and an absolute liked-most score of 0 (no liked-most nomination at all;
#                 Coie & Dodge 1983 later relaxed this to zLM < 0 and zLL < 0 — we keep the original)
#   controversial SI > 1.0, zLM > 0, zLL > 0
#   average       -0.5 < SP < 0.5
# Everyone else stays unclassified. The extreme groups exclude each other by the signs of zLM and
# zLL except rejected/neglected, which the order below settles in favour of rejected (as SSrat does).
EXTREME_CUT = 1.0
AVERAGE_BAND = 0.5
# Scores are rounded before comparing so that float noise cannot move a child across a cut-off.
_DIGITS = 9

Key = int  # a child's primary key


def standardise(values: Sequence[float]) -> list[float]:
    """z-scores within the class, with the sample standard deviation (n - 1), as SPSS computes them.

    A class where everybody has the same score (or of one child) gets all zeros: nobody stands out.
    """
    n = len(values)
    if n < 2:
        return [0.0] * n
    mean = math.fsum(values) / n
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    if variance <= 0:
        return [0.0] * n
    sd = math.sqrt(variance)
    return [(v - mean) / sd for v in values]


@dataclass(frozen=True)
class NominationScore:
    liked_most: int
    liked_least: int | None
    z_liked_most: float
    z_liked_least: float | None
    preference: float | None  # SP, re-standardised
    impact: float | None  # SI, re-standardised
    status: Status | None  # None: no liked-least question was asked, so CDC cannot classify


def classify_cdc(z_lm: float, z_ll: float, sp: float, si: float, liked_most: int) -> Status:
    z_lm, z_ll, sp, si = (round(v, _DIGITS) for v in (z_lm, z_ll, sp, si))
    if sp > EXTREME_CUT and z_lm > 0 and z_ll < 0:
        return Status.POPULAR
    if sp < -EXTREME_CUT and z_lm < 0 and z_ll > 0:
        return Status.REJECTED
    if si > EXTREME_CUT and z_lm > 0 and z_ll > 0:
        return Status.CONTROVERSIAL
    if si < -EXTREME_CUT and liked_most == 0:
        return Status.NEGLECTED
    if -AVERAGE_BAND < sp < AVERAGE_BAND:
        return Status.AVERAGE
    return Status.UNCLASSIFIED


def coie_dodge(
    children: Sequence[Key],
    liked_most: Mapping[Key, int],
    liked_least: Mapping[Key, int] | None,
) -> dict[Key, NominationScore]:
    """Status of every child of the class from the nominations each received.

    `liked_least` is None when the survey had no negative question: then only the standardised
    liked-most score is given, because SP and SI need both.
    """
    lm = [liked_most.get(child, 0) for child in children]
    z_lm = standardise(lm)
    if liked_least is None:
        return {
            child: NominationScore(lm[i], None, z_lm[i], None, None, None, None)
            for i, child in enumerate(children)
        }
    ll = [liked_least.get(child, 0) for child in children]
    z_ll = standardise(ll)
    sp = standardise([a - b for a, b in zip(z_lm, z_ll, strict=True)])
    si = standardise([a + b for a, b in zip(z_lm, z_ll, strict=True)])
    return {
        child: NominationScore(
            liked_most=lm[i],
            liked_least=ll[i],
            z_liked_most=z_lm[i],
            z_liked_least=z_ll[i],
            preference=sp[i],
            impact=si[i],
            status=classify_cdc(z_lm[i], z_ll[i], sp[i], si[i], lm[i]),
        )
        for i, child in enumerate(children)
    }


# --- SSrat (Maassen et al. 1996, 2000) ----------------------------------------------------------

# SSrat reports three significance levels (.10, .05, .01). We use .05, the middle one, so that a
# child is placed in an extreme group only when chance alone would do so in 1 class of 20.
SSRAT_ALPHA = 0.05


@dataclass(frozen=True)
class RatingScore:
    raters: int  # classmates who rated this child
    sympathy: int  # S: sum of the steps above the neutral midpoint
    antipathy: int  # A: sum of the steps below the midpoint
    preference: int  # P: sum of the ratings themselves
    impact: int  # I = S + A
    expected_sympathy: float
    expected_antipathy: float
    expected_preference: float
    expected_impact: float
    p_preference_high: float  # probability of a preference total this high or higher by chance
    p_preference_low: float
    p_impact_high: float
    p_impact_low: float
    status: Status | None  # None when nobody rated this child


Distribution = list[float]  # probability of the values 0, 1, 2, ...


def _distribution(values: Sequence[int], size: int) -> Distribution:
    """How often a rater gave each value, as a probability over 0..size-1."""
    counts = [0] * size
    for value in values:
        counts[value] += 1
    return [c / len(values) for c in counts]


def _convolve(a: Distribution, b: Distribution) -> Distribution:
    out = [0.0] * (len(a) + len(b) - 1)
    for i, pa in enumerate(a):
        if pa:
            for j, pb in enumerate(b):
                out[i + j] += pa * pb
    return out


def _mean(dist: Distribution) -> float:
    return math.fsum(value * p for value, p in enumerate(dist))


@dataclass(frozen=True)
class _Tail:
    expected: float
    low: float  # P(T <= t)
    high: float  # P(T >= t)


def _tails(dists: Sequence[Distribution], total: int) -> _Tail:
    """Where `total` lies in the distribution of a sum of independent ratings (SSrat's convolution)."""
    combined = [1.0]
    for dist in dists:
        combined = _convolve(combined, dist)
    low = math.fsum(combined[: total + 1])
    high = math.fsum(combined[total:])
    return _Tail(expected=math.fsum(_mean(d) for d in dists), low=min(low, 1.0), high=min(high, 1.0))


def ssrat(
    children: Sequence[Key],
    ratings: Mapping[tuple[Key, Key], int],
    scale: int,
    alpha: float = SSRAT_ALPHA,
) -> dict[Key, RatingScore]:
    """SSrat measures and status from ratings on a (2R+1)-point scale (1..scale, neutral midpoint).

    `ratings[(rater, ratee)]` is the rating `rater` gave `ratee`. Each rater's own spread of ratings is
    the chance model for what they would have given anyone (SSrat's null hypothesis), so a child who
    gives everyone a 3 does not weigh like a child who keeps the 3 for a few.
    """
    if scale not in (3, 5, 7, 9):
        raise ValueError(f"SSrat needs a 3, 5, 7 or 9-point scale, not {scale}")
    mid = (scale + 1) // 2
    given: dict[Key, list[int]] = {}
    received: dict[Key, list[tuple[Key, int]]] = {}
    for (rater, ratee), value in sorted(ratings.items(), key=lambda item: (str(item[0][0]), str(item[0][1]))):
        if rater == ratee or not 1 <= value <= scale:
            raise ValueError(f"invalid rating {value} from {rater} to {ratee}")
        given.setdefault(rater, []).append(value)
        received.setdefault(ratee, []).append((rater, value))

    def parts(value: int) -> tuple[int, int, int, int]:
        s, a = max(value - mid, 0), max(mid - value, 0)
        return s, a, value, s + a

    # Per rater: distributions of S, A, P and I over the ratings they gave.
    rater_dists: dict[Key, tuple[Distribution, ...]] = {}
    for rater, values in given.items():
        split = [parts(v) for v in values]
        rater_dists[rater] = (
            _distribution([p[0] for p in split], mid),
            _distribution([p[1] for p in split], mid),
            _distribution([p[2] for p in split], scale + 1),
            _distribution([p[3] for p in split], mid),
        )

    scores: dict[Key, RatingScore] = {}
    for child in children:
        votes = received.get(child, [])
        totals = [sum(parts(v)[i] for _, v in votes) for i in range(4)]
        tails = [_tails([rater_dists[r][i] for r, _ in votes], totals[i]) for i in range(4)]
        scores[child] = RatingScore(
            raters=len(votes),
            sympathy=totals[0],
            antipathy=totals[1],
            preference=totals[2],
            impact=totals[3],
            expected_sympathy=tails[0].expected,
            expected_antipathy=tails[1].expected,
            expected_preference=tails[2].expected,
            expected_impact=tails[3].expected,
            p_preference_high=tails[2].high,
            p_preference_low=tails[2].low,
            p_impact_high=tails[3].high,
            p_impact_low=tails[3].low,
            status=_classify_ssrat(totals, tails, alpha) if votes else None,
        )
    return scores


def _classify_ssrat(totals: list[int], tails: list[_Tail], alpha: float) -> Status:
    """The criteria of Coie & Dodge (1983) in probability terms, in SSrat's order of checking."""
    s, a = totals[0], totals[1]
    more_s, less_s = s > tails[0].expected, s < tails[0].expected
    more_a, less_a = a > tails[1].expected, a < tails[1].expected
    if tails[2].high <= alpha and more_s and less_a:
        return Status.POPULAR
    if tails[2].low <= alpha and less_s and more_a:
        return Status.REJECTED
    if tails[3].high <= alpha and more_s and more_a:
        return Status.CONTROVERSIAL
    if tails[3].low <= alpha and less_s and less_a:
        return Status.NEGLECTED
    return Status.AVERAGE
