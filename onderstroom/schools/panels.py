"""What the school app adds to shared places: the names of its audit codes (registered by `register()`)."""

from django.utils.translation import gettext_lazy as _

from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.schools.models import GroupAssignment, Role


def register() -> None:
    """Everything this app adds to shared places (AppConfig.ready calls this once)."""
    audit_labels.register(
        AuditLabels(
            "schools",
            actions={
                "child.view": _("Opened a pupil's page"),
                "group.view": _("Opened a group"),
                "schools.board_admin.add": _("Made someone a board administrator"),
                "schools.child.photo.remove": _("Removed a pupil's photo"),
                "schools.child.photo.set": _("Uploaded a pupil's photo"),
                "schools.group.assign": _("Assigned a member of staff to a group"),
                "schools.group.create": _("Created a group"),
                "schools.group.unassign": _("Took a member of staff off a group"),
                "schools.group.update": _("Changed a group"),
                "schools.holiday.add": _("Added a school holiday"),
                "schools.holiday.remove": _("Removed a school holiday"),
                "schools.holiday.update": _("Changed a school holiday"),
                "schools.school.create": _("Created the school"),
                "schools.staff.add": _("Added a member of staff"),
                "schools.staff.remove": _("Removed a member of staff from the school"),
                "schools.staff.roles": _("Changed the roles of a member of staff"),
                "schools.staff.invite": _("Invited someone with an account elsewhere"),
                "schools.staff.join": _("Accepted an invitation to the school"),
                "schools.staff.decline": _("Declined an invitation to the school"),
                "schools.staff.self_grant_refused": _("Tried to give themselves a role or group (refused)"),
                "schools.year.create": _("Created a school year"),
            },
            values=lambda: [*Role.choices, *GroupAssignment.Kind.choices],
        )
    )
