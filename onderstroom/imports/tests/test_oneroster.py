"""OneRoster 1.1 CSV sets: groups, pupils and teachers of this school, and hostile archives."""

import io
import zipfile

import pytest
from django.utils import translation

from onderstroom.imports import services
from onderstroom.imports.errors import ImportFileError
from onderstroom.imports.tests.conftest import YEAR, run_import, school_state, zip_bytes
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child, Enrollment, Group, GroupAssignment
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db
START = YEAR[:4]
END = YEAR[5:]


def oneroster_set(world: World, **replace: str) -> dict[str, str]:
    """A set for the world's school and a second school of the same board, as a SIS exports it."""
    files = {
        "manifest.csv": "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\n",
        "orgs.csv": (
            "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
            f"org-1,,,De Regenboog,school,{world.school.brin}00,\n"
            "org-2,,,Het Kompas,school,99ZZ,\n"
        ),
        "academicSessions.csv": (
            "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n"
            f"y1,,,{YEAR},schoolYear,{START}-08-01,{END}-07-31,,{END}\n"
            f"t1,,,Periode 1,term,{START}-08-01,{END}-01-31,y1,{END}\n"
        ),
        "classes.csv": (
            "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
            "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
            "c1,,,Groep 5,05,,,homeroom,,org-1,t1,,,\n"
            'c2,,,Groep 4/5/6,"04,05,06",,,homeroom,,org-1,y1,,,\n'
            "c3,,,Rekenen plus,05,,,scheduled,,org-1,t1,,,\n"
            "c9,,,Groep 8,08,,,homeroom,,org-2,t1,,,\n"
        ),
        "users.csv": (
            "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,"
            "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
            "s1,,,true,org-1,student,,,Sanne,Vries,de,,,,,,05,\n"
            "s2,,,true,org-1,student,,,Daan,Jansen,,,,,,,06,\n"
            "s3,,,true,org-1,student,,,Zoë,D\u2019Angelo,,,,,,,,\n"
            "s4,,,true,org-1,student,,,Mila,Bakker,,,,,,,,\n"
            "s9,,,true,org-2,student,,,Kees,Kompas,,,,,,,08,\n"
            f"t1,,,true,org-1,teacher,,,Anna,Juf,,,{world.teacher.email.upper()},,,,,\n"
            "t2,,,true,org-1,teacher,,,Onbekende,Collega,,,nieuw@example.org,,,,,\n"
        ),
        "enrollments.csv": (
            "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,"
            "beginDate,endDate\n"
            "e1,,,c1,org-1,s1,student,,,\n"
            "e2,,,c2,org-1,s2,student,,,\n"
            "e3,,,c1,org-1,s3,student,,,\n"
            "e4,,,c3,org-1,s1,student,,,\n"
            "e5,,,c1,org-1,t1,teacher,,,\n"
            "e6,,,c2,org-1,t2,teacher,,,\n"
            "e9,,,c9,org-2,s9,student,,,\n"
        ),
        "demographics.csv": "sourcedId,status,dateLastModified,birthDate,sex\ns1,,,2016-04-03,female\n",
    }
    files.update(replace)
    return files


def test_a_set_imports_the_groups_pupils_and_teachers_of_this_school(world: World, admin: StaffActor) -> None:
    counts = run_import(admin, zip_bytes(oneroster_set(world)), filename="oneroster.zip")
    assert (counts["new"], counts["groups_new"], counts["teachers"]) == (3, 1, 1)
    children = {
        c.external_id: c for c in Child.objects.filter(school=world.school, external_id__startswith="s")
    }
    assert sorted(children) == ["s1", "s2", "s3"]  # s4 is in no group; s9 is another school's
    sanne = children["s1"]
    assert (sanne.first_name, sanne.surname_prefix, sanne.surname, sanne.gender) == (
        "Sanne",
        "de",
        "Vries",
        "f",
    )
    assert str(sanne.birth_date) == "2016-04-03"
    assert children["s3"].surname == "D\u2019Angelo"
    group5 = Group.objects.get(school=world.school, name="Groep 5")
    assert (group5.external_id, group5.grades, group5.school_year.name) == ("c1", [5], YEAR)
    placed = {
        e.child.external_id: (e.group.name, e.grade)
        for e in Enrollment.objects.filter(child__in=children.values())
    }
    assert placed == {"s1": ("Groep 5", 5), "s2": ("Groep 4/5/6", 6), "s3": ("Groep 5", 5)}
    world.group.refresh_from_db()
    assert world.group.external_id == "c2"  # the existing combination group, matched by name
    assert GroupAssignment.objects.filter(group=group5, user=world.teacher, kind="teacher").exists()


def test_unknown_teachers_and_unplaced_pupils_are_warnings(world: World, admin: StaffActor) -> None:
    job = services.start_import(
        admin, content=zip_bytes(oneroster_set(world)), filename="o.zip", year_name=YEAR
    )
    with translation.override("nl"):
        plan = services.preview_import(admin, job).plan
    assert plan.ok
    assert any(
        "nieuw@example.org" in warning and "enrollments.csv, regel 7" in warning for warning in plan.warnings
    )
    assert any(warning.startswith("1 leerling") for warning in plan.warnings)


