"""Loading responses and putting each relationship together: both views, change, profile, signals.

Every screen that shows results (class overview, child page, PDF, exports, the API) goes through
`ResponseSet`, which reads a fixed number of queries however many children or moments it covers:
the responses, their instrument versions, and the school's stored reference statistics
(`references.py`): never the other children's answers.
"""

import json
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import get_language

from onderstroom.accounts.models import User
from onderstroom.instruments.models import InstrumentVersion, Respondent, versions_with_specs
from onderstroom.instruments.scoring import Reference
from onderstroom.questionnaires import references
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.questionnaires.scoring import (
    Change,
    Names,
    ProfileRule,
    Signal,
    View,
    change_signals,
    decide_profile,
    divergence_signals,
    judge_together,
    low_score_signals,
    score_view,
    unjudged_changes,
)
from onderstroom.schools.models import Child


class ReadResponse:
    """A response as the class overview reads it (`_read_scored`): the columns scoring needs, with
    the answers and scores kept as the database's JSON text, decoded only when the relationship is
    scored anew. A relationship kept scored (`_scored`) is found by that text, so a class overview
    neither builds a model instance nor decodes JSON for an answer it has scored before.
    """

    __slots__ = (
        "_scores",
        "_values",
        "child_id",
        "grade",
        "moment",
        "moment_id",
        "pk",
        "respondent",
        "school_id",
        "scores_text",
        "teacher",
        "teacher_id",
        "values_text",
        "version",
        "version_id",
    )

    pk: int
    school_id: int
    moment_id: int
    version_id: int
    child_id: int
    teacher_id: int
    respondent: str
    grade: int
    values_text: str
    scores_text: str
    moment: MeasurementMoment
    teacher: User
    version: InstrumentVersion

    def __init__(self, row: Sequence[Any]) -> None:
        (
            self.pk,
            self.school_id,
            self.moment_id,
            self.version_id,
            self.child_id,
            self.teacher_id,
            self.respondent,
            self.grade,
            self.values_text,
            self.scores_text,
        ) = row
        self._values: dict[str, Any] | None = None
        self._scores: dict[str, Any] | None = None

    @property
    def values(self) -> dict[str, Any]:
        if self._values is None:
            self._values = json.loads(self.values_text)
        return self._values

    @property
    def scores(self) -> dict[str, Any]:
        if self._scores is None:
            self._scores = json.loads(self.scores_text)
        return self._scores


_READ_COLUMNS = (
    "pk",
    "school_id",
    "moment_id",
    "version_id",
    "child_id",
    "teacher_id",
    "respondent",
    "grade",
)
# What the screens show of a teacher, in the order of the model's columns (as `from_db` takes them).
_TEACHER_COLUMNS = tuple(
    f.attname
    for f in User._meta.concrete_fields
    if f.attname in {"id", "uuid", "email", "full_name", "is_active"}
)


# A response as scoring reads it: a model instance, or a row read as the class overview reads it.
type Scorable = Response | ReadResponse


def _references_of(responses: Sequence[Scorable]) -> dict[tuple[int, int], Reference]:
    """The stored school references the responses are scored against, each response given its
    instrument version on the way (two queries)."""
    versions = versions_with_specs({r.version_id for r in responses})
    for response in responses:
        # Attached by hand: a join would repeat the definition JSON on every row.
        response.version = versions[response.version_id]
    keys = {(r.school_id, r.version_id, r.moment.school_year_id) for r in responses}
    return references.load(versions, keys)


def _read_scored(query: QuerySet[Response], moments: Mapping[int, MeasurementMoment]) -> list[ReadResponse]:
    """The responses as plain rows (`ReadResponse`): each teacher built once rather than once per
    response, each response given its moment from `moments`.

    Read with the query's own SQL (its school scope included) through a cursor, not the queryset's
    row iterator, which converts every column of every row: the teacher's columns, the same on all
    of a teacher's rows, are converted once per teacher by the compiler's own converters; the
    response's own columns are integers and text, which need no converting. A class of 60 reads
    about 240 rows."""
    values = (
        query.order_by("pk")
        .annotate(values_text=Cast("values", TextField()), scores_text=Cast("scores", TextField()))
        .values_list(
            *_READ_COLUMNS, "values_text", "scores_text", *(f"teacher__{f}" for f in _TEACHER_COLUMNS)
        )
    )
    db = values.db
    compiler = values.query.get_compiler(using=db)
    sql, params = compiler.as_sql()
    with compiler.connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(_READ_COLUMNS) + 2
    # The compiler's own conversions of the teacher's columns, applied once per teacher.
    converters = compiler.get_converters([expression for expression, _sql, _alias in compiler.select[width:]])
    teachers: dict[int, User] = {}
    responses = []
    for row in rows:
        response = ReadResponse(row[:width])
        teacher = teachers.get(response.teacher_id)
        if teacher is None:
            (converted,) = compiler.apply_converters([row[width:]], converters)
            teacher = teachers[response.teacher_id] = User.from_db(db, _TEACHER_COLUMNS, converted)
        response.teacher = teacher
        response.moment = moments[response.moment_id]
        responses.append(response)
    return responses


