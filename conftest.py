import os
from collections.abc import Iterator

import pytest

from onderstroom.tenancy import all_schools
from onderstroom.testing.world import World, build_world

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


@pytest.fixture(autouse=True)
def _test_scope() -> Iterator[None]:
    """Test set-up may touch every school; requests still get their own scope from the middleware."""
    with all_schools():
        yield


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


@pytest.fixture
def open_page(browser, live_server):  # type: ignore[no-untyped-def]
    """Open a new page on the live server with the given context options (see testing.browser).

    Every page is guarded: a request to another host, a CSP violation or a JavaScript
    error fails the test.
    """
    from django.urls import get_resolver

    from onderstroom.testing.browser import DESKTOP, PageGuard

    # Import every view module (WeasyPrint among them) now, not during the first page load.
    _ = get_resolver().url_patterns
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
