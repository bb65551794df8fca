"""`manage.py backup` and `manage.py restore` round-trip the SQLite database and the photos."""

import os
import subprocess
import sys
import tarfile
from pathlib import Path

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
