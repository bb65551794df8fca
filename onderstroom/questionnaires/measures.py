"""The relationship scales as measures an action can move (core.measures, registered in panels.py).

A measure is one view's construct: the teacher's closeness, conflict, dependency and handling, or the
child's support, conflict, fairness and classmates. A reading is the score at one moment of the
group, of the relationship between the target's teacher and child; change is judged as the child's
page judges it (`changes_between`: the reliable change index with the school's reference, the
scales of one view as one family), and a follow-up is a measurement moment planned for the group
through `services.plan_moment`, with its access check.
"""

from datetime import date, timedelta

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onderstroom.accounts.models import User
from onderstroom.audit import log
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
from onderstroom.instruments.library import current_versions
from onderstroom.questionnaires import services
from onderstroom.questionnaires.analysis import CHILD, TEACHER, ResponseSet
from onderstroom.questionnaires.forms import suggested_name
from onderstroom.questionnaires.library import CHILD_KEYS, TEACHER_KEY
from onderstroom.questionnaires.models import Address, MeasurementMoment, MomentTeacher, Response
from onderstroom.questionnaires.scoring import changes_between, fmt
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Enrollment

KEY = "questionnaires.relationship"
READ = "questionnaires.measure.view"
REF_PREFIX = "moment:"
FOLLOWUP_DAYS = 14
# (respondent, construct) → label and the way it should move.
MEASURES = {
    (TEACHER, "closeness"): (gettext_lazy("Closeness (teacher's view)"), Better.UP),
    (TEACHER, "conflict"): (gettext_lazy("Conflict (teacher's view)"), Better.DOWN),
    (TEACHER, "dependency"): (gettext_lazy("Dependency (teacher's view)"), Better.DOWN),
    (TEACHER, "handling"): (gettext_lazy("Able to handle the child (teacher's view)"), Better.UP),
    (CHILD, "support"): (gettext_lazy("Support and closeness (child's view)"), Better.UP),
    (CHILD, "conflict"): (gettext_lazy("Conflict (child's view)"), Better.DOWN),
    (CHILD, "fairness"): (gettext_lazy("Fair expectations (child's view)"), Better.UP),
    (CHILD, "classmates"): (gettext_lazy("How the teacher treats classmates (child's view)"), Better.UP),
}


def source_label() -> str:
    return _("Relationship questionnaire")


def _measure(key: str) -> tuple[str, str]:
    respondent, _dot, construct = key.partition(".")
    if (respondent, construct) not in MEASURES:
        raise Http404
    return respondent, construct


def _checked(actor: StaffActor, target: Target) -> tuple[int, int, User]:
    """(group id, child id, teacher) of a relationship the actor may see, else 404."""
    group, child = target.group, target.child
    if group is None or child is None or not isinstance(actor, StaffActor) or not actor.sees(group):
        raise Http404
    if not Enrollment.objects.filter(group=group, child=child).exists():
        raise Http404
    return group.pk, child.pk, target.teacher or actor.user


def relationship_options(actor: StaffActor, target: Target) -> list[MeasureOption]:
    try:
        _checked(actor, target)
    except Http404:
        return []
    return [
        MeasureOption(KEY, f"{respondent}.{construct}", str(label), better)
        for (respondent, construct), (label, better) in MEASURES.items()
    ]


def _moment_ref(moment: MeasurementMoment) -> str:
    return f"{REF_PREFIX}{moment.uuid}"


def relationship_series(actor: StaffActor, target: Target, key: str) -> list[Reading]:
    """One reading per moment of the group: the score, or none yet (a planned or unanswered moment)."""
    group_id, child_id, teacher = _checked(actor, target)
    respondent, construct = _measure(key)
    moments = list(MeasurementMoment.objects.filter(group_id=group_id).order_by("opens_on", "pk"))
    responses = Response.objects.filter(
        moment__group_id=group_id, child_id=child_id, teacher=teacher, respondent=respondent
    ).select_related("version")
    scores: dict[int, float | None] = {}
    for response in responses:
        scale = response.version.spec.scale_for(construct)
        value = (response.scores or {}).get(scale.key) if scale else None
        scores[response.moment_id] = None if value is None else float(value)
    if scores:
        log.record(actor, READ, child=target.child, obj=target.group)
    return [_reading(moment, moment.pk in scores, scores.get(moment.pk)) for moment in moments]


