"""Set-up for the action plan tests: a class rated at a baseline moment, and follow-up answers."""

import random
from dataclasses import dataclass
from datetime import timedelta

from onderstroom.accounts.models import User
from onderstroom.actionplan.models import Action
from onderstroom.actionplan.services import ActionIn, create_action
from onderstroom.core.measures import Level, Target
from onderstroom.instruments.engine import InstrumentDefinition
from onderstroom.questionnaires import services as questionnaire_services
from onderstroom.questionnaires.builders import make_moment
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.schools.access import StaffActor, build_staff_actor, today
from onderstroom.schools.models import Enrollment
from onderstroom.testing.world import World, add_child, make_child

CLASS_SIZE = 12  # at least MIN_REFERENCE ratings, so the school's own measurement error is known
LOW = {"closeness": 2, "conflict": 2, "dependency": 3, "handling": 1}
WARM = {"closeness": 5, "conflict": 1, "dependency": 2, "handling": 5}
CLOSENESS = "questionnaires.relationship:teacher.closeness"


def actor_for(user: User, world: World) -> StaffActor:
    return build_staff_actor(user, "127.0.0.1", world.school.pk)


def keyed(spec: InstrumentDefinition, targets: dict[str, int]) -> dict[str, int]:
    """Answers whose keyed value is the target of their scale (reverse-keyed items turned round)."""
    return {
        item.key: spec.min_value + spec.max_value - targets[item.scale]
        if item.reverse
        else targets[item.scale]
        for item in spec.items
    }


def spread(spec: InstrumentDefinition, rng: random.Random) -> dict[str, int]:
    levels = {scale.key: rng.randint(spec.min_value, spec.max_value) for scale in spec.scales}
    return {
        item.key: min(spec.max_value, max(spec.min_value, levels[item.scale] + rng.choice((-1, 0, 0, 1))))
        for item in spec.items
    }


def rate(
    moment: MeasurementMoment, enrollment: Enrollment, teacher: User, values: dict[str, int]
) -> Response:
    assert moment.teacher_version is not None
    return questionnaire_services.prefill_response(
        moment, moment.teacher_version, enrollment, teacher, "teacher", values
    )


@dataclass(frozen=True)
class Scene:
    baseline: MeasurementMoment
    enrollment: Enrollment


def rated_class(world: World, seed: int = 1) -> Scene:
    """The world's group at CLASS_SIZE, rated by its teacher five weeks ago; the world's child low."""
    count = Enrollment.objects.filter(group=world.group).count()
    for i in range(count, CLASS_SIZE):
        add_child(world.group, make_child(world.school, gender="f" if i % 2 else "m"), [5, 6][i % 2])
    moment = make_moment(world.group, name="Oktober", opens_on=today() - timedelta(days=35), days=14)
    assert moment.teacher_version is not None
    spec = moment.teacher_version.spec
    rng = random.Random(seed)
    child = world.child
    for enrollment in Enrollment.objects.filter(group=world.group).select_related("child").order_by("pk"):
        values = keyed(spec, LOW) if enrollment.child_id == child.pk else spread(spec, rng)
        rate(moment, enrollment, world.teacher, values)
    return Scene(
        moment, Enrollment.objects.select_related("child", "group").get(child=child, group=world.group)
    )


def relationship_action(world: World, scene: Scene, *, measure: str = CLOSENESS, **fields: object) -> Action:
    data = ActionIn(
        **{  # type: ignore[arg-type]
            "goal": "Bas durft mij om hulp te vragen.",
            "catalogue_key": "banking_time",
            "what": "Drie keer per week tien minuten.",
            "starts_on": today(),
            "review_on": today() + timedelta(days=14),
            "measure": measure,
            **fields,
        }
    )
    target = Target(Level.RELATIONSHIP, group=world.group, child=scene.enrollment.child)
    return create_action(actor_for(world.teacher, world), target, data)


def followup_moment(action: Action) -> MeasurementMoment:
    return MeasurementMoment.objects.get(uuid=action.followup_ref.removeprefix("moment:"))
