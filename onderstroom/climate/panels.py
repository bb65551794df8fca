"""Where class and school climate meet the rest of the app: the class session activity, the group
page, the home page, the audit page's words, the privacy registry and the demo."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.childsessions import activities
from onderstroom.climate import access, child_views, demo, library, measures
from onderstroom.climate import childdata as child_data_of_climate
from onderstroom.climate.access import ACTIVITY
from onderstroom.climate.models import ClassMoment, ClimateResponse
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.dates import when
from onderstroom.core.panels import HomeItem, HomeSource, Panel, group_panels, home_items
from onderstroom.demo import extensions
from onderstroom.instruments import library as instruments
from onderstroom.schools.access import StaffActor, StaffHttpRequest, today
from onderstroom.schools.models import Group

ACTIVITY_LABEL = _("Class and school climate")


def group_panel(request: StaffHttpRequest, group: Group) -> str | None:
    """For the group's teachers and care coordinator: the open or latest class-climate moment."""
    actor = request.actor
    if not isinstance(actor, StaffActor) or not actor.sees(group):
        return None
    day = today()
    moments = list(ClassMoment.objects.filter(group=group).order_by("-opens_on")[:3])
    current = next((m for m in moments if m.is_open(day)), None)
    context = {
        "group": group,
        "current": current,
        "latest": next((m for m in moments if m.opens_on <= day), None),
        "teaches": actor.teaches(group),
    }
    return render_to_string("climate/panels/group.html", context, request=request)


def school_round_home(actor: StaffActor) -> list[HomeItem]:
    """For every member of staff: the open school-climate round, until they have answered it all."""
    if not actor.roles:
        return []
    found = access.current_round(actor)
    if found is None or not found.is_open(today()):
        return []
    done = ClimateResponse.objects.filter(school_round=found, user=actor.user, completed_at__isnull=False)
    if done.exists():
        return []
    return [
        HomeItem(
            text=gettext("School climate: how do you experience our school?"),
            detail=gettext(
                "Fourteen short sentences, open until %(day)s. Your answers are only shown added up."
            )
            % {"day": when(found.closes_on, "day")},
            url=reverse("climate:staff_form"),
            action=gettext("Fill in"),
        )
    ]


def director_home(actor: StaffActor) -> list[HomeItem]:
    """For the director (school admin): the school report, or opening this year's round."""
    if not actor.is_school_admin or actor.school_year is None:
        return []
    found = access.current_round(actor)
    return [
        HomeItem(
            text=gettext("School climate report")
            if found
            else gettext("School climate: no round this school year yet."),
            url=reverse("climate:school"),
            action=gettext("Open") if found else gettext("Plan the round"),
        )
    ]


def activity_choices(actor: StaffActor, group: Group) -> list[tuple[str, str]]:
    """Offered while the group has an open class moment or the school an open round."""
    day = today()
    if not actor.teaches(group):
        return []
    choices = []
    moment = ClassMoment.objects.filter(group=group, opens_on__lte=day, closes_on__gte=day).first()
    if moment is not None:
        choices.append(
            (
                str(moment.uuid),
                gettext("Class climate until %(day)s") % {"day": when(moment.closes_on, "day")},
            )
        )
    found = access.current_round(actor)
    if found is not None and found.is_open(day) and set(group.grades) & set(access.SCHOOL_FORM_GRADES):
        choices.append(
            (str(found.uuid), gettext("School climate until %(day)s") % {"day": when(found.closes_on, "day")})
        )
    return choices


def register() -> None:
    """Everything class and school climate add to shared places (AppConfig.ready calls this once)."""
    instruments.register_shipped(library.SHIPPED)
    child_data.register(
        ChildData(
            "climate.answers",
            order=75,
            label=_("Class and school climate"),
            purpose=_(
                "So that the teacher and the school learn how the children experience their class and "
                "their school; only ever shown added up over at least five children."
            ),
            models=("climate.ClimateResponse",),
            export=child_data_of_climate.export_child,
            erase=child_data_of_climate.erase_child,
        )
    )
    activities.registry.register(
        activities.Activity(
            key=ACTIVITY,
            label=ACTIVITY_LABEL,
            child_url=child_views.child_url,
            choices=activity_choices,
            order=60,
        )
    )
    group_panels.register(Panel("climate.class", order=40, render=group_panel))
    home_items.register(HomeSource("climate.school_round", order=30, collect=school_round_home))
    home_items.register(HomeSource("climate.report", order=80, collect=director_home))
    extensions.registry.register(extensions.DemoStep("climate", order=80, step=demo.add_demo_climate))
    measures.register()
    audit_labels.register(
        AuditLabels(
            "climate",
            actions={
                "climate.moment.plan": _("Planned a class-climate moment"),
                "climate.round.open": _("Opened a school-climate round"),
                "climate.class.answer": _("A pupil answered the class-climate questionnaire"),
                "climate.school.answer": _("A pupil answered the school-climate questionnaire"),
                "climate.staff.answer": _("Answered the school-climate questionnaire"),
                "climate.teacher.answer": _("Assessed their own practice in class"),
                "climate.result.view": _("Viewed a class-climate result"),
                "climate.board.view": _("Showed a class-climate result on the board"),
                "climate.report.view": _("Viewed the school-climate report"),
                "climate.research.export": _("Downloaded the pseudonymised climate research export"),
                "climate.vision.view": _("Read their own vision and reactions"),
                "climate.vision.create": _("Wrote their vision and reactions"),
                "climate.vision.update": _("Changed their vision and reactions"),
                "climate.vision.delete": _("Deleted their vision and reactions"),
            },
        )
    )
