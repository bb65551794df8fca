"""What the jobs app adds to shared places: the names of its audit codes."""

from django.utils.translation import gettext_lazy as _

from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.jobs.registry import kinds


def register() -> None:
    audit_labels.register(
        AuditLabels(
            "jobs",
            actions={
                "jobs.job.request": _("Asked for a file to be made in the background"),
                "jobs.file.download": _("Downloaded a file made in the background"),
            },
            values=lambda: [(kind.key, kind.label) for kind in kinds.entries()],
        )
    )