TEACHER = Respondent.TEACHER.value
CHILD = Respondent.CHILD.value


def display_name(user: User) -> str:
    return user.full_name or user.email


@dataclass
class Dyad:
    """One teacher and one child at one moment: both views, change since before, profile, signals."""

    moment: MeasurementMoment
    teacher: User
    child: Child
    teacher_view: View | None = None
    child_view: View | None = None
    teacher_previous: MeasurementMoment | None = None
    child_previous: MeasurementMoment | None = None
    changes: list[Change] = field(default_factory=list)
    profile: ProfileRule | None = None
    signals: list[Signal] = field(default_factory=list)
    # Cells drawn from this relationship as scored, per language (`templatetags/dyads.py`): shared by
    # every dyad scored from the same inputs, as the views share their charts.
    drawn: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def teacher_name(self) -> str:
        return display_name(self.teacher)

    @property
    def reliable_changes(self) -> list[Change]:
        return [c for c in self.changes if c.reliable]

    @property
    def has_previous(self) -> bool:
        return self.teacher_previous is not None or self.child_previous is not None

    @property
    def change_judgeable(self) -> bool:
        return any(c.result is not None for c in self.changes)


# A relationship as scored: both views, the changes judged together, the profile, the signals, and
# the cells drawn from them so far (`Dyad.drawn`).
type Drawn = dict[tuple[str, str], str]
type Views = tuple[View | None, View | None]
type Scored = tuple[*Views, tuple[Change, ...], ProfileRule | None, tuple[Signal, ...], Drawn]

# Relationships scored before, keyed by everything they are worked out from (`ResponseSet._key`):
# a changed answer, a refreshed reference, another name or language is another key, so what is
# kept is never stale. Kept per process, the oldest forgotten first; a class overview reads 30-60.
_scored: OrderedDict[tuple[object, ...], Scored] = OrderedDict()
SCORED_KEPT = 4096


def _remember(key: tuple[object, ...], scored: Scored) -> None:
    _scored[key] = scored
    while len(_scored) > SCORED_KEPT:
        _scored.popitem(last=False)


def _content(response: Scorable) -> tuple[object, object]:
    """A response's answers and scores as part of a key: as read (JSON text), or frozen."""
    if isinstance(response, ReadResponse):
        return ("json", response.values_text), ("json", response.scores_text)
    return _frozen(response.values), _frozen(response.scores)


def _frozen(values: Mapping[str, object]) -> frozenset[tuple[str, object]] | str:
    """A response's answers or scores as part of a key (as JSON text when an answer is a list)."""
    try:
        return frozenset(values.items())
    except TypeError:
        return json.dumps(values, sort_keys=True, default=str)


