"""The climate instruments: shipped in `instruments/` beside this module, stored by the instrument engine.

`panels.register()` registers the directory with `onderstroom.instruments.library`; a moment or a
round keeps the version it was planned with, so a changed file never changes answers given on it.
"""

from collections.abc import Iterable
from pathlib import Path

from onderstroom.instruments import library
from onderstroom.instruments.engine import SUBJECT_SCHOOL
from onderstroom.instruments.models import InstrumentVersion

SHIPPED = library.Shipped("climate", order=30, directory=Path(__file__).resolve().parent / "instruments")
CLASS_YOUNG = "onderstroom-class-climate-3-4"
CLASS_OLDER = "onderstroom-class-climate-5-8"
PRACTICE = "onderstroom-class-practice"
SCHOOL_STAFF = "onderstroom-school-climate-staff"
SCHOOL_CHILD = "onderstroom-school-climate-5-8"


def version(key: str) -> InstrumentVersion:
    """The newest stored version of one of our shipped instruments (stored first when needed)."""
    found = _newest(key)
    if found is None:
        library.sync_shipped_instruments()
        found = _newest(key)
    if found is None:
        raise LookupError(f"the shipped instrument {key} is missing")
    return found


def _newest(key: str) -> InstrumentVersion | None:
    return (
        InstrumentVersion.objects.filter(instrument__school__isnull=True, instrument__key=key)
        .order_by("-number")
        .first()
    )


def versions_by_id(ids: Iterable[int]) -> dict[int, InstrumentVersion]:
    """The versions of a moment or a round, in one query."""
    return InstrumentVersion.objects.in_bulk(list(ids))


def school_forms(respondent: str) -> list[InstrumentVersion]:
    """The school-climate forms the active school may use for `respondent` (staff or child): ours and
    any standardised one the school loaded under its licence, ours first."""
    return [
        v for v in library.current_versions(subject=SUBJECT_SCHOOL) if v.instrument.respondent == respondent
    ]
