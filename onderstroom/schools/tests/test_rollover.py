"""A new school year (issue 13): groups move up, leavers of groep 8 end, last year's open things close,
and nothing of last year is lost. On a copy of the demo, too."""

import io
from datetime import datetime, time, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from onderstroom.accounts.models import User
from onderstroom.audit.models import AuditEvent
from onderstroom.bankingtime.models import Plan
from onderstroom.childsessions.models import ClassSession
from onderstroom.demo.demo_board import find_demo_board
from onderstroom.handover import services as handover_services
from onderstroom.handover.services import NoteText
from onderstroom.mapping.models import Champion, MappingRound
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.schools.access import build_staff_actor, today
from onderstroom.schools.models import Enrollment, Group, GroupAssignment, Role, SchoolYear
from onderstroom.schools.rollover import moved_name
from onderstroom.schools.services import assign_to_group, start_new_year
from onderstroom.sociogram.models import PeerSurvey
from onderstroom.testing.world import Persona, World, make_group, make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("Groep 4", [4], [5], "Groep 5"),
        ("Groep 4/5/6", [4, 5, 6], [5, 6, 7], "Groep 5/6/7"),
        ("Groep 7b", [7], [8], "Groep 8b"),
        ("Regenboog", [3], [4], "Regenboog"),
    ],
)
def test_a_group_name_follows_its_grades(name: str, old: list[int], new: list[int], expected: str) -> None:
    assert moved_name(name, old, new) == expected


def test_the_preview_changes_nothing_and_confirming_promotes(world: World) -> None:
    admin = world.client_for(Persona.ADMIN)
    url = reverse("schools:year_rollover")
    year = world.group.school_year
    before = Enrollment.objects.count()
    page = admin.get(url).content.decode()
    assert "Groep 7" in page  # the other group, moving up
    assert Enrollment.objects.count() == before
    assert not SchoolYear.objects.filter(starts_on__gt=year.starts_on).exists()

    response = admin.post(url)
    assert response.status_code == 302
    following = SchoolYear.objects.get(starts_on__gt=year.starts_on)
    moved = Group.objects.get(school_year=following, grades=[8])
    assert moved.name == "Groep 8"
    assert Enrollment.objects.filter(group=moved).count() == world.other_group.enrollments.count()
    assert Enrollment.objects.filter(school_year=year).count() == before  # history stays
    row = AuditEvent.objects.get(action="schools.year.rollover")
    assert row.details["from"] == year.name
    # Twice is refused: the new year has groups now, so only closing happens (nothing doubles).
    admin.post(url)
    assert (
        Group.objects.filter(school_year=following).count() == Group.objects.filter(school_year=year).count()
    )


def test_leavers_of_groep_8_end(world: World) -> None:
    group = world.other_group
    group.grades = [8]
    group.save()
    Enrollment.objects.filter(group=group).update(grade=8)
    actor = build_staff_actor(world.admin, None, world.school.pk)
    plan = start_new_year(actor)
    assert plan.leavers == group.enrollments.count()
    following = SchoolYear.objects.get(name=plan.next_name)
    assert not Enrollment.objects.filter(school_year=following, child__enrollments__group=group).exists()


def test_open_things_of_last_year_close_but_stay(world: World) -> None:
    day = today()
    moment = MeasurementMoment.objects.create(
        school=world.school,
        group=world.group,
        school_year=world.group.school_year,
        name="Najaar",
        opens_on=day - timedelta(days=3),
        closes_on=day + timedelta(days=10),
    )
    plan = Plan.objects.create(
        school=world.school,
        child=world.child,
        group=world.group,
        teacher=world.teacher,
        minutes=10,
        sessions_per_week=2,
        weeks=6,
        starts_on=day - timedelta(days=7),
        fixed_moment="na de pauze",
        reason="contact",
    )
    survey = PeerSurvey.objects.create(school=world.school, group=world.group, created_by=world.teacher)
    session = world.class_session
    assert session.closed_at is None
    start_new_year(build_staff_actor(world.admin, None, world.school.pk))
    moment.refresh_from_db()
    plan.refresh_from_db()
    session.refresh_from_db()
    assert not moment.is_open(day)
    assert plan.ended_on == day
    assert session.closed_at is not None
    survey.refresh_from_db()
    assert survey.closed_at is not None
    closed = AuditEvent.objects.get(action="schools.year.rollover").details["closed"]
    assert closed["questionnaires.moments"] == 1
    assert closed["bankingtime.plans"] == 1
    assert closed["childsessions.sessions"] == 1
    assert closed["sociogram.surveys"] == 1


