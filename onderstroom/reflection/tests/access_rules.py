"""Permission-matrix rules: an entry is its author's alone. The world's entry is private, so even
the group's care coordinator gets 404; sharing is tested in the reflection tests."""

from onderstroom.reflection.models import Entry
from onderstroom.schools.access import today
from onderstroom.testing.matrix import P, Rule, expect, for_group_staff, for_group_teacher
from onderstroom.testing.world import World

AUTHOR_ONLY = expect({P.TEACHER: 200})


def world_entry(world: World) -> Entry:
    """A private entry of the world's teacher about the world's child."""
    if "reflection_entry" not in world.extra:
        world.extra["reflection_entry"] = Entry.objects.create(
            school=world.school,
            child=world.child,
            group=world.group,
            author=world.teacher,
            written_on=today(),
            word_1="afwachtend",
            picture="Wil vooral niet opvallen.",
        )
    return world.extra["reflection_entry"]


def on_entry(world: World) -> dict:
    return {"uuid": world_entry(world).uuid}


RULES = {
    "reflection:journal": Rule(kwargs=lambda w: {"uuid": w.child.uuid}, expect=for_group_staff()),
    "reflection:new": Rule(kwargs=lambda w: {"uuid": w.child.uuid}, expect=for_group_teacher()),
    "reflection:entry": Rule(kwargs=on_entry, expect=AUTHOR_ONLY),
    "reflection:edit": Rule(kwargs=on_entry, expect=AUTHOR_ONLY),
    "reflection:share": Rule(
        method="post",
        kwargs=on_entry,
        data=lambda w: {"coordinator": str(w.care.uuid)},
        expect=expect({P.TEACHER: 302}),
    ),
    "reflection:unshare": Rule(method="post", kwargs=on_entry, expect=expect({P.TEACHER: 302})),
    "reflection:delete": Rule(method="post", kwargs=on_entry, expect=expect({P.TEACHER: 302})),
}
