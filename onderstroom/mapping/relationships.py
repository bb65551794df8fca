"""The relationship map of a round: per child the adults named from each side, joined with the class
teacher's closeness; the children with no trusted adult on either side first. A constant number of
queries, whatever the size of the school."""

from collections import defaultdict
from dataclasses import dataclass, field

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.mapping.access import roster
from onderstroom.mapping.models import Champion, ChildAnswer, MappingRound, NamedAdult, StaffMark
from onderstroom.questionnaires.api import Closeness, teacher_closeness
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child, Group

MAP_ACTION = "mapping.map.view"


@dataclass
class MapRow:
    child: Child
    group: Group
    marked_by: list[User] = field(default_factory=list)  # staff who say the child would come to them
    named: list[User] = field(default_factory=list)  # adults the child says they would go to
    answered: bool = False
    nobody: bool = False
    closeness: Closeness | None = None
    champion: Champion | None = None  # this round's, or the latest of an earlier round

    @property
    def trusted(self) -> bool:
        return bool(self.marked_by or self.named)

    @property
    def both_sides(self) -> list[User]:
        """Adults named from both sides: the staff member marked the child and the child named them."""
        named = {adult.pk for adult in self.named}
        return [adult for adult in self.marked_by if adult.pk in named]


def load_map(actor: StaffActor, mapping_round: MappingRound) -> list[MapRow]:
    """The rows of the map, the children without a trusted adult first (then by class and name)."""
    enrollments = roster(mapping_round)
    rows = {e.child_id: MapRow(child=e.child, group=e.group) for e in enrollments}
    for mark in (
        StaffMark.objects.filter(round=mapping_round).select_related("staff").order_by("staff__full_name")
    ):
        if mark.child_id in rows:
            rows[mark.child_id].marked_by.append(mark.staff)
    for answer in ChildAnswer.objects.filter(round=mapping_round):
        if answer.child_id in rows:
            rows[answer.child_id].answered = True
            rows[answer.child_id].nobody = answer.nobody
    for named in (
        NamedAdult.objects.filter(answer__round=mapping_round)
        .select_related("adult", "answer")
        .order_by("adult__full_name")
    ):
        if named.answer.child_id in rows:
            rows[named.answer.child_id].named.append(named.adult)
    champions = (
        Champion.objects.filter(child_id__in=list(rows), round__started_on__lte=mapping_round.started_on)
        .select_related("champion", "round")
        .order_by("round__started_on", "round_id")
    )
    for champion in champions:
        rows[champion.child_id].champion = champion  # the latest round's wins
    groups = list({e.group_id: e.group for e in enrollments}.values())
    seen = [group for group in groups if actor.sees(group)]
    for child_id, closeness in teacher_closeness(actor, seen).items():
        if child_id in rows:
            rows[child_id].closeness = closeness
    ordered = sorted(rows.values(), key=lambda row: (row.trusted, row.group.name, row.child.first_name))
    log.record_reads(actor, MAP_ACTION, [row.child for row in ordered], obj=mapping_round)
    return ordered


def without_trusted_adult(mapping_round: MappingRound) -> dict[int, set[int]]:
    """Group id → ids of the children of the round with no trusted adult on either side (counts only)."""
    marked = set(StaffMark.objects.filter(round=mapping_round).values_list("child_id", flat=True))
    named = set(
        NamedAdult.objects.filter(answer__round=mapping_round).values_list("answer__child_id", flat=True)
    )
    by_group: dict[int, set[int]] = defaultdict(set)
    for enrollment in roster(mapping_round):
        if enrollment.child_id not in marked and enrollment.child_id not in named:
            by_group[enrollment.group_id].add(enrollment.child_id)
    return by_group
