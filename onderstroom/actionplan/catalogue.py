"""Suggested actions, each tied to one of the seed's levers (DESIGN.md §1.5) and the levels it fits.

The catalogue is code, not data: every label and description goes through gettext. An action keeps
the key; "own" is an action in the owner's own words only.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onderstroom.core.measures import Level

R, C, S = Level.RELATIONSHIP, Level.CLASS, Level.SCHOOL
OWN = "own"


@dataclass(frozen=True)
class Suggestion:
    key: str
    lever: Promise
    levels: frozenset[Level]
    label: Promise
    description: Promise

    def fits(self, level: Level | str) -> bool:
        return level in self.levels


CATALOGUE = (
    Suggestion(
        "banking_time",
        _("Exclusive time together"),
        frozenset({R}),
        _("Banking Time"),
        _(
            "Five to fifteen minutes alone with the child, a few times a week: the child leads, you "
            "follow and notice what goes well, without correcting."
        ),
    ),
    Suggestion(
        "reflection",
        _("Awareness of your own thoughts and feelings"),
        frozenset({R}),
        _("A reflection"),
        _("Write down, alone or with a coach, what happens between you and the child and why."),
    ),
    Suggestion(
        "cooperative_structure",
        _("Cooperative learning"),
        frozenset({C}),
        _("A cooperative-learning structure"),
        _("One fixed structure (think-pair-share, placemat) used daily, so every child has a role."),
    ),
    Suggestion(
        "learning_goal_talk",
        _("Talking about learning goals"),
        frozenset({C, R}),
        _("A weekly learning-goal conversation"),
        _("Once a week: what are we learning, why, and how will you know you have learnt it?"),
    ),
    Suggestion(
        "social_skills",
        _("Practising social skills"),
        frozenset({C}),
        _("A social-skills lesson series"),
        _("A short series of lessons in which the class practises how to get along, then names what worked."),
    ),
    Suggestion(
        "meeting_space",
        _("Room for meeting"),
        frozenset({S}),
        _("A meeting space"),
        _("A place and a time in the school where children and staff meet outside the lessons."),
    ),
    Suggestion(
        "parents_evening",
        _("Parental involvement"),
        frozenset({S, C}),
        _("A parents' evening format"),
        _("An evening where parents talk with each other and the teachers, not only listen."),
    ),
    Suggestion(
        "fewer_rules",
        _("Few rigid rules"),
        frozenset({S}),
        _("Fewer, clearer rules"),
        _("Go through the school rules together and keep the few that everyone can explain."),
    ),
    Suggestion(
        "room_for_mistakes",
        _("High expectations, chances to succeed and to make mistakes"),
        frozenset({S, C}),
        _("Room to succeed and to make mistakes"),
        _("Tasks with a real chance of success, and mistakes treated out loud as part of learning."),
    ),
)
BY_KEY = {suggestion.key: suggestion for suggestion in CATALOGUE}


def suggestions_for(level: Level | str) -> list[Suggestion]:
    return [suggestion for suggestion in CATALOGUE if suggestion.fits(level)]


def label_of(key: str) -> str:
    suggestion = BY_KEY.get(key)
    return str(suggestion.label) if suggestion else str(_("An action of my own"))
