"""The climate scales as measures an action can move (core.measures, registered in panels.py).

Class level: each scale of the children's class form, a reading per class-climate moment of the
group (its value only from five answers on, else the reason). School level: each scale of the school
form, for the children and for the staff, a reading per round. A class follow-up is a new
class-climate moment planned through `services.plan_class_moment` (with its access check); the
school has one round a year, so its follow-up is next year's round and is not planned here.

Change is judged on the two groups of answers, not on the two means alone (`judge_samples`): the
answers are anonymous by design, so the baseline and the follow-up are two independent samples of
respondent scale scores, compared with Welch's t-test (two-sided, 5 %). Below five answers on
either side there is no judgment, and the page says so; the explanation names only the numbers of
answers and the difference of the means, never one answer.
"""

from datetime import date, timedelta
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _

from onderstroom.climate import library, results, services
from onderstroom.climate.models import ClassMoment, Respondent, SchoolRound
from onderstroom.climate.scoring import too_few
from onderstroom.core import measures
from onderstroom.core.dates import when
from onderstroom.core.errors import Refused
from onderstroom.core.measures import (
    Better,
    FollowUp,
    Judgment,
    Level,
    MeasureOption,
    MeasureSource,
    Reading,
    Target,
    Verdict,
)
from onderstroom.core.privacy import SMALL
from onderstroom.instruments.scoring import fmt
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Group
from onderstroom.statistics import welch

CLASS_KEY = "climate.class"
SCHOOL_KEY = "climate.school"
FOLLOWUP_DAYS = 14
KINDS = ("children", "staff")
MOMENT_PREFIX, ROUND_PREFIX = "moment:", "round:"
ALPHA = 0.05  # two-sided


def judge_samples(before: list[float], after: list[float], better: Better) -> Judgment:
    """The change from one group of answers (0-100 scale scores) to another, judged with Welch's t-test.

    Fewer than five answers on either side: not enough (and no test). Both sides without any spread:
    the change is shown, not judged. Otherwise a difference beyond what chance explains at 5 %
    (two-sided) has helped or worsened as the measure's `better` says, else there is no reliable change.
    """
    sizes = {"before": len(before), "after": len(after), "least": SMALL}
    if len(before) < SMALL or len(after) < SMALL:
        return Judgment(
            Verdict.NOT_ENOUGH,
            _(
                "Too few answers to judge change: %(before)d before and %(after)d after, "
                "and at least %(least)d are needed on each side."
            )
            % sizes,
        )
    test = welch(before, after, ALPHA)
    if test is None:
        return Judgment(
            Verdict.UNJUDGED,
            _(
                "All %(before)d answers before and all %(after)d after are the same: "
                "there is no spread to judge by."
            )
            % sizes,
        )
    said = {**sizes, "difference": fmt(test.difference, 1)}
    if not test.significant:
        return Judgment(
            Verdict.NO_CHANGE,
            _(
                "A difference of %(difference)s points on 0-100 between %(before)d answers before and "
                "%(after)d after: within what chance can explain between two groups of answers "
                "(Welch's t-test, 5%%)."
            )
            % said,
        )
    helped = (test.difference > 0) == (better == Better.UP)
    return Judgment(
        Verdict.HELPED if helped else Verdict.WORSENED,
        _(
            "A difference of %(difference)s points on 0-100 between %(before)d answers before and "
            "%(after)d after: larger than chance explains between two groups of answers "
            "(Welch's t-test, 5%%)."
        )
        % said,
    )


def _better(options: list[MeasureOption], key: str) -> Better:
    option = next((option for option in options if option.key == key), None)
    if option is None:
        raise Http404
    return option.better


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


def class_judgment(
    actor: StaffActor, target: Target, key: str, baseline: Reading, followup: Reading
) -> Judgment:
    """The change between two class-climate moments of the group on one scale of the children's form."""
    group = _group(actor, target)
    better = _better(class_options(actor, target), key)
    samples = []
    for reading in (baseline, followup):
        uuid = _uuid(reading.ref, MOMENT_PREFIX)
        moment = ClassMoment.objects.filter(group=group, uuid=uuid).first() if uuid else None
        if moment is None:
            return Judgment(Verdict.NOT_ENOUGH, _("Not enough answers yet."))
        samples.append(results.class_scale_sample(moment, key))
    return judge_samples(samples[0], samples[1], better)


def _uuid(ref: str, prefix: str) -> str | None:
    value = ref.removeprefix(prefix)
    try:
        return str(UUID(value)) if ref.startswith(prefix) else None
    except ValueError:
        return None


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
        who = _("children") if kind == "children" else _("staff members")
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


def school_judgment(
    actor: StaffActor, target: Target, key: str, baseline: Reading, followup: Reading
) -> Judgment:
    """The change between two school-climate rounds on one scale, of the children or of the staff."""
    _school(actor, target)
    better = _better(school_options(actor, target), key)
    kind, _dot, scale = key.partition(".")
    respondent = Respondent.CHILD if kind == "children" else Respondent.STAFF
    samples = []
    for reading in (baseline, followup):
        uuid = _uuid(reading.ref, ROUND_PREFIX)
        found = SchoolRound.objects.filter(uuid=uuid).first() if uuid else None
        if found is None:
            return Judgment(Verdict.NOT_ENOUGH, _("Not enough answers yet."))
        samples.append(results.school_scale_sample(found, respondent, scale))
    return judge_samples(samples[0], samples[1], better)


def register() -> None:
    measures.sources.register(
        MeasureSource(
            CLASS_KEY,
            order=30,
            label=class_label,
            levels=frozenset({Level.CLASS}),
            options=class_options,
            series=class_series,
            judge=class_judgment,
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
            judge=school_judgment,
        )
    )
