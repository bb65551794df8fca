import os
import threading
import urllib.request
import uuid
from collections.abc import Callable, Iterator

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import setting_changed
from django.test.testcases import LiveServerThread
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from onderstroom.tenancy import all_schools
from onderstroom.testing.jobs import IMMEDIATE, reset_task_backends
from onderstroom.testing.world import World, build_world, test_body

CHROMIUM = os.environ.get("ONDERSTROOM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest) -> Iterator[object]:
    """Fixtures set data up across schools; the test body itself runs scoped (see pytest_runtest_call)."""
    with all_schools():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A test body runs in the scope of the world's home school, as a request of its staff would.

    A service called directly from a test therefore sees only that school: a forgotten filter
    fails its own test. A test that builds its own world in its body (`build_world()`) runs in that
    world's home school from then on. A test that must look across schools says so with
    `all_schools()`, or, for a whole test or module about every school, `pytest.mark.all_schools`.
    """
    if item.get_closest_marker("all_schools"):
        with all_schools():
            return (yield)
    world = getattr(item, "funcargs", {}).get("world")
    with test_body(world.school if world is not None else None):
        return (yield)


@pytest.fixture(autouse=True)
def _audit_anchors_per_test(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test anchors its audit chains in a folder of its own (made when first written)."""
    settings.AUDIT_ANCHOR_DIR = tmp_path_factory.getbasetemp() / "audit-anchors" / uuid.uuid4().hex


setting_changed.connect(reset_task_backends)


@pytest.fixture(autouse=True)
def _jobs_run_immediately(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Background jobs run at once, in the test (the worker tests switch to the database queue),
    and keep their files in a folder of each test's own."""
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE}}
    settings.JOBS_DIR = tmp_path_factory.getbasetemp() / "jobs" / uuid.uuid4().hex


@pytest.fixture(autouse=True)
def _dutch_after_each_test() -> Iterator[None]:
    """A request in English leaves its thread in English; the next test starts in Dutch again."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session", autouse=True)
def _allow_sync_orm_in_browser_tests() -> None:
    # Playwright's sync API runs an event loop in the test thread; the ORM calls
    # the tests make around it are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests need Chromium; without it they are skipped, unless this run requires them (CI)."""
    if os.path.exists(CHROMIUM) or os.environ.get("ONDERSTROOM_REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


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
def live_server(django_db_blocker):  # type: ignore[no-untyped-def]
    """The live server, answering one request at a time, warmed up before the first test uses it.

    The SQLite test database lives in memory and the live server shares it with the test as
    one connection; several browser contexts polling at once through a threaded server would
    use that connection from several threads together ("database table is locked").
    Connections are still read in their own threads, so an idle browser connection holds
    nobody up; only the app's work is taken in turn.
    """
    with django_db_blocker.unblock():
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
        # The first request imports every view (WeasyPrint, openpyxl...): take that time here,
        # not inside a test's ten-second page timeout.
        with urllib.request.urlopen(f"{server.url}/healthz", timeout=180) as response:  # noqa: S310
            response.read()
    yield server
    server.stop()


@pytest.fixture
def open_page(browser, live_server):  # type: ignore[no-untyped-def]
    """Open a new page on the live server with the given context options (see testing.browser).

    Every page is guarded: a request to another host, a CSP violation or a JavaScript
    error fails the test.
    """
    from onderstroom.testing.browser import DESKTOP, PageGuard

    guards = []
    contexts = []

    def _open(**context_args):  # type: ignore[no-untyped-def]
        options = {**DESKTOP, **context_args}
        context = browser.new_context(
            base_url=live_server.url, locale=options.pop("locale", "nl-NL"), **options
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        guard = PageGuard(own_host=live_server.url.split("://", 1)[1])
        guard.attach(page)
        guards.append(guard)
        return page

    yield _open
    for context in contexts:
        context.close()
    for guard in guards:
        guard.assert_clean()
