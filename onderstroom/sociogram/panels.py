"""Where peer surveys meet the rest of the app: the class session activity and the page panels."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from onderstroom.schools.access import ChildActor, StaffActor
from onderstroom.schools.models import Child, Group
from onderstroom.sociogram import display
from onderstroom.sociogram.access import latest_visible_survey, session_survey
from onderstroom.sociogram.models import PeerSurvey
from onderstroom.sociogram.results import load_results

ACTIVITY_LABEL = _("Peer survey about classmates")
PANEL_SURVEYS = 3


def child_url(actor: ChildActor) -> str | None:
    survey = session_survey(actor)
    return reverse("sociogram:survey", args=[survey.uuid]) if survey else None


def activity_choices(actor: StaffActor, group: Group) -> list[tuple[str, str]]:
    """The open surveys of a group the teacher teaches, to pick for a class session."""
    if not actor.teaches(group):
        return []
    return [
        (str(survey.uuid), display.survey_choice_label(survey))
        for survey in PeerSurvey.objects.filter(group=group, closed_at__isnull=True)
    ]


def group_panel(request: HttpRequest, group: Group) -> str | None:
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    surveys = [(s, display.survey_title(s)) for s in group.peer_surveys.all()[:PANEL_SURVEYS]]
    context = {"group": group, "surveys": surveys, "is_teacher": actor.teaches(group)}
    return render_to_string("sociogram/panels/group.html", context, request=request)


def child_panel(request: HttpRequest, child: Child) -> str | None:
    """The child's place among classmates in the latest survey of their group (the page audited the read)."""
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    survey = latest_visible_survey(actor, child)
    if survey is None:
        return None
    results = load_results(survey)
    row = results.by_id.get(child.pk)
    if row is None:
        return None
    context = {"survey": survey, "title": display.survey_title(survey), "row": row, "results": results}
    return render_to_string("sociogram/panels/child.html", context, request=request)
