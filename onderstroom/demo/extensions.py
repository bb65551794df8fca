"""Steps that features add to the demo board, without editing the demo app.

A feature registers a step in the `register()` of its `panels.py` (onderstroom.core.registry):

    from onderstroom.demo import extensions
    extensions.registry.register(extensions.DemoStep("questionnaires.answers", order=10, step=add_answers))

`step(demo)` receives the built `DemoBoard` (its schools, years, groups, children and staff)
and adds its own rows, in the same transaction as the rest of the demo. It draws random
choices from `demo.rng(key)` so the demo stays the same on every build.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from onderstroom.core.registry import Registry

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard


@dataclass(frozen=True)
class DemoStep:
    key: str
    order: int
    step: Callable[["DemoBoard"], None]


registry = Registry[DemoStep]()


def run_all(demo: "DemoBoard") -> None:
    for extension in registry.entries():
        extension.step(demo)
