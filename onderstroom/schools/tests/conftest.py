"""Helpers for the school tests: actors for service calls and photos on a temporary disk."""

from pathlib import Path

import pytest

from onderstroom.schools.access import StaffActor, build_staff_actor
from onderstroom.testing.world import World


def actor_for(user, ip: str = "192.0.2.10") -> StaffActor:  # type: ignore[no-untyped-def]
    """The actor a request of this user would get (their first school)."""
    return build_staff_actor(user, ip, None)


@pytest.fixture
def admin(world: World) -> StaffActor:
    return actor_for(world.admin)


@pytest.fixture
def other_admin(world: World) -> StaffActor:
    """The school admin of the school outside the board (world.outsider)."""
    return actor_for(world.outsider)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """Uploaded files go to a temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
