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
