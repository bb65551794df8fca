"""The one registry convention: entries in order, one per key, replaceable and removable."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from onderstroom.core.registry import Registry

PACKAGE = Path(__file__).resolve().parents[2]
FEATURES = [
    "questionnaires",
    "interactions",
    "bankingtime",
    "reflection",
    "constellations",
    "sociogram",
    "imports",
]


@dataclass(frozen=True)
class Entry:
    key: str
    order: int
    text: str = ""


def test_entries_come_by_order_then_key_one_per_key() -> None:
    """A key registered again replaces its entry; unregister forgets it; get finds one by key."""
    registry = Registry[Entry]()
    for entry in (Entry("b", 2), Entry("a", 2), Entry("c", 1), Entry("b", 0, "again")):
        registry.register(entry)
    assert [(e.key, e.order) for e in registry.entries()] == [("b", 0), ("c", 1), ("a", 2)]
    assert registry.get("b") == Entry("b", 0, "again")
    registry.unregister("b")
    registry.unregister("missing")
    assert [e.key for e in registry.entries()] == ["c", "a"]
    assert registry.get("b") is None


@pytest.mark.parametrize("app", FEATURES)
def test_every_feature_app_has_the_same_rooms(app: str) -> None:
    """access, api, panels, services, views, urls and tests in every feature app, and it says what it owns."""
    folder = PACKAGE / app
    for room in ("access.py", "api.py", "panels.py", "services.py", "urls.py", "tests/__init__.py"):
        assert (folder / room).is_file(), room
    assert (folder / "views.py").is_file() or (folder / "views" / "__init__.py").is_file()
    assert (folder / "__init__.py").read_text().startswith('"""Feature.')
