"""The climate scales as measures an action can move (core.measures, registered in panels.py).

Class level: each scale of the children's class form, a reading per class-climate moment of the
group (its value only from five answers on, else the reason). School level: each scale of the school
form, for the children and for the staff, a reading per round. A class follow-up is a new
class-climate moment planned through `services.plan_class_moment` (with its access check); the
school has one round a year, so its follow-up is next year's round and is not planned here.
No change judgment yet: `compare` then says it cannot judge, rather than guess.
"""

from datetime import date, timedelta

from django.http import Http404
from django.utils.translation import gettext as _

from onderstroom.climate import library, results, services
from onderstroom.climate.models import ClassMoment, SchoolRound
from onderstroom.climate.scoring import too_few
from onderstroom.core import measures
from onderstroom.core.dates import when
from onderstroom.core.errors import Refused
from onderstroom.core.measures import FollowUp, Level, MeasureOption, MeasureSource, Reading, Target
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Group

CLASS_KEY = "climate.class"
SCHOOL_KEY = "climate.school"
FOLLOWUP_DAYS = 14
KINDS = ("children", "staff")


def class_label() -> str:
    return _("Class climate")


def school_label() -> str:
    return _("School climate")


def _group(actor: StaffActor, target: Target) -> Group:
    if (
        not isinstance(actor, StaffActor)
        or target.level != Level.CLASS
        or target.group is None
        or not actor.sees(target.group)
    ):
        raise Http404
    return target.group


def class_options(actor: StaffActor, target: Target) -> list[MeasureOption]:
    try:
        _group(actor, target)
    except Http404:
        return []
    spec = library.version(library.CLASS_OLDER).spec
    return [
        MeasureOption(CLASS_KEY, scale.key, _("%(scale)s (class climate)") % {"scale": scale.label.get()})
        for scale in spec.scales
    ]


def class_series(actor: StaffActor, target: Target, key: str) -> list[Reading]:
    group = _group(actor, target)
    readings = []
    for moment in ClassMoment.objects.filter(group=group).order_by("opens_on"):
        found = results.class_result(moment, None)
        line = next((line for line in found.lines if line.key == key), None)
        if line is None:
            raise Http404
        readings.append(
            Reading(
                on=moment.closes_on,
                value=line.score,
                n=found.answers,
                ref=f"moment:{moment.uuid}",
                label=when(moment.opens_on, "day"),
                note=found.reason,
            )
        )
    return readings


def class_followup(actor: StaffActor, target: Target, key: str, on_date: date) -> FollowUp | None:
    group = _group(actor, target)
    try:
        moment = services.plan_class_moment(actor, group, on_date, on_date + timedelta(days=FOLLOWUP_DAYS))
    except Refused:
        return None
    return FollowUp(ref=f"moment:{moment.uuid}", on=moment.closes_on, label=when(moment.opens_on, "day"))


def _school(actor: StaffActor, target: Target) -> None:
    if not isinstance(actor, StaffActor) or target.level != Level.SCHOOL or not actor.is_school_admin:
        raise Http404


def school_options(actor: StaffActor, target: Target) -> list[MeasureOption]:
    try:
        _school(actor, target)
    except Http404:
        return []
    options = []
    for kind, version_key in (("children", library.SCHOOL_CHILD), ("staff", library.SCHOOL_STAFF)):
        who = _("children") if kind == "children" else _("staff")
        for scale in library.version(version_key).spec.scales:
            label = _("%(scale)s (school climate, %(who)s)") % {"scale": scale.label.get(), "who": who}
            options.append(MeasureOption(SCHOOL_KEY, f"{kind}.{scale.key}", label))
    return options


def school_series(actor: StaffActor, target: Target, key: str) -> list[Reading]:
    _school(actor, target)
    kind, _dot, scale = key.partition(".")
    if kind not in KINDS:
        raise Http404
    readings = []
    for found in SchoolRound.objects.select_related("school_year").order_by("opens_on"):
        report = results.school_report(found)
        part = report.children if kind == "children" else report.staff
        line = next((line for line in part.lines if line.key == scale), None)
        if line is None:
            raise Http404
        readings.append(
            Reading(
                on=found.closes_on,
                value=line.score,
                n=part.answered,
                ref=f"round:{found.uuid}",
                label=found.school_year.name,
                note="" if part.shown else too_few(part.answered),
            )
        )
    return readings


def register() -> None:
    measures.sources.register(
        MeasureSource(
            CLASS_KEY,
            order=30,
            label=class_label,
            levels=frozenset({Level.CLASS}),
            options=class_options,
            series=class_series,
            plan_followup=class_followup,
        )
    )
    measures.sources.register(
        MeasureSource(
            SCHOOL_KEY,
            order=40,
            label=school_label,
            levels=frozenset({Level.SCHOOL}),
            options=school_options,
            series=school_series,
        )
    )