def test_teachers_and_children_cannot_start_a_year(world: World) -> None:
    for persona in (Persona.TEACHER, Persona.CARE, Persona.CHILD):
        world.client_for(persona).post(reverse("schools:year_rollover"))
    assert SchoolYear.objects.filter(school=world.school).count() == 1


@pytest.mark.all_schools
def test_rollover_on_the_demo_loses_nothing_and_care_still_reads_last_year() -> None:
    call_command("demo_data", stdout=StringIO())
    board = find_demo_board()
    school = board.schools.get(brin="99AA")
    year = SchoolYear.objects.get(school=school, starts_on__lte=today(), ends_on__gte=today())
    kept = {
        "enrollments": set(Enrollment.objects.filter(school=school).values_list("pk", flat=True)),
        "responses": dict(Response.objects.filter(school=school).values_list("pk", "scores")),
        "plans": set(Plan.objects.filter(school=school).values_list("pk", "child_id", "teacher_id")),
        "audit": set(AuditEvent.objects.filter(school=school).values_list("pk", "hash")),
    }
    # Before the summer: the child's teacher writes what helped, and the child has a champion.
    enrollment = Enrollment.objects.filter(school_year=year, grade=5).select_related("child", "group").first()
    old_teacher = GroupAssignment.objects.filter(group=enrollment.group, kind="teacher").first().user
    note = handover_services.write_note(
        build_staff_actor(old_teacher, None, school.pk),
        enrollment,
        NoteText(approach="Elke ochtend even persoonlijk begroeten."),
    )
    champion = Champion.objects.filter(child=enrollment.child).first() or Champion.objects.create(
        school=school,
        round=MappingRound.objects.filter(school=school).first(),
        child=enrollment.child,
        champion=User.objects.get(email="dirk@demo.example.org"),
        started_on=today(),
    )
    director = User.objects.get(email="marieke@demo.example.org")
    actor = build_staff_actor(director, None, school.pk)
    plan = start_new_year(actor)
    assert plan.children > 0
    assert plan.leavers > 0
    assert kept["enrollments"] <= set(Enrollment.objects.filter(school=school).values_list("pk", flat=True))
    assert kept["responses"] == dict(Response.objects.filter(school=school).values_list("pk", "scores"))
    assert kept["plans"] == set(
        Plan.objects.filter(school=school).values_list("pk", "child_id", "teacher_id")
    )
    assert kept["audit"] <= set(AuditEvent.objects.filter(school=school).values_list("pk", "hash"))
    assert not ClassSession.objects.filter(group__school_year=year, closed_at__isnull=True).exists()
    # The director assigns the new year's care coordinator and a teacher, and the new year begins.
    following = SchoolYear.objects.get(school=school, name=plan.next_name)
    new_group = Enrollment.objects.get(child=enrollment.child, school_year=following).group
    dirk = User.objects.get(email="dirk@demo.example.org")
    kees = User.objects.get(email="kees@demo.example.org")  # taught groep 7 and 8, not this child
    # The care coordinator of last year's groups went along with the children; Kees is chosen by hand.
    assert GroupAssignment.objects.filter(group=new_group, user=dirk, kind="care").exists()
    assert not GroupAssignment.objects.filter(group=new_group, kind="teacher").exists()
    assign_to_group(actor, new_group.uuid, kees.uuid, "teacher")
    moments = [
        m.name for m in MeasurementMoment.objects.filter(group=enrollment.group_id, opens_on__lte=today())
    ]
    plans = list(Plan.objects.filter(group__school_year=year, child__enrollments__school_year=following))
    in_new_group = [p for p in plans if new_group.enrollments.filter(child_id=p.child_id).exists()]
    assert moments
    assert plans
    url = reverse("schools:child", args=[enrollment.child.uuid])
    with mock.patch("django.utils.timezone.now", return_value=next_autumn(following)):
        care, teacher = Client(), Client()
        care.force_login(dirk)
        teacher.force_login(kees)
        page = care.get(url).content.decode()
        assert all(name in page for name in moments)
        assert all(care.get(reverse("bankingtime:plan", args=[p.uuid])).status_code == 200 for p in plans)
        page = teacher.get(url).content.decode()
        assert escape(enrollment.child.first_name) in page
        assert not any(name in page for name in moments)
        # The handover note and the champion come along; last year's teacher's relationship line and
        # scale scores do not, over the HTML and every PDF of the child the new teacher can get.
        assert escape(note.approach) in page
        assert escape(champion.champion.full_name) in page
        assert f"{old_teacher.full_name} en {enrollment.child.first_name} in de loop van de tijd" not in page
        notes_pdf = " ".join(
            pdf_text(teacher.get(reverse("handover:child_pdf", args=[enrollment.child.uuid])).content).split()
        )
        assert note.approach in notes_pdf
        assert champion.champion.full_name in notes_pdf
        assert not any(name in notes_pdf for name in moments)
        child_pdf = teacher.get(reverse("questionnaires:child_pdf", args=[enrollment.child.uuid]))
        assert child_pdf.status_code == 200
        text = pdf_text(child_pdf.content)
        assert not any(name in text for name in moments)
        assert old_teacher.full_name not in text
        assert all(
            teacher.get(reverse("bankingtime:plan", args=[p.uuid])).status_code == 404 for p in in_new_group
        )


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def next_autumn(year: SchoolYear) -> datetime:
    return timezone.make_aware(datetime.combine(year.starts_on + timedelta(days=45), time(10, 0)))


