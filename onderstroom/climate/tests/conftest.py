import urllib.request
from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture
def warm_server(live_server):  # type: ignore[no-untyped-def]
    """Serve one request before the browser opens a page (the first request imports every URL module)."""
    with urllib.request.urlopen(f"{live_server.url}/healthz", timeout=120) as response:
        assert response.status == 200
    return live_server


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in English leaves the thread's language at English; later tests expect Dutch."""
    yield
    translation.activate("nl")
