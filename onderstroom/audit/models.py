from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onderstroom.audit.seal import GENESIS_HASH
from onderstroom.tenancy import SchoolScopedManager

__all__ = ["GENESIS_HASH", "AuditChain", "AuditEvent"]


class AuditChain(models.Model):
    """The head of one hash chain: one per school, plus one for events outside any school."""

    key = models.CharField(max_length=40, unique=True)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    length = models.PositiveBigIntegerField(default=0)


class AuditEvent(models.Model):
    """Who did what, to which child, when and from where. Never the content itself.

    Each row holds the seal of the row before it in the same chain, and its own seal: an
    HMAC over every column and the previous seal, under a key kept outside the database
    (see seal.py). Changing, moving or deleting a row breaks the chain; the signed heads in the
    anchor files show rows deleted from the end. `child_uuid` is what the seal covers: it stays
    when the child is erased, and `child` (no database constraint) is then set to null.
    """

    class ActorKind(models.TextChoices):
        STAFF = "staff", _("staff")
        CHILD = "child", _("child")
        SYSTEM = "system", _("system")
        ANONYMOUS = "anonymous", _("not signed in")

    # Indexed with the time (Meta.indexes), which is how every read of the log finds a school's rows.
    school = models.ForeignKey(
        "schools.School", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    chain_key = models.CharField(max_length=40)
    sequence = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()
    action = models.CharField(max_length=60, db_index=True)
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    actor_label = models.CharField(max_length=200, blank=True)  # kept when the user is deleted
    # A link for display, found again from `child_uuid` (which is indexed) when a child is deleted
    # (`apps._unlink_deleted_child`): not indexed itself, because an index per child costs every read
    # row an insert into another page of it (a class of 60: 60 pages).
    child = models.ForeignKey(
        "schools.Child",
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    child_uuid = models.UUIDField(null=True, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_uuid = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True)
    details = models.JSONField(default=dict, blank=True)  # counts and field names, never content
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)  # the row's seal, an HMAC-SHA256 in hex
    key_id = models.CharField(max_length=16)  # the key that sealed the row (ONDERSTROOM_AUDIT_KEYS)

    objects = SchoolScopedManager()
    across_schools = models.Manager()

    class Meta:
        ordering = ["-created_at", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["chain_key", "sequence"], name="audit_chain_sequence")]
        indexes = [models.Index(fields=["school", "-created_at"])]
