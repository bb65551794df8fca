"""The school-climate report as PDF: the page's aggregates and notice, nothing about one child."""

import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from onderstroom.climate.models import ClimateResponse, Respondent
from onderstroom.climate.tests.helpers import world_round
from onderstroom.climate.tests.test_results import answer_round, last_years_round
from onderstroom.schools.models import Child
from onderstroom.testing.world import World, make_group

pytestmark = pytest.mark.django_db
SHOTS = Path("/tmp/climate-shots")  # the PDF is kept there to be looked at (pdftoppm -png)


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_holds_the_aggregates_and_the_notice_and_no_individual_answer(
    world: World, client: Client
) -> None:
    found = world_round(world)
    answer_round(found, world.group, 6, staff=4)
    small = make_group(world.school, "Groep 8", [8])
    answer_round(found, small, 2, staff=0)
    last_years_round(world, 2)
    client.force_login(world.admin)
    response = client.get(reverse("climate:school_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    (SHOTS / "school-report.pdf").parent.mkdir(exist_ok=True)
    (SHOTS / "school-report.pdf").write_bytes(response.content)
    text = pdf_text(response.content)
    assert "niet gevalideerd" in text
    assert f"Schoolklimaat {found.school_year.name}" in text
    # The children's school averages (every child answered 3 of 1-4: 67), last year 33, +33.
    assert "Welbevinden 67 33 +33" in text
    # Participation per group, the small group hidden; the staff's four answers show no average.
    assert "Groep 8 2 <5" in text or "Groep 8 2 •" in text
    assert "4 antwoorden: te weinig" in text
    assert "zonder dat je een collega herkent" in " ".join(text.split())  # the staff's, not a child's
    # Nothing individual: no child's name, no question, no answer of one child.
    children = Child.objects.filter(
        pk__in=ClimateResponse.objects.filter(respondent=Respondent.CHILD).values("child")
    )
    assert children.count() >= 8
    for child in children:
        assert child.first_name not in text
    for item in found.child_version.spec.items:
        assert item.text.get()[:30] not in text


def test_without_a_round_there_is_no_pdf(world: World, client: Client) -> None:
    client.force_login(world.admin)
    assert client.get(reverse("climate:school_pdf")).status_code == 404
