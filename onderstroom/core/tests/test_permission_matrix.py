"""Every URL of the app, called as every persona, answers with the status its rule names."""

import importlib
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from onderstroom.testing.matrix import Rule
from onderstroom.testing.world import Persona, World

IGNORED_NAMESPACES = {"djdt"}


def url_names(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}"


def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("onderstroom."):
            continue
        # The rules are test code: they live in the app's tests package, next to its other tests.
        try:
            module = importlib.import_module(f"{config.name}.tests.access_rules")
        except ModuleNotFoundError as error:
            if error.name not in {f"{config.name}.tests", f"{config.name}.tests.access_rules"}:
                raise
            continue
        rules.update(module.RULES)
    return rules


RULES = all_rules()
NAMES = sorted(set(url_names()))


def test_every_url_has_a_rule() -> None:
    """A new URL without a permission rule makes this test fail."""
    missing = [name for name in NAMES if name not in RULES]
    assert missing == [], f"URLs without an access rule: {missing}"


def url_name(key: str) -> str:
    """A rule's URL name: "app:name", or "app:name?variant" for the same URL with its `query` (a page's
    table as `?format=csv`), so a download behind a page's gate has its own row in the matrix."""
    return key.split("?", 1)[0]


def test_no_rule_without_a_url() -> None:
    stale = sorted({key for key in RULES if url_name(key) not in NAMES})
    assert stale == [], f"Access rules for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("persona", list(Persona), ids=lambda p: p.name.lower())
@pytest.mark.parametrize("name", sorted(key for key in RULES if url_name(key) in NAMES))
def test_status(name: str, persona: Persona, world: World) -> None:
    rule = RULES[name]
    client = world.client_for(persona)
    url = reverse(url_name(name), kwargs=rule.kwargs(world)) + rule.query
    response = getattr(client, rule.method)(url, data=rule.data(world))
    expected = rule.expect[persona]
    assert response.status_code == expected, (
        f"{rule.method.upper()} {url} as {persona}: {response.status_code}, expected {expected}"
    )
