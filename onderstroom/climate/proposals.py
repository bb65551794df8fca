"""Next steps proposed by a low class lever, each a link to the action plan's page for a new class action.

The action plan is reached by its URL name only (no import): the page there offers the catalogue's
cooperative-learning, learning-goal and social-skills actions and the climate scales as measures.
The link preselects the action that fits the lever and the lever's climate scale as the measure
(`?suggestion=…&measure=…`); the action plan checks both against what it offers there.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from onderstroom.climate.measures import CLASS_KEY
from onderstroom.climate.models import ClassMoment
from onderstroom.climate.results import ClassResult, Proposal

# The action plan's catalogue key the page preselects for each low class lever (DESIGN.md §1.5).
SUGGESTION = {
    "cooperation": "cooperative_structure",
    "learning_talk": "learning_goal_talk",
    "getting_along": "social_skills",
}


@dataclass(frozen=True)
class Link:
    text: str
    url: str = ""


def _new_class_action(moment: ClassMoment) -> str:
    try:
        return reverse("actionplan:new_class", args=[moment.group.uuid])
    except NoReverseMatch:  # an installation without the action plan: the proposal stays text
        return ""


def _with_choice(url: str, proposal: Proposal) -> str:
    if not url:
        return ""
    query = {"suggestion": SUGGESTION[proposal.lever], "measure": f"{CLASS_KEY}:{proposal.lever}"}
    return f"{url}?{urlencode(query)}"


def links(moment: ClassMoment, result: ClassResult) -> list[Link]:
    """One proposal per low class lever, for the group's teachers and its care coordinator."""
    url = _new_class_action(moment) if result.proposals else ""
    return [Link(proposal.text, _with_choice(url, proposal)) for proposal in result.proposals]