def test_a_year_an_import_filled_is_kept_and_only_the_old_year_closes(world: World) -> None:
    year = world.group.school_year
    name = f"{year.starts_on.year + 1}-{year.starts_on.year + 2}"
    starts_on, ends_on = SchoolYear.bounds_for(name)
    following = SchoolYear.objects.create(
        school=world.school, name=name, starts_on=starts_on, ends_on=ends_on
    )
    imported = Group.objects.create(school=world.school, school_year=following, name="Groep 5a", grades=[5])
    Enrollment.objects.create(
        school=world.school, child=world.child, group=imported, school_year=following, grade=5
    )
    admin = world.client_for(Persona.ADMIN)
    page = admin.get(reverse("schools:year_rollover")).content.decode()
    assert "heeft al groepen" in page
    plan = start_new_year(build_staff_actor(world.admin, None, world.school.pk))
    assert plan.imported
    assert list(Group.objects.filter(school_year=following)) == [imported]
    assert Enrollment.objects.filter(school_year=following).count() == 1
    world.class_session.refresh_from_db()
    assert world.class_session.closed_at is not None


def test_after_1_august_last_years_groups_move_into_the_empty_new_year(world: World) -> None:
    year = world.group.school_year
    name = f"{year.starts_on.year + 1}-{year.starts_on.year + 2}"
    starts_on, ends_on = SchoolYear.bounds_for(name)
    following = SchoolYear.objects.create(
        school=world.school, name=name, starts_on=starts_on, ends_on=ends_on
    )
    with mock.patch("django.utils.timezone.now", return_value=next_autumn(following)):
        plan = start_new_year(build_staff_actor(world.admin, None, world.school.pk))
    assert plan.year == year
    assert plan.next_year == following
    assert Group.objects.filter(school_year=following, name="Groep 8").exists()
    assert not SchoolYear.objects.filter(starts_on__gt=following.starts_on).exists()


def test_a_school_without_groups_is_told_to_import_first(world: World) -> None:
    Group.objects.filter(school=world.school).delete()
    response = world.client_for(Persona.ADMIN).get(reverse("schools:year_rollover"), follow=True)
    assert "importeer eerst de leerlingen" in response.content.decode()


# --- teachers come along (issue 13) ----------------------------------------------------------------


