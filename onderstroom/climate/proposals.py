"""Next steps proposed by a low class lever, each a link to the action plan's page for a new class action.

The action plan is reached by its URL name only (no import): the page there offers the catalogue's
cooperative-learning, learning-goal and social-skills actions and the climate scales as measures.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from onderstroom.climate.models import ClassMoment
from onderstroom.climate.results import ClassResult


@dataclass(frozen=True)
class Link:
    text: str
    url: str = ""


def _new_class_action(moment: ClassMoment) -> str:
    try:
        return reverse("actionplan:new_class", args=[moment.group.uuid])
    except NoReverseMatch:  # an installation without the action plan: the proposal stays text
        return ""


def links(moment: ClassMoment, result: ClassResult) -> list[Link]:
    """One proposal per low class lever, for the group's teachers and its care coordinator."""
    url = _new_class_action(moment) if result.proposals else ""
    return [Link(proposal.text, url) for proposal in result.proposals]
