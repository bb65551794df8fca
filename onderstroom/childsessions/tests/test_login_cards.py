"""Login cards print as one PDF for the whole group, eight cards to an A4 page."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from onderstroom.childsessions.tests.helpers import actions
from onderstroom.testing.world import Persona, World, add_child, make_child, make_group

pytestmark = pytest.mark.django_db

A4 = (595, 842)  # points


def cards_url(group) -> str:  # type: ignore[no-untyped-def]
    return reverse("childsessions:login_cards", kwargs={"uuid": group.uuid})


def test_the_cards_of_a_group_fill_a4_pages_with_names_and_pictures(world: World) -> None:
    for first, prefix, surname, code in [
        ("Fleur", "van der", "Berg", "801"),
        ("Sarah", "", "d'Ancona", "245"),
        ("Jan", "", "Bakker", "370"),
        ("Noë", "", "Özdemir", "168"),
        ("Ties", "de", "Wit", "013"),
        ("Lotte", "", "Kok", "527"),
    ]:
        child = make_child(world.school, first_name=first, surname_prefix=prefix, surname=surname)
        child.picture_code = code
        child.save()
        add_child(world.group, child)
    response = world.client_for(Persona.TEACHER).get(cards_url(world.group))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="inlogkaartjes-groep-456.pdf"'

    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2  # 9 children, 8 to a page
    assert [round(float(v)) for v in reader.pages[0].mediabox.upper_right] == list(A4)
    text = " ".join(page.extract_text() for page in reader.pages)
    for name in ("Fleur van der Berg", "Sarah d'Ancona", "Noë Özdemir", "Ties de Wit"):
        assert name in text
    assert "De Regenboog" in text
    assert "Groep 4/5/6" in text
    assert "http://testserver/leerling/" in text
    assert "Fleur van der Berg Groep 4/5/6 · De Regenboog 1 Bloem 2 Zon 3 Boom" in " ".join(text.split())

    rows = actions("childsessions.cards.print")
    assert len(rows) == 9
    assert {row.object_uuid for row in rows} == {str(world.group.uuid)}


def test_the_cards_are_for_the_teacher_of_the_group_only(world: World) -> None:
    for persona in (Persona.CARE, Persona.OTHER_TEACHER, Persona.ADMIN, Persona.OUTSIDER, Persona.CHILD):
        assert world.client_for(persona).get(cards_url(world.group)).status_code == 404
    assert actions("childsessions.cards.print") == []


def test_a_group_without_pupils_gets_a_friendly_word_instead_of_an_empty_pdf(world: World) -> None:
    from onderstroom.schools.models import GroupAssignment

    empty = make_group(world.school, "Groep 8", [8])
    GroupAssignment.objects.create(
        school=world.school, group=empty, user=world.teacher, kind=GroupAssignment.Kind.TEACHER
    )
    response = world.client_for(Persona.TEACHER).get(cards_url(empty), follow=True)
    assert response.redirect_chain[-1][0] == reverse("schools:group", kwargs={"uuid": empty.uuid})
    assert "geen inlogkaartjes" in response.content.decode()
