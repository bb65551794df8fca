"""`manage.py backup` and `manage.py restore` round-trip the database (SQLite, and PostgreSQL when a
scratch database is named) and the photos."""

import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from onderstroom.core.management import backup

ROOT = Path(__file__).resolve().parents[3]


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, input=stdin
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    skip = ("ONDERSTROOM_", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(
        {"ONDERSTROOM_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "onderstroom.settings"}
    )
    manage(env, "migrate", "--noinput")
    create = "from onderstroom.schools.models import Board; Board.objects.create(name='Voor de back-up')"
    manage(env, "shell", "-c", create)
    audit = "from onderstroom.audit import log; from onderstroom.schools.access import SystemActor; "
    manage(env, "shell", "-c", audit + "log.record(SystemActor(), 'test.before_backup')")
    photo = tmp_path / "data" / "media" / "photos" / "kind.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"jpeg bytes")

    archive = Path(manage(env, "backup", "--output", str(tmp_path / "backups")).strip())
    assert archive.is_file()
    assert oct(archive.stat().st_mode)[-3:] == "600"
    with tarfile.open(archive) as tar:
        assert "audit-anchors/global.jsonl" in tar.getnames()
    manage(env, "shell", "-c", audit + "log.record(SystemActor(), 'test.after_backup')")

    boards = "from onderstroom.schools.models import Board; "
    change = boards + "Board.objects.all().delete(); Board.objects.create(name='Na')"
    manage(env, "shell", "-c", change)
    photo.unlink()

    manage(env, "restore", str(archive), "--yes")
    names = manage(
        env,
        "shell",
        "-c",
        boards + "print(list(Board.objects.values_list('name', flat=True)))",
    )
    assert names.strip().splitlines()[-1] == "['Voor de back-up']"
    assert photo.read_bytes() == b"jpeg bytes"
    # The restored log verifies against the restored anchors; the newer anchors are kept aside.
    assert "global (no school): 1 rows, 1 anchored" in manage(env, "verify_audit")
    assert len(list((tmp_path / "data").glob("audit-anchors.before-restore-*/global.jsonl"))) == 1


def test_restore_refuses_a_missing_file(tmp_path: Path) -> None:
    env = {**os.environ, "ONDERSTROOM_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "nope.tar.gz"), "--yes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "No such backup" in result.stderr


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The loosest usual umask: whatever is created is world-readable unless created otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_archive_is_owner_only_while_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_umask: None
) -> None:
    """Nobody else can open the archive while it is being written, not only once it is done."""

    def dump(target_dir: Path) -> Path:
        target = target_dir / "database.sqlite3"
        target.write_bytes(b"rows")
        return target

    seen: list[int] = []
    add = tarfile.TarFile.add

    def watching_add(self: tarfile.TarFile, name: str, *args: object, **kwargs: object) -> None:
        seen.extend(mode(path) for path in (tmp_path / "backups").iterdir())
        add(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backup, "dump_database", dump)
    monkeypatch.setattr(tarfile.TarFile, "add", watching_add)
    archive = backup.create_backup(tmp_path / "backups")
    assert set(seen) == {0o600}  # two adds: the database and the media folder
    assert mode(archive) == 0o600
    assert mode(tmp_path / "backups") == 0o700


def test_uploaded_photos_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    storage = FileSystemStorage(location=tmp_path / "media")
    name = storage.save("photos/kind.jpg", ContentFile(b"jpeg bytes"))
    assert mode(tmp_path / "media" / name) == 0o600
    assert mode(tmp_path / "media" / "photos") == 0o700


def test_the_sqlite_database_is_owner_only_from_the_start(tmp_path: Path) -> None:
    skip = ("ONDERSTROOM_", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(
        {"ONDERSTROOM_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "onderstroom.settings"}
    )
    result = subprocess.run(
        ["/bin/sh", "-c", f"umask 022 && {sys.executable} manage.py migrate --noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert mode(tmp_path / "data") == 0o700
    for database in (tmp_path / "data").glob("onderstroom.sqlite3*"):
        assert mode(database) == 0o600, database


def test_make_backup_and_make_restore_run_the_commands() -> None:
    """The Makefile's backup and restore targets are not empty: they call the management commands."""
    result = subprocess.run(
        ["make", "-n", "backup", "restore", "BACKUP_DIR=/srv/backups", "ARCHIVE=/srv/backups/a.tar.gz"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert 'manage.py backup --output "/srv/backups"' in result.stdout
    assert 'manage.py restore "/srv/backups/a.tar.gz"' in result.stdout


# --- every table, every row ----------------------------------------------------------------------

SNAPSHOT = """
import json
from django.apps import apps
from django.db import connection

def cell(value):
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return repr(value)

with connection.cursor() as cursor:
    tables = sorted(connection.introspection.table_names(cursor))
    missing = {m._meta.db_table for m in apps.get_models(include_auto_created=True)} - set(tables)
    assert not missing, missing
    snapshot = {}
    for table in tables:
        name = connection.ops.quote_name(table)
        cursor.execute(f"SELECT * FROM {name}")
        width = len(cursor.description)
        order = ", ".join(str(k + 1) for k in range(width))
        cursor.execute(f"SELECT * FROM {name} ORDER BY {order}")
        snapshot[table] = [[cell(v) for v in row] for row in cursor.fetchall()]
open(OUT, "w").write(json.dumps(snapshot))
"""

CHANGE = """
from onderstroom.tenancy import all_schools
from onderstroom.audit import log
from onderstroom.schools.access import SystemActor
from onderstroom.schools.models import Board, Child
from onderstroom.questionnaires.models import Answer, Response
with all_schools():
    first = list(Child.objects.values_list("pk", flat=True)[:5])
    Child.objects.filter(pk__in=first).update(first_name="Anders")
    Answer.objects.filter(pk__in=list(Answer.objects.values_list("pk", flat=True)[:50])).delete()
    Response.objects.filter(pk__in=list(Response.objects.values_list("pk", flat=True)[:3])).delete()
    Board.objects.create(name="Na de back-up")
    log.record(SystemActor(), "test.after_backup")
"""


def snapshot(env: dict[str, str], out: Path) -> dict[str, list[list[str]]]:
    manage(env, "shell", "-c", f"OUT = {str(out)!r}\n" + SNAPSHOT)
    return json.loads(out.read_text())


def round_trip_every_table(env: dict[str, str], tmp_path: Path) -> None:
    """Backup, change, restore: every table holds exactly the rows it held at backup time."""
    manage(env, "migrate", "--noinput")
    manage(env, "demo_data")
    photo = tmp_path / "data" / "media" / "photos" / "kind.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"jpeg bytes")
    before = snapshot(env, tmp_path / "before.json")
    # The demo fills every part of the app: most tables have rows to compare.
    filled = [table for table, rows in before.items() if rows]
    assert len(filled) >= 30, sorted(filled)
    assert len(before["questionnaires_answer"]) > 100
    archive = Path(manage(env, "backup", "--output", str(tmp_path / "backups")).strip())
    assert snapshot(env, tmp_path / "same.json") == before  # making a backup changes nothing

    manage(env, "shell", "-c", CHANGE)
    photo.write_bytes(b"other bytes")
    changed = snapshot(env, tmp_path / "changed.json")
    assert changed != before
    assert len(changed["questionnaires_answer"]) < len(before["questionnaires_answer"])
    assert len(changed["schools_board"]) == len(before["schools_board"]) + 1

    manage(env, "restore", str(archive), "--yes")
    after = snapshot(env, tmp_path / "after.json")
    assert sorted(after) == sorted(before)
    for table in before:
        assert after[table] == before[table], table
    assert photo.read_bytes() == b"jpeg bytes"
    assert manage(env, "verify_audit")  # exit code 0: every chain verifies against the restored anchors


def clean_env(tmp_path: Path) -> dict[str, str]:
    skip = ("ONDERSTROOM_", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(
        {"ONDERSTROOM_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "onderstroom.settings"}
    )
    return env


def test_restore_gives_back_every_row_of_every_table_on_sqlite(tmp_path: Path) -> None:
    round_trip_every_table(clean_env(tmp_path), tmp_path)


SCRATCH = "ONDERSTROOM_BACKUP_TEST_DATABASE_URL"


@pytest.mark.skipif(
    not os.environ.get(SCRATCH, "").startswith("postgres"),
    reason=f"{SCRATCH} names a scratch PostgreSQL database that the test may empty and refill",
)
def test_restore_gives_back_every_row_of_every_table_on_postgresql(tmp_path: Path) -> None:
    """`backup` runs pg_dump, `restore` pg_restore --clean: run against a scratch database only."""
    env = clean_env(tmp_path)
    env["DATABASE_URL"] = os.environ[SCRATCH]
    subprocess.run(  # start from an empty schema, as a fresh installation would
        ["psql", env["DATABASE_URL"], "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
        check=True,
        capture_output=True,
    )
    round_trip_every_table(env, tmp_path)
