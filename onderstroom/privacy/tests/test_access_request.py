"""An access request (AVG art. 15): the admin asks, the care coordinator releases, the admin downloads."""

import io
import json
import zipfile

from django.urls import reverse
from django.utils.translation import gettext, override
from pypdf import PdfReader

from onderstroom.audit.models import AuditEvent
from onderstroom.privacy.models import AccessRequest
from onderstroom.privacy.tests.helpers import (
    CLASSMATE_FIRST,
    CLASSMATE_SURNAME,
    FIRST,
    NUMBER,
    Rich,
    rich_child,
)
from onderstroom.tenancy import all_schools
from onderstroom.testing.world import Persona, World, make_child

EXPECTED_FILES = {
    "schools.child",
    "schools.enrollments",
    "sociogram.surveys",
    "sociogram.nominations",
    "sociogram.ratings",
    "questionnaires.responses",
    "questionnaires.answers",
    "constellations.boards",
    "constellations.figures",
    "constellations.steps",
    "constellations.notes",
    "bankingtime.plans",
    "bankingtime.sessions",
    "reflection.entries",
    "interactions.events",
    "childsessions.sign_ins",
    "childsessions.picture_lock",
    "audit.history",
    "privacy.access_requests",
}


def _other_names(world: World, rich: Rich) -> list[str]:
    names = [CLASSMATE_FIRST, CLASSMATE_SURNAME]
    for other in [*rich.others, world.other_child]:
        names += [other.first_name, other.surname]
    return names


def _released(world: World, rich: Rich, withheld: tuple[str, ...] = ()) -> AccessRequest:
    admin, care = world.client_for(Persona.ADMIN), world.client_for(Persona.CARE)
    response = admin.post(reverse("privacy:access_new"), {"child": rich.child.uuid})
    assert response.status_code == 302
    request = AccessRequest.objects.get(child=rich.child)
    assert request.status == AccessRequest.Status.WAITING
    # Nothing to download before the care coordinator's decision.
    early = admin.get(reverse("privacy:access_zip", args=[request.uuid]))
    assert early.status_code == 302
    assert not AuditEvent.objects.filter(action="privacy.access.download").exists()
    assert care.get(reverse("core:home")).content.decode().count(reverse("privacy:consents")) >= 1
    decided = care.post(
        reverse("privacy:consent", args=[request.uuid]), {"decision": "release", "withheld": list(withheld)}
    )
    assert decided.status_code == 302
    request.refresh_from_db()
    return request


