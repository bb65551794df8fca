"""Who sees what of relationship mapping (read gates: the object, or Http404).

- Every member of staff with a role at the school (teacher, care coordinator, director, member of
  staff) sees the open round's children (names, initials, grouped by class) and only their own marks.
- The map (per child the adults named from both sides) is for the care coordinator and the director
  (school admin) only, and never on a class display.
- A child in a class session for the round sees the school's adults, and only their own answer.
- A child's answer is shown to the adult it names only when the school turned that on.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from onderstroom.accounts.models import User
from onderstroom.mapping.models import (
    CHILD_GRADES,
    Champion,
    ChampionOffer,
    ChildAnswer,
    MappingRound,
    MappingSettings,
    StaffMark,
)
from onderstroom.schools.access import Actor, ChildActor, StaffActor, today
from onderstroom.schools.models import Child, Enrollment, Membership, Role

ACTIVITY = "mapping"
MARKER_ROLES = (Role.TEACHER, Role.CARE, Role.SCHOOL_ADMIN, Role.STAFF)
MAP_ROLES = (Role.CARE, Role.SCHOOL_ADMIN)


def is_marker(actor: Actor) -> bool:
    return (
        isinstance(actor, StaffActor) and actor.school is not None and bool(actor.roles & set(MARKER_ROLES))
    )


def is_mapper(actor: Actor) -> bool:
    """The care coordinator or the director: they start rounds, read the map and ask champions."""
    return isinstance(actor, StaffActor) and actor.school is not None and bool(actor.roles & set(MAP_ROLES))


def _staff(actor: Actor, check: bool) -> StaffActor:
    if not check or not isinstance(actor, StaffActor):
        raise Http404
    return actor


def school_rounds(actor: Actor) -> QuerySet[MappingRound]:
    """The school's rounds, for anyone who takes part (the scope is the actor's school)."""
    staff = _staff(actor, is_marker(actor))
    return MappingRound.objects.filter(school=staff.school).select_related("school_year")


def open_round(actor: Actor) -> MappingRound | None:
    """The round open today at the actor's school, if any (for the home page and the marking page)."""
    if not is_marker(actor):
        return None
    day = today()
    for found in school_rounds(actor).filter(closed_at__isnull=True, started_on__lte=day, closes_on__gte=day):
        return found
    return None


def get_round(actor: Actor, uuid: UUID) -> MappingRound:
    """A round of the actor's school, for anyone who marks (their own marks only)."""
    found = school_rounds(actor).filter(uuid=uuid).first()
    if found is None:
        raise Http404
    return found


def get_map_round(actor: Actor, uuid: UUID) -> MappingRound:
    """A round whose map the actor may read: the care coordinator and the director."""
    _staff(actor, is_mapper(actor))
    return get_round(actor, uuid)


def roster(mapping_round: MappingRound) -> list[Enrollment]:
    """The round's children (enrolled in its school year), grouped by class; one query."""
    return list(
        Enrollment.objects.filter(school_year=mapping_round.school_year_id)
        .select_related("child", "group")
        .order_by("group__name", "child__first_name", "child__surname", "child_id")
    )


def roster_child(mapping_round: MappingRound, uuid: UUID | str) -> Child | None:
    """A child of the round's roster by uuid (None when not one of them)."""
    return Child.objects.filter(uuid=uuid, enrollments__school_year=mapping_round.school_year_id).first()


def own_marks(actor: StaffActor, mapping_round: MappingRound) -> set[int]:
    """The ids of the children this member of staff marked: never anybody else's marks."""
    return set(
        StaffMark.objects.filter(round=mapping_round, staff=actor.user).values_list("child_id", flat=True)
    )


def school_adults(school_id: int) -> list[User]:
    """The adults a child can name: everyone with a role at the school, by name."""
    ids = Membership.objects.filter(school_id=school_id).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "pk"))


def settings_for(school_id: int) -> MappingSettings:
    return MappingSettings.objects.filter(school_id=school_id).first() or MappingSettings(school_id=school_id)


def children_who_named(actor: StaffActor, mapping_round: MappingRound) -> list[Child] | None:
    """The children who named this adult, only when the school shows children's answers to the
    adults they name (default off: None, nothing read)."""
    if not settings_for(mapping_round.school_id).show_answers_to_named_adults:
        return None
    return list(
        Child.objects.filter(
            pk__in=ChildAnswer.objects.filter(round=mapping_round, adults__adult=actor.user).values(
                "child_id"
            )
        ).order_by("first_name", "surname")
    )


def session_round(actor: ChildActor) -> MappingRound | None:
    """The open round the child's class session is for, when the child is in group 3 to 8."""
    session = actor.class_session
    if session.activity != ACTIVITY or not session.activity_object:
        return None
    try:
        uuid = UUID(session.activity_object)
    except ValueError:
        return None
    found = MappingRound.objects.filter(uuid=uuid).first()
    if found is None or not found.is_open(today()) or child_grade(actor, found) not in CHILD_GRADES:
        return None
    return found


def child_grade(actor: ChildActor, mapping_round: MappingRound) -> int | None:
    enrollment = Enrollment.objects.filter(
        child=actor.child, school_year=mapping_round.school_year_id
    ).first()
    return enrollment.grade if enrollment else None


def get_child_round(actor: Actor, uuid: UUID) -> MappingRound:
    """Only the round in front of the child (their class session is for it, it is open)."""
    if not isinstance(actor, ChildActor):
        raise Http404
    found = session_round(actor)
    if found is None or found.uuid != uuid:
        raise Http404
    return found


def get_round_adult_photo(actor: Actor, uuid: UUID, adult_uuid: UUID) -> User:
    """An adult of the school with a photo, for the child whose open round this is (the child's screen
    shows the adults they can name by face and name); anybody else gets Http404."""
    found = get_child_round(actor, uuid)
    adult = next((a for a in school_adults(found.school_id) if a.uuid == adult_uuid), None)
    if adult is None or not adult.photo:
        raise Http404
    return adult


def own_answer(actor: ChildActor, mapping_round: MappingRound) -> ChildAnswer | None:
    return ChildAnswer.objects.filter(round=mapping_round, child=actor.child).first()


def my_champions(actor: StaffActor) -> QuerySet[Champion]:
    """The children this member of staff is champion for (their own rows only)."""
    return Champion.objects.filter(champion=actor.user).select_related("child", "round")


def get_my_champion(actor: Actor, uuid: UUID) -> Champion:
    """A champion row of the actor's own: only the champion writes its check-ins and reads its guide."""
    staff = _staff(actor, is_marker(actor))
    found = my_champions(staff).filter(uuid=uuid).first()
    if found is None:
        raise Http404
    return found


def get_round_photo_child(actor: Actor, uuid: UUID, child_uuid: UUID) -> Child:
    """A child of an open round who has a photo, for anyone who marks in it; else Http404."""
    found = get_round(actor, uuid)
    child = roster_child(found, child_uuid) if found.is_open(today()) else None
    if child is None or not child.photo:
        raise Http404
    return child


def offers(mapping_round: MappingRound) -> set[int]:
    """Ids of the staff who volunteered as champion in the round (for the map's champion choice)."""
    return set(ChampionOffer.objects.filter(round=mapping_round).values_list("staff_id", flat=True))


def offered(actor: StaffActor, mapping_round: MappingRound) -> bool:
    return ChampionOffer.objects.filter(round=mapping_round, staff=actor.user).exists()