def test_a_second_import_of_the_set_changes_nothing(world: World, admin: StaffActor) -> None:
    content = zip_bytes(oneroster_set(world))
    run_import(admin, content, filename="o.zip")
    before = school_state(world)
    assignments = GroupAssignment.objects.count()
    counts = run_import(admin, content, filename="o.zip")
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["teachers"]) == (0, 0, 3, 0)
    assert school_state(world) == before
    assert GroupAssignment.objects.count() == assignments


def test_a_renamed_class_renames_its_group(world: World, admin: StaffActor) -> None:
    files = oneroster_set(world)
    run_import(admin, zip_bytes(files), filename="o.zip")
    files["classes.csv"] = files["classes.csv"].replace("c1,,,Groep 5,", "c1,,,Groep 5a,")
    counts = run_import(admin, zip_bytes(files), filename="o.zip")
    assert (counts["groups_new"], counts["groups_changed"]) == (0, 1)
    assert Group.objects.filter(school=world.school, external_id="c1").get().name == "Groep 5a"


def test_the_school_year_comes_from_the_set(world: World, admin: StaffActor) -> None:
    job = services.start_import(
        admin, content=zip_bytes(oneroster_set(world)), filename="o.zip", year_name="2031-2032"
    )
    assert job.year_name == YEAR


def test_line_errors_name_the_file_and_line(world: World, admin: StaffActor) -> None:
    files = oneroster_set(world)
    files["users.csv"] = files["users.csv"].replace(
        "Daan,Jansen", '"=HYPERLINK(""http://x"",""klik"")",Jansen'
    )
    files["enrollments.csv"] += "e7,,,c2,org-1,s3,student,,,\ne8,,,c1,org-1,s77,student,,,\n"
    job = services.start_import(admin, content=zip_bytes(files), filename="o.zip", year_name=YEAR)
    with translation.override("nl"):
        errors = [str(error) for error in services.preview_import(admin, job).plan.errors]
    assert errors[0].startswith("enrollments.csv, regel 9: leerling")
    assert errors[1].startswith("enrollments.csv, regel 10: er is geen leerling")
    assert errors[2].startswith("users.csv, regel 3: de voornaam")


def test_a_set_for_another_school_is_refused(world: World, admin: StaffActor) -> None:
    files = oneroster_set(world)
    files["orgs.csv"] = files["orgs.csv"].replace(f"{world.school.brin}00", "11XX")
    with pytest.raises(ImportFileError) as error:
        services.start_import(admin, content=zip_bytes(files), filename="o.zip", year_name=YEAR)
    assert world.school.brin in error.value.message


def test_a_single_school_without_an_identifier_is_taken_as_this_school(
    world: World, admin: StaffActor
) -> None:
    files = oneroster_set(world)
    files["orgs.csv"] = (
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\norg-1,,,School,school,,\n"
    )
    assert run_import(admin, zip_bytes(files), filename="o.zip")["new"] == 3


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("users.csv", b"a" * (60 * 1024 * 1024))
    return buffer.getvalue()


def with_extra(world: World, name: str) -> bytes:
    return zip_bytes({**oneroster_set(world), name: "x"})


HOSTILE = {
    "zip bomb": (lambda world: bomb(), "unpacks to far more data"),
    "unexpected file": (lambda world: with_extra(world, "virus.exe"), "is not a OneRoster file"),
    "path traversal": (lambda world: with_extra(world, "../orgs.csv"), "is not a OneRoster file"),
    "nested folders": (lambda world: with_extra(world, "a/b/users.csv"), "is not a OneRoster file"),
    "a file twice": (lambda world: with_extra(world, "export/users.csv"), "holds users.csv twice"),
    "missing enrollments": (
        lambda world: zip_bytes({k: v for k, v in oneroster_set(world).items() if k != "enrollments.csv"}),
        "lacks enrollments.csv",
    ),
    "missing column": (
        lambda world: zip_bytes({**oneroster_set(world), "users.csv": "sourcedId,role\ns1,student\n"}),
        "users.csv has no column givenName, familyName",
    ),
    "binary member": (
        lambda world: zip_bytes({**oneroster_set(world), "classes.csv": bytes(range(256)) * 4}),
        "classes.csv: This file is not a readable",
    ),
    "truncated archive": (lambda world: zip_bytes(oneroster_set(world))[:700], "damaged or incomplete"),
    "empty archive": (lambda world: zip_bytes({}), "lacks orgs.csv"),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_archives_are_refused_and_change_nothing(case: str, world: World, admin: StaffActor) -> None:
    build, message = HOSTILE[case]
    before = school_state(world)
    with translation.override("en"), pytest.raises(ImportFileError) as error:
        services.start_import(admin, content=build(world), filename="o.zip", year_name=YEAR)
    assert message in error.value.message
    assert school_state(world) == before


def test_a_folder_zipped_on_a_mac_is_read(world: World, admin: StaffActor) -> None:
    files = {f"export/{name}": content for name, content in oneroster_set(world).items()}
    files["__MACOSX/export/._users.csv"] = "resource fork"
    files["export/.DS_Store"] = "finder"
    assert run_import(admin, zip_bytes(files), filename="export.zip")["new"] == 3
