"""The shared outbox (core/static/onderstroom/outbox.js) in a real browser, against a stand-in server.

The three features that use it have their own tests against the real endpoints; these cover what
those do not reach: a reload with entries waiting, a refusal, a server error, a reply that confirms
only part of a batch, and a browser that will not store anything.
"""

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEY = "onderstroom:outbox-test"
ENDPOINT = "/outbox-test/entries"
RETRY_MS = 300

# A small feature on top of the outbox, as the three real ones are; every report lands on <body>, so
# that expect() can wait for it (wait_for_function would need an eval the page's CSP forbids).
HARNESS = """async ([key, endpoint, retryMs]) => {
  const { Outbox, newId } = await import("/static/onderstroom/outbox.js");
  class Items extends Outbox {
    body(batch) {
      return { items: batch };
    }
  }
  window.reports = [];
  window.newId = newId;
  window.outbox = new Items(key, endpoint, { batch: 2, retryMs });
  window.outbox.addEventListener("change", (event) => {
    window.reports.push(event.detail);
    document.body.dataset.outbox = `${event.detail.state} ${event.detail.pending}`;
  });
}"""

Reply = tuple[int, object] | None  # (status, JSON body), or None: no reply reaches the page


class StandIn:
    """The endpoint: records every batch and answers as told (by default: every id stored)."""

    def __init__(self, page: Page) -> None:
        self.batches: list[list[dict]] = []
        self.answer: Callable[[list[dict]], Reply] = stored
        page.route(f"**{ENDPOINT}", self.handle)

    def handle(self, route: Route) -> None:
        items = json.loads(route.request.post_data or "{}")["items"]
        self.batches.append(items)
        reply = self.answer(items)
        if reply is None:
            route.abort()
            return
        status, data = reply
        if isinstance(data, str):
            route.fulfill(status=status, content_type="text/html", body=data)
        else:
            route.fulfill(status=status, content_type="application/json", body=json.dumps(data))

    def ids(self) -> list[str]:
        return [item["client_id"] for batch in self.batches for item in batch]


def stored(items: list[dict]) -> Reply:
    return 200, {"stored": [item["client_id"] for item in items], "rejected": {}}


def unreachable(_items: list[dict]) -> Reply:
    return None


def open_outbox(open_page, script: str | None = None) -> tuple[Page, StandIn]:  # type: ignore[no-untyped-def]
    page = open_page()
    if script:
        page.add_init_script(script)
    server = StandIn(page)
    page.goto("/account/login/")
    start(page)
    return page, server


def start(page: Page) -> None:
    page.evaluate(HARNESS, [KEY, ENDPOINT, RETRY_MS])


def push(page: Page, *names: str) -> list[str]:
    """Queue one entry per name; returns their client ids."""
    return page.evaluate(
        "(names) => names.map((name) => window.outbox.push({ client_id: window.newId(), name }).client_id)",
        list(names),
    )


def stored_entries(page: Page) -> list[dict] | None:
    return page.evaluate("(key) => JSON.parse(localStorage.getItem(key))", KEY)


def reports(page: Page) -> list[dict]:
    return page.evaluate("window.reports")


def settled(page: Page, text: str) -> None:
    expect(page.locator("body")).to_have_attribute("data-outbox", text)


# Without crypto.randomUUID, as on a school network served over plain http (not a secure context).
NO_RANDOM_UUID = "delete Crypto.prototype.randomUUID;"


def test_entries_waiting_on_the_device_survive_a_reload_and_are_sent_once(open_page) -> None:  # type: ignore[no-untyped-def]
    page, server = open_outbox(open_page, NO_RANDOM_UUID)
    server.answer = unreachable
    ids = push(page, "a", "b", "c")
    settled(page, "offline 3")
    assert reports(page)[-1] == {"state": "offline", "pending": 3, "status": 0}
    assert [entry["client_id"] for entry in stored_entries(page)] == ids
    assert all(len(i) == 36 and i[14] == "4" and i[19] in "89ab" for i in ids)  # version 4 UUIDs

    page.reload()
    server.batches.clear()
    server.answer = stored
    start(page)
    settled(page, "saved 0")
    assert server.batches == [
        [{"client_id": ids[0], "name": "a"}, {"client_id": ids[1], "name": "b"}],
        [{"client_id": ids[2], "name": "c"}],
    ]  # in order, in batches, each entry once and as it was queued
    assert stored_entries(page) is None
    page.wait_for_timeout(3 * RETRY_MS)
    assert len(server.batches) == 2  # nothing is sent again


