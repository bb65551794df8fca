"""Set-up for the Banking Time and reflection tests: plans, sessions and hand-made scores."""

import random
from datetime import date, timedelta

from onderstroom.accounts.models import User
from onderstroom.bankingtime.models import Plan, Session, Theme
from onderstroom.instruments.engine import InstrumentDefinition
from onderstroom.questionnaires import services as questionnaire_services
from onderstroom.questionnaires.builders import make_moment
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.schools.access import StaffActor, build_staff_actor, today
from onderstroom.schools.models import Child, Enrollment, Group
from onderstroom.testing.world import World, add_child, make_child


def actor_for(user: User, world: World) -> StaffActor:
    return build_staff_actor(user, "127.0.0.1", world.school.pk)


def make_plan(
    child: Child,
    group: Group,
    teacher: User,
    *,
    starts_on: date | None = None,
    per_week: int = 3,
    weeks: int = 8,
    ended_on: date | None = None,
    **fields: object,
) -> Plan:
    return Plan.objects.create(
        school=group.school,
        child=child,
        group=group,
        teacher=teacher,
        minutes=10,
        sessions_per_week=per_week,
        weeks=weeks,
        starts_on=starts_on or today(),
        ended_on=ended_on,
        fixed_moment="dinsdag en donderdag na de kleine pauze",
        themes=[Theme.INTERESTED, Theme.SAFE],
        reason="Weinig contact de laatste weken.",
        **fields,
    )


def add_session(plan: Plan, held_on: date, **fields: object) -> Session:
    values: dict[str, object] = {"minutes": 10, "activity": "tekenen", "techniques": [], "slips": []}
    values.update(fields)
    return Session.objects.create(school=plan.school, plan=plan, held_on=held_on, **values)


def raw_values(spec: InstrumentDefinition, targets: dict[str, int]) -> dict[str, int]:
    """Answers whose keyed value is the target of their scale (reverse-keyed items turned round)."""
    values = {}
    for item in spec.items:
        keyed = targets[item.scale]
        values[item.key] = spec.min_value + spec.max_value - keyed if item.reverse else keyed
    return values


def spread_values(spec: InstrumentDefinition, rng: random.Random) -> dict[str, int]:
    """Plausible answers: one level per child and scale, each item one step off now and then."""
    levels = {scale.key: rng.randint(spec.min_value, spec.max_value) for scale in spec.scales}
    values = {}
    for item in spec.items:
        keyed = min(spec.max_value, max(spec.min_value, levels[item.scale] + rng.choice((-1, 0, 0, 1))))
        values[item.key] = spec.min_value + spec.max_value - keyed if item.reverse else keyed
    return values


def enrollment_of(child: Child) -> Enrollment:
    return Enrollment.objects.select_related("child").get(child=child)


def fill_class(world: World, size: int = 12) -> list[Enrollment]:
    """Grow the world's group to `size` children (enough for the school's own measurement error)."""
    count = Enrollment.objects.filter(group=world.group).count()
    for i in range(count, size):
        add_child(world.group, make_child(world.school, gender="f" if i % 2 else "m"), [5, 6][i % 2])
    return list(Enrollment.objects.filter(group=world.group).select_related("child").order_by("pk"))


def rate(
    moment: MeasurementMoment, enrollment: Enrollment, teacher: User, values: dict[str, int], respondent: str
) -> Response:
    version = (
        moment.teacher_version
        if respondent == "teacher"
        else questionnaire_services.child_version_for(moment, enrollment.grade)
    )
    return questionnaire_services.prefill_response(moment, version, enrollment, teacher, respondent, values)


def two_moments(world: World, before_days: int = 80, after_days: int = 10) -> tuple[MeasurementMoment, ...]:
    first = make_moment(world.group, name="Oktober", opens_on=today() - timedelta(days=before_days), days=14)
    second = make_moment(world.group, name="Januari", opens_on=today() - timedelta(days=after_days), days=14)
    return first, second
