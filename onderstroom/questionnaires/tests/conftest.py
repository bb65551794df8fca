import urllib.request
from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture
def warm_server(live_server):  # type: ignore[no-untyped-def]
    """Serve one request before the browser opens a page.

    The live server imports every URL module on its first request;
    on a busy machine that alone can outlast the browser's page timeout.
    """
    with urllib.request.urlopen(f"{live_server.url}/healthz", timeout=120) as response:
        assert response.status == 200
    return live_server


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in English leaves the thread's language at English; later tests expect Dutch."""
    yield
    translation.deactivate()
