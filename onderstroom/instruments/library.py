"""The instruments a school can use: the files features ship and the ones the school loaded itself.

A feature ships instrument files in a directory of its own and registers that directory once, from
its `panels.register()`:

    library.register_shipped(library.Shipped("climate.class", order=20, directory=Path(...)))

`sync_shipped_instruments()` (run after every migrate, and on first use) stores the current file of
every registered directory's instruments; a changed file becomes a new version, answers keep theirs.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Max

from onderstroom.core.registry import Registry
from onderstroom.instruments.engine import InstrumentDefinition, parse_instrument
from onderstroom.instruments.models import Instrument, InstrumentVersion


@dataclass(frozen=True)
class Shipped:
    """A directory of instrument files (*.yaml) that a feature ships with the app."""

    key: str
    order: int
    directory: Path


shipped = Registry[Shipped]()


def register_shipped(entry: Shipped) -> None:
    shipped.register(entry)


def shipped_files() -> list[Path]:
    """Every shipped instrument file, directory by directory in registry order."""
    return [path for entry in shipped.entries() for path in sorted(entry.directory.glob("*.yaml"))]


def content_hash(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def store_version(
    school_id: int | None, definition: InstrumentDefinition, source: str, loaded_by_id: int | None = None
) -> tuple[InstrumentVersion, bool]:
    """The stored version of this exact file, created when new: (version, created)."""
    with transaction.atomic():
        # school_id None (a shipped instrument) is an IS NULL lookup; the plugin only allows a key.
        instrument, _ = Instrument.across_schools.get_or_create(  # type: ignore[misc]
            school_id=school_id,
            key=definition.key,
            defaults={"respondent": definition.respondent, "subject": definition.subject},
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
    """Store the current file of every shipped instrument (a changed file becomes a new version).

    Two shipped files with the same key would overwrite each other's versions: that is refused.
    """
    versions = []
    seen: dict[str, Path] = {}
    for path in shipped_files():
        source = path.read_text(encoding="utf-8")
        definition = parse_instrument(source)
        if definition.key in seen:
            raise ValueError(f"{path} and {seen[definition.key]} both ship the instrument {definition.key}")
        seen[definition.key] = path
        version, _ = store_version(None, definition, source)
        versions.append(version)
    return versions


def current_versions(subject: str | None = None) -> list[InstrumentVersion]:
    """The newest version of every instrument the active school may use, shipped ones first.

    With a `subject`, only the instruments about that (a feature offers only its own kind of form).
    """
    if not InstrumentVersion.objects.filter(instrument__school__isnull=True).exists():
        sync_shipped_instruments()
    newest: dict[int, InstrumentVersion] = {}
    versions = InstrumentVersion.objects.select_related("instrument").order_by("instrument_id", "-number")
    if subject is not None:
        versions = versions.filter(instrument__subject=subject)
    for version in versions:
        newest.setdefault(version.instrument_id, version)
    return sorted(newest.values(), key=lambda v: (not v.instrument.shipped, v.instrument.key))
