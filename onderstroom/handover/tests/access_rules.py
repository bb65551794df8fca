"""Permission-matrix rules: only a teacher of the child's group this year writes the handover."""

from onderstroom.handover.models import HandoverNote
from onderstroom.testing.matrix import P, Rule, expect, for_group_staff, for_group_teacher
from onderstroom.testing.world import World


def world_note(world: World) -> HandoverNote:
    """The world's teacher's note of this year about the world's child."""
    if "handover_note" not in world.extra:
        world.extra["handover_note"] = HandoverNote.objects.create(
            school=world.school,
            child=world.child,
            group=world.group,
            school_year=world.group.school_year,
            author=world.teacher,
            approach="Even persoonlijk begroeten.",
        )
    return world.extra["handover_note"]


def on_child_with_note(world: World) -> dict:
    world_note(world)
    return {"uuid": world.child.uuid}


RULES = {
    "handover:group": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=for_group_teacher()),
    "handover:write": Rule(kwargs=lambda w: {"uuid": w.child.uuid}, expect=for_group_teacher()),
    "handover:child_pdf": Rule(kwargs=on_child_with_note, expect=for_group_staff()),
    "handover:remove": Rule(method="post", kwargs=on_child_with_note, expect=expect({P.TEACHER: 302})),
}
