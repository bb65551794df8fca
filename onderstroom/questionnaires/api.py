"""What other features may ask of the relationship questionnaires.

    from onderstroom.questionnaires.api import relationship_summaries
    summaries = relationship_summaries(request.actor, group)   # child id → RelationshipSummary
    summary = summaries[child.pk]
    summary.profile_label, summary.child_scales, summary.signals

A fixed number of queries however large the group. The function checks that the actor may see
the group's children and writes the audit rows for the children whose data it returns, so a
caller shows the result without further bookkeeping.

Banking Time and the reflection journal build on the questionnaires' own loading, scoring and
charts, so that their numbers and pictures are those of the questionnaire screens. They reach
them here, and only here (scripts/check_boundaries.py holds every feature app to its api):

- models: `MeasurementMoment`, `Response`;
- loading: `ResponseSet` (responses of children with their views, dyads and reference sets),
  with the respondents `TEACHER` and `CHILD`;
- scoring: `Signal`, `SignalKey` and its groups (`ALL_SIGNALS`, `CONFLICT`, `FAIRNESS`, ...),
  `Change`, `changes_between`, `MIN_REFERENCE`, `fmt` (a score as the screens write it) and `shown`
  (that number as a Decimal, to judge thresholds on);
- charts: the colours and dashes of the questionnaires' SVG charts (the chart kit itself is core.charts);
- `find_signal(child, key, moment, prefer)`: one signal of a child at a moment;
- `has_research_consent(school_id)`: whether the school has recorded consent for research use (the
  one consent every research export of the school honours);
- `replace_teacher_rating(moment, enrollment, teacher, targets)`: demo data only, a teacher's rating
  set to given scale levels (the action plan's demo shows a relationship that warmed and one that did not);
- `latest_signals(group, day)`: every signal of each child's latest moment (`LatestSignal` rows), and
  `signal_links(groups, day)`: the same as (child id, key, moment id) links per group, read from the
  stored counts (`group_signals.py`), for pages that only count them; `listed_signals(group, day)`: the
  rows of `latest_signals`, scoring only the children with a signal. None checks access or audits.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db import models
from django.db.models import Q
from django.http import Http404, QueryDict

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.instruments.scoring import MIN_REFERENCE, fmt, shown
from onderstroom.questionnaires.analysis import CHILD, TEACHER, Dyad, ResponseSet, display_name
from onderstroom.questionnaires.builders import replace_teacher_rating
from onderstroom.questionnaires.charts import COLOURS, DASHES, OTHER_COLOUR
from onderstroom.questionnaires.group_signals import (
    LatestSignal,
    Link,
    latest_signals,
    listed_signals,
    signal_links,
)
from onderstroom.questionnaires.models import MeasurementMoment, ResearchConsent, Response
from onderstroom.questionnaires.scoring import (
    ALL_SIGNALS,
    CHANGED,
    CONFLICT,
    FAIRNESS,
    HANDLING,
    VIEWS_DIFFER,
    Change,
    Signal,
    SignalKey,
    changes_between,
)
from onderstroom.schools.access import StaffActor, today
from onderstroom.schools.models import Child, Enrollment, Group

__all__ = [
    "ALL_SIGNALS",
    "CHANGED",
    "CHILD",
    "COLOURS",
    "CONFLICT",
    "DASHES",
    "FAIRNESS",
    "HANDLING",
    "MIN_REFERENCE",
    "OTHER_COLOUR",
    "TEACHER",
    "VIEWS_DIFFER",
    "CameFrom",
    "Change",
    "LatestSignal",
    "Link",
    "MeasurementMoment",
    "RelationshipSummary",
    "Response",
    "ResponseSet",
    "ScaleMean",
    "Signal",
    "SignalKey",
    "changes_between",
    "find_signal",
    "fmt",
    "group_moment",
    "has_research_consent",
    "latest_signals",
    "listed_signals",
    "relationship_summaries",
    "replace_teacher_rating",
    "shown",
    "signal_from_query",
    "signal_links",
]

AUDIT_ACTION = "questionnaires.summary.view"


@dataclass(frozen=True)
class ScaleMean:
    key: str  # the construct ("support", "conflict", "fairness", "classmates") or else the scale key
    label: str
    mean: float
    position: float  # 0-1 on the instrument's own range, for comparing scales of different length


@dataclass(frozen=True)
class RelationshipSummary:
    """The latest picture of one child's relationship with a teacher of the group.

    The teacher is the asking actor when they rated the child at that moment, else a colleague
    who did. Everything is empty when nothing has been filled in yet.
    """

    child_id: int
    moment_name: str = ""
    moment_date: date | None = None
    teacher_id: int | None = None
    teacher_name: str = ""
    profile_key: str | None = None  # warm_harmonious, warm_stormy, conflictual, dependent, distant, calm
    profile_label: str = ""
    child_scales: tuple[ScaleMean, ...] = ()
    signals: tuple[Signal, ...] = ()

    @property
    def has_data(self) -> bool:
        return self.teacher_id is not None


def relationship_summaries(actor: StaffActor, group: Group) -> dict[int, "RelationshipSummary"]:
    """Child id → the latest relationship summary, for every child enrolled in the group."""
    if not isinstance(actor, StaffActor) or not actor.sees(group):
        raise Http404
    children = [e.child for e in Enrollment.objects.filter(group=group).select_related("child")]
    responses = ResponseSet.load(
        [c.pk for c in children], Q(moment__group=group, moment__opens_on__lte=today())
    )
    summaries = {child.pk: _summary(responses, actor, child) for child in children}
    shown = [child for child in children if summaries[child.pk].has_data]
    log.record_reads(actor, AUDIT_ACTION, shown, obj=group)
    return summaries


def _summary(responses: ResponseSet, actor: StaffActor, child: Child) -> RelationshipSummary:
    pairs = responses.pairs(child.pk)
    if not pairs:
        return RelationshipSummary(child_id=child.pk)
    latest_moment = pairs[-1][0]
    teachers = [teacher for moment, teacher in pairs if moment.pk == latest_moment.pk]
    dyads = [responses.dyad(latest_moment, teacher, child) for teacher in teachers]
    dyad = _preferred(dyads, actor)
    return RelationshipSummary(
        child_id=child.pk,
        moment_name=latest_moment.name,
        moment_date=latest_moment.opens_on,
        teacher_id=dyad.teacher.pk,
        teacher_name=display_name(dyad.teacher),
        profile_key=dyad.profile.key if dyad.profile else None,
        profile_label=str(dyad.profile.label) if dyad.profile else "",
        child_scales=_child_scales(dyad),
        signals=tuple(dyad.signals),
    )


def _preferred(dyads: list[Dyad], actor: StaffActor) -> Dyad:
    """The actor's own relationship first, then one the teacher rated, then any."""
    return min(
        dyads,
        key=lambda d: (d.teacher.pk != actor.user_id, d.teacher_view is None, d.teacher_name),
    )


