"""Reliability per administration, for the care coordinator: Cronbach's alpha and item-rest correlations."""

from dataclasses import dataclass

from onderstroom import statistics
from onderstroom.questionnaires.engine import InstrumentDefinition
from onderstroom.questionnaires.models import InstrumentVersion, MeasurementMoment, Response
from onderstroom.questionnaires.scoring import keyed_rows
from onderstroom.questionnaires.wording import general_text

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
    spec: InstrumentDefinition, value_sets: list[dict[str, int]], scale_index: int
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
            ItemLine(numbers[item.key], general_text(spec, item.text.get()), item.reverse, r)
            for item, r in zip(items, correlations, strict=True)
        ),
    )


def for_moment(moment: MeasurementMoment) -> list[FormReport]:
    """One report per form given at the moment, over every response of the group (all raters)."""
    by_version: dict[int, list[dict[str, int]]] = {}
    for version_id, values in Response.objects.filter(moment=moment).values_list("version_id", "values"):
        by_version.setdefault(version_id, []).append(values)
    # Teacher forms ("teacher" sorts after "child") first.
    versions = InstrumentVersion.objects.filter(pk__in=by_version).order_by("-instrument__respondent", "pk")
    reports = []
    for version in versions:
        spec = version.spec
        value_sets = by_version[version.pk]
        reports.append(
            FormReport(
                spec=spec,
                version=version,
                responses=len(value_sets),
                scales=tuple(scale_report(spec, value_sets, i) for i in range(len(spec.scales))),
            )
        )
    return reports
