"""The teacher-child relationship next to each child's place among classmates.

Reads the questionnaires app's public API (relationship_summaries) and turns each summary into
what the peer results need: the teacher's profile, the child's own view of support, and the
combinations that call for attention (attention.py).
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onderstroom.questionnaires.api import RelationshipSummary, relationship_summaries
from onderstroom.schools.access import StaffActor
from onderstroom.sociogram.attention import Bond, PeerPosition, TeacherView, attention_notes
from onderstroom.sociogram.results import SurveyResults

# Profile keys of the questionnaires app (scoring.PROFILE_RULES) by the kind of bond they show.
BONDS = {
    "warm_harmonious": Bond.WARM,
    "warm_stormy": Bond.CONFLICT,
    "conflictual": Bond.CONFLICT,
    "distant": Bond.DISTANT,
    "dependent": Bond.DEPENDENT,
}
SUPPORT = "support"  # the construct of the child's questionnaire about experienced support
# Positions on the instrument's own range, 0-1; a third is "mostly not" (as the questionnaires
# app signals low scores), two thirds "mostly yes".
LITTLE_SUPPORT = 1 / 3
MUCH_SUPPORT = 2 / 3


@dataclass(frozen=True)
class Relationship:
    profile: str  # the teacher's profile, such as "warm but stormy"; empty when not rated yet
    child_view: str | Promise  # the child's own view of support, in words; empty when not asked yet
    notes: list[str | Promise] = field(default_factory=list)


def support_position(summary: RelationshipSummary) -> float | None:
    return next((scale.position for scale in summary.child_scales if scale.key == SUPPORT), None)


def teacher_view(summary: RelationshipSummary | None) -> TeacherView:
    if summary is None or not summary.has_data:
        return TeacherView(bond=None, feels_supported=None)
    support = support_position(summary)
    return TeacherView(
        bond=BONDS.get(summary.profile_key or ""),
        feels_supported=None if support is None else support > LITTLE_SUPPORT,
    )


def child_view_words(summary: RelationshipSummary) -> str | Promise:
    support = support_position(summary)
    if support is None:
        return ""
    if support <= LITTLE_SUPPORT:
        return _("feels little support")
    if support >= MUCH_SUPPORT:
        return _("feels much support")
    return _("feels some support")


def relationships(actor: StaffActor, results: SurveyResults) -> dict[int, Relationship]:
    """Child id → the relationship next to the peer results (the API audits what it returns)."""
    summaries = relationship_summaries(actor, results.survey.group)
    # Only children who finished count, and only when enough of the class did (the one participation rule).
    enough = results.participation.enough
    found = {}
    for row in results.rows:
        summary = summaries.get(row.child.pk)
        counts = enough and row.on_roster
        peer = PeerPosition(status=row.status, chosen_by=row.chosen_by, negative=row.negative, answers=counts)
        found[row.child.pk] = Relationship(
            profile=summary.profile_label if summary else "",
            child_view=child_view_words(summary) if summary else "",
            notes=attention_notes(peer, teacher_view(summary)),
        )
    return found
