"""The audit log as evidence: keyed seals, anchors outside the database, and `manage.py verify_audit`.

Each tampering below is what someone with write access to the database (but not the key or the
anchor folder) could do; each is caught by the same check on the audit page and on the command line.
"""

import hashlib
import importlib
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from pytest_django.fixtures import Settings

from onderstroom.audit import log, seal
from onderstroom.audit.models import AuditChain, AuditEvent
from onderstroom.audit.verify import GLOBAL_CHAIN
from onderstroom.schools.access import AnonymousActor, SystemActor
from onderstroom.schools.models import Child
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db
reseal_migration = importlib.import_module("onderstroom.audit.migrations.0002_seal_with_key")

Committed = Callable[[], object]


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Callable) -> Callable[[Committed], None]:
    """Run a write as if its transaction committed, so that its anchor is appended."""

    def run(write: Committed) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            write()

    return run


@pytest.fixture
def chain(world: World, committed: Callable[[Committed], None]) -> list[AuditEvent]:
    """Six anchored rows in the school's chain, each about a child, written in three transactions."""
    actor = SystemActor(school=world.school, ip_address="192.0.2.1", name="test")
    committed(lambda: log.record(actor, "test.one", child=world.child))
    committed(lambda: log.record_reads(actor, "test.read", [world.child, world.other_child]))
    committed(lambda: log.record_reads(actor, "test.read", [world.child, world.other_child, world.child]))
    return list(AuditEvent.objects.filter(school=world.school).order_by("sequence"))


def rows(world: World) -> QuerySet[AuditEvent]:
    return AuditEvent.across_schools.filter(chain_key=str(world.school.uuid))


