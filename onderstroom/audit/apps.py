from typing import Any

from django.apps import AppConfig
from django.db.models.signals import pre_delete


class AuditConfig(AppConfig):
    name = "onderstroom.audit"
    label = "audit"

    def ready(self) -> None:
        from onderstroom.audit import panels

        panels.register()
        pre_delete.connect(_unlink_deleted_child, sender="schools.Child", dispatch_uid="audit-unlink-child")


def _unlink_deleted_child(sender: type, instance: Any, **kwargs: Any) -> None:
    """The rows about a child being deleted (erased, or its school removed) keep its uuid, which
    their seal covers, and lose the link to it: found by the uuid's index, in the same transaction."""
    from onderstroom.audit.models import AuditEvent

    AuditEvent.across_schools.filter(child_uuid=instance.uuid).exclude(child=None).update(child=None)
