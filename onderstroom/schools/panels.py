"""What the school app adds to shared places: the names of its audit codes, the board PDF job and
the child's personal details in the privacy registry (registered by `register()`)."""

from django.utils.translation import gettext_lazy as _

from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.core import childdata
from onderstroom.jobs.registry import JobKind
from onderstroom.jobs.registry import kinds as job_kinds
from onderstroom.schools import childdata as child_record
from onderstroom.schools.models import GroupAssignment, Role


def register() -> None:
    """Everything this app adds to shared places (AppConfig.ready calls this once)."""
    from onderstroom.schools.admin_views import board_pdf, may_print_board

    job_kinds.register(
        JobKind(
            "schools.board_pdf",
            order=20,
            label=_("Board overview (PDF)"),
            allowed=may_print_board,
            produce=board_pdf,
        )
    )
    childdata.registry.register(
        childdata.ChildData(
            "schools.child",
            order=child_record.LAST,
            label=_("Personal details and groups"),
            purpose=_(
                "To know who the child is and which group and teachers they "
                "belong to, from the pupil administration."
            ),
            models=("schools.Child", "schools.Enrollment"),
            export=child_record.export_child,
            erase=child_record.erase_child,
        )
    )
    audit_labels.register(
        AuditLabels(
            "schools",
            actions={
                "child.view": _("Opened a pupil's page"),
                "group.view": _("Opened a group"),
                "schools.board_admin.add": _("Made someone a board administrator"),
                "schools.child.photo.remove": _("Removed a pupil's photo"),
                "schools.child.photo.set": _("Uploaded a pupil's photo"),
                "schools.photo.view": _("Viewed a pupil's photo"),
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
                "schools.year.rollover": _("Started a new school year"),
            },
            values=lambda: [*Role.choices, *GroupAssignment.Kind.choices],
        )
    )
