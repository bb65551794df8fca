"""A low class lever's proposal opens the action plan's form with the action and the measure chosen."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from onderstroom.climate.tests.helpers import world_moment
from onderstroom.climate.tests.test_results import answer_class
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


def chosen(page: str) -> tuple[list[str], list[str]]:
    """The checked suggestions and the selected measures of the action form."""
    radios = re.findall(r'<input type="radio" name="suggestion" value="([^"]+)"[^>]*\bchecked\b', page)
    select = re.search(r'<select name="measure".*?</select>', page, re.DOTALL)
    assert select is not None
    measures = re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select.group(0))
    return radios, measures


def proposal_links(world: World, client: Client) -> dict[str, str]:
    """The low levers' links on the class result: the proposal text → its URL."""
    moment = world_moment(world)
    answer_class(moment, 5, value=1)
    page = client.get(reverse("climate:result", args=[moment.uuid])).text
    return {
        html.unescape(text): html.unescape(url)
        for url, text in re.findall(r'<li><a href="([^"]+/actions/new\?[^"]+)">([^<]+)</a></li>', page)
    }


def test_the_proposal_opens_the_form_with_the_action_and_the_climate_measure_chosen(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    links = proposal_links(world, client)
    assert len(links) == 3
    url = next(url for text, url in links.items() if text.startswith("Samen leren scoort laag"))
    page = client.get(url)
    assert page.status_code == 200
    assert chosen(page.text) == (["cooperative_structure"], ["climate.class:cooperation"])
    social = next(url for text, url in links.items() if text.startswith("Oefenen met goed omgaan"))
    assert chosen(client.get(social).text) == (["social_skills"], ["climate.class:getting_along"])
    # The care coordinator of the group gets the same choice.
    care = world.client_for(Persona.CARE)
    assert chosen(care.get(url).text) == (["cooperative_structure"], ["climate.class:cooperation"])


@pytest.mark.parametrize(
    ("suggestion", "measure"),
    [
        ("banking_time", "questionnaires.relationship:teacher.closeness"),  # not offered for a class
        ("meeting_space", "climate.school:children.meeting"),  # the school's, not the class's
        ("<script>", "climate.class:<b>"),
        ("", "climate.class:"),
        ("cooperative_structure\x00", "climate.class:cooperation:extra"),
    ],
)
def test_tampered_choices_are_ignored_and_the_form_still_opens(
    world: World, suggestion: str, measure: str
) -> None:
    client = world.client_for(Persona.TEACHER)
    url = reverse("actionplan:new_class", args=[world.group.uuid])
    page = client.get(url, {"suggestion": suggestion, "measure": measure})
    assert page.status_code == 200
    assert chosen(page.text) == ([], [""])
    assert "<script>" not in page.text


def test_a_teacher_of_another_group_gets_what_the_page_gives_without_the_link(world: World) -> None:
    links = proposal_links(world, world.client_for(Persona.TEACHER))
    url = next(iter(links.values()))
    other = world.client_for(Persona.OTHER_TEACHER)
    plain = other.get(url.split("?")[0])
    linked = other.get(url)
    assert (plain.status_code, linked.status_code) == (404, 404)