class ResponseSet[R: Scorable]:
    """Responses of some children on some moments, scored against the school's references."""

    def __init__(self, responses: Sequence[R], references: dict[tuple[int, int], Reference]) -> None:
        self.responses: Sequence[R] = responses
        self.references = references
        self._by_dyad: dict[tuple[int, int, str], list[R]] = defaultdict(list)
        for response in responses:
            self._by_dyad[(response.teacher_id, response.child_id, response.respondent)].append(response)
        for rows in self._by_dyad.values():
            rows.sort(key=lambda r: (r.moment.opens_on, r.moment_id))

    @staticmethod
    def load(child_ids: Iterable[int], moments: Q) -> "ResponseSet[Response]":
        """Responses of the children on the moments matching `moments`, in three queries: the responses
        (with their moments and teachers), their versions and the stored school references (a stale
        reference is computed once, here)."""
        query = Response.objects.filter(moments, child_id__in=list(child_ids))
        responses = list(query.select_related("moment", "teacher").order_by("pk"))
        return ResponseSet(responses, _references_of(responses))

    @staticmethod
    def read_at(
        child_ids: Iterable[int], moments: Sequence[MeasurementMoment]
    ) -> "ResponseSet[ReadResponse]":
        """The same for moments the caller has read already, as plain rows (`ReadResponse`), each
        given its moment from `moments`: no model instances, no JSON decoded for relationships kept
        scored. For the class overview, which reads a class of answers on every request."""
        by_pk = {m.pk: m for m in moments}
        query = Response.objects.filter(moment_id__in=list(by_pk), child_id__in=list(child_ids))
        read = _read_scored(query, by_pk)
        return ResponseSet(read, _references_of(read))

    def view(self, response: Scorable, child: Child) -> View:
        reference = self.references.get((response.version_id, response.moment.school_year_id))
        return score_view(
            response.respondent,
            response.version.spec,
            response.values,
            response.scores,
            grade=response.grade,
            gender=child.gender or None,
            reference=reference,
            moment_id=response.moment_id,
            version_id=response.version_id,
        )

    def _at_and_before(
        self, teacher_id: int, child_id: int, respondent: str, moment: MeasurementMoment
    ) -> tuple[Scorable | None, Scorable | None]:
        """The response at the moment, and the latest one before it (the rows are in time order)."""
        current = earlier = None
        moment_id = moment.pk
        when = (moment.opens_on, moment_id)
        for row in self._by_dyad.get((teacher_id, child_id, respondent), ()):
            if row.moment_id == moment_id:
                current = current or row
            elif (row.moment.opens_on, row.moment_id) < when:
                earlier = row
        return current, earlier

    def dyad(self, moment: MeasurementMoment, teacher: User, child: Child) -> Dyad:
        """The relationship scored, or as scored before from the very same inputs (`_scored`)."""
        found = {
            respondent: self._at_and_before(teacher.pk, child.pk, respondent, moment)
            for respondent in (TEACHER, CHILD)
        }
        key = self._key(found, teacher, child)
        scored = _scored.get(key) if key is not None else None
        if scored is None:
            scored = self._score(moment, teacher, child, found)
            if key is not None:
                _remember(key, scored)
        teacher_view, child_view, changes, profile, signals, drawn = scored
        teacher_previous = found[TEACHER][1] if teacher_view is not None else None
        child_previous = found[CHILD][1] if child_view is not None else None
        return Dyad(
            moment=moment,
            teacher=teacher,
            child=child,
            teacher_view=teacher_view,
            child_view=child_view,
            teacher_previous=teacher_previous.moment if teacher_previous else None,
            child_previous=child_previous.moment if child_previous else None,
            changes=list(changes),
            profile=profile,
            signals=list(signals),
            drawn=drawn,
        )

    def _key(
        self, found: dict[str, tuple[Scorable | None, Scorable | None]], teacher: User, child: Child
    ) -> tuple[object, ...] | None:
        """Everything a scored relationship is worked out from, or None when a reference has no
        fingerprint (computed in this request): the responses' content, the stored references'
        fingerprints, the names and gender in its texts, the language they are written in."""
        parts: list[object] = [get_language(), display_name(teacher), child.first_name, child.gender]
        for current, previous in found.values():
            for response in (current, previous):
                if response is None:
                    parts.append(None)
                    continue
                reference = self.references.get((response.version_id, response.moment.school_year_id))
                if reference is not None and reference.fingerprint is None:
                    return None
                parts.append(
                    (
                        response.pk,
                        response.version_id,
                        response.moment_id,
                        response.moment.name,
                        response.grade,
                        *_content(response),
                        reference.fingerprint if reference is not None else None,
                    )
                )
        return tuple(parts)

    def _score(
        self,
        moment: MeasurementMoment,
        teacher: User,
        child: Child,
        found: dict[str, tuple[Scorable | None, Scorable | None]],
    ) -> "Scored":
        dyad = Dyad(moment=moment, teacher=teacher, child=child)
        previous_names: dict[str, str] = {}
        for respondent in (TEACHER, CHILD):
            current, previous = found[respondent]
            if current is None:
                continue
            view = self.view(current, child)
            if previous is not None:
                reference = self.references.get((previous.version_id, previous.moment.school_year_id))
                dyad.changes.extend(
                    unjudged_changes(
                        self.view(previous, child), view, previous.grade, child.gender or None, reference
                    )
                )
                previous_names[respondent] = previous.moment.name
            if respondent == TEACHER:
                dyad.teacher_view, dyad.teacher_previous = view, previous.moment if previous else None
                dyad.profile = decide_profile(view.spec, current.scores)
            else:
                dyad.child_view, dyad.child_previous = view, previous.moment if previous else None
        # Both views' changes are one family: the chance of any false alarm for the child stays at 5%.
        dyad.changes = judge_together(dyad.changes)
        names = Names(teacher=dyad.teacher_name, child=child.first_name)
        dyad.signals = [
            *divergence_signals(dyad.teacher_view, dyad.child_view, names),
            *(
                signal
                for respondent, previous_name in previous_names.items()
                for signal in change_signals(
                    [c for c in dyad.changes if c.respondent == respondent],
                    Names(teacher=dyad.teacher_name, child=child.first_name, previous=previous_name),
                )
            ),
            *low_score_signals(dyad.teacher_view, dyad.child_view, names),
        ]
        signals = tuple(dyad.signals)
        return (dyad.teacher_view, dyad.child_view, tuple(dyad.changes), dyad.profile, signals, {})

    def pairs(self, child_id: int) -> list[tuple[MeasurementMoment, User]]:
        """Every (moment, teacher) this child has a response for, in time order."""
        seen: dict[tuple[int, int], tuple[MeasurementMoment, User]] = {}
        for response in self.responses:
            if response.child_id == child_id:
                seen.setdefault(
                    (response.moment_id, response.teacher_id), (response.moment, response.teacher)
                )
        return sorted(seen.values(), key=lambda p: (p[0].opens_on, p[0].pk, display_name(p[1])))

    def raters(self, moment: MeasurementMoment) -> list[User]:
        """Teachers who rated at least one child at the moment."""
        found = {
            r.teacher_id: r.teacher
            for r in self.responses
            if r.moment_id == moment.pk and r.respondent == TEACHER
        }
        return sorted(found.values(), key=display_name)
