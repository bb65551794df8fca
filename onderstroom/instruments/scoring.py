"""From answers to scale scores, and where a score stands: the rules every instrument shares.

Everything here is plain computation on already-loaded data (no queries), so the same rules
serve every page, export and API, and the tests can check them by hand.

- A scale score is the mean of its items after reverse-keyed items are turned round
  (min + max - answer). It counts only when at least 80% of its items are answered.
- Percentiles come from the instrument's norm table when it has one for the child's grade
  (and gender); otherwise they are positions among the responses on the same instrument version
  in the school this school year from children of the same grade band (1-2, 3-4, 5-6, 7-8), once
  that band has at least MIN_REFERENCE of them: never a group 3 child among group 8 children.
- The reliable change index needs an SD and a reliability (`change_parameters`): from the norm
  table, or from the school's responses (at least MIN_REFERENCE).
- Boundaries are judged on the numbers the screen shows (`shown`): 2,2 → 2,8 is a difference of
  0,6, whatever the unrounded means were.
"""

import bisect
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cached_property, lru_cache

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from onderstroom import statistics
from onderstroom.instruments.engine import InstrumentDefinition, Item, Scale

# A scale counts when answered items / items ≥ 4/5 (integers, so no rounding surprises).
MIN_SHARE = (4, 5)
# Percentiles within the school, and change judged with school data, need this many responses;
# the reliability (alpha) under that change needs as many complete cases.
MIN_REFERENCE = 10


def grade_band(grade: int | None) -> tuple[int, int] | None:
    """The two grades a child is compared with inside the school: 1-2, 3-4, 5-6 or 7-8."""
    if grade is None or not 1 <= grade <= 8:
        return None
    low = grade - (grade + 1) % 2
    return (low, low + 1)


def keyed_value(spec: InstrumentDefinition, item: Item, value: int) -> int:
    """Reverse-keyed items count the other way round: on 1-5, an answer of 2 counts as 4."""
    return spec.min_value + spec.max_value - value if item.reverse else value


def scale_scores(spec: InstrumentDefinition, values: Mapping[str, int]) -> dict[str, float | None]:
    """Scale key → mean of the keyed answers, or None when fewer than 80% of its items are answered."""
    scores: dict[str, float | None] = {}
    for scale in spec.scales:
        items = spec.items_of(scale.key)
        answered = [keyed_value(spec, i, values[i.key]) for i in items if values.get(i.key) is not None]
        enough = len(answered) * MIN_SHARE[1] >= len(items) * MIN_SHARE[0]
        scores[scale.key] = statistics.mean(answered) if answered and enough else None
    return scores


def keyed_rows(
    spec: InstrumentDefinition, scale: Scale, value_sets: Iterable[Mapping[str, int]]
) -> list[list[int]]:
    """The complete cases of one scale, keyed: the input for alpha and item-rest correlations."""
    items = spec.items_of(scale.key)
    rows = []
    for values in value_sets:
        if all(values.get(i.key) is not None for i in items):
            rows.append([keyed_value(spec, i, values[i.key]) for i in items])
    return rows


def shown(value: float | Decimal, digits: int = 1) -> Decimal:
    """The number exactly as the screens show it: `digits` decimals, rounded half up (2.25 → 2.3).

    Thresholds are judged on these values, so what a teacher reads (2,2 → 2,8: 0,6 apart)
    is what decided, not a binary fraction a hair below it.
    """
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def fmt(value: float, digits: int = 1) -> str:
    """The number with `digits` decimals in the active language, rounded as people round (2.25 → 2,3).

    Django's number_format cuts the digits off instead (8/9 would read 88%), and the templates'
    floatformat rounds half up: rounding here first keeps every screen and the PDF in agreement.
    """
    return _formatted(type(value).__name__, value, digits, get_language())


