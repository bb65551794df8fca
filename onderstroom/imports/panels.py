"""What imports add to shared places: the names of their audit codes (registered by `register()`)."""

from django.utils.translation import gettext_lazy as _

from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels


def register() -> None:
    """Everything this app adds to shared places (AppConfig.ready calls this once)."""
    audit_labels.register(
        AuditLabels(
            "imports",
            actions={
                "imports.child.import": _("Imported a pupil"),
                "imports.job.apply": _("Imported pupils and groups"),
                "imports.job.cancel": _("Cancelled an import"),
                "imports.job.expire": _("An unfinished import expired"),
                "imports.job.map": _("Matched the columns of an import"),
                "imports.job.upload": _("Uploaded a file to import"),
            },
        )
    )