def test_zip_and_pdf_hold_every_kind_and_no_other_child(world: World) -> None:
    rich = rich_child(world)
    request = _released(world, rich)
    assert request.status == AccessRequest.Status.READY
    admin = world.client_for(Persona.ADMIN)

    archive = admin.get(reverse("privacy:access_zip", args=[request.uuid]))
    assert archive.status_code == 200
    assert archive["Content-Type"] == "application/zip"
    files = zipfile.ZipFile(io.BytesIO(archive.content))
    names = set(files.namelist())
    assert {f"{key}.json" for key in EXPECTED_FILES} <= names
    assert {f"{key}.csv" for key in EXPECTED_FILES} <= names
    text = "\n".join(files.read(name).decode() for name in names)
    for name in _other_names(world, rich):
        assert name not in text, name
    assert FIRST in text
    assert NUMBER in text
    nominations = json.loads(files.read("sociogram.nominations.json"))
    with override("nl"):  # the documents speak the school's language
        assert {row["direction"] for row in nominations} == {gettext("given"), gettext("received")}
        assert {row["classmate"] for row in nominations} == {gettext("a classmate")}
    reflection = json.loads(files.read("reflection.entries.json"))
    assert reflection[0]["moment_1"] == "Zefanja keek weg."
    index = json.loads(files.read("index.json"))
    assert {kind["key"] for kind in index["kinds"]} >= {
        "sociogram.peers",
        "reflection.entries",
        "audit.history",
    }

    pdf = admin.get(reverse("privacy:access_pdf", args=[request.uuid]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "private, no-store"
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    pdf_text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert FIRST in pdf_text
    titles = ("Peer surveys", "Banking Time", "Constellations", "Reflections of teachers", "Interaction log")
    with override("nl"):
        for title in titles:
            assert gettext(title) in pdf_text, title
    assert "Juf Anna" in pdf_text  # who read or wrote: staff are named
    for name in _other_names(world, rich):
        assert name not in pdf_text, name

    actions = list(
        AuditEvent.objects.filter(child_uuid=rich.child.uuid, action__startswith="privacy.").values_list(
            "action", "details"
        )
    )
    assert [action for action, _ in actions].count("privacy.access.download") == 2
    assert {"privacy.access.request", "privacy.access.release"} <= {action for action, _ in actions}
    request.refresh_from_db()
    assert request.downloads == 2


def test_withheld_kinds_are_left_out(world: World) -> None:
    rich = rich_child(world)
    request = _released(world, rich, withheld=("reflection.entries", "sociogram.peers"))
    assert request.withheld == ["reflection.entries", "sociogram.peers"]
    archive = world.client_for(Persona.ADMIN).get(reverse("privacy:access_zip", args=[request.uuid]))
    names = set(zipfile.ZipFile(io.BytesIO(archive.content)).namelist())
    assert "reflection.entries.json" not in names
    assert "sociogram.nominations.json" not in names
    assert "bankingtime.plans.json" in names


def test_refused_request_gives_nothing(world: World) -> None:
    rich = rich_child(world)
    admin, care = world.client_for(Persona.ADMIN), world.client_for(Persona.CARE)
    admin.post(reverse("privacy:access_new"), {"child": rich.child.uuid})
    request = AccessRequest.objects.get(child=rich.child)
    care.post(reverse("privacy:consent", args=[request.uuid]), {"decision": "refuse"})
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.REFUSED
    assert admin.get(reverse("privacy:access_pdf", args=[request.uuid])).status_code == 302
    # Decided once: the request no longer waits for the care coordinator.
    assert care.get(reverse("privacy:consent", args=[request.uuid])).status_code == 404


def test_bad_input_changes_nothing(world: World) -> None:
    rich = rich_child(world)
    admin, care = world.client_for(Persona.ADMIN), world.client_for(Persona.CARE)
    assert admin.post(reverse("privacy:access_new"), {"child": "not-a-uuid"}).status_code == 400
    with all_schools():
        outsider_child = world.outsider_child
    assert admin.post(reverse("privacy:access_new"), {"child": outsider_child.uuid}).status_code == 400
    assert not AccessRequest.objects.exists()
    admin.post(reverse("privacy:access_new"), {"child": rich.child.uuid})
    request = AccessRequest.objects.get()
    bad = care.post(
        reverse("privacy:consent", args=[request.uuid]), {"decision": "release", "withheld": ["x.y"]}
    )
    assert bad.status_code == 400
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.WAITING


def test_care_coordinator_of_another_group_does_not_see_the_request(world: World) -> None:
    request = AccessRequest.objects.create(
        school=world.school, child=world.other_child, requested_by=world.admin
    )
    care = world.client_for(Persona.CARE)
    assert care.get(reverse("privacy:consent", args=[request.uuid])).status_code == 404
    assert str(request.uuid) not in care.get(reverse("privacy:consents")).content.decode()


def test_a_child_who_left_is_judged_by_any_care_coordinator_of_the_school(world: World) -> None:
    left = make_child(world.school, first_name="Vertrokken")  # in no group this school year
    request = AccessRequest.objects.create(school=world.school, child=left, requested_by=world.admin)
    care = world.client_for(Persona.CARE)
    assert care.get(reverse("privacy:consent", args=[request.uuid])).status_code == 200
    assert (
        world.client_for(Persona.TEACHER).get(reverse("privacy:consent", args=[request.uuid])).status_code
        == 404
    )
