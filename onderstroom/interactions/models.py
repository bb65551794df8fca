"""The interaction log: what a teacher noticed, one tap at a time, and whether they share it.

A log is private to the teacher who keeps it. A co-teacher of the same group keeps their own
log; the group's care coordinator reads a teacher's log only while that teacher shares it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onderstroom.tenancy import SchoolOwned


class Kind(models.TextChoices):
    TURN = "turn", _("Turn given")
    PRAISE = "praise", _("Praise or positive feedback")
    CORRECTION = "correction", _("Correction or negative feedback")
    HELP = "help", _("Help request")
    PERSONAL = "personal", _("Personal moment of interest")


# "Positive capital": warm, personal contact builds it, corrections draw on it. A turn or a
# help request is neither, so the balance leaves them out.
POSITIVE = frozenset({Kind.PRAISE, Kind.PERSONAL})
NEGATIVE = frozenset({Kind.CORRECTION})
# Being noticed as a person: a personal moment, or praise aimed at this child.
NOTICED = frozenset({Kind.PRAISE, Kind.PERSONAL})


class InteractionEvent(SchoolOwned):
    """One tap in class. `client_id` is made on the device, so a batch sent twice is stored once.

    An undone tap keeps its row with child and kind wiped: the id stays known, so a late copy of
    the same tap from a device queue cannot bring it back, and nothing about the child remains.
    """

    client_id = models.UUIDField()
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("schools.Group", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("schools.Child", on_delete=models.CASCADE, null=True, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, blank=True)
    occurred_at = models.DateTimeField()  # the device's clock at the tap

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["teacher", "client_id"], name="interaction_once_per_device_id"),
            models.CheckConstraint(
                condition=(models.Q(child__isnull=True) & models.Q(kind=""))
                | (models.Q(child__isnull=False) & ~models.Q(kind="")),
                name="interaction_undone_is_empty",
            ),
        ]
        indexes = [models.Index(fields=["teacher", "group", "occurred_at"], name="interaction_log_time")]

    @property
    def undone(self) -> bool:
        return self.child_id is None


class LogShare(SchoolOwned):
    """While this row exists, the care coordinators of the group may read the teacher's log."""

    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("schools.Group", on_delete=models.CASCADE, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["teacher", "group"], name="interaction_share_once")]
