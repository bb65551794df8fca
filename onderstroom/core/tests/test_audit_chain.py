"""The audit writer: one row per event, never content, chained so tampering shows."""

import itertools

import pytest

from onderstroom.audit import log
from onderstroom.audit.models import AuditEvent
from onderstroom.schools.access import SystemActor
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


def actor(world: World) -> SystemActor:
    return SystemActor(school=world.school, ip_address="192.0.2.1", name="test")


def test_rows_are_chained_in_order(world: World) -> None:
    log.record(actor(world), "test.first", child=world.child)
    log.record_reads(actor(world), "test.read", [world.child, world.other_child])
    rows = list(AuditEvent.objects.filter(chain_key=str(world.school.uuid)).order_by("sequence"))
    assert [r.sequence for r in rows] == list(range(1, len(rows) + 1))
    assert all(later.previous_hash == earlier.hash for earlier, later in itertools.pairwise(rows))
    assert log.verify_chain(world.school).intact


def test_changing_a_row_breaks_the_chain_from_that_row(world: World) -> None:
    for i in range(5):
        log.record(actor(world), f"test.event{i}")
    AuditEvent.objects.filter(chain_key=str(world.school.uuid), sequence=3).update(action="test.forged")
    check = log.verify_chain(world.school)
    assert not check.intact
    assert check.broken_at == 3


def test_deleting_the_last_row_is_noticed(world: World) -> None:
    for i in range(3):
        log.record(actor(world), f"test.event{i}")
    AuditEvent.objects.filter(chain_key=str(world.school.uuid), sequence=3).delete()
    assert not log.verify_chain(world.school).intact


@pytest.mark.all_schools  # reads the other school's chain
def test_schools_have_separate_chains(world: World) -> None:
    log.record(actor(world), "test.here")
    log.record(SystemActor(school=world.other_school, name="x"), "test.there")
    assert log.verify_chain(world.school).intact
    assert log.verify_chain(world.other_school).intact
    assert AuditEvent.objects.get(action="test.there").sequence == 1


def test_reading_a_child_page_is_audited_with_who_and_where(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    response = client.get(f"/children/{world.child.uuid}/", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="child.view")
    assert (event.actor_user_id, event.child_id, event.ip_address) == (
        world.teacher.pk,
        world.child.pk,
        "198.51.100.7",
    )
    assert event.school_id == world.school.pk


def test_a_refused_read_writes_no_read_row(world: World) -> None:
    client = world.client_for(Persona.OTHER_TEACHER)
    assert client.get(f"/children/{world.child.uuid}/").status_code == 404
    assert not AuditEvent.objects.filter(action="child.view").exists()
