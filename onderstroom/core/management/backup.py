"""Consistent backups of the database and the uploaded files, and their restore."""

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from onderstroom.audit import seal

ANCHORS = "audit-anchors"


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - a local file name


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def dump_database(target_dir: Path) -> Path:
    """Write a consistent copy of the database into target_dir; works while the app runs."""
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        target = target_dir / "database.sqlite3"
        source = sqlite3.connect(db["NAME"])
        destination = sqlite3.connect(target)
        with destination:
            source.backup(destination)
        source.close()
        destination.close()
        return target
    if connection.vendor == "postgresql":
        target = target_dir / "database.pgdump"
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", db["NAME"]],
            env=_pg_env(),
            check=True,
        )
        return target
    raise RuntimeError(f"Backups of {connection.vendor} databases are not supported.")


def restore_database(source: Path) -> None:
    db = settings.DATABASES["default"]
    connection.close()
    if source.name == "database.sqlite3":
        if connection.vendor != "sqlite":
            raise RuntimeError("This backup holds an SQLite database; the app is configured for PostgreSQL.")
        backup = sqlite3.connect(source)
        live = sqlite3.connect(db["NAME"])
        with live:
            backup.backup(live)
        backup.close()
        live.close()
        return
    if connection.vendor != "postgresql":
        raise RuntimeError("This backup holds a PostgreSQL dump; the app is configured for SQLite.")
    subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={db['NAME']}", str(source)],
        env=_pg_env(),
        check=True,
    )


def create_backup(output_dir: Path) -> Path:
    """One .tar.gz with the database, the photos and the audit anchors, owner-only from its first byte."""
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    archive = output_dir / f"onderstroom-{_stamp()}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        # Anchors first: the dump is then at least as new as every anchor, so a restore verifies.
        anchors = Path(work) / ANCHORS
        seal.copy_anchors(anchors)
        database = dump_database(Path(work))
        with (
            os.fdopen(os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file,
            tarfile.open(fileobj=file, mode="w:gz") as tar,
        ):
            tar.add(database, arcname=database.name)
            tar.add(anchors, arcname=ANCHORS)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="media")
    return archive


def restore_backup(archive: Path) -> None:
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(work, filter="data")
        database = next(p for p in Path(work).iterdir() if p.name.startswith("database."))
        restore_database(database)
        media = Path(work) / "media"
        if media.exists():
            target = Path(settings.MEDIA_ROOT)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(media, target)
        anchors = Path(work) / ANCHORS
        if anchors.exists():
            restore_anchors(anchors)


def restore_anchors(source: Path) -> None:
    """Put the backup's anchors in place; the current ones are kept aside, as evidence of what came after."""
    target = Path(settings.AUDIT_ANCHOR_DIR)
    if target.exists():
        target.rename(target.with_name(f"{target.name}.before-restore-{_stamp()}"))
    shutil.copytree(source, target)
