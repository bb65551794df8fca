import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onderstroom.tenancy import SchoolScopedManager

GENESIS_HASH = "0" * 64


class AuditChain(models.Model):
    """The head of one hash chain: one per school, plus one for events outside any school."""

    key = models.CharField(max_length=40, unique=True)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    length = models.PositiveBigIntegerField(default=0)


class AuditEvent(models.Model):
    """Who did what, to which child, when and from where. Never the content itself.

    Each row holds the hash of the row before it in the same chain, and its own hash
    over both; changing or deleting a row breaks every hash after it.
    """

    class ActorKind(models.TextChoices):
        STAFF = "staff", _("staff")
        CHILD = "child", _("child")
        SYSTEM = "system", _("system")
        ANONYMOUS = "anonymous", _("not signed in")

    school = models.ForeignKey("schools.School", null=True, on_delete=models.PROTECT, related_name="+")
    chain_key = models.CharField(max_length=40)
    sequence = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=60, db_index=True)
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    actor_label = models.CharField(max_length=200, blank=True)  # kept when the user is deleted
    child = models.ForeignKey(
        "schools.Child", null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    child_uuid = models.UUIDField(null=True, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_uuid = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True)
    details = models.JSONField(default=dict, blank=True)  # counts and field names, never content
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = SchoolScopedManager()
    across_schools = models.Manager()

    class Meta:
        ordering = ["-created_at", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["chain_key", "sequence"], name="audit_chain_sequence")]
        indexes = [models.Index(fields=["school", "-created_at"])]

    def payload(self) -> str:
        """The canonical text the hash covers."""
        return json.dumps(
            {
                "chain": self.chain_key,
                "sequence": self.sequence,
                "created_at": self.created_at.isoformat(),
                "action": self.action,
                "actor_kind": self.actor_kind,
                "actor_user": self.actor_user_id,
                "actor_label": self.actor_label,
                "child": str(self.child_uuid) if self.child_uuid else None,
                "object_type": self.object_type,
                "object_uuid": self.object_uuid,
                "ip": self.ip_address,
                "details": self.details,
                "previous": self.previous_hash,
            },
            sort_keys=True,
            ensure_ascii=True,
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.payload().encode()).hexdigest()