def _child_scales(dyad: Dyad) -> tuple[ScaleMean, ...]:
    if dyad.child_view is None:
        return ()
    return tuple(
        ScaleMean(
            key=result.construct or result.scale.key,
            label=result.label,
            mean=result.score,
            position=result.position,
        )
        for result in dyad.child_view.results
        if result.score is not None and result.position is not None
    )


def find_signal(
    child: Child, key: str, moment: MeasurementMoment, prefer: User | None
) -> tuple[Signal, User] | None:
    """The signal with this key at this moment for this child (the preferred teacher's first).

    No access check and no audit row: the caller has fetched the child through its access helpers.
    """
    responses = ResponseSet.load(
        [child.pk], Q(moment__group_id=moment.group_id, moment__opens_on__lte=moment.opens_on)
    )
    teachers = [teacher for m, teacher in responses.pairs(child.pk) if m.pk == moment.pk]
    teachers.sort(key=lambda t: prefer is None or t.pk != prefer.pk)
    for teacher in teachers:
        dyad = responses.dyad(moment, teacher, child)
        signal = next((s for s in dyad.signals if s.key == key), None)
        if signal is not None:
            return signal, teacher
    return None


def group_moment(enrollment: Enrollment, uuid: UUID | str | None) -> MeasurementMoment | None:
    """A moment of the enrollment's group by its uuid (a plan or an entry linked to a signal), or None."""
    if not uuid:
        return None
    return MeasurementMoment.objects.filter(uuid=uuid, group_id=enrollment.group_id).first()


@dataclass(frozen=True)
class CameFrom:
    """The signal a teacher came from (`?signal=key&moment=uuid` on a link from a next step)."""

    key: str
    moment: MeasurementMoment
    signal: Signal


def signal_from_query(query: QueryDict, enrollment: Enrollment, prefer: User | None) -> CameFrom | None:
    """The signal the query names for the enrollment's child, or None when it names none that is there.

    No access check and no audit row, as `find_signal`: the caller has fetched the enrollment.
    """
    key = query.get("signal", "")[:40]
    try:
        moment = group_moment(enrollment, UUID(query.get("moment", "")))
    except ValueError:
        return None
    found = find_signal(enrollment.child, key, moment, prefer) if key and moment else None
    if found is None or moment is None:
        return None
    return CameFrom(key, moment, found[0])


CLOSENESS_ACTION = "questionnaires.closeness.view"


@dataclass(frozen=True)
class Closeness:
    """A class teacher's latest closeness rating of a child (the teacher's own view, a mean on 1-5)."""

    child_id: int
    teacher_id: int
    teacher_name: str
    score: float
    moment_date: date


def teacher_closeness(actor: StaffActor, groups: list[Group]) -> dict[int, Closeness]:
    """Child id → the latest closeness a teacher of the child's group gave, for groups the actor sees.

    One query for any number of groups (the relationship map joins it with who the child trusts);
    a group the actor does not see is refused. One audit row per child shown.
    """
    if not isinstance(actor, StaffActor) or any(not actor.sees(group) for group in groups):
        raise Http404
    if not groups:
        return {}
    rows = (
        Response.objects.filter(
            moment__group__in=groups,
            moment__opens_on__lte=today(),
            respondent=TEACHER,
            child__enrollments__group=models.F("moment__group"),
        )
        .select_related("teacher", "moment", "child")
        .order_by("child_id", "-moment__opens_on", "-updated_at")
    )
    found: dict[int, Closeness] = {}
    children: list[Child] = []
    for response in rows:
        score = (response.scores or {}).get("closeness")
        if response.child_id in found or score is None:
            continue
        found[response.child_id] = Closeness(
            child_id=response.child_id,
            teacher_id=response.teacher_id,
            teacher_name=display_name(response.teacher),
            score=float(score),
            moment_date=response.moment.opens_on,
        )
        children.append(response.child)
    log.record_reads(actor, CLOSENESS_ACTION, children)
    return found


def has_research_consent(school_id: int) -> bool:
    """Whether the school has recorded its consent for research use of its answers (and not withdrawn it)."""
    return ResearchConsent.objects.filter(school_id=school_id).exists()
