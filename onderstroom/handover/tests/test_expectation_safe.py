"""The boundary of the handover (DESIGN.md §2, expectation-safe), on the demo: this year's teacher reads
what last year's teacher wrote helped, and never last year's moments, scores or profiles; the care
coordinator sees both."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from onderstroom.accounts.models import User
from onderstroom.handover.models import HandoverNote
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.schools.models import Enrollment, GroupAssignment

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

    url = reverse("schools:child", args=[child.uuid])
    pdf_url = reverse("questionnaires:child_pdf", args=[child.uuid])
    care_page = signed_in(care).get(url).content.decode()
    assert escape(note.approach) in care_page
    assert all(word in care_page for word in last_year_words)
    assert last_line in care_page

    teacher = signed_in(new_teacher)
    page = teacher.get(url).content.decode()
    assert escape(note.approach) in page
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
    assert not any(word in notes_pdf for word in last_year_words)

    care_pdf = pdf_text(signed_in(care).get(pdf_url).content)
    assert any(word in care_pdf for word in last_year_words)


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
