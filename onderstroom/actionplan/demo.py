"""Demo actions: placeholder, filled in below."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard


def add_demo_actions(demo: "DemoBoard") -> None:
    return None
