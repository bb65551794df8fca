"""The school overview for the school admin: how far each group is, and profiles as counts only.

No child is named. The profile counts go through `core.privacy.suppress_table`: a count of 1 to
4 is shown as "fewer than 5", and so is any number it could be worked out from (as "fewer than 5"
or "hidden").
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Prefetch

from onderstroom.core.privacy import Cell, SuppressedTable, suppress_table
from onderstroom.instruments.models import InstrumentVersion, Respondent
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.questionnaires.scoring import PROFILE_RULES
from onderstroom.schools.access import StaffActor, today
from onderstroom.schools.models import Enrollment, Group


@dataclass
class GroupLine:
    group: Group
    children: int
    moment: MeasurementMoment | None = None
    rated: int = 0  # children with at least one complete teacher rating
    eligible: int = 0  # children whose grade has a children's form at the moment
    answered: int = 0  # children who finished at least one form
    profiles: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class ShownLine:
    line: GroupLine
    profiles: list[Cell]


@dataclass
class SchoolOverview:
    lines: list[GroupLine]
    # Groups whose profiles the reader knows child by child from the class overview (they teach or
    # support them): shown as they are, and the other groups are suppressed against that knowledge.
    known_groups: frozenset[int] = frozenset()

    @property
    def profile_labels(self) -> list[object]:
        return [rule.label for rule in PROFILE_RULES]

    @cached_property
    def table(self) -> SuppressedTable:
        """Relationships per group and profile. The page shows no row totals, but the children rated
        per group come close (equal, with one teacher and every profile decided): so the suppression
        takes each group's number of relationships as known to the reader."""
        return suppress_table(
            [[line.profiles.get(rule.key, 0) for rule in PROFILE_RULES] for line in self.lines],
            row_totals_known=True,
            known_rows=[k for k, line in enumerate(self.lines) if line.group.pk in self.known_groups],
        )

    @property
    def shown_lines(self) -> list[ShownLine]:
        return [
            ShownLine(line, profiles) for line, profiles in zip(self.lines, self.table.cells, strict=True)
        ]

    @property
    def shows_own_groups(self) -> bool:
        return any(line.group.pk in self.known_groups for line in self.lines)

    @property
    def rated(self) -> int:
        return sum(line.rated for line in self.lines)

    @property
    def children(self) -> int:
        return sum(line.children for line in self.lines)


def school_overview(actor: StaffActor) -> SchoolOverview:
    """Seven queries for the whole school: groups, moments, their forms, the forms' definitions, grades,
    and two counts of responses."""
    if actor.school_year is None:
        return SchoolOverview(lines=[])
    groups = (
        Group.objects.filter(school_year=actor.school_year)
        .annotate(size=Count("enrollments"))
        .order_by("name")
    )
    lines = {g.pk: GroupLine(group=g, children=g.size) for g in groups}
    # The forms of each moment without their definitions: each version is parsed once per process
    # (`InstrumentVersion.spec`), not decoded again for every moment that uses it.
    moments = (
        MeasurementMoment.objects.filter(group_id__in=lines, opens_on__lte=today())
        .prefetch_related(Prefetch("child_versions", queryset=InstrumentVersion.objects.only("pk")))
        .order_by("opens_on", "pk")
    )
    for moment in moments:
        lines[moment.group_id].moment = moment  # the latest started moment wins
    latest = [line.moment for line in lines.values() if line.moment]
    grades: dict[int, list[int]] = defaultdict(list)
    for group_id, grade in Enrollment.objects.filter(group_id__in=lines).values_list("group_id", "grade"):
        grades[group_id].append(grade)
    forms = {v.pk for line in lines.values() if line.moment for v in line.moment.child_versions.all()}
    specs = {v.pk: v.spec for v in InstrumentVersion.objects.filter(pk__in=forms)}
    for line in lines.values():
        if line.moment:
            covered = {g for v in line.moment.child_versions.all() for g in specs[v.pk].grades}
            line.eligible = sum(1 for grade in grades[line.group.pk] if grade in covered)
    _count_responses(lines, latest)
    return SchoolOverview(lines=list(lines.values()), known_groups=actor.child_group_ids)


def _count_responses(lines: dict[int, GroupLine], moments: list[MeasurementMoment]) -> None:
    """Counted in the database from what the answering service stored (two queries, no answers read):
    the children rated and the children who answered per group, and the profiles per group."""
    done = Response.objects.filter(moment__in=moments, completed_at__isnull=False)
    children = done.values_list("moment__group_id", "respondent").annotate(n=Count("child", distinct=True))
    for group_id, respondent, count in children.order_by():
        if respondent == Respondent.TEACHER:
            lines[group_id].rated = count
        else:
            lines[group_id].answered = count
    profiles = (
        done.filter(respondent=Respondent.TEACHER)
        .exclude(profile="")
        .values_list("moment__group_id", "profile")
        .annotate(n=Count("pk"))
    )
    for group_id, profile, count in profiles.order_by():
        lines[group_id].profiles[profile] = count