def with_a_groep_8(world: World) -> tuple[Group, User]:
    """This year's Groep 8, taught by meester Henk: next year he teaches Groep 8 again (the old Groep 7)."""
    groep_8 = make_group(world.school, "Groep 8", [8], 2)
    henk = make_staff(world.school, [Role.TEACHER], teaches=[groep_8], name="Meester Henk")
    return groep_8, henk


def assigned(year: SchoolYear, name: str, kind: str) -> set[User]:
    return {
        a.user
        for a in GroupAssignment.objects.filter(
            group__school_year=year, group__name=name, kind=kind
        ).select_related("user")
    }


def test_the_preview_offers_last_years_teacher_of_the_same_grades(world: World) -> None:
    _groep_8, henk = with_a_groep_8(world)
    page = world.client_for(Persona.ADMIN).get(reverse("schools:year_rollover")).content.decode()
    select = page.split(f'name="teachers-{world.other_group.uuid}"')[1].split("</select>")[0]
    assert f'value="{henk.uuid}" selected' in select  # Groep 7 becomes Groep 8: Henk's grade
    new_456 = page.split(f'name="teachers-{world.group.uuid}"')[1].split("</select>")[0]
    assert " selected" not in new_456  # nobody taught 5/6/7 this year: left for the admin
    assert "Intern begeleider Dirk" in page  # the care coordinator goes along with the children
    assert world.admin.full_name not in page.split("<tbody>")[1]  # never carried into a group herself


def test_by_default_the_teacher_keeps_the_grade_and_care_follows_the_children(world: World) -> None:
    _groep_8, henk = with_a_groep_8(world)
    plan = start_new_year(build_staff_actor(world.admin, None, world.school.pk))
    following = SchoolYear.objects.get(school=world.school, name=plan.next_name)
    assert assigned(following, "Groep 8", "teacher") == {henk}
    assert assigned(following, "Groep 5/6/7", "teacher") == set()
    assert assigned(following, "Groep 5/6/7", "care") == {world.care}
    assert AuditEvent.objects.get(action="schools.year.rollover").details["teachers"] == 1
    # Last year's assignments stay as they were: history.
    assert assigned(world.group.school_year, "Groep 4/5/6", "teacher") == {world.teacher, world.co_teacher}


def test_the_admin_chooses_the_teachers_on_the_form(world: World) -> None:
    with_a_groep_8(world)
    response = world.client_for(Persona.ADMIN).post(
        reverse("schools:year_rollover"),
        {
            f"teachers-{world.group.uuid}": [str(world.teacher.uuid), str(world.co_teacher.uuid)],
            f"teachers-{world.other_group.uuid}": ["", ""],  # Henk is not wanted there
        },
    )
    assert response.status_code == 302
    following = SchoolYear.objects.get(school=world.school, starts_on__gt=world.group.school_year.starts_on)
    # The teachers of 4/5/6 move along with their children; Groep 8 waits for a teacher.
    assert assigned(following, "Groep 5/6/7", "teacher") == {world.teacher, world.co_teacher}
    assert assigned(following, "Groep 8", "teacher") == set()


@pytest.mark.parametrize("choice", ["outsider", "care", "admin", "garbage", "unknown group"])
def test_a_bad_choice_of_teacher_changes_nothing(world: World, choice: str) -> None:
    with_a_groep_8(world)
    key, value = f"teachers-{world.group.uuid}", ""
    if choice == "garbage":
        value = "not-a-uuid"
    elif choice == "unknown group":
        key, value = f"teachers-{world.outsider_group.uuid}", str(world.teacher.uuid)
    else:
        value = str(getattr(world, choice).uuid)
    years = SchoolYear.objects.filter(school=world.school).count()
    assignments = GroupAssignment.objects.count()
    response = world.client_for(Persona.ADMIN).post(
        reverse("schools:year_rollover"), {key: value}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies leerkrachten van de school" in page or "De groepen zijn intussen veranderd" in page
    assert SchoolYear.objects.filter(school=world.school).count() == years
    assert GroupAssignment.objects.count() == assignments
    assert not AuditEvent.objects.filter(action="schools.year.rollover").exists()
