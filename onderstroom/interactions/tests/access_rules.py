from onderstroom.testing.matrix import P, Rule, expect, for_group_staff, for_group_teacher
from onderstroom.testing.world import World


def group_kwargs(world: World) -> dict:
    return {"uuid": world.group.uuid}


RULES = {
    # Only a teacher of the group logs, and only in their own log.
    "interactions:logger": Rule(kwargs=group_kwargs, expect=for_group_teacher()),
    # The matrix posts a form, not the JSON the device queue sends: the teacher is told so.
    "interactions:taps": Rule(kwargs=group_kwargs, method="post", expect=for_group_teacher(400)),
    # Nothing to undo: the teacher is sent back to the logger with a message.
    "interactions:undo": Rule(kwargs=group_kwargs, method="post", expect=for_group_teacher(302)),
    "interactions:share": Rule(
        kwargs=group_kwargs, method="post", data=lambda w: {"shared": "1"}, expect=for_group_teacher(302)
    ),
    # The care coordinator reaches the views; they show a log only while a teacher shares it
    # (tests/test_access.py checks what each of them sees).
    "interactions:turns": Rule(kwargs=group_kwargs, expect=for_group_staff()),
    "interactions:balance": Rule(kwargs=group_kwargs, expect=for_group_staff()),
    "interactions:unnoticed": Rule(kwargs=group_kwargs, expect=for_group_staff()),
    # Their tables as downloads: the teacher's own log; the care coordinator's only while it is shared
    # (the world's teacher does not share it: 404, as there is no table on the page).
    "interactions:turns?csv": Rule(kwargs=group_kwargs, query="?format=csv", expect=expect({P.TEACHER: 200})),
    "interactions:turns?xlsx": Rule(
        kwargs=group_kwargs, query="?format=xlsx", expect=expect({P.TEACHER: 200})
    ),
    "interactions:balance?csv": Rule(
        kwargs=group_kwargs, query="?format=csv", expect=expect({P.TEACHER: 200})
    ),
    "interactions:balance?xlsx": Rule(
        kwargs=group_kwargs, query="?format=xlsx", expect=expect({P.TEACHER: 200})
    ),
    "interactions:unnoticed?csv": Rule(
        kwargs=group_kwargs, query="?format=csv", expect=expect({P.TEACHER: 200})
    ),
    "interactions:unnoticed?xlsx": Rule(
        kwargs=group_kwargs, query="?format=xlsx", expect=expect({P.TEACHER: 200})
    ),
    "interactions:distribution": Rule(kwargs=group_kwargs, expect=for_group_staff()),
    # Each of its two tables as a download of its own; another table is none (404).
    **{
        f"interactions:distribution?{table}-{fmt}": Rule(
            kwargs=group_kwargs, query=f"?format={fmt}&table={table}", expect=expect({P.TEACHER: 200})
        )
        for table in ("gender", "grade")
        for fmt in ("csv", "xlsx")
    },
    "interactions:distribution?csv-bad-table": Rule(
        kwargs=group_kwargs, query="?format=csv&table=kind", expect=expect({})
    ),
    "interactions:child_balance": Rule(
        kwargs=lambda w: {"group": w.group.uuid, "child": w.child.uuid}, expect=for_group_staff()
    ),
}
