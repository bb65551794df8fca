"""Applying imports: created, updated by pupil number, never doubled, all or nothing, audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from onderstroom.audit.log import verify_chain
from onderstroom.audit.models import AuditEvent
from onderstroom.imports import access, services
from onderstroom.imports.errors import ImportRejected
from onderstroom.imports.models import ImportJob
from onderstroom.imports.tests.conftest import HEADER, YEAR, csv_bytes, pupil, q, run_import, school_state
from onderstroom.schools.access import StaffActor, SystemActor, build_staff_actor
from onderstroom.schools.models import Child, Enrollment, Group, SchoolYear
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://x","klik")'


def children_by_number(world: World) -> dict[str, Child]:
    return {c.external_id: c for c in Child.objects.filter(school=world.school, external_id__startswith="10")}


def enrollment_of(child: Child) -> Enrollment:
    return Enrollment.objects.select_related("group").get(child=child)


def test_first_import_creates_groups_children_and_enrollments(world: World, admin: StaffActor) -> None:
    rows = [
        HEADER,
        pupil(1, "Groep 5"),
        pupil(3, "5", Tussenvoegsel="van der", Geslacht="V", Geboortedatum="03-04-2016"),
        pupil(2, "Groep 4/5/6", grade="6"),
    ]
    counts = run_import(admin, csv_bytes(rows))
    assert counts == {
        "rows": 3,
        "new": 3,
        "changed": 0,
        "unchanged": 0,
        "groups_new": 1,
        "groups_changed": 0,
        "teachers": 0,
    }
    group = Group.objects.get(school=world.school, name="Groep 5")
    assert group.grades == [5]
    assert group.school_year.name == YEAR
    children = children_by_number(world)
    third = children["1003"]
    assert (third.first_name, third.surname_prefix, third.surname) == ("Kind3", "van der", "Berg3")
    assert (third.birth_date, third.gender) == (date(2016, 4, 3), "f")
    assert enrollment_of(third).group == group  # "5" is the group teachers call "Groep 5"
    combined = enrollment_of(children["1002"])
    assert (combined.group, combined.grade) == (world.group, 6)


def test_a_second_import_of_the_same_file_changes_nothing(world: World, admin: StaffActor) -> None:
    content = csv_bytes([HEADER, *(pupil(n, "Groep 5") for n in range(1, 6))])
    run_import(admin, content)
    before = school_state(world)
    audit_rows = AuditEvent.objects.filter(action="imports.child.import").count()
    counts = run_import(admin, content)
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["groups_new"]) == (0, 0, 5, 0)
    assert school_state(world) == before
    assert AuditEvent.objects.filter(action="imports.child.import").count() == audit_rows


def test_an_updated_file_updates_by_pupil_number_without_duplicates(world: World, admin: StaffActor) -> None:
    run_import(admin, csv_bytes([HEADER, pupil(1, "Groep 5"), pupil(2, "Groep 5"), pupil(4, "Groep 5")]))
    before = children_by_number(world)
    updated = [
        HEADER,
        pupil(1, "Groep 5", Achternaam="Bergsma", Geboortedatum=""),  # new surname; empty date kept
        pupil(2, "Groep 6"),  # moved to another group
        pupil(4, "Groep 5"),
        pupil(5, "Groep 6"),
    ]
    counts = run_import(admin, csv_bytes(updated))
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["groups_new"]) == (1, 2, 1, 1)
    after = children_by_number(world)
    assert sorted(after) == ["1001", "1002", "1004", "1005"]
    assert after["1001"].pk == before["1001"].pk
    assert after["1001"].surname == "Bergsma"
    assert after["1001"].birth_date == before["1001"].birth_date
    moved = Enrollment.objects.filter(child=after["1002"])
    assert [(e.group.name, e.grade) for e in moved] == [("Groep 6", 6)]


def test_without_pupil_numbers_children_are_recognised_by_name_and_birthday(
    world: World, admin: StaffActor
) -> None:
    header = ["Roepnaam", "Achternaam", "Groep", "Geboortedatum"]
    run_import(admin, csv_bytes([header, ["Sanne", "Jansen", "Groep 5", "1-2-2017"]]))
    counts = run_import(
        admin,
        csv_bytes([header, ["Sanne", "Jansen", "Groep 6", "1-2-2017"], ["Sanne", "Jansen", "5", "2-2-2017"]]),
    )
    assert (counts["new"], counts["changed"]) == (1, 1)
    assert Child.objects.filter(school=world.school, first_name="Sanne").count() == 2


def test_a_child_stored_without_a_number_gets_it_instead_of_a_twin(world: World, admin: StaffActor) -> None:
    child = world.child
    child.external_id, child.birth_date = "", date(2017, 5, 6)
    child.save()
    rows = [HEADER, ["9999", child.first_name, "", child.surname, "Groep 4/5/6", "5", "6-5-2017", ""]]
    counts = run_import(admin, csv_bytes(rows))
    assert (counts["new"], counts["changed"]) == (0, 1)
    child.refresh_from_db()
    assert child.external_id == "9999"


def test_children_not_in_the_file_stay_as_they_are(world: World, admin: StaffActor) -> None:
    before = list(Enrollment.objects.filter(school=world.school).values_list("pk", "child", "group"))
    job = services.start_import(
        admin, content=csv_bytes([HEADER, pupil(1)]), filename="a.csv", year_name=YEAR
    )
    assert services.preview_import(admin, job).plan.not_in_file == len(before)
    services.apply_import(admin, job)
    after = set(Enrollment.objects.filter(school=world.school).values_list("pk", "child", "group"))
    assert set(before) <= after


def test_one_bad_line_means_nothing_is_written(world: World, admin: StaffActor) -> None:
    before = school_state(world)
    rows = [HEADER, pupil(1), pupil(2), pupil(3, Geboortedatum="31-02-2015"), pupil(4)]
    job = services.start_import(admin, content=csv_bytes(rows), filename="a.csv", year_name=YEAR)
    with translation.override("nl"), pytest.raises(ImportRejected) as rejected:
        services.apply_import(admin, job)
    assert rejected.value.problems == [f"Regel 4: de geboortedatum {q('31-02-2015')} bestaat niet."]
    assert school_state(world) == before
    job.refresh_from_db()
    assert job.is_pending  # the administrator can still read the preview


def test_every_error_of_a_line_is_reported(admin: StaffActor) -> None:
    rows = [HEADER, pupil(1, Roepnaam="", Achternaam=FORMULA, Geslacht="Q")]
    job = services.start_import(admin, content=csv_bytes(rows), filename="a.csv", year_name=YEAR)
    with translation.override("nl"):
        errors = [str(error) for error in services.preview_import(admin, job).plan.errors]
    assert errors == [
        "Regel 2: de voornaam ontbreekt.",
        f"Regel 2: de achternaam {q(FORMULA)} begint met =, wat een spreadsheet als formule zou uitvoeren.",
        f"Regel 2: het geslacht {q('Q')} wordt niet herkend; gebruik M, V, J, X of laat het leeg.",
    ]


def test_a_combination_group_needs_the_grade_of_each_pupil(admin: StaffActor) -> None:
    job = services.start_import(
        admin, content=csv_bytes([HEADER, pupil(1, "Groep 4/5/6")]), filename="a.csv", year_name=YEAR
    )
    with translation.override("nl"):
        errors = [str(error) for error in services.preview_import(admin, job).plan.errors]
    assert errors == [
        f"Regel 2: {q('Groep 4/5/6')} is een combinatiegroep; vul het leerjaar van deze leerling in."
    ]


def test_group_grades_are_the_union_of_the_pupils_grades(world: World, admin: StaffActor) -> None:
    rows = [
        HEADER,
        pupil(1, "Bijen", grade="1"),
        pupil(2, "Bijen", grade="2"),
        pupil(3, "Groep 7", grade="8"),
    ]
    counts = run_import(admin, csv_bytes(rows))
    assert Group.objects.get(school=world.school, name="Bijen").grades == [1, 2]
    assert Group.objects.get(pk=world.other_group.pk).grades == [7, 8]
    assert (counts["groups_new"], counts["groups_changed"]) == (1, 1)


def test_an_import_into_another_school_year_creates_it(world: World, admin: StaffActor) -> None:
    next_year = services.year_choices(admin)[0]
    assert next_year > YEAR
    run_import(admin, csv_bytes([HEADER, pupil(1)]), year=next_year)
    year = SchoolYear.objects.get(school=world.school, name=next_year)
    assert (year.starts_on, year.ends_on) == SchoolYear.bounds_for(next_year)
    assert Group.objects.get(school_year=year).name == "Groep 5"


def test_the_audit_has_one_summary_row_and_one_row_per_child_in_one_insert(
    world: World, admin: StaffActor
) -> None:
    run_import(admin, csv_bytes([HEADER, pupil(1), pupil(2)]))
    job = services.start_import(
        admin,
        content=csv_bytes([HEADER, pupil(1, Achternaam="Anders"), pupil(2), pupil(3)]),
        filename="b.csv",
        year_name=YEAR,
    )
    with CaptureQueriesContext(connection) as queries:
        services.apply_import(admin, job)
    inserts = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "audit_auditevent"')
    ]
    assert len(inserts) == 2  # the summary, then every child at once
    summary = AuditEvent.objects.get(action="imports.job.apply", object_uuid=str(job.uuid))
    assert (summary.details["new"], summary.details["changed"], summary.details["unchanged"]) == (1, 1, 1)
    assert summary.actor_user_id == world.admin.pk
    rows = AuditEvent.objects.filter(action="imports.child.import", object_uuid=str(job.uuid))
    numbers = sorted(
        Child.objects.filter(pk__in=rows.values("child_id")).values_list("external_id", flat=True)
    )
    assert numbers == ["1001", "1003"]
    assert all(row.details == {} for row in rows)  # who and which child, never what
    assert verify_chain(world.school).intact


def test_the_raw_file_is_deleted_once_applied_or_cancelled(admin: StaffActor) -> None:
    content = csv_bytes([HEADER, pupil(1)])
    applied = services.start_import(admin, content=content, filename="a.csv", year_name=YEAR)
    assert bytes(applied.content) == content
    services.apply_import(admin, applied)
    applied.refresh_from_db()
    assert (applied.status, applied.content) == (ImportJob.Status.APPLIED, None)
    cancelled = services.start_import(admin, content=content, filename="a.csv", year_name=YEAR)
    services.abandon_import(admin, cancelled)
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.content) == (ImportJob.Status.ABANDONED, None)


def test_a_new_upload_ends_earlier_and_forgotten_previews(world: World, admin: StaffActor) -> None:
    content = csv_bytes([HEADER, pupil(1)])
    mine = services.start_import(admin, content=content, filename="a.csv", year_name=YEAR)
    forgotten = ImportJob.objects.create(
        school=world.school, kind="table", filename="old.csv", year_name=YEAR, content=content
    )
    ImportJob.objects.filter(pk=forgotten.pk).update(created_at=timezone.now() - timedelta(days=2))
    recent = ImportJob.objects.create(
        school=world.school, kind="table", filename="r.csv", year_name=YEAR, content=content
    )
    services.start_import(admin, content=content, filename="b.csv", year_name=YEAR)
    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses[mine.pk] == statuses[forgotten.pk] == ImportJob.Status.ABANDONED
    assert statuses[recent.pk] == ImportJob.Status.PENDING
    assert ImportJob.objects.get(pk=forgotten.pk).content is None


def test_an_import_cannot_be_applied_twice(admin: StaffActor) -> None:
    job = services.start_import(
        admin, content=csv_bytes([HEADER, pupil(1)]), filename="a.csv", year_name=YEAR
    )
    services.apply_import(admin, job)
    with pytest.raises(ImportRejected):
        services.apply_import(admin, job)


def test_only_the_school_admin_or_the_system_may_import(world: World) -> None:
    content = csv_bytes([HEADER, pupil(1)])
    teacher = build_staff_actor(world.teacher, None, world.school.pk)
    with pytest.raises(PermissionDenied):
        services.start_import(teacher, content=content, filename="a.csv", year_name=YEAR)
    with pytest.raises(PermissionDenied):
        services.start_import(SystemActor(), content=content, filename="a.csv", year_name=YEAR)
    system = SystemActor(school=world.school, name="import_pupils")
    job = services.start_import(system, content=content, filename="a.csv", year_name=YEAR)
    assert services.apply_import(system, job)["new"] == 1


def test_a_job_of_another_school_is_not_found(world: World, admin: StaffActor) -> None:
    outsider = build_staff_actor(world.outsider, None, world.other_school.pk)
    job = services.start_import(
        outsider, content=csv_bytes([HEADER, pupil(1)]), filename="a.csv", year_name=YEAR
    )
    with pytest.raises(Http404):
        access.get_job(admin, job.uuid)