def _reading(moment: MeasurementMoment, answered: bool, value: float | None) -> Reading:
    if value is not None:
        note = ""
    elif answered:
        note = _("Too few questions answered for a score.")
    else:
        note = _("Not answered yet.")
    return Reading(
        on=moment.opens_on,
        value=value,
        n=1 if value is not None else 0,
        ref=_moment_ref(moment),
        label=moment.name,
        note=note,
    )


def relationship_judgment(
    actor: StaffActor, target: Target, key: str, baseline: Reading, followup: Reading
) -> Judgment:
    """The reliable change between the two moments, as the child's page judges it."""
    group_id, child_id, teacher = _checked(actor, target)
    respondent, construct = _measure(key)
    uuids = [ref.removeprefix(REF_PREFIX) for ref in (baseline.ref, followup.ref)]
    responses = ResponseSet.load(
        [child_id],
        Q(moment__group_id=group_id, moment__uuid__in=uuids, teacher=teacher, respondent=respondent),
    )
    rows = sorted(responses.responses, key=lambda r: (r.moment.opens_on, r.moment.pk))
    child = target.child
    if len(rows) != 2 or child is None:
        return Judgment(Verdict.NOT_ENOUGH, _("Not enough answers yet."))
    earlier, later = rows
    reference = responses.references.get((earlier.version_id, earlier.moment.school_year_id))
    changes = changes_between(
        responses.view(earlier, child),
        responses.view(later, child),
        earlier.grade,
        child.gender or None,
        reference,
    )
    change = next((c for c in changes if c.construct == construct), None)
    if change is None or change.result is None:
        return Judgment(Verdict.NOT_ENOUGH, _("Too few ratings in the school yet to judge change reliably."))
    limit = fmt(change.result.smallest_reliable_difference, 2)
    if not change.reliable:
        return Judgment(
            Verdict.NO_CHANGE,
            _("No reliable change: a difference of at least %(limit)s points is needed to rule out chance.")
            % {"limit": limit},
        )
    _label, better = MEASURES[(respondent, construct)]
    helped = (change.direction == "up") == (better == Better.UP)
    return Judgment(
        Verdict.HELPED if helped else Verdict.WORSENED,
        _("A reliable change: larger than the %(limit)s points that chance could explain.")
        % {"limit": limit},
    )


def plan_followup_moment(actor: StaffActor, target: Target, key: str, on_date: date) -> FollowUp:
    """A moment of the group opening on `on_date` (or the one already covering that day) in which
    the teacher rates the child again and the children answer about the teacher."""
    group_id, _child_id, teacher = _checked(actor, target)
    _measure(key)
    group = target.group
    assert group is not None  # _checked refused a target without one
    existing = MeasurementMoment.objects.filter(
        group=group, opens_on__lte=on_date, closes_on__gte=on_date
    ).first()
    if existing is not None:
        return FollowUp(_moment_ref(existing), existing.opens_on, existing.name)
    versions = {v.instrument.key: v for v in current_versions()}
    closes_on = min(on_date + timedelta(days=FOLLOWUP_DAYS), group.school_year.ends_on)
    later = MeasurementMoment.objects.filter(group=group, opens_on__gt=on_date).order_by("opens_on").first()
    if later is not None:
        closes_on = min(closes_on, later.opens_on - timedelta(days=1))
    plan = services.MomentPlan(
        name=suggested_name(on_date),
        opens_on=on_date,
        closes_on=closes_on,
        teacher_version=versions.get(TEACHER_KEY),
        child_versions=[versions[k] for k in CHILD_KEYS if k in versions],
        teachers=[_teacher_choice(group_id, teacher)],
    )
    moment = services.plan_moment(actor, group, plan)
    return FollowUp(_moment_ref(moment), moment.opens_on, moment.name)


def _teacher_choice(group_id: int, teacher: User) -> services.TeacherChoice:
    """How the children addressed the teacher at the group's last moment, or by name only."""
    earlier = (
        MomentTeacher.objects.filter(moment__group_id=group_id, teacher=teacher)
        .order_by("-moment__opens_on")
        .first()
    )
    if earlier is not None:
        return services.TeacherChoice(teacher, earlier.address, earlier.call_name)
    return services.TeacherChoice(teacher, Address.NEUTRAL, (teacher.full_name.split() or [""])[0])


SOURCE = MeasureSource(
    KEY,
    order=10,
    label=source_label,
    levels=frozenset({Level.RELATIONSHIP}),
    options=relationship_options,
    series=relationship_series,
    judge=relationship_judgment,
    plan_followup=plan_followup_moment,
)
