from onderstroom.testing.matrix import P, Rule, expect, for_any_staff, for_group_staff, for_school_admin

RULES = {
    "schools:my_groups": Rule(
        expect=expect({P.TEACHER: 200, P.OTHER_TEACHER: 200, P.CARE: 200, P.OUTSIDER: 200})
    ),
    "schools:group": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=for_group_staff()),
    "schools:child": Rule(kwargs=lambda w: {"uuid": w.child.uuid}, expect=for_group_staff()),
    # No photo uploaded in the world: nobody gets one, and nobody learns more than "not found".
    "schools:child_photo": Rule(
        kwargs=lambda w: {"uuid": w.child.uuid}, expect={**for_any_staff(404), P.CHILD: 404, P.ANONYMOUS: 404}
    ),
    "schools:switch_school": Rule(
        method="post",
        data=lambda w: {"school": str(w.school.uuid)},
        expect=expect({P.TEACHER: 302, P.OTHER_TEACHER: 302, P.CARE: 302, P.ADMIN: 302}),
    ),
    "schools:staff": Rule(expect=for_school_admin()),
    "schools:groups_manage": Rule(expect=for_school_admin()),
    "schools:board": Rule(expect=expect({P.BOARD: 200})),
}
