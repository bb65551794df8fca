"""The relationship questionnaires this feature ships (the engine and library: `onderstroom.instruments`)."""

from pathlib import Path

SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"
TEACHER_KEY = "onderstroom-teacher"
CHILD_KEYS = ("onderstroom-child-3-4", "onderstroom-child-5-8")
