"""The school's reference statistics, computed once and read with one query.

A score's place in the school (percentile) and its z-score (views compared on a common metric)
come from the responses on the same instrument version in the school that school year of the
child's grade band (1-2, 3-4, 5-6, 7-8); the SD and alpha behind the reliable change index from every
response of that version and year. `SchoolReference.scales` keeps each scale's whole-school part,
`SchoolReference.bands` its parts per grade band (scale key → "5-6" → n, mean, SD, distribution). Pages
do not recompute them: `load` reads the stored `SchoolReference` rows, one query for every
(version, year) a page needs. Answers mark their row stale (`changed`, from the answering
service, and `forget` when responses are deleted); a task (`tasks.refresh_references`) recomputes it
after the transaction commits. A page that meets a stale or missing row computes it once itself and
stores it (`refresh`), so what it shows is never older than the answers it reads.

A key is (school id, version id, school year id); the version and year decide it, the school is
kept for the school-owned row.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from onderstroom.instruments.models import InstrumentVersion
from onderstroom.instruments.scoring import Reference, ScaleSummary
from onderstroom.questionnaires.models import Response, SchoolReference

type Key = tuple[int, int, int]  # (school id, version id, school year id)


@dataclass(frozen=True)
class _Read:
    generation: int | None  # None: no row yet
    reference: Reference | None  # None: stale or missing


def load(versions: Mapping[int, InstrumentVersion], keys: Iterable[Key]) -> dict[tuple[int, int], Reference]:
    """(version id, year id) → the school's reference: one query, plus one refresh for rows not fresh."""
    wanted = {(version_id, year_id): school_id for school_id, version_id, year_id in keys}
    if not wanted:
        return {}
    found = _read(versions, wanted)
    missing = {pair: read.generation for pair, read in found.items() if read.reference is None}
    result = {pair: read.reference for pair, read in found.items() if read.reference is not None}
    if missing:
        result.update(_compute(versions, {pair: (wanted[pair], gen) for pair, gen in missing.items()}))
    return result


# Stored references built, by their fingerprint (row, version and its hash, year, generation, time
# of computing): a refreshed row has another generation and time, so nothing stale is kept.
_built: dict[tuple[object, ...], Reference] = {}
BUILT_ENTRIES = 512


def _read(
    versions: Mapping[int, InstrumentVersion], wanted: Mapping[tuple[int, int], int]
) -> dict[tuple[int, int], _Read]:
    """One query; the rows' summaries (JSON) are read in a second only for rows not built before."""
    rows = SchoolReference.objects.filter(_pairs(wanted)).values_list(
        "pk", "version_id", "school_year_id", "generation", "stale", "computed_at"
    )
    found = {pair: _Read(None, None) for pair in wanted}
    unbuilt: dict[int, tuple[tuple[int, int], tuple[object, ...]]] = {}  # row → (pair, its identity)
    for pk, version_id, year_id, generation, stale, computed_at in rows:
        reference = None
        if not stale:
            fingerprint = (pk, version_id, versions[version_id].sha256, year_id, generation, computed_at)
            reference = _built.get(fingerprint)
            if reference is None:
                unbuilt[pk] = ((version_id, year_id), fingerprint[:4])
        found[(version_id, year_id)] = _Read(generation, reference)
    if unbuilt:
        # The fingerprint as read with the summaries: a row refreshed in between is kept as it is now.
        summaries = SchoolReference.objects.filter(pk__in=list(unbuilt), stale=False).values_list(
            "pk", "generation", "computed_at", "scales", "bands"
        )
        for pk, generation, computed_at, scales, bands in summaries:
            pair, identity = unbuilt[pk]
            built: tuple[object, ...] = (*identity, generation, computed_at)
            reference = Reference.stored(
                versions[pair[0]].spec,
                {key: ScaleSummary.from_json(data, bands.get(key)) for key, data in scales.items()},
                built,
            )
            if len(_built) >= BUILT_ENTRIES:
                _built.clear()
            _built[built] = reference
            found[pair] = _Read(generation, reference)
    return found


