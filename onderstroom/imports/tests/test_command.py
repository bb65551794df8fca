"""The import_pupils command: the same reading and checks as the screens, from a file or a directory."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from onderstroom.audit.models import AuditEvent
from onderstroom.imports.models import ImportJob
from onderstroom.imports.tests.conftest import HEADER, YEAR, csv_bytes, pupil, school_state, xlsx_bytes
from onderstroom.imports.tests.test_oneroster import oneroster_set
from onderstroom.schools.models import Child, Group
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_pupils", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_file_is_imported_and_audited_as_the_system(world: World, tmp_path: Path) -> None:
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(csv_bytes([HEADER, pupil(1), pupil(2, "Groep 6")]))
    out, _err = run(str(path), "--school", world.school.brin.lower())
    assert (
        f"Schooljaar {YEAR} - nieuwe leerlingen: 2, gewijzigd: 0, ongewijzigd: 0, nieuwe groepen: 2," in out
    )
    assert "De import is klaar." in out
    assert Child.objects.filter(school=world.school, external_id__in=["1001", "1002"]).count() == 2
    summary = AuditEvent.objects.get(action="imports.job.apply")
    assert (summary.actor_kind, summary.actor_label, summary.school_id) == (
        "system",
        "import_pupils",
        world.school.pk,
    )
    assert AuditEvent.objects.filter(action="imports.child.import").count() == 2
    job = ImportJob.objects.get()
    assert (job.status, job.content, job.created_by) == (ImportJob.Status.APPLIED, None, None)


def test_a_dry_run_writes_nothing(world: World, tmp_path: Path) -> None:
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(csv_bytes([HEADER, pupil(1)]))
    before = school_state(world)
    out, _err = run(str(path), "--school", world.school.brin, "--dry-run")
    assert "nieuwe leerlingen: 1," in out
    assert "Proefdraai: er is niets opgeslagen." in out
    assert school_state(world) == before
    assert not ImportJob.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="imports.").exists()


def test_errors_are_listed_and_nothing_is_written(world: World, tmp_path: Path) -> None:
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(csv_bytes([HEADER, pupil(1), pupil(2, Geboortedatum="31-02-2015")]))
    before = school_state(world)
    err = io.StringIO()
    with pytest.raises(CommandError, match="Er is niets geïmporteerd: het bestand bevat 1 fout"):
        call_command(
            "import_pupils", str(path), "--school", world.school.brin, stderr=err, stdout=io.StringIO()
        )
    assert "Regel 3: de geboortedatum" in err.getvalue()
    assert school_state(world) == before
    assert not ImportJob.objects.exists()


def test_messages_in_english(world: World, tmp_path: Path) -> None:
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(csv_bytes([HEADER, pupil(1, Geboortedatum="31-02-2015")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_pupils",
            str(path),
            "--school",
            world.school.brin,
            "--language",
            "en",
            stderr=err,
            stdout=io.StringIO(),
        )
    assert "Line 2: the date of birth \u201831-02-2015\u2019 does not exist." in err.getvalue()


def test_a_oneroster_directory_is_imported(world: World, tmp_path: Path) -> None:
    for name, content in oneroster_set(world).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    out, _err = run(str(tmp_path), "--school", world.school.brin)
    assert "nieuwe leerlingen: 3," in out
    assert "nieuw@example.org" in out  # the unknown teacher, as a warning
    assert Group.objects.filter(school=world.school, external_id="c1").exists()


def test_a_directory_with_other_files_is_refused(world: World, tmp_path: Path) -> None:
    for name, content in oneroster_set(world).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "notities.txt").write_text("geheim")
    with pytest.raises(CommandError, match=r"notities\.txt"):
        run(str(tmp_path), "--school", world.school.brin)


def test_the_school_year_can_be_chosen(world: World, tmp_path: Path) -> None:
    path = tmp_path / "leerlingen.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, pupil(1)]))
    run(str(path), "--school", world.school.brin, "--year", "2030-2031")
    assert Group.objects.get(school=world.school, name="Groep 5").school_year.name == "2030-2031"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--school", "00XX"], "Er is geen school met BRIN-code 00XX."),
        (["--school", "{brin}", "--year", "2030"], "Kies een schooljaar zoals 2026-2027."),
    ],
)
def test_wrong_arguments_are_clear_errors(
    args: list[str], message: str, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(csv_bytes([HEADER, pupil(1)]))
    with pytest.raises(CommandError, match=message):
        run(str(path), *(arg.format(brin=world.school.brin) for arg in args))


def test_a_missing_path_is_a_clear_error(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is geen bestand en geen map"):
        run(str(tmp_path / "weg.csv"), "--school", world.school.brin)
