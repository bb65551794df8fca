"""Where peer surveys meet the rest of the app: the class session activity and the page panels."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.childsessions import activities
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.measures import sources as measure_sources
from onderstroom.core.panels import Panel, child_panels, group_panels
from onderstroom.demo import extensions
from onderstroom.schools import yearend
from onderstroom.schools.access import ChildActor, StaffActor, StaffHttpRequest
from onderstroom.schools.models import Child, Group
from onderstroom.sociogram import childdata as child_data_of_sociogram
from onderstroom.sociogram import demo, display, measures, services
from onderstroom.sociogram.access import ACTIVITY, latest_visible_survey, session_survey
from onderstroom.sociogram.models import Method, PeerSurvey, Question
from onderstroom.sociogram.results import load_results

ACTIVITY_LABEL = _("Peer survey about classmates")
RATING_ANSWER = "rating"  # the "question" a peer survey's rating answers are logged under
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


def group_panel(request: StaffHttpRequest, group: Group) -> str | None:
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    surveys = [(s, display.survey_title(s)) for s in group.peer_surveys.all()[:PANEL_SURVEYS]]
    context = {"group": group, "surveys": surveys, "is_teacher": actor.teaches(group)}
    return render_to_string("sociogram/panels/group.html", context, request=request)


def child_panel(request: StaffHttpRequest, child: Child) -> str | None:
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


def _audit_values() -> list[tuple[str, str | Promise]]:
    return [*Method.choices, *Question.choices, (RATING_ANSWER, _("rating with faces"))]


def register() -> None:
    """Everything the peer surveys add to shared places (AppConfig.ready calls this once)."""
    measure_sources.register(measures.SOURCE)
    yearend.closers.register(
        yearend.YearClose(
            "sociogram.surveys", order=40, label=_("Open peer surveys"), close=services.close_year
        )
    )
    child_data.register(
        ChildData(
            "sociogram.peers",
            order=30,
            label=_("Peer surveys"),
            purpose=_(
                "To see how the children in a group relate to each other, "
                "so that no child stays isolated unnoticed."
            ),
            models=(
                "sociogram.RosterEntry",
                "sociogram.PeerResponse",
                "sociogram.PeerNomination",
                "sociogram.PeerRating",
                "sociogram.AnswerReceipt",
            ),
            export=child_data_of_sociogram.export_child,
            erase=child_data_of_sociogram.erase_child,
        )
    )
    activities.registry.register(
        activities.Activity(
            key=ACTIVITY, label=ACTIVITY_LABEL, child_url=child_url, choices=activity_choices, order=60
        )
    )
    group_panels.register(Panel("sociogram.surveys", order=60, render=group_panel))
    child_panels.register(Panel("sociogram.peer_status", order=60, render=child_panel))
    extensions.registry.register(
        extensions.DemoStep("sociogram.surveys", order=60, step=demo.add_demo_surveys)
    )
    audit_labels.register(
        AuditLabels(
            "sociogram",
            actions={
                "sociogram.answer.finish": _("A pupil finished the peer survey"),
                "sociogram.answer.save": _("A pupil answered the peer survey"),
                "sociogram.report.pdf": _("Printed a sociogram report"),
                "sociogram.results.view": _("Viewed peer survey results"),
                "sociogram.measure.view": _("Viewed a pupil's peer choices as the measure of an action"),
                "sociogram.results.csv": _("Downloaded the table of peer survey results (CSV)"),
                "sociogram.results.xlsx": _("Downloaded the table of peer survey results (Excel)"),
                "sociogram.settings.update": _("Changed the peer survey settings"),
                "sociogram.sociogram.view": _("Viewed a sociogram"),
                "sociogram.survey.close": _("Closed a peer survey"),
                "sociogram.survey.create": _("Started a peer survey"),
                "sociogram.survey.reopen": _("Opened a peer survey again"),
            },
            values=_audit_values,
        )
    )