def _pairs(pairs: Iterable[tuple[int, int]]) -> Q:
    condition = Q()
    for version_id, year_id in pairs:
        condition |= Q(version_id=version_id, school_year_id=year_id)
    return condition


def _compute(
    versions: Mapping[int, InstrumentVersion], wanted: Mapping[tuple[int, int], tuple[int, int | None]]
) -> dict[tuple[int, int], Reference]:
    """The references of `wanted` from every response (one query), stored unless an answer came between.

    `wanted` maps (version id, year id) to (school id, the row's generation when read, None if none).
    """
    references = {pair: Reference(versions[pair[0]].spec) for pair in wanted}
    condition = Q()
    for version_id, year_id in wanted:
        condition |= Q(version_id=version_id, moment__school_year_id=year_id)
    rows = Response.objects.filter(condition).values_list(
        "version_id", "moment__school_year_id", "values", "scores", "grade"
    )
    for version_id, year_id, values, scores, grade in rows:
        references[(version_id, year_id)].add(values, scores, grade)
    for pair, reference in references.items():
        school_id, generation = wanted[pair]
        _store(school_id, pair, generation, reference)
    return references


def _store(school_id: int, pair: tuple[int, int], generation: int | None, reference: Reference) -> None:
    """Store a computed reference as fresh, unless the row changed since it was read (then a later
    refresh stores it). A row created meanwhile by another process wins in the same way."""
    version_id, year_id = pair
    fields = {
        "stale": False,
        "responses": len(reference.score_sets),
        "scales": {key: summary.to_json() for key, summary in reference.summaries.items()},
        "bands": {key: summary.bands_json() for key, summary in reference.summaries.items()},
        "computed_at": timezone.now(),
    }
    if generation is not None:
        SchoolReference.objects.filter(
            version_id=version_id, school_year_id=year_id, generation=generation
        ).update(**fields)
        return
    try:
        with transaction.atomic():
            SchoolReference.objects.create(
                school_id=school_id, version_id=version_id, school_year_id=year_id, **fields
            )
    except IntegrityError:
        pass  # another process stored it first


def refresh(keys: Iterable[Key]) -> list[Key]:
    """Recompute the stale or missing references of `keys`; returns those an answer overtook (still stale)."""
    wanted = {(version_id, year_id): school_id for school_id, version_id, year_id in keys}
    if not wanted:
        return []
    rows = SchoolReference.objects.filter(_pairs(wanted)).values_list(
        "version_id", "school_year_id", "generation", "stale"
    )
    state = {(v, y): (generation, stale) for v, y, generation, stale in rows}
    todo = {
        pair: (school_id, state[pair][0] if pair in state else None)
        for pair, school_id in wanted.items()
        if pair not in state or state[pair][1]
    }
    if not todo:
        return []
    versions = {v.pk: v for v in InstrumentVersion.objects.filter(pk__in={v for v, _y in todo})}
    _compute(versions, todo)
    still = SchoolReference.objects.filter(_pairs(todo), stale=True).values_list(
        "version_id", "school_year_id"
    )
    return [(wanted[pair], *pair) for pair in still.values_list("version_id", "school_year_id")]


def changed(keys: Iterable[Key]) -> None:
    """Answers on these (school, version, year) changed: mark the rows stale and, when a row was
    fresh, refresh it after the transaction commits (a stale row has its refresh coming already)."""
    pairs = {(version_id, year_id): school_id for school_id, version_id, year_id in keys}
    if not pairs:
        return
    rows = SchoolReference.objects.filter(_pairs(pairs))
    fresh = list(rows.filter(stale=False).values_list("version_id", "school_year_id"))
    rows.update(stale=True, generation=F("generation") + 1)
    if fresh:
        from onderstroom.questionnaires.tasks import refresh_references

        due = [[pairs[pair], *pair] for pair in fresh]
        transaction.on_commit(lambda: refresh_references.enqueue(due))


def forget(school_id: int, version_id: int) -> None:
    """A response of the school on the version was deleted (a child erased, a group removed): its
    references are stale, in every year (the moment may be gone with it). Readers recompute them."""
    SchoolReference.objects.filter(school_id=school_id, version_id=version_id).update(
        stale=True, generation=F("generation") + 1
    )
