"""Next steps proposed by a low class lever: a link to the action plan when it is there, else text."""

from dataclasses import dataclass

from onderstroom.climate.models import ClassMoment
from onderstroom.climate.results import ClassResult
from onderstroom.schools.access import StaffActor


@dataclass(frozen=True)
class Link:
    text: str
    url: str = ""


def links(actor: StaffActor, moment: ClassMoment, result: ClassResult) -> list[Link]:
    """One proposal per low class lever, for the teachers and the care coordinator of the group."""
    return [Link(proposal.text) for proposal in result.proposals]
