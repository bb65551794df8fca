"""Erasure (AVG art. 17): recorded with a reason, confirmed, carried out everywhere in one transaction."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from onderstroom.audit.models import AuditEvent
from onderstroom.audit.verify import verify_chain
from onderstroom.bankingtime.models import Plan
from onderstroom.constellations.models import Constellation, Event, Figure, Note
from onderstroom.core import childdata
from onderstroom.imports import services as import_services
from onderstroom.interactions.models import InteractionEvent
from onderstroom.privacy.models import ErasureRequest
from onderstroom.privacy.tests.helpers import FIRST, NUMBER, SURNAME, rich_child
from onderstroom.questionnaires.models import Answer, Response
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import build_staff_actor
from onderstroom.schools.models import Child
from onderstroom.sociogram.models import PeerNomination, PeerRating, PeerResponse, Question, RosterEntry
from onderstroom.tenancy import all_schools
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.all_schools  # the scan reads every table, whatever school its rows belong to


def tables_holding(*needles: str) -> dict[str, list[str]]:
    """Every table and column whose text holds one of the needles (every column, cast to text)."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                column.name for column in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                quoted_table, quoted = connection.ops.quote_name(table), connection.ops.quote_name(column)
                for needle in needles:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quoted_table} WHERE LOWER(CAST({quoted} AS TEXT)) LIKE %s",
                        [f"%{needle.lower()}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.setdefault(f"{table}.{column}", []).append(needle)
    return found


def _erase(world: World, child: Child) -> ErasureRequest:
    admin = world.client_for(Persona.ADMIN)
    created = admin.post(reverse("privacy:erasure_new"), {"child": child.uuid, "reason": "parent"})
    assert created.status_code == 302
    request = ErasureRequest.objects.get(child_uuid=child.uuid)
    page = admin.get(reverse("privacy:erasure", args=[request.uuid]))
    assert FIRST in page.content.decode()
    # Without the confirmation box ticked nothing happens.
    assert admin.post(reverse("privacy:erasure", args=[request.uuid]), {}).status_code == 400
    assert Child.objects.filter(pk=child.pk).exists()
    done = admin.post(reverse("privacy:erasure", args=[request.uuid]), {"confirm": "on"})
    assert done.status_code == 302
    request.refresh_from_db()
    return request


def test_erasure_leaves_no_name_number_or_answers_and_others_stay_valid(world: World) -> None:
    rich = rich_child(world)
    child, classmate = rich.child, rich.classmate
    assert tables_holding(FIRST, SURNAME, NUMBER)  # the scan finds them before
    answers = list(Answer.objects.filter(response__child=child).values_list("pk", flat=True))
    peer_answers = list(PeerResponse.objects.filter(child=child).values_list("pk", flat=True))
    assert answers
    assert peer_answers
    classmate_response = PeerResponse.objects.get(child=classmate, survey__uuid=rich.survey_uuid)
    audit_rows = AuditEvent.objects.filter(child_uuid=child.uuid).count()

    request = _erase(world, child)

    assert request.is_done
    assert request.child is None
    assert request.child_uuid == child.uuid
    # No table holds the child's name, pupil number or answers.
    assert tables_holding(FIRST, SURNAME, NUMBER) == {}
    assert not Child.objects.filter(uuid=child.uuid).exists()
    assert not Answer.objects.filter(pk__in=answers).exists()
    assert not Response.objects.filter(child_id=child.pk).exists()
    assert not PeerResponse.objects.filter(pk__in=peer_answers).exists()
    assert not PeerNomination.objects.filter(nominee_id=child.pk).exists()
    assert not PeerRating.objects.filter(ratee_id=child.pk).exists()
    assert not Plan.objects.filter(child_id=child.pk).exists()
    assert not Constellation.objects.filter(child_id=child.pk).exists()

    # The co-nominee's record stays valid: their answer, their other nomination, their place on the roster.
    classmate_response.refresh_from_db()
    assert classmate_response.finished_at is not None
    kept = list(PeerNomination.objects.filter(response=classmate_response).values_list("question", "nominee"))
    assert kept == [(Question.PLAY, rich.others[0].pk)]
    assert RosterEntry.objects.filter(child=classmate).count() == 2
    # Ratings between the two were the erased child's side both ways; the classmate's answers stay.
    assert PeerResponse.objects.filter(child=classmate).count() == 2
    assert not PeerRating.objects.filter(ratee=classmate).exists()
    # The class constellation stays: the classmate's figure and step, the child's figure without name.
    board = rich.class_board
    assert board.figures.filter(child=classmate).exists()
    assert Event.objects.filter(constellation=board, by_child=classmate).count() == 1
    anonymous = Figure.objects.get(constellation=board, kind=Figure.Kind.OTHER, label="—")
    assert anonymous.events.count() == 1
    assert list(Note.objects.filter(constellation=board).values_list("text", flat=True)) == ["Rustige ronde."]
    # The teacher's own records about others stay.
    assert Entry.objects.filter(pk=rich.classmate_entry.pk).exists()
    assert InteractionEvent.objects.filter(child=classmate).count() == 1
    assert InteractionEvent.objects.filter(child=None, kind="").count() == 1  # the child's tap, wiped

    # The audit rows stay, without a link, and every chain still verifies.
    assert (
        AuditEvent.objects.filter(child_uuid=child.uuid).count() == audit_rows + 2
    )  # + the request and its confirmation
    assert not AuditEvent.objects.filter(child_uuid=child.uuid).exclude(child=None).exists()
    assert AuditEvent.objects.filter(action="privacy.erasure.done").count() == 1
    assert verify_chain(world.school).intact
    out = io.StringIO()
    call_command("verify_audit", stdout=out, stderr=io.StringIO())
    assert "BROKEN" not in out.getvalue()

    # The page lists what remains.
    page = (
        world.client_for(Persona.ADMIN).get(reverse("privacy:erasure", args=[request.uuid])).content.decode()
    )
    assert FIRST not in page
    assert "anonymised aggregate counts" in page or "geanonimiseerde" in page
    assert len(request.remains) >= 2


def test_a_later_import_of_the_same_pupil_number_does_not_bring_the_data_back(world: World) -> None:
    rich = rich_child(world)
    old_uuid = rich.child.uuid
    _erase(world, rich.child)
    actor = build_staff_actor(world.admin, "127.0.0.1", world.school.pk)
    content = (
        f"Leerlingnummer;Roepnaam;Achternaam;Groep;Leerjaar\r\n{NUMBER};{FIRST};{SURNAME};Groep 4/5/6;5\r\n"
    )
    job = import_services.start_import(
        actor,
        content=content.encode(),
        filename="leerlingen.csv",
        year_name=import_services.current_year_name(),
    )
    import_services.apply_import(actor, job)
    again = Child.objects.get(external_id=NUMBER)
    assert again.uuid != old_uuid
    tables = {table.key: table for _, found in childdata.export_child(again) for table in found}
    kept_empty = {key for key, table in tables.items() if table.rows}
    # Only the new record itself, its group and the audit row of the import: nothing of before.
    assert kept_empty == {"schools.child", "schools.enrollments", "audit.history"}
    assert len(tables["audit.history"].rows) == 1
    with all_schools():
        assert not AuditEvent.objects.filter(child_uuid=old_uuid).exclude(child=None).exists()


def test_erasure_is_one_transaction(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing app leaves everything as it was: nothing half-erased."""
    rich = rich_child(world)
    entry = childdata.registry.get("reflection.entries")
    assert entry is not None

    def broken(child: Child) -> childdata.Erased:
        raise RuntimeError("disk full")

    from dataclasses import replace

    childdata.registry.register(replace(entry, erase=broken))
    try:
        admin = world.client_for(Persona.ADMIN)
        admin.raise_request_exception = False
        admin.post(reverse("privacy:erasure_new"), {"child": rich.child.uuid, "reason": "parent"})
        request = ErasureRequest.objects.get()
        response = admin.post(reverse("privacy:erasure", args=[request.uuid]), {"confirm": "on"})
        assert response.status_code == 500
    finally:
        childdata.registry.register(entry)
    assert Child.objects.filter(pk=rich.child.pk).exists()
    assert Response.objects.filter(child=rich.child).exists()
    assert PeerResponse.objects.filter(child=rich.child).exists()
    assert not ErasureRequest.objects.get().is_done


def test_done_erasure_cannot_run_twice_and_outsiders_find_nothing(world: World) -> None:
    rich = rich_child(world)
    request = _erase(world, rich.child)
    again = world.client_for(Persona.ADMIN).post(
        reverse("privacy:erasure", args=[request.uuid]), {"confirm": "on"}
    )
    assert again.status_code == 400  # refused: the page says it is done
    assert ErasureRequest.objects.get().erased_at == request.erased_at
    for persona in (Persona.OUTSIDER, Persona.TEACHER, Persona.CARE):
        assert (
            world.client_for(persona).get(reverse("privacy:erasure", args=[request.uuid])).status_code == 404
        )


def test_a_second_waiting_request_for_the_same_child_is_done_too(world: World) -> None:
    child = world.child
    admin = world.client_for(Persona.ADMIN)
    for reason in ("parent", "consent"):
        admin.post(reverse("privacy:erasure_new"), {"child": child.uuid, "reason": reason})
    first, second = ErasureRequest.objects.order_by("requested_at", "pk")
    assert admin.post(reverse("privacy:erasure", args=[first.uuid]), {"confirm": "on"}).status_code == 302
    second.refresh_from_db()
    assert second.is_done
    assert second.child is None
    page = admin.get(reverse("privacy:erasure", args=[second.uuid]))
    assert page.status_code == 200
    assert admin.post(reverse("privacy:erasure", args=[second.uuid]), {"confirm": "on"}).status_code == 400
