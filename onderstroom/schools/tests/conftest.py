"""Helpers for the school tests: actors for service calls and photos on a temporary disk."""

from pathlib import Path

import pytest

from onderstroom.schools.access import StaffActor, build_staff_actor
from onderstroom.testing.world import World


def actor_for(user, ip: str = "192.0.2.10") -> StaffActor:  # type: ignore[no-untyped-def]
    """The actor a request of this user would get (their first school)."""
    return build_staff_actor(user, ip, None)


def join(admin: StaffActor, user, roles: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Add someone who already has an account: the admin invites, the person accepts."""
    from onderstroom.schools import services
    from onderstroom.schools.models import StaffInvitation

    services.add_staff(admin, full_name=str(user), email=user.email, roles=roles)
    invitation = StaffInvitation.across_schools.get(school=admin.school, user=user)
    services.answer_invitation(actor_for(user), invitation.uuid, accept=True)


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
