"""What the audit app adds to shared places (registered by `register()`)."""

from django.utils.translation import gettext_lazy as _

from onderstroom.audit import childdata
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data


def register() -> None:
    """Everything this app adds to shared places (AppConfig.ready calls this once)."""
    child_data.register(
        ChildData(
            "audit.history",
            order=900,
            label=_("Who read or changed the data"),
            purpose=_(
                "To account for every look at and change to a child's "
                "data (the audit log); it holds no content."
            ),
            models=("audit.AuditEvent",),
            export=childdata.export_child,
            erase=childdata.erase_child,
        )
    )
