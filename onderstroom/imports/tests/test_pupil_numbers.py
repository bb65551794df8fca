"""One child per pupil number across CSV and OneRoster, Dutch surname prefixes, and damaged names.

The files are real: a CSV as a pupil administration exports it and a OneRoster ZIP for the same
school, uploaded through the import screens and applied by the import services.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from onderstroom.imports import services
from onderstroom.imports.models import ImportJob
from onderstroom.imports.tests.conftest import HEADER, YEAR, csv_bytes, run_import, zip_bytes
from onderstroom.imports.tests.test_oneroster import oneroster_set
from onderstroom.imports.values import PREFIX_WORDS, split_surname
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child, Enrollment
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

# Three pupils as the school's CSV export writes them: number, first name, prefix, surname, ...
CSV_ROWS = [
    HEADER,
    ["1001", "Sanne", "de", "Vries", "Groep 5", "5", "03-04-2016", "V"],
    ["1002", "Noor", "de la", "Bakker", "Groep 5", "5", "", "V"],
    ["1003", "Daan", "", "Jansen", "Groep 4/5/6", "6", "", "M"],
]


def same_pupils_in_oneroster(world: World) -> dict[str, str]:
    """The same three pupils in a OneRoster set: the SIS's own key in sourcedId ("s-1001"), the
    pupil number in identifier, and the prefix left in familyName ("de la Bakker")."""
    return oneroster_set(
        world,
        **{
            "users.csv": (
                "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,"
                "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
                "s-1001,,,true,org-1,student,,,Sanne,de Vries,,1001,,,,,05,\n"
                "s-1002,,,true,org-1,student,,,Noor,de la Bakker,,1002,,,,,05,\n"
                "s-1003,,,true,org-1,student,,,Daan,Jansen,,1003,,,,,06,\n"
            ),
            "enrollments.csv": (
                "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,"
                "beginDate,endDate\n"
                "e1,,,c1,org-1,s-1001,student,,,\n"
                "e2,,,c1,org-1,s-1002,student,,,\n"
                "e3,,,c2,org-1,s-1003,student,,,\n"
            ),
            "demographics.csv": "sourcedId,status,dateLastModified,birthDate,sex\n",
        },
    )


def upload_and_confirm(client: Client, content: bytes, filename: str) -> ImportJob:
    response = client.post(
        reverse("imports:start"), {"file": SimpleUploadedFile(filename, content), "year": YEAR}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get(uuid=response["Location"].rstrip("/").split("/")[-1])
    assert client.get(reverse("imports:preview", args=[job.uuid])).status_code == 200
    done = client.post(reverse("imports:confirm", args=[job.uuid]), follow=True)
    assert "De import is klaar." in done.content.decode()
    return job


def pupils_by_number(world: World) -> dict[str, list[tuple[str, str, str]]]:
    found: dict[str, list[tuple[str, str, str]]] = {}
    for child in Child.objects.filter(school=world.school, first_name__in=["Sanne", "Noor", "Daan"]):
        found.setdefault(child.external_id, []).append(
            (child.first_name, child.surname_prefix, child.surname)
        )
    return found


def test_a_csv_export_then_a_oneroster_set_leaves_one_child_per_pupil_number(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    upload_and_confirm(client, csv_bytes(CSV_ROWS), "leerlingen.csv")
    after_csv = pupils_by_number(world)
    assert sorted(after_csv) == ["1001", "1002", "1003"]

    job = upload_and_confirm(client, zip_bytes(same_pupils_in_oneroster(world)), "oneroster.zip")
    assert pupils_by_number(world) == after_csv  # the same three children, names unchanged
    assert pupils_by_number(world)["1002"] == [("Noor", "de la", "Bakker")]
    job.refresh_from_db()
    assert Child.objects.filter(school=world.school, external_id__startswith="s-").count() == 0
    children = Child.objects.filter(school=world.school, external_id__in=["1001", "1002", "1003"])
    assert Enrollment.objects.filter(child__in=children, school_year__name=YEAR).count() == 3


def test_children_stored_under_the_sis_key_get_their_pupil_number(world: World, admin: StaffActor) -> None:
    """An earlier OneRoster import (before the pupil number was read) stored "s-1001": the next one
    recognises the child by that key and gives it its number, instead of making a twin."""
    files = same_pupils_in_oneroster(world)
    old_style = {**files, "users.csv": files["users.csv"].replace(",1001,", ",,").replace(",1002,", ",,")}
    run_import(admin, zip_bytes(old_style), filename="o.zip")
    assert Child.objects.filter(school=world.school, external_id="s-1001").exists()
    counts = run_import(admin, zip_bytes(files), filename="o.zip")
    assert counts["new"] == 0
    numbers = set(Child.objects.filter(school=world.school).values_list("external_id", flat=True))
    assert {"1001", "1002", "1003"} <= numbers
    assert not numbers & {"s-1001", "s-1002"}


def test_a_oneroster_family_name_is_split_and_sorts_under_the_surname(
    world: World, admin: StaffActor
) -> None:
    run_import(admin, zip_bytes(same_pupils_in_oneroster(world)), filename="o.zip")
    noor = Child.objects.get(school=world.school, external_id="1002")
    assert (noor.surname_prefix, noor.surname, noor.full_name) == ("de la", "Bakker", "Noor de la Bakker")
    assert noor.sort_surname.startswith("bakker")


@pytest.mark.parametrize(
    ("family_name", "expected"),
    [
        ("de la Bakker", ("de la", "Bakker")),
        ("van der Berg", ("van der", "Berg")),
        ("van den Heuvel", ("van den", "Heuvel")),
        ("van 't Hek", ("van 't", "Hek")),
        ("in 't Veld", ("in 't", "Veld")),
        ("ter Horst", ("ter", "Horst")),
        ("ten Cate", ("ten", "Cate")),
        ("'t Hart", ("'t", "Hart")),
        ("Van Dijk", ("Van", "Dijk")),
        ("van Dijk-de Vries", ("van", "Dijk-de Vries")),
        ("Jansen", ("", "Jansen")),
        ("Van", ("", "Van")),
        ("de", ("", "de")),
        ("D\u2019Angelo", ("", "D\u2019Angelo")),
        ("Y\u0131lmaz", ("", "Y\u0131lmaz")),
    ],
)
def test_dutch_surname_prefixes_are_split_off(family_name: str, expected: tuple[str, str]) -> None:
    assert split_surname(family_name) == expected


PREFIXES = st.lists(st.sampled_from(sorted(PREFIX_WORDS)), max_size=3).map(" ".join)
WORD = st.text(st.characters(categories=["L"]), min_size=1, max_size=12).filter(
    lambda word: word.casefold() not in PREFIX_WORDS
)
SURNAMES = st.lists(WORD, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(prefix=PREFIXES, surname=SURNAMES)
def test_a_prefix_before_a_surname_comes_off_whole(prefix: str, surname: str) -> None:
    assert split_surname(f"{prefix} {surname}".strip()) == (prefix, surname)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(name=st.text(max_size=40))
def test_splitting_keeps_every_word_and_leaves_a_surname(name: str) -> None:
    prefix, surname = split_surname(name)
    assert " ".join(part for part in (prefix, surname) if part) == " ".join(name.split())
    assert bool(surname) == bool(name.split())
    assert split_surname(surname) == ("", surname) or len(surname.split()) == 1


@pytest.mark.parametrize("damaged", ["Y?lmaz", "Y\ufffdlmaz"])
def test_a_name_the_export_damaged_is_a_warning_in_the_preview_naming_the_row(
    world: World, admin: StaffActor, damaged: str
) -> None:
    rows = [*CSV_ROWS[:2], ["1004", "Elif", "", damaged, "Groep 5", "5", "", "V"]]
    job = services.start_import(admin, content=csv_bytes(rows), filename="leerlingen.csv", year_name=YEAR)
    with translation.override("nl"):
        plan = services.preview_import(admin, job).plan
    assert plan.ok
    [warning] = [w for w in plan.warnings if damaged in w]
    assert warning.startswith("Regel 3:")
    assert "vraagteken" in warning
    client = world.client_for(Persona.ADMIN)
    html = client.get(reverse("imports:preview", args=[job.uuid])).content.decode()
    assert "Regel 3:" in html
    assert damaged in html


def test_clean_names_give_no_warning(admin: StaffActor) -> None:
    rows = [*CSV_ROWS, ["1005", "Ayşe", "", "Y\u0131lmaz", "Groep 5", "5", "", "V"]]
    job = services.start_import(admin, content=csv_bytes(rows), filename="leerlingen.csv", year_name=YEAR)
    assert services.preview_import(admin, job).plan.warnings == []
