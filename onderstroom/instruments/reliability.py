"""Reliability of one administration of an instrument: Cronbach's alpha and item-rest correlations.

`form_report(version, value_sets)` reports every scale of a version over the given answer sets (one
mapping item key → value per response); the feature picks the responses (one moment, one round).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from onderstroom import statistics
from onderstroom.instruments.engine import InstrumentDefinition
from onderstroom.instruments.models import InstrumentVersion
from onderstroom.instruments.scoring import keyed_rows

# How an item reads on a page about the form: the text as it is, or with placeholders filled in.
Wording = Callable[[InstrumentDefinition, str], str]


def as_written(spec: InstrumentDefinition, text: str) -> str:
    return text


SMALL_SAMPLE = 30  # below this many complete cases alpha is a rough estimate
LOW_ITEM_REST = 0.3  # an item that correlates less with the rest of its scale is worth a look
ACCEPTABLE_ALPHA = 0.7


@dataclass(frozen=True)
class ItemLine:
    number: int
    text: str
    reverse: bool
    item_rest: float | None

    @property
    def weak(self) -> bool:
        return self.item_rest is not None and self.item_rest < LOW_ITEM_REST


@dataclass(frozen=True)
class ScaleReport:
    label: str
    cases: int
    alpha: float | None
    items: tuple[ItemLine, ...]

    @property
    def acceptable(self) -> bool:
        return self.alpha is not None and self.alpha >= ACCEPTABLE_ALPHA


@dataclass(frozen=True)
class FormReport:
    spec: InstrumentDefinition
    version: InstrumentVersion
    responses: int
    scales: tuple[ScaleReport, ...]


def scale_report(
    spec: InstrumentDefinition,
    value_sets: Sequence[Mapping[str, int]],
    scale_index: int,
    wording: Wording = as_written,
) -> ScaleReport:
    scale = spec.scales[scale_index]
    rows = keyed_rows(spec, scale, value_sets)
    items = spec.items_of(scale.key)
    correlations = statistics.item_rest_correlations(rows) if len(rows) >= 3 else [None] * len(items)
    numbers = {item.key: n for n, item in enumerate(spec.items, start=1)}
    return ScaleReport(
        label=scale.label.get(),
        cases=len(rows),
        alpha=statistics.cronbach_alpha(rows) if len(rows) >= 3 else None,
        items=tuple(
            ItemLine(numbers[item.key], wording(spec, item.text.get()), item.reverse, r)
            for item, r in zip(items, correlations, strict=True)
        ),
    )


def form_report(
    version: InstrumentVersion, value_sets: Sequence[Mapping[str, int]], wording: Wording = as_written
) -> FormReport:
    """Every scale of the version over the given answer sets."""
    spec = version.spec
    return FormReport(
        spec=spec,
        version=version,
        responses=len(value_sets),
        scales=tuple(scale_report(spec, value_sets, i, wording) for i in range(len(spec.scales))),
    )
