"""Moments and answers built in one call: for the demo data, the benchmark and tests.

Not a test module: the demo imports it, so it is product code and imports nothing from
onderstroom.testing.
"""

import random
from datetime import date, timedelta

from onderstroom.accounts.models import User
from onderstroom.childsessions.models import ClassSession
from onderstroom.instruments.engine import InstrumentDefinition
from onderstroom.instruments.library import current_versions
from onderstroom.instruments.models import InstrumentVersion
from onderstroom.questionnaires.library import CHILD_KEYS, TEACHER_KEY
from onderstroom.questionnaires.models import Address, MeasurementMoment, MomentTeacher, Response
from onderstroom.questionnaires.services import ACTIVITY, prefill_responses
from onderstroom.schools.access import today
from onderstroom.schools.models import Enrollment, Group, GroupAssignment


def shipped_versions() -> dict[str, InstrumentVersion]:
    return {v.instrument.key: v for v in current_versions() if v.instrument.shipped}


def make_moment(
    group: Group,
    *,
    name: str = "Oktober",
    opens_on: date | None = None,
    days: int = 14,
    teachers: list[User] | None = None,
    with_children: bool = True,
) -> MeasurementMoment:
    """A moment for the group with the shipped forms; children answer about the group's teachers."""
    versions = shipped_versions()
    opens_on = opens_on or today()
    moment = MeasurementMoment.objects.create(
        school=group.school,
        group=group,
        school_year=group.school_year,
        name=name,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=days),
        teacher_version=versions[TEACHER_KEY],
    )
    if with_children:
        moment.child_versions.set([versions[key] for key in CHILD_KEYS])
        if teachers is None:
            assignments = GroupAssignment.objects.filter(group=group, kind=GroupAssignment.Kind.TEACHER)
            teachers = [a.user for a in assignments.select_related("user").order_by("pk")]
        for position, teacher in enumerate(teachers):
            first = teacher.full_name.split()
            address = first[0].lower() if first and first[0].lower() in Address.values else Address.NEUTRAL
            call_name = (
                first[1] if address != Address.NEUTRAL and len(first) > 1 else (first[0] if first else "")
            )
            MomentTeacher.objects.create(
                school=group.school,
                moment=moment,
                teacher=teacher,
                address=address,
                call_name=call_name,
                position=position,
            )
    return moment


def run_questionnaire(class_session: ClassSession, moment: MeasurementMoment) -> ClassSession:
    """Let the class session's children fill in the moment's forms."""
    class_session.activity = ACTIVITY
    class_session.activity_object = str(moment.uuid)
    class_session.save(update_fields=["activity", "activity_object"])
    return class_session


def plausible_values(
    spec: InstrumentDefinition, rng: random.Random, leaning: dict[str, float]
) -> dict[str, int]:
    """Answers that hang together per scale: each construct has a leaning from -1 (low) to 1 (high)."""
    low, high = spec.min_value, spec.max_value
    middle, half = (low + high) / 2, (high - low) / 2
    values = {}
    for item in spec.items:
        construct = next((s.construct for s in spec.scales if s.key == item.scale), None) or item.scale
        level = middle + half * leaning.get(construct, 0.0) + rng.gauss(0, 0.6)
        value = min(high, max(low, round(level)))
        values[item.key] = low + high - value if item.reverse else value
    return values


def fill_moment(
    moment: MeasurementMoment,
    *,
    seed: int = 0,
    teachers: list[User] | None = None,
    children: bool = True,
    drift: float = 0.0,
    warmer: float = 0.0,
) -> int:
    """Plausible answers from every teacher about every child of the group, and (where the grade has
    a form) from every child about every teacher. Returns the number of responses written.

    The same seed gives every child the same relationship at every moment; `drift` moves each
    relationship by up to that much (on -1..1) between moments, so that some change over time.
    `warmer` (0..1) tilts the class towards close, calm and fair relationships, as most are in a
    real class: the demo uses it, so that signals stand out instead of covering every child.
    """
    traits = random.Random(seed)
    noise = random.Random(f"{seed}:{moment.pk}")
    enrollments = list(
        Enrollment.objects.filter(group_id=moment.group_id).select_related("child").order_by("pk")
    )
    moment_teachers = list(moment.teachers.select_related("teacher"))
    if teachers is None:
        assignments = GroupAssignment.objects.filter(
            group_id=moment.group_id, kind=GroupAssignment.Kind.TEACHER
        )
        teachers = [a.user for a in assignments.select_related("user").order_by("pk")]
    forms = list(moment.child_versions.all())
    planned: list[tuple[InstrumentVersion, Enrollment, User, str, dict[str, int]]] = []
    for enrollment in enrollments:
        warmth = traits.uniform(-1 + warmer, 1) + noise.uniform(-drift, drift)
        friction = traits.uniform(-1, 0.6 - warmer) + noise.uniform(-drift, drift)
        leaning = traits.uniform(-1, 0.5 - warmer / 2)
        for teacher in teachers if moment.teacher_version else []:
            assert moment.teacher_version is not None  # the loop runs only with one
            view = {
                "closeness": warmth,
                "conflict": friction,
                "dependency": leaning,
                "handling": -friction / 2,
            }
            values = plausible_values(moment.teacher_version.spec, noise, view)
            planned.append((moment.teacher_version, enrollment, teacher, "teacher", values))
        form = next((v for v in forms if enrollment.grade in v.spec.grades), None)
        for moment_teacher in moment_teachers if children and form else []:
            assert form is not None  # the loop runs only with one
            view = {
                "support": warmth + noise.uniform(-0.5, 0.5),
                "conflict": friction,
                "fairness": noise.uniform(-0.4 + warmer, 1),
                "classmates": noise.uniform(-0.2 + warmer, 1),
            }
            planned.append(
                (form, enrollment, moment_teacher.teacher, "child", plausible_values(form.spec, noise, view))
            )
    prefill_responses(moment, planned)
    return len(planned)


def replace_teacher_rating(
    moment: MeasurementMoment, enrollment: Enrollment, teacher: User, targets: dict[str, int]
) -> None:
    """Demo data: the teacher's rating of the child at the moment, replaced by one whose scales sit
    exactly at `targets` (construct → keyed value on the form's scale), so a story (a relationship
    that warmed, one that did not) shows. No actor and no audit row: a script wrote it."""
    version = moment.teacher_version
    if version is None:
        return
    spec = version.spec
    constructs = {scale.key: scale.construct or scale.key for scale in spec.scales}
    values = {}
    for item in spec.items:
        level = targets.get(constructs[item.scale], (spec.min_value + spec.max_value) // 2)
        values[item.key] = spec.min_value + spec.max_value - level if item.reverse else level
    Response.objects.filter(
        moment=moment, child=enrollment.child, teacher=teacher, respondent="teacher"
    ).delete()
    prefill_responses(moment, [(version, enrollment, teacher, "teacher", values)])
