import pytest

from onderstroom.constellations import services
from onderstroom.constellations.models import Constellation, Figure
from onderstroom.schools.access import ChildActor, StaffActor, build_staff_actor
from onderstroom.schools.models import Child
from onderstroom.testing.world import World


def staff_actor(user) -> StaffActor:  # type: ignore[no-untyped-def]
    return build_staff_actor(user, None, None)


def child_actor(world: World, child: Child) -> ChildActor:
    return ChildActor(child=child, school=world.school, class_session=world.class_session)


def children_of(world: World) -> list[Child]:
    return [e.child for e in world.group.enrollments.select_related("child").order_by("child__surname")]


def figure_of(board: Constellation, who: Child | None = None) -> Figure:
    """A child's figure, or with no child the teacher's."""
    if who is None:
        return board.figures.get(kind=Figure.Kind.STAFF)
    return board.figures.get(child=who)


def open_for_children(world: World, board: Constellation) -> None:
    """The teacher opened the class session for this board (what childsessions:open stores)."""
    world.class_session.activity = "constellation"
    world.class_session.activity_object = str(board.uuid)
    world.class_session.save()


@pytest.fixture
def teacher(world: World) -> StaffActor:
    return staff_actor(world.teacher)


@pytest.fixture
def board(world: World, teacher: StaffActor) -> Constellation:
    """A round class constellation of the world's group, which the open class session is for."""
    constellation = services.create_class_constellation(teacher, world.group, "Onze klas", "round")
    open_for_children(world, constellation)
    return constellation
