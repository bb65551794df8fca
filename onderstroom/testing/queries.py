"""Counting database queries, for the tests that pin a page to a constant number of them."""

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def count_queries(call: Callable[[], object]) -> int:
    """How many queries `call` sends to the database."""
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def page_queries(client: Client, url: str) -> int:
    """How many queries one GET of `url` takes; the page must answer 200."""
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)
