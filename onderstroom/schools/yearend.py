"""What a feature closes when a school year ends, without the kernel knowing the feature.

A feature registers a `YearClose` in the `register()` of its `panels.py` (onderstroom.core.registry):

    from onderstroom.schools import yearend
    yearend.closers.register(yearend.YearClose("bankingtime.plans", order=30, label=..., close=close_plans))

`close(year, day, dry_run)` finds what of the school year `year` is still open on `day` (a moment
that still takes answers, a class session, a running plan), closes it unless `dry_run`, and returns
how many there are. Closing never deletes: a closed moment keeps its answers, a stopped plan its
sessions. The rollover (`schools.services.start_new_year`) calls every closer in its transaction;
its preview calls them with `dry_run=True`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise

from onderstroom.core.registry import Registry
from onderstroom.schools.models import SchoolYear

Close = Callable[[SchoolYear, date, bool], int]


@dataclass(frozen=True)
class YearClose:
    key: str
    order: int
    label: Promise  # what it closes, for the preview: "Open class sessions"
    close: Close


closers = Registry[YearClose]()


def close_all(year: SchoolYear, day: date, *, dry_run: bool) -> list[tuple[YearClose, int]]:
    """Every closer with how many things of `year` it closes (or would close)."""
    return [(closer, closer.close(year, day, dry_run)) for closer in closers.entries()]
