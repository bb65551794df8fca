"""What the questionnaires add to shared pages, class sessions, the demo and the audit log (registered
by `register()` below, which AppConfig.ready calls)."""

from typing import TYPE_CHECKING

from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onderstroom.audit import log
from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.childsessions import activities
from onderstroom.core import dates
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.measures import sources as measure_sources
from onderstroom.core.panels import HomeItem, HomeSource, Panel, child_panels, group_panels, home_items
from onderstroom.demo import extensions
from onderstroom.instruments import library
from onderstroom.instruments.models import Respondent
from onderstroom.jobs.registry import JobKind
from onderstroom.jobs.registry import kinds as job_kinds
from onderstroom.questionnaires import childdata as child_data_of_questionnaires
from onderstroom.questionnaires import measures, pdf
from onderstroom.questionnaires import services as questionnaire_services
from onderstroom.questionnaires.access import taught_moments
from onderstroom.questionnaires.child_views import child_url
from onderstroom.questionnaires.library import SHIPPED_DIR
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.questionnaires.overview import child_history
from onderstroom.questionnaires.services import ACTIVITY, may_plan
from onderstroom.schools import yearend
from onderstroom.schools.access import StaffActor, StaffHttpRequest, today
from onderstroom.schools.models import Child, Enrollment, Group

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard


def moment_choices(actor: StaffActor, group: Group) -> list[tuple[str, str]]:
    """Open moments of the group with a children's form: what a class session can run."""
    day = today()
    moments = MeasurementMoment.objects.filter(
        group=group,
        opens_on__lte=day,
        closes_on__gte=day,
        child_versions__isnull=False,
        teachers__isnull=False,
    ).distinct()
    return [(str(m.uuid), m.name) for m in moments.order_by("opens_on")]


def group_panel(request: StaffHttpRequest, group: Group) -> str | None:
    """Where the group stands: the current moment, progress, and the way to each screen."""
    actor = request.actor
    if not isinstance(actor, StaffActor) or not actor.sees(group):
        return None
    day = today()
    moments = list(MeasurementMoment.objects.filter(group=group).order_by("opens_on", "pk"))
    current = next((m for m in moments if m.is_open(day)), None)
    started = [m for m in moments if m.has_started(day)]
    context: dict[str, object] = {
        "group": group,
        "current": current,
        "latest": started[-1] if started else None,
        "upcoming": next((m for m in moments if not m.has_started(day)), None),
        "is_teacher": actor.teaches(group),
        "is_care": actor.cares_for(group),
        "may_plan": may_plan(actor, group),
    }
    if current is not None:
        done = Response.objects.filter(moment=current, completed_at__isnull=False)
        context["size"] = Enrollment.objects.filter(group=group).count()
        context["own_done"] = done.filter(teacher=actor.user, respondent=Respondent.TEACHER).count()
        context["children_done"] = done.filter(respondent=Respondent.CHILD).values("child").distinct().count()
        context["eligible"] = _children_with_a_form(current, group)
    return render_to_string("questionnaires/panels/group.html", context, request=request)


def _children_with_a_form(moment: MeasurementMoment, group: Group) -> int:
    """How many children of the group have a form of their own at the moment.

    None in groups 1 and 2, and none when the moment asks nothing of the children: the panel
    then says nothing about the children's view instead of "0 children have given their view".
    """
    if not moment.teachers.exists():
        return 0
    grades = {grade for version in moment.child_versions.all() for grade in version.spec.grades}
    return Enrollment.objects.filter(group=group, grade__in=grades).count()


def home(actor: StaffActor) -> list[HomeItem]:
    """For a teacher: every open moment of their groups in which they have not rated everyone yet."""
    if not actor.is_teacher:
        return []
    day = today()
    moments = list(
        taught_moments(actor)
        .filter(
            opens_on__lte=day,
            closes_on__gte=day,
            teacher_version__isnull=False,
        )
        .select_related("group")
        .order_by("closes_on", "group__name")
    )
    if not moments:
        return []
    sizes = dict(
        Enrollment.objects.filter(group_id__in={m.group_id for m in moments})
        .values("group_id")
        .annotate(size=Count("pk"))
        .values_list("group_id", "size")
    )
    rated = dict(
        Response.objects.filter(
            moment__in=moments, teacher=actor.user, respondent=Respondent.TEACHER, completed_at__isnull=False
        )
        .values("moment_id")
        .annotate(done=Count("child", distinct=True))
        .values_list("moment_id", "done")
    )
    items = []
    for moment in moments:
        size, done = sizes.get(moment.group_id, 0), rated.get(moment.pk, 0)
        if not size or done >= size:
            continue
        closes = dates.when(moment.closes_on, "day_month")
        items.append(
            HomeItem(
                text=gettext("“%(moment)s” in %(group)s: you have rated %(done)s of %(size)s pupils.")
                % {"moment": moment.name, "group": moment.group.name, "done": done, "size": size},
                detail=gettext("Open until %(date)s.") % {"date": closes},
                url=reverse("questionnaires:rate", args=[moment.uuid]),
                action=gettext("Rate the class") if not done else gettext("Go on rating"),
            )
        )
    return items


