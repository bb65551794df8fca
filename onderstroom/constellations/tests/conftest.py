import threading
from collections.abc import Callable

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
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


class _OneAtATimeServer(ThreadedWSGIServer):
    """Reads requests on many connections, but lets the app handle one request at a time."""

    app_lock = threading.Lock()

    def set_app(self, application: Callable) -> None:
        def one_at_a_time(environ: dict, start_response: Callable) -> object:
            with self.app_lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


class _OneAtATimeLiveServerThread(LiveServerThread):
    server_class = _OneAtATimeServer


@pytest.fixture(scope="session")
def live_server():  # type: ignore[no-untyped-def]
    """The live server, letting the app answer one request at a time.

    The test database is SQLite in memory, which the live server shares with the test
    as one connection; four tablets polling at once through the threaded server would
    use that one connection from several threads together ("database table is locked").
    Connections are still read in their own threads (an idle spare connection of the
    browser holds nobody up); only the app's work is taken in turn.
    """
    server = LiveServer("localhost", start=False)
    threaded = server.thread
    server.thread = _OneAtATimeLiveServerThread(
        threaded.host,
        static_handler=threaded.static_handler,
        connections_override=threaded.connections_override,
        port=threaded.port,
    )
    server.thread.daemon = True
    server.start()
    yield server
    server.stop()
