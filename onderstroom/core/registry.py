"""The one kind of registry through which features add to shared places without editing them.

Every registry holds entries: frozen dataclasses with a `key` ("app.thing") and an `order`. An app
registers all of its entries in one place, the `register()` function of its `panels.py`, which its
AppConfig.ready() calls:

    def register() -> None:
        child_panels.register(Panel("bankingtime.plans", order=30, render=child_panel))
        steps.register(StepKind("bankingtime.plan", order=20, build=plan_step, signals=PLAN_SIGNALS))

Registering a key again replaces the earlier entry (tests swap one in and `unregister` it after).
"""

from typing import Protocol


class Entry(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def order(self) -> int: ...


class Registry[E: Entry]:
    def __init__(self) -> None:
        self._entries: dict[str, E] = {}

    def register(self, entry: E) -> None:
        self._entries[entry.key] = entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def get(self, key: str) -> E | None:
        return self._entries.get(key)

    def entries(self) -> list[E]:
        """Every entry, in order (and by key where two have the same order)."""
        return sorted(self._entries.values(), key=lambda entry: (entry.order, entry.key))