def run_command(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def test_an_untouched_chain_is_intact_and_anchored(world: World, chain: list[AuditEvent]) -> None:
    """Every row is sealed with the newest key and the anchor covers them all."""
    check = log.verify_chain(world.school)
    assert (check.intact, check.checked, check.anchored) == (True, 6, 6)
    assert {row.key_id for row in chain} == {"dev"}
    code, out, _err = run_command("--school", str(world.school.uuid))
    assert code == 0
    assert "intact" in out
    assert "6 rows, 6 anchored" in out


def test_all_chains_are_checked_including_the_global_one(world: World, chain: list[AuditEvent]) -> None:
    """Without --school the command checks the global chain and every school's."""
    log.record(AnonymousActor(ip_address="192.0.2.9"), "accounts.login.failed")
    code, out, _err = run_command()
    assert code == 0
    assert "global (no school): 1 rows" in out
    assert str(world.other_school.uuid) in out


def _other_child(world: World) -> None:
    rows(world).filter(sequence=2).update(child=world.other_child)


def _move_to_other_school(world: World) -> None:
    rows(world).filter(sequence=3).update(school=world.other_school)


def _other_actor(world: World) -> None:
    rows(world).filter(sequence=2).update(actor_user=world.teacher)


def _other_time(world: World) -> None:
    row = rows(world).get(sequence=2)
    rows(world).filter(sequence=2).update(created_at=row.created_at - timedelta(days=1))


def _rewrite_and_rehash_without_key(world: World) -> None:
    """Forge row 2 and re-chain every later row, as the plain SHA-256 chain allowed."""
    previous = rows(world).get(sequence=1).hash
    for row in rows(world).filter(sequence__gte=2).order_by("sequence"):
        row.action = "test.forged" if row.sequence == 2 else row.action
        row.previous_hash = previous
        row.hash = previous = hashlib.sha256(seal.payload(row).encode()).hexdigest()
        row.save()
    AuditChain.objects.filter(key=str(world.school.uuid)).update(last_hash=previous)


def _delete_the_tail(world: World) -> None:
    """Delete the last two rows and make the head in the database agree."""
    rows(world).filter(sequence__gte=5).delete()
    AuditChain.objects.filter(key=str(world.school.uuid)).update(
        length=4, last_hash=rows(world).get(sequence=4).hash
    )


def _delete_a_middle_row(world: World) -> None:
    rows(world).filter(sequence=3).delete()


def _delete_everything(world: World) -> None:
    rows(world).delete()
    AuditChain.objects.filter(key=str(world.school.uuid)).delete()


TAMPERING = [
    pytest.param(_other_child, 2, "child", id="child changed"),
    pytest.param(_move_to_other_school, 3, "seal", id="row moved to another school"),
    pytest.param(_other_actor, 2, "seal", id="actor changed"),
    pytest.param(_other_time, 2, "seal", id="time changed"),
    pytest.param(_rewrite_and_rehash_without_key, 2, "seal", id="row rewritten, rest rehashed"),
    pytest.param(_delete_the_tail, 5, "end", id="tail deleted"),
    pytest.param(_delete_a_middle_row, 3, "missing", id="middle row deleted"),
    pytest.param(_delete_everything, 1, "end", id="all rows and the head deleted"),
]


@pytest.mark.parametrize(("tamper", "sequence", "reason"), TAMPERING)
def test_tampering_is_caught_by_the_check(
    world: World, chain: list[AuditEvent], tamper: Callable[[World], None], sequence: int, reason: str
) -> None:
    """The check names the first row that does not fit and why."""
    tamper(world)
    check = log.verify_chain(world.school)
    assert (check.intact, check.broken_at, check.reason) == (False, sequence, reason)


@pytest.mark.parametrize(("tamper", "sequence", "reason"), TAMPERING)
def test_tampering_is_shown_on_the_audit_page(
    world: World, chain: list[AuditEvent], tamper: Callable[[World], None], sequence: int, reason: str
) -> None:
    """The school admin sees the broken chain, the row and the reason, in Dutch."""
    tamper(world)
    response = world.client_for(Persona.ADMIN).get(reverse("audit:log"))
    assert response.status_code == 200
    check = response.context["chain"].check
    assert (check.intact, check.broken_at, check.reason) == (False, sequence, reason)
    html = response.content.decode()
    assert "Keten verbroken" in html
    assert f"regel {sequence}:" in html


@pytest.mark.parametrize(("tamper", "sequence", "reason"), TAMPERING)
def test_tampering_fails_the_command(
    world: World, chain: list[AuditEvent], tamper: Callable[[World], None], sequence: int, reason: str
) -> None:
    """`verify_audit` exits 1 and names the first bad row's sequence and the reason."""
    tamper(world)
    code, _out, err = run_command("--school", world.school.brin)
    assert code == 1
    expected = log.verify_chain(world.school)
    assert f"BROKEN  {world.school.name}" in err
    assert f"sequence {sequence} " in err
    with translation.override("en"):
        assert expected.reason_text in err
    if expected.row_id is not None:
        assert f"row id {expected.row_id}" in err
    assert "1 of 1 audit chains are broken." in err


def test_a_row_moved_in_shows_in_the_other_schools_check(world: World, chain: list[AuditEvent]) -> None:
    """The school that received a moved row sees a foreign row in its log."""
    _move_to_other_school(world)
    moved = rows(world).get(sequence=3)
    check = log.verify_chain(world.other_school)
    assert (check.intact, check.row_id, check.reason) == (False, moved.pk, "foreign")


def test_a_row_moved_with_its_chain_key_breaks_both_chains(world: World, chain: list[AuditEvent]) -> None:
    """Moving a row and its chain key too: a gap here, an unsealed row there."""
    rows(world).filter(sequence=6).update(school=world.other_school, chain_key=str(world.other_school.uuid))
    assert log.verify_chain(world.school).reason == "end"
    assert log.verify_chain(world.other_school).reason == "missing"  # it arrives as row 6 of none


def test_the_global_chain_is_checked(world: World, committed: Callable[[Committed], None]) -> None:
    """Failed sign-ins have no school; deleting them is caught too."""
    for _ in range(3):
        committed(lambda: log.record(AnonymousActor(ip_address="192.0.2.9"), "accounts.login.failed"))
    assert log.verify_chain(None).intact
    global_rows = AuditEvent.across_schools.filter(chain_key=GLOBAL_CHAIN)
    last = global_rows.order_by("sequence").reverse()[0]
    last.delete()
    before = global_rows.get(sequence=last.sequence - 1)
    AuditChain.objects.filter(key=GLOBAL_CHAIN).update(length=before.sequence, last_hash=before.hash)
    code, _out, err = run_command()
    assert code == 1
    assert f"BROKEN  global (no school): sequence {last.sequence} (row gone)" in err


def test_a_row_moved_out_of_the_global_chain_is_caught(world: World) -> None:
    """A school row that names no school any more shows in the global log as foreign."""
    log.record(SystemActor(school=world.school, name="x"), "test.here")
    rows(world).update(school=None)
    assert log.verify_chain(None).reason == "foreign"


def test_a_forged_anchor_line_is_caught(world: World, chain: list[AuditEvent]) -> None:
    """Someone who can write the anchor file but lacks the key cannot move the head back."""
    path = seal.anchor_path(str(world.school.uuid))
    line = json.loads(path.read_text().splitlines()[-1])
    line.update(sequence=4, rows=4, mac=chain[3].hash)
    path.write_text(json.dumps(line) + "\n")
    assert log.verify_chain(world.school).reason == "anchor"


def test_an_older_head_never_follows_a_newer_one(world: World, chain: list[AuditEvent]) -> None:
    """An append that lost the race to a later transaction is skipped."""
    seal.append_anchor(str(world.school.uuid), seal.Anchor(2, 2, chain[1].hash))
    assert seal.read_anchor(str(world.school.uuid)) == seal.Anchor(6, 6, chain[5].hash)


def test_a_line_cut_short_by_a_crash_does_not_stop_anchoring(
    world: World, chain: list[AuditEvent], committed: Callable[[Committed], None]
) -> None:
    """The next append starts on a new line, and the chain verifies against it."""
    path = seal.anchor_path(str(world.school.uuid))
    with path.open("ab") as file:
        file.write(b'{"chain": "half a li')
    assert log.verify_chain(world.school).reason == "anchor"
    committed(lambda: log.record(SystemActor(school=world.school, name="x"), "test.after_crash"))
    assert path.read_text().splitlines()[-2] == '{"chain": "half a li'
    check = log.verify_chain(world.school)
    assert (check.intact, check.anchored) == (True, 7)


def test_a_rolled_back_write_leaves_no_anchor(world: World, committed: Callable[[Committed], None]) -> None:
    """The anchor is appended after commit, so a rollback cannot make it claim rows that never were."""

    def write_and_fail() -> None:
        with transaction.atomic():
            log.record(SystemActor(school=world.school, name="x"), "test.undone")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        committed(write_and_fail)
    assert seal.read_anchor(str(world.school.uuid)) is None
    assert log.verify_chain(world.school).intact


def test_erasing_a_child_keeps_the_chain_verifiable(world: World, chain: list[AuditEvent]) -> None:
    """The seal covers the child's uuid, which the rows keep; the link to the erased child goes."""
    child_uuid = world.child.uuid
    Child.across_schools.filter(pk=world.child.pk).delete()
    about_child = rows(world).filter(child_uuid=child_uuid)
    assert about_child.count() == 4
    assert not about_child.exclude(child=None).exists()
    assert log.verify_chain(world.school).intact


def test_a_removed_child_link_is_caught(world: World, chain: list[AuditEvent]) -> None:
    """Blanking the link of a child who is still there hides a name from the log: caught."""
    rows(world).filter(sequence=1).update(child=None)
    assert log.verify_chain(world.school).reason == "child"


def test_rotated_keys_keep_old_rows_verifiable(
    world: World, chain: list[AuditEvent], settings: Settings, committed: Callable
) -> None:
    """New rows use the newest key; rows sealed with an older key verify while it is kept."""
    settings.AUDIT_KEYS = [*settings.AUDIT_KEYS, ("2027", "n" * 40)]
    committed(lambda: log.record(SystemActor(school=world.school, name="x"), "test.after"))
    assert rows(world).get(sequence=7).key_id == "2027"
    assert log.verify_chain(world.school).intact
    settings.AUDIT_KEYS = [("2027", "n" * 40)]
    check = log.verify_chain(world.school)
    assert (check.intact, check.broken_at, check.reason) == (False, 1, "key")


def test_a_school_deleted_on_purpose_leaves_an_empty_anchored_chain(
    world: World, chain: list[AuditEvent], committed: Callable[[Committed], None]
) -> None:
    """Removing whole chains through the app records it in the anchor, so the check stays intact."""
    committed(lambda: log.delete_school_chains([world.school]))
    assert seal.read_anchor(str(world.school.uuid)) == seal.Anchor(0, 0, seal.GENESIS_HASH)
    check = log.verify_chain(world.school)
    assert (check.intact, check.checked) == (True, 0)


def test_the_migration_reseals_old_rows_and_anchors_them(
    world: World, committed: Callable[[Committed], None], capsys: pytest.CaptureFixture
) -> None:
    """Rows chained with plain SHA-256 are re-sealed with the key; a chain broken before is reported."""
    log.record_reads(SystemActor(school=world.school, name="x"), "test.read", [world.child] * 3)
    rows(world).update(key_id="", hash="0" * 64)  # as before the migration, and tampered with
    committed(lambda: reseal_migration.reseal(apps, None))
    assert f"Audit chain {world.school.uuid} did not verify" in capsys.readouterr().out
    check = log.verify_chain(world.school)
    assert (check.intact, check.checked, check.anchored) == (True, 3, 3)


def test_an_unknown_school_is_a_usage_error(world: World) -> None:
    """A typo in --school is not reported as a broken chain."""
    code, _out, err = run_command("--school", "ZZ99")
    assert code == 2
    assert "No school" in err


def test_concurrent_appends_keep_whole_lines_and_rising_sequences(settings: Settings, tmp_path: Path) -> None:
    """Several writers (threads here, processes or servers in production) take turns under the lock."""
    settings.AUDIT_ANCHOR_DIR = tmp_path

    def append(start: int) -> None:
        for sequence in range(start, 400, 8):
            seal.append_anchor("global", seal.Anchor(sequence, sequence, "a" * 64))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(append, range(1, 9)))
    sequences = [json.loads(line)["sequence"] for line in seal.anchor_path("global").read_text().splitlines()]
    assert sequences == sorted(set(sequences))
    assert sequences[-1] == 399
    assert seal.read_anchor("global") == seal.Anchor(399, 399, "a" * 64)


