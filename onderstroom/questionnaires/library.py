"""The instruments a school can use: the shipped files and the ones the school loaded itself."""

import hashlib
from pathlib import Path

from django.db import transaction
from django.db.models import Max

from onderstroom.questionnaires.engine import InstrumentDefinition, parse_instrument
from onderstroom.questionnaires.models import Instrument, InstrumentVersion

SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"
TEACHER_KEY = "onderstroom-teacher"
CHILD_KEYS = ("onderstroom-child-3-4", "onderstroom-child-5-8")


def content_hash(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def store_version(
    school_id: int | None, definition: InstrumentDefinition, source: str, loaded_by_id: int | None = None
) -> tuple[InstrumentVersion, bool]:
    """The stored version of this exact file, created when new: (version, created)."""
    with transaction.atomic():
        # school_id None (a shipped instrument) is an IS NULL lookup; the plugin only allows a key.
        instrument, _ = Instrument.across_schools.get_or_create(  # type: ignore[misc]
            school_id=school_id, key=definition.key, defaults={"respondent": definition.respondent}
        )
        digest = content_hash(source)
        existing = InstrumentVersion.across_schools.filter(instrument=instrument, sha256=digest).first()
        if existing is not None:
            return existing, False
        last = instrument.versions.aggregate(last=Max("number"))["last"] or 0
        version = InstrumentVersion.across_schools.create(
            instrument=instrument,
            number=last + 1,
            label=definition.version[:40],
            sha256=digest,
            source=source,
            definition=definition.to_json(),
            loaded_by_id=loaded_by_id,
        )
        return version, True


def sync_shipped_instruments() -> list[InstrumentVersion]:
    """Store the current file of every shipped instrument (a changed file becomes a new version)."""
    versions = []
    for path in sorted(SHIPPED_DIR.glob("*.yaml")):
        source = path.read_text(encoding="utf-8")
        version, _ = store_version(None, parse_instrument(source), source)
        versions.append(version)
    return versions


def current_versions() -> list[InstrumentVersion]:
    """The newest version of every instrument the active school may use, shipped ones first."""
    if not InstrumentVersion.objects.filter(instrument__school__isnull=True).exists():
        sync_shipped_instruments()
    newest: dict[int, InstrumentVersion] = {}
    for version in InstrumentVersion.objects.select_related("instrument").order_by(
        "instrument_id", "-number"
    ):
        newest.setdefault(version.instrument_id, version)
    return sorted(newest.values(), key=lambda v: (not v.instrument.shipped, v.instrument.key))