@lru_cache(maxsize=4096)
def _formatted(kind: str, value: float | Decimal, digits: int, language: str | None) -> str:
    """`fmt`, once per number, size and language: a class overview writes the same few hundred numbers.

    `kind` is in the key so that 2.5 and Decimal("2.5") stay apart; `language` is the active one.
    """
    if not Decimal(str(value)).is_finite():
        return number_format(value, digits)
    return number_format(shown(value, digits), digits)


# --- references: where a score stands -----------------------------------------------------------


@dataclass(frozen=True)
class ScaleStats:
    n: int
    sd: float | None
    alpha: float | None


@dataclass(frozen=True)
class Standardised:
    """A score as a z-score among the school's responses of children in the same grade band."""

    z: float
    n: int  # the responses of the band it stands among
    alpha: float  # the scale's reliability in the school (for the error of a difference)
    band: tuple[int, int]


def _rank(values: Sequence[float], ends: Sequence[int], score: float) -> float:
    """`statistics.percentile_rank_sorted(score, all scores)`, from the distribution (values, ends)."""
    index = bisect.bisect_left(values, score)
    below = ends[index - 1] if index else 0
    equal = ends[index] - below if index < len(values) and values[index] == score else 0
    return 100 * (below + 0.5 * equal) / ends[-1]


def _distribution(ordered: Sequence[float]) -> tuple[tuple[float, ...], tuple[int, ...]]:
    counts = Counter(ordered)
    values = tuple(sorted(counts))
    return values, tuple(itertools.accumulate(counts[v] for v in values))


