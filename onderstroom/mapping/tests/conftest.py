from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from onderstroom.mapping.models import MappingRound
from onderstroom.mapping.tests.helpers import world_round
from onderstroom.testing.world import World


@pytest.fixture
def mapping_round(world: World) -> MappingRound:
    return world_round(world)


@pytest.fixture
def travel(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], date]:
    """Move today (the school's date) a number of days ahead; returns the new day."""
    real = timezone.localdate

    def go(days: int) -> date:
        day = real() + timedelta(days=days)

        def fake(value: object = None, timezone: object = None) -> date:
            return day if value is None else real(value, timezone)  # type: ignore[arg-type]

        monkeypatch.setattr("django.utils.timezone.localdate", fake)
        return day

    return go
