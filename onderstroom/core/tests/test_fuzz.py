"""Every URL, as the personas who may use it, with hostile input: never a 500, and a refusal changes nothing.

The URLs and how to reach them come from the permission matrix (every URL name has a rule). Form field
names are read from the page itself and from the rule's own data. First a sweep sets every field to each
value that once broke a view, and sends each JSON endpoint every hostile body and its own shape with each
value replaced by a number no JSON library writes; then Hypothesis (derandomized, a fixed number of
examples, so every run sends the same requests) sends random mixtures.
"""

import functools
import json
import re
import uuid
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onderstroom.audit.models import AuditEvent
from onderstroom.core.tests.test_permission_matrix import NAMES, RULES
from onderstroom.tenancy import all_schools
from onderstroom.testing.matrix import NOT_FOUND, STAFF, Rule
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

EXAMPLES = 4  # random examples per URL, after the sweep; with 120 URLs the test stays near a minute
JSON_EXAMPLES = 20  # the JSON endpoints of the device queues and the board get more
# Query parameters the views read, beyond the form fields a page shows.
QUERY_NAMES = (
    "q",
    "since",
    "step",
    "start",
    "end",
    "days",
    "moment",
    "rater",
    "sort",
    "page",
    "last",
    "week",
)
# Tables a refused request may still write to by design: the session (every request) and the
# sign-in attempts that record a refused sign-in, which is what they are for. Audit rows are
# compared apart: a refusal may record the same reads as opening the page does (a form sent back
# with its errors shows the child again), and nothing else.
WRITTEN_ON_REFUSAL = {"sessions.session", "accounts.loginattempt", "audit.auditevent"}
# The shape each JSON endpoint's script sends; the fuzz replaces one value at a time.
JSON_SHAPES: dict[str, dict[str, Any]] = {
    "interactions:taps": {
        "ops": [{"op": "add", "id": str(uuid.UUID(int=1)), "child": "", "kind": "praise", "at": 0}]
    },
    "questionnaires:child_answers": {
        "answers": [{"client_id": str(uuid.UUID(int=2)), "item": "c01", "value": 2, "answered_at": 0}]
    },
    "questionnaires:rate_answers": {
        "answers": [
            {"client_id": str(uuid.UUID(int=3)), "item": "t01", "value": 2, "answered_at": 0, "child": ""}
        ]
    },
    "sociogram:answer": {
        "client_id": str(uuid.UUID(int=4)),
        "kind": "rating",
        "question": "work",
        "ratee": "",
        "value": 2,
        "nominees": [],
    },
    "constellations:event": {"figure": "", "type": "place", "x": 0.5, "y": 0.5, "angle": 0, "emotion": ""},
    "constellations:child_event": {"figure": "", "type": "turn", "x": 0.5, "y": 0.5, "angle": 0},
    "mapping:marks": {"marks": [{"client_id": str(uuid.UUID(int=5)), "child": "", "marked": True}]},
}
HUGE = "9" * 400
# Numbers written into a JSON body as text: json.dumps cannot write these.
RAW_NUMBERS = ("1e400", "-1e400", HUGE, f"-{HUGE}", "NaN", "Infinity", "1" * 5000)
RAW_BODIES = ("[" * 100_000, '{"a": ' * 50_000, "{", "\x00\xff", '"\\ud800"', "[]", "null", "0")

# The sweep sets every field of a URL to each of these at once; each broke a view once.
SWEEP = ("²", HUGE, "-99999999999999999999", "1e400", "x" * 5_000)

