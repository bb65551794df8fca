from datetime import timedelta

from onderstroom.childsessions.models import ClassSession
from onderstroom.mapping.access import ACTIVITY
from onderstroom.mapping.models import Champion, MappingRound
from onderstroom.schools.access import today
from onderstroom.schools.models import SchoolYear
from onderstroom.testing.world import World


def world_round(world: World) -> MappingRound:
    """An open round of the world's school, which the world's class session is for."""
    if "mapping_round" not in world.extra:
        found = MappingRound.objects.create(
            school=world.school,
            school_year=SchoolYear.objects.get(school=world.school, pk=world.group.school_year_id),
            started_by=world.care,
            started_on=today(),
            closes_on=today() + timedelta(days=14),
        )
        ClassSession.objects.filter(pk=world.class_session.pk).update(
            activity=ACTIVITY, activity_object=str(found.uuid)
        )
        world.class_session.refresh_from_db()
        world.extra["mapping_round"] = found
    return world.extra["mapping_round"]  # type: ignore[return-value]


def world_champion(world: World) -> Champion:
    """The member of staff without a group is champion for the world's child."""
    if "mapping_champion" not in world.extra:
        world.extra["mapping_champion"] = Champion.objects.create(
            school=world.school,
            round=world_round(world),
            child=world.child,
            champion=world.staff_member,
            started_on=today(),
        )
    return world.extra["mapping_champion"]  # type: ignore[return-value]
