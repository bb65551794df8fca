import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from pytest_django.live_server_helper import LiveServer

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


class _SerialWSGIServer(WSGIServer):
    """One request at a time (Django then answers each with Connection: close)."""

    def __init__(self, *args, connections_override=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)


class _SerialLiveServerThread(LiveServerThread):
    server_class = _SerialWSGIServer


@pytest.fixture(scope="session")
def live_server():  # type: ignore[no-untyped-def]
    """The live server, answering one request at a time.

    The test database is SQLite in memory, which the live server shares with the test
    as one connection; four tablets polling at once through a threaded server would use
    that one connection from several threads together ("database table is locked").
    Serving requests in turn keeps the test honest about what the app does, not about
    the test database. The first request imports every view; it is made here, before
    any clock in a test starts.
    """
    server = LiveServer("localhost", start=False)
    threaded = server.thread
    server.thread = _SerialLiveServerThread(
        threaded.host,
        static_handler=threaded.static_handler,
        connections_override=threaded.connections_override,
        port=threaded.port,
    )
    server.thread.daemon = True
    server.start()
    yield server
    server.stop()
