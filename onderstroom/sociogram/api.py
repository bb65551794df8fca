"""What other features may ask of the peer surveys.

    from onderstroom.sociogram import api
    surveys = api.group_surveys(actor, group)  # newest first; `answered`: children who finished
    found = api.load_results(survey)           # the results page's numbers: status, chosen by, mutual
    found.participation.enough                 # False: show found.participation.sentence, no status
    svg = api.sociogram_svg(found)             # the results page's sociogram, with title and description

A fixed number of queries however large the group. Unlike the questionnaires' API this one writes no
audit rows: the caller shows the children together with its own data and audits them once, per page.
"""

from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q

from onderstroom.schools.access import Actor
from onderstroom.schools.models import Group
from onderstroom.sociogram import display
from onderstroom.sociogram.access import visible_group_surveys
from onderstroom.sociogram.models import PeerSurvey
from onderstroom.sociogram.results import ChildResult, SurveyResults, load_results
from onderstroom.sociogram.status import Status

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _Answered(TypedDict):
        answered: int  # the annotation group_surveys adds


__all__ = [
    "ChildResult",
    "Status",
    "SurveyResults",
    "group_surveys",
    "load_results",
    "sociogram_svg",
    "survey_choice_label",
]


def group_surveys(actor: Actor, group: Group) -> "list[WithAnnotations[PeerSurvey, _Answered]]":
    """The group's peer surveys the actor may see (its teachers and its care coordinator), newest first.

    Each carries `answered`: how many children finished it. One query.
    """
    return list(
        visible_group_surveys(actor, group)
        .select_related("group")
        .annotate(answered=Count("responses", filter=Q(responses__finished_at__isnull=False)))
        .order_by("-created_at", "-pk")
    )


def sociogram_svg(results: SurveyResults) -> str:
    """The results page's sociogram (without photos): an SVG with role="img", a title and a description."""
    return display.sociogram_svg(results, photos=False)


def survey_choice_label(survey: PeerSurvey) -> str:
    """The survey among a group's surveys, such as "3 March 2026 (naming classmates)"."""
    return display.survey_choice_label(survey)