def child_panel(request: StaffHttpRequest, child: Child) -> str | None:
    """The child's relationships over time: profile, signals with reasons, and the timeline."""
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    history = child_history(actor, child)
    if history.dyads:
        log.record(actor, "questionnaires.child.view", child=child, details={"moments": len(history.dyads)})
    return render_to_string("questionnaires/panels/child.html", {"history": history}, request=request)


def add_demo(demo: "DemoBoard") -> None:
    from onderstroom.questionnaires.demo import add_demo_answers

    for demo_school in demo.schools:
        add_demo_answers(demo_school.school)


def register() -> None:
    """Everything the questionnaires add to shared places (AppConfig.ready calls this once)."""
    library.register_shipped(library.Shipped("questionnaires.relationship", order=10, directory=SHIPPED_DIR))
    yearend.closers.register(
        yearend.YearClose(
            "questionnaires.moments",
            order=10,
            label=_("Open questionnaire moments"),
            close=questionnaire_services.close_year,
        )
    )
    child_data.register(
        ChildData(
            "questionnaires.responses",
            order=40,
            label=_("Relationship questionnaires"),
            purpose=_(
                "To follow how the relationship between the child and their "
                "teachers develops, and to see where support helps."
            ),
            models=("questionnaires.Response", "questionnaires.Answer"),
            export=child_data_of_questionnaires.export_child,
            erase=child_data_of_questionnaires.erase_child,
        )
    )
    # First among the demo steps: Banking Time and the peer survey build on these answers.
    extensions.registry.register(extensions.DemoStep("questionnaires.answers", order=10, step=add_demo))
    group_panels.register(Panel("questionnaires.relations", order=10, render=group_panel))
    measure_sources.register(measures.SOURCE)
    home_items.register(HomeSource("questionnaires.rating", order=10, collect=home))
    child_panels.register(Panel("questionnaires.relations", order=10, render=child_panel))
    activities.registry.register(
        activities.Activity(
            key=ACTIVITY,
            label=_("Questionnaire about the teacher"),
            child_url=child_url,
            choices=moment_choices,
            order=10,
        )
    )
    job_kinds.register(
        JobKind(
            "questionnaires.school_pdf",
            order=10,
            label=_("Relationships in the school (PDF)"),
            allowed=pdf.may_print_school,
            produce=pdf.school_pdf,
        )
    )
    audit_labels.register(
        AuditLabels(
            "questionnaires",
            actions={
                "questionnaires.child.pdf": _("Printed a pupil's questionnaire results"),
                "questionnaires.answers.save": _("Saved questionnaire answers"),
                "questionnaires.child.view": _("Viewed a pupil's questionnaire results"),
                "questionnaires.export.csv": _("Exported questionnaire results (CSV)"),
                "questionnaires.export.xlsx": _("Exported questionnaire results (Excel)"),
                "questionnaires.instrument.load": _("Loaded a questionnaire"),
                "questionnaires.research.export": _("Made a pseudonymised research export"),
                "questionnaires.research_consent.record": _("Recorded the school's consent for research use"),
                "questionnaires.research_consent.withdraw": _(
                    "Withdrew the school's consent for research use"
                ),
                "questionnaires.moment.change": _("Changed a measurement moment"),
                "questionnaires.moment.plan": _("Planned a measurement moment"),
                "questionnaires.overview.pdf": _("Printed the class overview of a questionnaire"),
                "questionnaires.overview.csv": _("Downloaded the class overview of a questionnaire (CSV)"),
                "questionnaires.overview.xlsx": _("Downloaded the class overview of a questionnaire (Excel)"),
                "questionnaires.overview.view": _("Viewed the class overview of a questionnaire"),
                "questionnaires.rate.view": _("Opened the rating of a class"),
                "questionnaires.reliability.view": _("Viewed the reliability of a questionnaire"),
                "questionnaires.reliability.csv": _("Downloaded the reliability of a questionnaire (CSV)"),
                "questionnaires.reliability.xlsx": _("Downloaded the reliability of a questionnaire (Excel)"),
                "questionnaires.school_overview.pdf": _("Printed the school's questionnaire overview"),
                "questionnaires.school_overview.view": _("Viewed the school's questionnaire overview"),
                "questionnaires.summary.view": _("Viewed a questionnaire summary"),
                "questionnaires.measure.view": _("Viewed a relationship scale as the measure of an action"),
                "questionnaires.closeness.view": _(
                    "Viewed teachers' closeness ratings on the relationship map"
                ),
            },
        )
    )
