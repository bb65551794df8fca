"""What other features may ask of relationship mapping.

- `current_champion(child)`: the member of staff who is the child's champion now (the latest round's),
  by name and since when: for the handover, so next year's teacher knows who the child can go to.
  Nothing else of mapping comes along: no marks, no answers, no check-in notes.
"""

from dataclasses import dataclass
from datetime import date

from onderstroom.mapping.models import Champion
from onderstroom.schools.models import Child, Membership

__all__ = ["ChampionInfo", "current_champion"]


@dataclass(frozen=True)
class ChampionInfo:
    name: str
    since: date


def current_champion(child: Child) -> ChampionInfo | None:
    """The child's champion of the latest round that has one, while they still work at the school
    (an account that left or was switched off is no champion any more). One query."""
    members = Membership.objects.filter(school_id=child.school_id).values("user_id")
    found = (
        Champion.objects.filter(
            child=child, champion__is_active=True, champion_id__in=members, school_id=child.school_id
        )
        .select_related("champion")
        .order_by("-round__started_on", "-round_id")
        .first()
    )
    if found is None:
        return None
    return ChampionInfo(name=found.champion.full_name or found.champion.email, since=found.started_on)