hostile_text = st.one_of(
    st.sampled_from(
        [
            "",
            "²",
            "٣",
            "1e400",
            HUGE,
            f"-{HUGE}",
            "-99999999999999999999",
            "99999999999999999999",
            "NaN",
            "inf",
            "0x10",
            "-1",
            "0",
            "1",
            "2.5",
            "2026-13-45",
            "9999-12-31",
            "0001-01-01",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "x" * 140_000,
            str(uuid.UUID(int=5)),
            "on",
        ]
    ),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
json_value = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def personas(rule: Rule) -> list[Persona]:
    """Who may use the URL: the first member of staff it lets in, a child, a visitor where it serves one."""
    chosen = [p for p in STAFF if rule.expect[p] != NOT_FOUND][:1]
    if rule.expect[Persona.CHILD] not in (NOT_FOUND, 302):
        chosen.append(Persona.CHILD)
    if rule.expect[Persona.ANONYMOUS] not in (NOT_FOUND, 302):
        chosen.append(Persona.ANONYMOUS)
    return chosen or [Persona.TEACHER]


@functools.cache
def counting_query() -> tuple[list[str], str]:
    """One query that counts the rows of every table (one round trip per request, not fifty)."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model._meta.label_lower not in WRITTEN_ON_REFUSAL and not model._meta.proxy
        }
    )
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})" for table in tables)
    return tables, f"SELECT {counts}"


def row_counts(reads: frozenset[str] = frozenset()) -> dict[str, int]:
    """Rows per table, and audit rows other than the page's own reads."""
    tables, query = counting_query()
    with connection.cursor() as cursor:
        cursor.execute(query)
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
    with all_schools():
        counts["audit rows other than reads"] = AuditEvent.across_schools.exclude(action__in=reads).count()
    return counts


def reads_of(client: Client, url: str) -> frozenset[str]:
    """The audit actions opening the page writes: the reads a page sent back with errors writes again."""
    with all_schools():
        last = AuditEvent.across_schools.order_by("-pk").values_list("pk", flat=True).first() or 0
        client.get(url)
        return frozenset(AuditEvent.across_schools.filter(pk__gt=last).values_list("action", flat=True))


def field_names(client: Client, url: str, rule: Rule, world: World) -> list[str]:
    """The names of the fields the page shows (when it has a GET), and those the rule posts."""
    names = set(rule.data(world))
    page = client.get(url)
    if page.status_code == 200 and "html" in page.get("Content-Type", ""):
        names |= set(re.findall(r'name="([^"]{1,60})"', page.content.decode(errors="replace")))
    names.discard("csrfmiddlewaretoken")
    return sorted(names) or ["value"]


def json_paths(shape: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(shape, dict):
        return [p for key, value in shape.items() for p in json_paths(value, (*path, key))] + [path]
    if isinstance(shape, list):
        return [p for index, value in enumerate(shape) for p in json_paths(value, (*path, index))] + [path]
    return [path]


def replaced(shape: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(shape))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


def check(response: Any, before: dict[str, int], what: str, reads: frozenset[str]) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if 400 <= response.status_code < 500:
        after = row_counts(reads)
        changed = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
        assert changed == {}, f"{what}: refused with {response.status_code} yet stored {changed}"


@pytest.mark.parametrize("name", [n for n in NAMES if n in RULES])
def test_hostile_input_never_gives_a_500(name: str, world: World) -> None:
    """Forms and query strings with hostile values; JSON bodies of every kind to POST URLs."""
    rule = RULES[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    who = personas(rule)
    known = {persona: field_names(world.client_for(persona, Client()), url, rule, world) for persona in who}
    seen = {persona: reads_of(world.client_for(persona, Client()), url) for persona in who}
    for persona in who:
        client = world.client_for(persona, Client(raise_request_exception=False))
        sweep(client, url, rule, world, known[persona], seen[persona])
        if name in JSON_SHAPES:
            sweep_json(client, url, name, seen[persona])

    @settings(
        max_examples=JSON_EXAMPLES if name in JSON_SHAPES else EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        persona = data.draw(st.sampled_from(who))
        client, reads = world.client_for(persona, Client(raise_request_exception=False)), seen[persona]
        names = list(known[persona]) + list(QUERY_NAMES)
        fields = data.draw(
            st.dictionaries(st.sampled_from(names), st.lists(hostile_text, min_size=1, max_size=2))
        )
        before = row_counts(reads)
        if rule.method == "get" and data.draw(st.booleans()):
            response = client.get(url, fields)
            check(response, before, f"GET {url} {persona} {fields!r:.300}", reads)
            return
        kind = data.draw(st.sampled_from(["form", "json"]))
        if kind == "form":
            response = client.post(url, {**rule.data(world), **fields})
        else:
            body = json_body(data, name)
            response = client.post(url, body, content_type="application/json")
            fields = {"body": body[:300]}
        check(response, before, f"POST {url} {persona} {kind} {fields!r:.300}", reads)

    fuzz()


def sweep(
    client: Client, url: str, rule: Rule, world: World, names: list[str], reads: frozenset[str]
) -> None:
    """Every field (and every query parameter a view reads) set to each hostile value at once, in the
    query string and as a posted form: a page the rule opens with GET may well take a POST too."""
    for value in SWEEP:
        fields = dict.fromkeys([*names, *QUERY_NAMES], value)
        if rule.method == "get":
            before = row_counts(reads)
            check(client.get(url, fields), before, f"GET {url} every field {value[:20]!r}", reads)
        before = row_counts(reads)
        response = client.post(url, {**rule.data(world), **fields})
        check(response, before, f"POST {url} {value[:20]!r}", reads)


def sweep_json(client: Client, url: str, name: str, reads: frozenset[str]) -> None:
    """Each hostile raw body, and each value of the endpoint's shape replaced by each hostile number."""
    shape = JSON_SHAPES[name]
    marker = "__NUMBER__"
    bodies = list(RAW_BODIES) + [
        json.dumps(replaced(shape, path, marker)).replace(f'"{marker}"', number)
        for path in json_paths(shape)
        for number in RAW_NUMBERS
    ]
    for body in bodies:
        before = row_counts(reads)
        response = client.post(url, body, content_type="application/json")
        check(response, before, f"POST {url} {body[:200]!r}", reads)


def json_body(data: st.DataObject, name: str) -> str:
    """A JSON body: a random document, a raw hostile one, or the endpoint's own shape with one value
    replaced (by a random value, or by a number no JSON library writes)."""
    shape = JSON_SHAPES.get(name)
    choice = data.draw(st.sampled_from(["random", "raw"] + (["value", "number"] if shape else [])))
    if choice == "random":
        return json.dumps(data.draw(json_value))
    if choice == "raw":
        return data.draw(st.sampled_from(RAW_BODIES))
    path = data.draw(st.sampled_from(json_paths(shape)))
    if choice == "value":
        return json.dumps(replaced(shape, path, data.draw(json_value)))
    marker = "__NUMBER__"
    return json.dumps(replaced(shape, path, marker)).replace(
        f'"{marker}"', data.draw(st.sampled_from(RAW_NUMBERS))
    )
