"""The boundary of the handover (DESIGN.md §2, expectation-safe), on the demo: this year's teacher reads
what last year's teacher wrote helped, and never last year's moments, scores or profiles; the care
coordinator sees both."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from pypdf import PdfReader

from onderstroom.accounts.models import User
from onderstroom.core.dates import when
from onderstroom.handover.models import HandoverNote
from onderstroom.mapping.models import Champion, MappingRound
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.schools.access import today
from onderstroom.schools.models import Child, Enrollment, GroupAssignment, Membership

# The demo is a whole board: this test reads it across its schools.
pytestmark = [pytest.mark.django_db, pytest.mark.all_schools]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_new_teacher_sees_the_note_and_never_last_years_scores() -> None:
    call_command("demo_data", stdout=StringIO())
    notes = list(HandoverNote.objects.select_related("child", "school_year", "author"))
    assert len(notes) >= 3
    assert len({n.group_id for n in notes}) == len(notes)  # spread over last year's groups
    note = next(n for n in notes if n.approach)
    child, last_year = note.child, note.school_year
    now = Enrollment.objects.exclude(school_year=last_year).get(child=child)
    new_teacher = GroupAssignment.objects.filter(group=now.group, kind="teacher").first().user
    care = GroupAssignment.objects.filter(group=now.group, kind="care").first().user
    assert new_teacher != note.author
    moments = list(MeasurementMoment.objects.filter(group__enrollments__child=child, school_year=last_year))
    # Last year's answers about the child exist: there is something to keep away.
    assert Response.objects.filter(child=child, moment__in=moments, completed_at__isnull=False).exists()
    last_year_words = [m.name for m in moments]
    # Last year's relationship line is headed with last year's teacher's name and the child's name.
    last_line = f"{note.author.full_name} en {child.first_name} in de loop van de tijd"
    champion = give_a_champion(child, exclude={new_teacher.pk, care.pk, note.author.pk})
    champion_line = f"Maatje: <strong>{escape(champion.champion.full_name)}</strong>, sinds"

    url = reverse("schools:child", args=[child.uuid])
    pdf_url = reverse("questionnaires:child_pdf", args=[child.uuid])
    care_page = signed_in(care).get(url).content.decode()
    assert escape(note.approach) in care_page
    assert all(word in care_page for word in last_year_words)
    assert last_line in care_page

    teacher = signed_in(new_teacher)
    page = teacher.get(url).content.decode()
    assert escape(note.approach) in page
    # The child's champion comes along (name, since when); nothing else of the mapping does.
    assert champion_line in page
    with translation.override("nl"):
        assert f"sinds {when(champion.started_on, 'day')}" in page
    assert not any(word in page for word in last_year_words)
    assert last_line not in page
    pdf = teacher.get(pdf_url)
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert child.full_name in text
    assert not any(word in text for word in last_year_words)
    assert note.author.full_name not in text

    # Every PDF the new teacher can get of the child: the handover notes and the relationships.
    notes_pdf = pdf_text(teacher.get(reverse("handover:child_pdf", args=[child.uuid])).content)
    assert " ".join(note.approach.split()) in " ".join(notes_pdf.split())
    assert f"Maatje: {champion.champion.full_name}, sinds" in " ".join(notes_pdf.split())
    assert not any(word in notes_pdf for word in last_year_words)

    care_pdf = pdf_text(signed_in(care).get(pdf_url).content)
    assert any(word in care_pdf for word in last_year_words)


def give_a_champion(child: Child, exclude: set[int]) -> Champion:
    """A colleague (not one of the child's teachers) becomes the child's champion in a mapping round."""
    mapping_round = MappingRound.objects.filter(school=child.school).first()
    starter = Membership.objects.filter(school=child.school).first().user
    if mapping_round is None:
        mapping_round = MappingRound.objects.create(
            school=child.school,
            school_year=Enrollment.objects.filter(child=child)
            .order_by("-school_year__starts_on")[0]
            .school_year,
            started_by=starter,
            started_on=today(),
            closes_on=today(),
        )
    colleague = Membership.objects.filter(school=child.school).exclude(user_id__in=exclude).first().user
    Champion.objects.filter(child=child).delete()
    return Champion.objects.create(
        school=child.school, round=mapping_round, child=child, champion=colleague, started_on=today()
    )


def test_a_teacher_of_another_group_sees_no_note() -> None:
    call_command("demo_data", stdout=StringIO())
    note = HandoverNote.objects.select_related("child").first()
    assert note is not None
    now = Enrollment.objects.exclude(school_year=note.school_year).get(child=note.child)
    other = (
        GroupAssignment.objects.filter(
            group__school_year=now.school_year, kind="teacher", group__school=now.school
        )
        .exclude(group=now.group)
        .exclude(user__in=GroupAssignment.objects.filter(group=now.group).values("user"))
        .first()
    )
    assert other is not None
    response = signed_in(other.user).get(reverse("schools:child", args=[note.child.uuid]))
    assert response.status_code == 404
