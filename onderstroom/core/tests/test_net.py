"""The visitor's address: only a real IP address from X-Forwarded-For reaches the limits and the audit log."""

import pytest
from django.test import RequestFactory, override_settings

from onderstroom.core.net import client_ip


def address(forwarded: str | None, remote: str = "192.0.2.7") -> str | None:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_last_forwarded_address_is_the_visitor() -> None:
    assert address("203.0.113.5, 198.51.100.9") == "198.51.100.9"
    assert address("2001:db8::1") == "2001:db8::1"


@pytest.mark.parametrize(
    "forwarded",
    [
        "<script>alert(1)</script>, 198.51.100.9",
        "x" * 5000 + ", 198.51.100.9",
        ", 198.51.100.9",
        "not-an-ip, 1",
    ],
)
@override_settings(TRUSTED_PROXY_COUNT=2)
def test_with_more_proxies_configured_than_there_are_a_written_entry_is_not_used(forwarded: str) -> None:
    """The entry the count points at is what the visitor sent: it is no address, so REMOTE_ADDR counts."""
    assert address(forwarded) == "192.0.2.7"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_too_few_forwarded_entries_fall_back_to_the_connection() -> None:
    assert address("198.51.100.9") == "192.0.2.7"
    assert address(None) == "192.0.2.7"


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert address("198.51.100.9") == "192.0.2.7"
