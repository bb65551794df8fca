from datetime import timedelta

from onderstroom.childsessions.models import ClassSession
from onderstroom.climate import library
from onderstroom.climate.access import ACTIVITY
from onderstroom.climate.models import ClassMoment, SchoolRound, Vision
from onderstroom.schools.access import today
from onderstroom.schools.models import Group
from onderstroom.testing.world import World, set_up


@set_up
def make_moment(group: Group) -> ClassMoment:
    return ClassMoment.objects.create(
        school=group.school,
        group=group,
        school_year=group.school_year,
        opens_on=today() - timedelta(days=1),
        closes_on=today() + timedelta(days=13),
        young_version=library.version(library.CLASS_YOUNG),
        older_version=library.version(library.CLASS_OLDER),
        practice_version=library.version(library.PRACTICE),
    )


@set_up
def make_round(group: Group, days_ago: int = 1) -> SchoolRound:
    opens_on = today() - timedelta(days=days_ago)
    return SchoolRound.objects.create(
        school=group.school,
        school_year=group.school_year,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=14),
        staff_version=library.version(library.SCHOOL_STAFF),
        child_version=library.version(library.SCHOOL_CHILD),
    )


@set_up
def run_climate(session: ClassSession, chosen: ClassMoment | SchoolRound | None = None) -> None:
    ClassSession.objects.filter(pk=session.pk).update(
        activity=ACTIVITY, activity_object=str(chosen.uuid) if chosen else ""
    )
    session.refresh_from_db()


def world_moment(world: World) -> ClassMoment:
    """An open class-climate moment of the world's group, which the world's class session runs."""
    if "climate_moment" not in world.extra:
        world.extra["climate_moment"] = make_moment(world.group)
        run_climate(world.class_session)
    return world.extra["climate_moment"]  # type: ignore[return-value]


def world_round(world: World) -> SchoolRound:
    """The open school-climate round of the world's school."""
    if "climate_round" not in world.extra:
        world.extra["climate_round"] = make_round(world.group)
        run_climate(world.class_session)
    return world.extra["climate_round"]  # type: ignore[return-value]


@set_up
def world_vision(world: World) -> Vision:
    if "climate_vision" not in world.extra:
        world.extra["climate_vision"] = Vision.objects.create(
            school=world.school, author=world.teacher, school_year=world.group.school_year, fastest="hostile"
        )
    return world.extra["climate_vision"]  # type: ignore[return-value]


@set_up
def give_research_consent(world: World) -> None:
    """The world's school has recorded its consent for research use (test set-up, straight in the table)."""
    from onderstroom.questionnaires.models import ResearchConsent

    ResearchConsent.objects.get_or_create(
        school=world.school, defaults={"consented_on": today(), "recorded_by": world.admin}
    )