def test_the_anchor_file_only_grows(world: World, chain: list[AuditEvent]) -> None:
    """One line per committing transaction, appended; the earlier lines stay as they were."""
    path: Path = seal.anchor_path(str(world.school.uuid))
    lines = path.read_text().splitlines()
    assert [json.loads(line)["sequence"] for line in lines] == [1, 3, 6]


def test_a_write_locks_its_chain_with_one_read_and_a_new_school_gets_its_chain(
    world: World, chain: list[AuditEvent], committed: Callable[[Committed], None]
) -> None:
    """The chain's head is read once, locked, for every write after the first; the first write of
    a school with no chain yet makes it; both chains stay intact."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = SystemActor(school=world.school, ip_address="192.0.2.1", name="test")
    with CaptureQueriesContext(connection) as captured:
        committed(lambda: log.record_reads(actor, "test.read", [world.child, world.other_child]))
    heads = [q["sql"] for q in captured.captured_queries if '"audit_auditchain"' in q["sql"]]
    assert len([sql for sql in heads if sql.lstrip().upper().startswith("SELECT")]) == 1
    other = SystemActor(school=world.other_school, ip_address="192.0.2.1", name="test")
    AuditChain.objects.filter(key=str(world.other_school.uuid)).delete()
    AuditEvent.across_schools.filter(chain_key=str(world.other_school.uuid)).delete()
    committed(lambda: log.record(other, "test.one"))
    assert AuditChain.objects.get(key=str(world.other_school.uuid)).length == 1
    assert run_command()[0] == 0


def test_rows_written_in_one_statement_keep_every_column_as_given(
    world: World, committed: Callable[[Committed], None]
) -> None:
    """The rows go in through one INSERT of them all, not `bulk_create`: each column comes back as
    it was sealed (an IPv6 address, nested details, the child's uuid, the time to the microsecond)
    and the seals hold."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = SystemActor(school=world.school, ip_address="2001:db8::7", name="test")
    children = [world.child, world.other_child, world.child]
    with CaptureQueriesContext(connection) as captured:
        committed(
            lambda: log.record_many(
                actor, "test.many", children=children, obj=world.group, details={"n": [1, "twee"], "ok": True}
            )
        )
    inserts = event_inserts(captured)
    assert len(inserts) == 1
    if connection.vendor == "postgresql":  # the shared values once, each row's own ones in arrays
        assert inserts[0].count("test.many") == 1
        assert "unnest(" in inserts[0]
    else:
        assert inserts[0].count("test.many") == len(children)  # one VALUES list holds every row
    written = list(rows(world).filter(action="test.many").order_by("sequence"))
    assert [row.child_uuid for row in written] == [child.uuid for child in children]
    assert [row.child_id for row in written] == [child.pk for child in children]
    first = written[0]
    assert first.ip_address == "2001:db8::7"
    assert first.details == {"n": [1, "twee"], "ok": True}
    assert (first.object_type, first.object_uuid) == ("schools.group", str(world.group.uuid))
    assert first.created_at.microsecond == written[-1].created_at.microsecond
    assert all(seal.is_sealed(row, row.hash) for row in written)
    assert [row.previous_hash for row in written[1:]] == [row.hash for row in written[:-1]]
    assert run_command()[0] == 0


def test_more_rows_than_one_values_list_may_hold_stay_one_chain(
    world: World, committed: Callable[[Committed], None]
) -> None:
    """Past the database's number of parameters (18 per row in a VALUES list) SQLite's rows are
    split over several INSERTs; PostgreSQL's arrays hold them all in one. The chain is as if they
    went in at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = SystemActor(school=world.school, ip_address="192.0.2.1", name="test")
    fields = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
    limit = connection.features.max_query_params or 65535
    fits = min(connection.ops.bulk_batch_size(fields, [world.child] * 100_000), limit // len(fields))
    children = [world.child, world.other_child] * (fits // 2 + 1)  # one row more than one INSERT holds
    with CaptureQueriesContext(connection) as captured:
        committed(lambda: log.record_reads(actor, "test.many", children))
    assert len(event_inserts(captured)) == (1 if connection.vendor == "postgresql" else 2)
    written = list(rows(world).filter(action="test.many").order_by("sequence"))
    assert [row.child_uuid for row in written] == [child.uuid for child in children]
    assert run_command()[0] == 0


def event_inserts(captured) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        q["sql"] for q in captured.captured_queries if q["sql"].startswith('INSERT INTO "audit_auditevent"')
    ]


def test_each_index_of_the_log_serves_a_read_and_none_is_paid_for_twice() -> None:
    """Every audit row pays for every index on insert (a class overview writes one per child): the
    chain's order, a school's log by time, a child's rows, a staff member's rows, the last chain check.
    Not the school alone (the school-and-time index begins with it), nor the time alone, nor the link
    to the child (its rows are found by the uuid)."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, AuditEvent._meta.db_table)
    indexed = {
        tuple(found["columns"]) for found in constraints.values() if found["index"] or found["unique"]
    } - {("id",)}
    assert indexed == {
        ("chain_key", "sequence"),
        ("school_id", "created_at"),
        ("child_uuid",),
        ("actor_user_id",),
        ("action",),
    }