@dataclass(frozen=True)
class BandSummary:
    """One scale's scores of one grade band (1-2, 3-4, 5-6, 7-8): their number, mean and SD (for
    z-scores) and their distribution (for percentiles), as in `ScaleSummary`."""

    n: int
    mean: float
    sd: float | None  # None below two scores
    values: tuple[float, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, ordered: Sequence[float]) -> "BandSummary":
        """From the band's scores in order (the mean and SD summed in that order, as always)."""
        values, ends = _distribution(ordered)
        sd = statistics.standard_deviation(ordered) if len(ordered) >= 2 else None
        return cls(len(ordered), statistics.mean(ordered), sd, values, ends)

    def percentile(self, score: float) -> float:
        return _rank(self.values, self.ends, score)

    def to_json(self) -> dict[str, object]:
        return {
            "n": self.n,
            "mean": self.mean,
            "sd": self.sd,
            "values": list(self.values),
            "ends": list(self.ends),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> "BandSummary":
        return cls(
            int(data["n"]),  # type: ignore[call-overload]
            float(data["mean"]),  # type: ignore[arg-type]
            _float(data["sd"]),
            tuple(float(v) for v in data["values"]),  # type: ignore[attr-defined]
            tuple(int(e) for e in data["ends"]),  # type: ignore[attr-defined]
        )


def band_key(band: tuple[int, int]) -> str:
    """A grade band as a JSON key: "5-6"."""
    return f"{band[0]}-{band[1]}"


def _band_of_key(key: str) -> tuple[int, int]:
    low, high = key.split("-")
    return (int(low), int(high))


@dataclass(frozen=True)
class ScaleSummary:
    """What a reference keeps of one scale: its statistics and the distribution of its scores, over
    the whole school (n, SD and alpha for the reliable change index) and per grade band (`bands`:
    percentiles and z-scores are read within the child's band).

    `values` are the distinct scores in order, `ends[i]` how many scores are at or below `values[i]`:
    a scale of k items on 1-5 has at most 4k + 1 distinct means, so a school's thousands of
    responses fit in a few dozen numbers, and a percentile is the same as over the full sorted list.
    `to_json` is the whole school's part (`SchoolReference.scales`), `bands_json` the bands' part
    (`SchoolReference.bands`).
    """

    stats: ScaleStats
    values: tuple[float, ...]
    ends: tuple[int, ...]
    bands: Mapping[tuple[int, int], BandSummary] = field(default_factory=dict)

    def percentile(self, score: float) -> float:
        """`statistics.percentile_rank_sorted(score, all scores)`, from the distribution."""
        return _rank(self.values, self.ends, score)

    def to_json(self) -> dict[str, object]:
        return {
            "n": self.stats.n,
            "sd": self.stats.sd,
            "alpha": self.stats.alpha,
            "values": list(self.values),
            "ends": list(self.ends),
        }

    def bands_json(self) -> dict[str, object]:
        return {band_key(band): summary.to_json() for band, summary in sorted(self.bands.items())}

    @classmethod
    def from_json(
        cls, data: Mapping[str, object], bands: Mapping[str, Mapping[str, object]] | None = None
    ) -> "ScaleSummary":
        return cls(
            ScaleStats(n=int(data["n"]), sd=_float(data["sd"]), alpha=_float(data["alpha"])),  # type: ignore[call-overload]
            tuple(float(v) for v in data["values"]),  # type: ignore[attr-defined]
            tuple(int(e) for e in data["ends"]),  # type: ignore[attr-defined]
            {_band_of_key(key): BandSummary.from_json(band) for key, band in (bands or {}).items()},
        )


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def summarise_scale(
    spec: InstrumentDefinition,
    scale: Scale,
    value_sets: Sequence[Mapping[str, int]],
    score_sets: Sequence[Mapping[str, float | None]],
    grades: Sequence[int | None] = (),
) -> ScaleSummary:
    """One scale's summary; `grades` (one per response, in order) gives the bands' parts."""
    scores = [score for s in score_sets if (score := s.get(scale.key)) is not None]
    rows = keyed_rows(spec, scale, value_sets)
    values, ends = _distribution(scores)
    banded: dict[tuple[int, int], list[float]] = {}
    for score_set, grade in zip(score_sets, grades, strict=False):
        band = grade_band(grade)
        score = score_set.get(scale.key)
        if band is not None and score is not None:
            banded.setdefault(band, []).append(score)
    return ScaleSummary(
        ScaleStats(
            n=len(scores),
            sd=statistics.standard_deviation(scores) if len(scores) >= 2 else None,
            alpha=statistics.cronbach_alpha(rows) if len(rows) >= MIN_REFERENCE else None,
        ),
        values,
        ends,
        {band: BandSummary.of(sorted(found)) for band, found in sorted(banded.items())},
    )


class Pooled(StrEnum):
    """`Reference.percentile` without a grade: among all the school's responses, every grade."""

    SCHOOL = "school"


@dataclass
class Reference:
    """All responses on one instrument version in one school in one school year.

    Built from the responses (`add`) or from what `references` stored (`stored`): the statistics,
    percentiles and z-scores are the same either way.
    """

    spec: InstrumentDefinition
    value_sets: list[Mapping[str, int]] = field(default_factory=list)
    score_sets: list[Mapping[str, float | None]] = field(default_factory=list)
    grades: list[int | None] = field(default_factory=list)
    # What identifies a stored reference's content (its row and the row's generation and time of
    # computing); None for one built from responses here: callers keep nothing derived from it.
    fingerprint: tuple[object, ...] | None = None

    @classmethod
    def stored(
        cls,
        spec: InstrumentDefinition,
        summaries: Mapping[str, ScaleSummary],
        fingerprint: tuple[object, ...] | None = None,
    ) -> "Reference":
        reference = cls(spec, fingerprint=fingerprint)
        reference.__dict__["summaries"] = dict(summaries)
        return reference

    def add(
        self, values: Mapping[str, int], scores: Mapping[str, float | None], grade: int | None = None
    ) -> None:
        self.value_sets.append(values)
        self.score_sets.append(scores)
        self.grades.append(grade)
        self.__dict__.pop("summaries", None)
        self.fingerprint = None

    def scores_of(self, scale_key: str) -> list[float]:
        return [score for s in self.score_sets if (score := s.get(scale_key)) is not None]

    @cached_property
    def summaries(self) -> dict[str, ScaleSummary]:
        """Every scale's statistics and distributions, once: a class overview looks up hundreds."""
        return {
            scale.key: summarise_scale(self.spec, scale, self.value_sets, self.score_sets, self.grades)
            for scale in self.spec.scales
        }

    def stats(self, scale_key: str) -> ScaleStats:
        summary = self.summaries.get(scale_key)
        return summary.stats if summary else ScaleStats(0, None, None)

    def _band(self, scale_key: str, band: tuple[int, int] | None) -> BandSummary | None:
        summary = self.summaries.get(scale_key)
        return summary.bands.get(band) if summary and band else None

    def standardised(self, scale_key: str, score: float, grade: int | None) -> Standardised | None:
        """The score's z among the band's responses: None below MIN_REFERENCE, or without an alpha."""
        band = grade_band(grade)
        found = self._band(scale_key, band)
        alpha = self.stats(scale_key).alpha
        if band is None or found is None or found.sd is None or alpha is None or not 0 <= alpha < 1:
            return None
        if found.n < MIN_REFERENCE or found.sd <= 0:
            return None
        return Standardised(statistics.z_score(score, found.mean, found.sd), found.n, alpha, band)

    def percentile(
        self, scale_key: str, score: float, grade: int | Pooled | None = Pooled.SCHOOL
    ) -> float | None:
        """The score's percentile among the school's responses of the same grade band (1-2, 3-4, 5-6,
        7-8): a child of group 3 is not placed among children of group 8. None below MIN_REFERENCE.

        Without a grade (`Pooled.SCHOOL`), among all the school's responses; the screens always give
        the child's grade, and a grade of None (unknown) has no band, so no percentile.
        """
        if isinstance(grade, Pooled):
            summary = self.summaries.get(scale_key)
            return summary.percentile(score) if summary and summary.stats.n >= MIN_REFERENCE else None
        found = self._band(scale_key, grade_band(grade))
        return found.percentile(score) if found and found.n >= MIN_REFERENCE else None


@dataclass(frozen=True)
class Position:
    percentile: float
    from_norms: bool
    band: tuple[int, int] | None = None  # the grades it is placed among, within the school

    @property
    def label(self) -> str:
        if self.from_norms:
            return _("P%(percentile)s (norm)") % {"percentile": fmt(self.percentile, 0)}
        if self.band is None:
            return _("P%(percentile)s in school") % {"percentile": fmt(self.percentile, 0)}
        return _("P%(percentile)s in school, groups %(low)s-%(high)s") % {
            "percentile": fmt(self.percentile, 0),
            "low": self.band[0],
            "high": self.band[1],
        }


def position_of(
    spec: InstrumentDefinition,
    scale_key: str,
    score: float,
    grade: int | None,
    gender: str | None,
    reference: Reference | None,
) -> Position | None:
    if spec.norms is not None:
        band = spec.norms.band_for(grade, gender)
        norm = band.scales.get(scale_key) if band else None
        if norm is not None:
            percentile = norm.percentile(score)
            return None if percentile is None else Position(percentile, from_norms=True)
    if reference is not None:
        percentile = reference.percentile(scale_key, score, grade)
        if percentile is not None:
            return Position(percentile, from_norms=False, band=grade_band(grade))
    return None


def change_parameters(
    spec: InstrumentDefinition,
    scale_key: str,
    grade: int | None,
    gender: str | None,
    reference: Reference | None,
) -> tuple[float, float] | None:
    """(SD, reliability) for the reliable change index: from the norm table when it gives both,
    otherwise from the school's responses on the earlier moment's version (at least MIN_REFERENCE)."""
    if spec.norms is not None:
        band = spec.norms.band_for(grade, gender)
        norm = band.scales.get(scale_key) if band else None
        if norm is not None and norm.sd and norm.reliability is not None:
            return norm.sd, norm.reliability
    if reference is None:
        return None
    stats = reference.stats(scale_key)
    if stats.n < MIN_REFERENCE or not stats.sd or stats.alpha is None or not 0 <= stats.alpha < 1:
        return None
    return stats.sd, stats.alpha
