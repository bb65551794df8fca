from datetime import date

from onderstroom.schools.models import SchoolHoliday
from onderstroom.testing.matrix import (
    P,
    Rule,
    expect,
    for_any_staff,
    for_group_staff,
    for_group_teacher,
    for_school_admin,
)
from onderstroom.testing.world import World


def _holiday(world: World) -> SchoolHoliday:
    """A holiday of the world's school; the outsider, admin of another school, must not find it."""
    return SchoolHoliday.objects.create(
        school=world.school, name="Kerstvakantie", first_day=date(2026, 12, 19), last_day=date(2027, 1, 3)
    )


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
    # Only the child's own teachers change the photo; the empty upload is sent back with a message.
    "schools:child_photo_upload": Rule(
        method="post", kwargs=lambda w: {"uuid": w.child.uuid}, expect=for_group_teacher(302)
    ),
    "schools:child_photo_remove": Rule(
        method="post", kwargs=lambda w: {"uuid": w.child.uuid}, expect=for_group_teacher(302)
    ),
    "schools:switch_school": Rule(
        method="post",
        data=lambda w: {"school": str(w.school.uuid)},
        expect=expect({P.TEACHER: 302, P.OTHER_TEACHER: 302, P.CARE: 302, P.ADMIN: 302, P.STAFF_MEMBER: 302}),
    ),
    # Lists of the admin's own school: the outsider sees their own school's.
    "schools:staff": Rule(expect=for_school_admin()),
    "schools:groups_manage": Rule(expect=for_school_admin()),
    "schools:staff_add": Rule(
        method="post",
        data=lambda w: {"full_name": "Juf Nieuw", "email": "nieuw@example.org", "roles": ["teacher"]},
        expect=for_school_admin(),
    ),
    "schools:year_create": Rule(method="post", expect=for_school_admin(302)),
    "schools:year_rollover": Rule(expect=for_school_admin()),
    # Objects of the world's school: its admin only; the other school's admin gets 404.
    "schools:staff_member": Rule(kwargs=lambda w: {"uuid": w.teacher.uuid}, expect=expect({P.ADMIN: 200})),
    "schools:staff_remove": Rule(
        method="post", kwargs=lambda w: {"uuid": w.teacher.uuid}, expect=expect({P.ADMIN: 302})
    ),
    "schools:group_create": Rule(
        kwargs=lambda w: {"year": w.group.school_year.uuid}, expect=expect({P.ADMIN: 200})
    ),
    "schools:group_edit": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=expect({P.ADMIN: 200})),
    "schools:group_assign": Rule(
        method="post",
        kwargs=lambda w: {"uuid": w.group.uuid},
        data=lambda w: {"user": str(w.other_teacher.uuid), "kind": "teacher"},
        expect=expect({P.ADMIN: 302}),
    ),
    "schools:group_unassign": Rule(
        method="post",
        kwargs=lambda w: {"uuid": w.group.uuid},
        data=lambda w: {"user": str(w.teacher.uuid), "kind": "teacher"},
        expect=expect({P.ADMIN: 302}),
    ),
    # The school's holidays: the outsider sees (and adds to) their own school's list.
    "schools:holidays": Rule(expect=for_school_admin()),
    "schools:holiday_edit": Rule(kwargs=lambda w: {"uuid": _holiday(w).uuid}, expect=expect({P.ADMIN: 200})),
    "schools:holiday_remove": Rule(
        method="post", kwargs=lambda w: {"uuid": _holiday(w).uuid}, expect=expect({P.ADMIN: 302})
    ),
    "schools:board": Rule(expect=expect({P.BOARD: 200})),
    "schools:board_pdf": Rule(method="post", expect=expect({P.BOARD: 302})),
    # Everyone's own invitations (none in the world): the page is for any member of staff.
    "schools:invitations": Rule(expect=for_any_staff()),
    # Somebody else's (here: a made-up) invitation is "not found" for everybody.
    "schools:invitation_accept": Rule(
        method="post", kwargs=lambda w: {"uuid": w.school.uuid}, expect=for_any_staff(404)
    ),
    "schools:invitation_decline": Rule(
        method="post", kwargs=lambda w: {"uuid": w.school.uuid}, expect=for_any_staff(404)
    ),
}
