"""The current signals of a group, and how many there are, computed once and read with a few queries.

`latest_signals(group, day)`: every signal of each child's latest moment (up to `day`), for every
teacher rated then: the rows of the care coordinator's signals page. It scores the group's answers,
a fixed number of queries but work that grows with the group.

`listed_signals(group, day)`: the same rows, scoring only the children the stored row names.

`signal_links(groups, day)`: the same signals as (child id, signal key, moment id), one per row, for
pages that only count them (the care coordinator's home). They come from the stored `GroupSignals`
rows: five queries however many groups. Each row keeps a stamp, a digest of everything its signals
were computed from:

- the group's enrolments (which children, and their gender, which picks the norm bands);
- the responses on the group's moments that opened by `day` (how many, the newest id, the last change);
- those moments themselves (id and opening day: which moment is a child's latest and which came before);
- the school's stored reference statistics (their generation: any answer in the school changes it);
- the source of the scoring code (a new release scores anew).

A row whose stamp differs from the current one is recomputed once, on read, and stored; nothing has to
remember to mark it stale. A change made while the row is being computed changes the stamp again, so
the next read recomputes it. After answers change a school's references, the task that refreshes them
asks for `refresh` of the school's groups too (`tasks.refresh_group_signals`), so that the next visit
finds its rows current.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum

from onderstroom import statistics
from onderstroom.accounts.models import User
from onderstroom.instruments import engine
from onderstroom.instruments import scoring as shared_scoring
from onderstroom.questionnaires import analysis, references, scoring
from onderstroom.questionnaires.analysis import ResponseSet
from onderstroom.questionnaires.models import GroupSignals, MeasurementMoment, Response, SchoolReference
from onderstroom.questionnaires.scoring import Signal
from onderstroom.schools.models import Child, Enrollment, Group

type Link = tuple[int, str, int]  # (child id, signal key, moment id)


@dataclass(frozen=True)
class LatestSignal:
    child: Child
    teacher: User
    moment: MeasurementMoment
    signal: Signal

    @property
    def link(self) -> Link:
        return (self.child.pk, self.signal.key, self.moment.pk)


def latest_signals(group: Group, day: date, children: Iterable[int] | None = None) -> list[LatestSignal]:
    """Every signal of the latest moment of each child of the group, for every teacher rated then
        (only of the `children` given, by id, when given: a child's signals depend on their own answers and
    the school's references alone).

        A fixed number of queries (enrolments, responses, versions, references) however large the group.
    """
    enrolments = Enrollment.objects.filter(group=group)
    if children is not None:
        enrolments = enrolments.filter(child_id__in=list(children))
    pupils = [
        e.child for e in enrolments.select_related("child").order_by("child__surname", "child__first_name")
    ]
    responses = ResponseSet.load([c.pk for c in pupils], Q(moment__group=group, moment__opens_on__lte=day))
    rows: list[LatestSignal] = []
    for child in pupils:
        pairs = responses.pairs(child.pk)
        if not pairs:
            continue
        latest = pairs[-1][0]
        for moment, teacher in pairs:
            if moment.pk != latest.pk:
                continue
            dyad = responses.dyad(moment, teacher, child)
            rows.extend(LatestSignal(child, teacher, moment, signal) for signal in dyad.signals)
    return rows


def listed_signals(group: Group, day: date) -> list[LatestSignal]:
    """`latest_signals(group, day)`, scoring only the children the stored counts name (the signals page:
    work in proportion to the signals shown, once the group's row is current)."""
    children = {child for child, _key, _moment in signal_links([group], day)[group.pk]}
    return latest_signals(group, day, children) if children else []


def signal_links(groups: Iterable[Group], day: date) -> dict[int, list[Link]]:
    """Group id → its current signals as links, one per row of `latest_signals`, in no set order.

    Five queries for any number of groups while the stored rows are current; a group whose row is
    missing or out of date costs one computation (`latest_signals`) and one write.
    """
    by_id = {group.pk: group for group in groups}
    if not by_id:
        return {}
    stamps = _stamps(by_id, day)
    stored: set[int] = set()
    found: dict[int, list[Link]] = {}
    rows = GroupSignals.objects.filter(group_id__in=by_id).values_list("group_id", "stamp", "links")
    for group_id, stamp, links in rows.order_by():
        stored.add(group_id)
        if stamp == stamps[group_id]:
            found[group_id] = [(child, key, moment) for child, key, moment in links]
    for group_id, group in by_id.items():
        if group_id not in found:
            found[group_id] = _compute(group, day, stamps[group_id], exists=group_id in stored)
    return found


def refresh(school_ids: Iterable[int], day: date) -> int:
    """Bring the stored signals of the schools' groups of this school year up to date (for the task
    that follows an answer, so that the next page finds them current). Returns how many groups."""
    groups = list(
        Group.objects.filter(
            school_id__in=list(school_ids),
            school_year__ends_on__gte=day,
            measurement_moments__opens_on__lte=day,
        )
        .distinct()
        .order_by("pk")
    )
    signal_links(groups, day)
    return len(groups)


def _compute(group: Group, day: date, stamp: str, *, exists: bool) -> list[Link]:
    links = [row.link for row in latest_signals(group, day)]
    stored = [list(link) for link in links]
    if exists:
        GroupSignals.objects.filter(group_id=group.pk).update(stamp=stamp, links=stored)
    else:
        try:
            with transaction.atomic():
                GroupSignals.objects.create(school_id=group.school_id, group=group, stamp=stamp, links=stored)
        except IntegrityError:
            pass  # another request stored it first
    return links


def _stamps(groups: dict[int, Group], day: date) -> dict[int, str]:
    """Group id → the digest of what its signals are computed from (four queries for all groups)."""
    parts: dict[int, list[object]] = {group_id: [_code()] for group_id in groups}
    genders = {  # per gender the sum of the children's ids: a changed gender changes two sums
        f"gender_{gender or 'none'}": Sum("child_id", filter=Q(child__gender=gender), default=0)
        for gender in ("", *Child.Gender.values)
    }
    enrolments = (
        Enrollment.objects.filter(group_id__in=groups)
        .values("group_id")
        .annotate(n=Count("pk"), last=Max("pk"), children=Sum("child_id"), **genders)
        .order_by()
    )
    for row in enrolments:
        parts[row["group_id"]].append(("enrolments", sorted(row.items())))
    answered = (
        Response.objects.filter(moment__group_id__in=groups, moment__opens_on__lte=day)
        .values("moment__group_id")
        .annotate(n=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
        .order_by()
    )
    for answers in answered:
        parts[answers["moment__group_id"]].append(
            ("responses", answers["n"], answers["last"], str(answers["changed"]))
        )
    moments = (
        MeasurementMoment.objects.filter(group_id__in=groups, opens_on__lte=day)
        .values_list("group_id", "pk", "opens_on", "school_year_id")
        .order_by("group_id", "opens_on", "pk")
    )
    for group_id, moment_id, opens_on, year_id in moments:
        parts[group_id].append(("moment", moment_id, opens_on.isoformat(), year_id))
    schools = {group.school_id for group in groups.values()}
    generations: defaultdict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for school_id, version_id, year_id, generation in (
        SchoolReference.objects.filter(school_id__in=schools)
        .values_list("school_id", "version_id", "school_year_id", "generation")
        .order_by("version_id", "school_year_id")
    ):
        generations[school_id].append((version_id, year_id, generation))
    for group_id, group in groups.items():
        parts[group_id].append(("references", generations[group.school_id]))
    return {group_id: hashlib.sha256(repr(found).encode()).hexdigest() for group_id, found in parts.items()}


@cache
def _code() -> str:
    """A digest of the code that turns answers into signals: a release that scores anew recomputes."""
    digest = hashlib.sha256()
    for module in (statistics, engine, shared_scoring, scoring, references, analysis):
        assert module.__file__ is not None
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()