def test_a_refused_batch_is_dropped_and_reported_not_retried(open_page) -> None:  # type: ignore[no-untyped-def]
    page, server = open_outbox(open_page)
    server.answer = lambda _items: (400, {"error": "Niet in de verwachte vorm."})
    (first,) = push(page, "a")
    settled(page, "refused 0")
    assert reports(page)[-1] == {
        "state": "refused",
        "pending": 0,
        "message": "Niet in de verwachte vorm.",
        "dropped": [{"client_id": first, "name": "a"}],  # so that the page can mark it as not saved
    }
    assert stored_entries(page) is None
    page.wait_for_timeout(3 * RETRY_MS)
    assert len(server.batches) == 1

    # The next entry goes on its own, as usual.
    server.answer = stored
    (second,) = push(page, "b")
    settled(page, "saved 0")
    assert server.ids()[1:] == [second]


def test_a_server_error_or_no_reply_keeps_the_entries_until_they_are_confirmed(open_page) -> None:  # type: ignore[no-untyped-def]
    page, server = open_outbox(open_page)
    plan: list[Reply] = [(500, "<h1>Server Error</h1>"), None]
    server.answer = lambda items: plan.pop(0) if plan else stored(items)
    ids = push(page, "a")
    settled(page, "saved 0")
    assert server.ids() == ids * 3  # the 500, the lost reply, then stored
    states = [(r["state"], r.get("status")) for r in reports(page)]
    assert ("offline", 500) in states
    assert ("offline", 0) in states


def test_only_the_ids_the_server_confirms_leave_the_device(open_page) -> None:  # type: ignore[no-untyped-def]
    page, server = open_outbox(open_page)
    server.answer = unreachable
    a, b, c = push(page, "a", "b", "c")
    settled(page, "offline 3")

    # a is stored, b is rejected (it would be again), c is not confirmed: only c stays.
    def some(items: list[dict]) -> Reply:
        sent = [item["client_id"] for item in items]
        return 200, {
            "stored": [a] if a in sent else [],
            "rejected": {b: "Geen leerling."} if b in sent else {},
        }

    server.answer = some
    page.evaluate("window.outbox.flush()")
    settled(page, "saving 1")
    assert {
        "state": "saving",
        "pending": 1,
        "rejected": ["Geen leerling."],
        "dropped": [{"client_id": b, "name": "b"}],
    } in reports(page)
    assert [entry["client_id"] for entry in stored_entries(page)] == [c]

    # A reply that confirms nothing removes nothing, and the outbox does not hammer the server:
    # it tries again at the next tick.
    sent_before = len(server.batches)
    page.wait_for_timeout(3 * RETRY_MS)
    assert [entry["client_id"] for entry in stored_entries(page)] == [c]
    assert len(server.batches) - sent_before <= 5

    server.answer = stored
    settled(page, "saved 0")
    assert server.ids()[-1] == c


STORAGE_FULL = 'Storage.prototype.setItem = () => { throw new DOMException("full", "QuotaExceededError"); };'
STORAGE_BLOCKED = """Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("blocked", "SecurityError"); },
});"""


@pytest.mark.parametrize("script", [STORAGE_FULL, STORAGE_BLOCKED], ids=["storage-full", "storage-blocked"])
def test_without_storage_the_entries_wait_in_memory_and_are_still_sent(open_page, script: str) -> None:  # type: ignore[no-untyped-def]
    page, server = open_outbox(open_page, script)
    server.answer = unreachable
    ids = push(page, "a", "b", "c")
    settled(page, "offline 3")
    server.answer = stored
    settled(page, "saved 0")
    assert server.ids()[-3:] == ids
