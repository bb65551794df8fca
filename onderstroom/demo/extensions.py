"""Steps that features add to the demo board, without editing the demo app.

A feature registers a step in its AppConfig.ready():

    from onderstroom.demo.extensions import register
    register("questionnaires.answers", add_demo_answers, order=10)

`step(demo)` receives the built `DemoBoard` (its schools, years, groups, children and staff)
and adds its own rows, in the same transaction as the rest of the demo. It draws random
choices from `demo.rng(key)` so the demo stays the same on every build.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard

DemoStep = Callable[["DemoBoard"], None]


@dataclass(frozen=True)
class Extension:
    key: str
    order: int
    step: DemoStep


_registry: dict[str, Extension] = {}


def register(key: str, step: DemoStep, *, order: int = 100) -> None:
    _registry[key] = Extension(key=key, order=order, step=step)


def unregister(key: str) -> None:
    _registry.pop(key, None)


def run_all(demo: "DemoBoard") -> None:
    for extension in sorted(_registry.values(), key=lambda e: (e.order, e.key)):
        extension.step(demo)
