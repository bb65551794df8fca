import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onderstroom.schools.models import Child, Group
from onderstroom.tenancy import SchoolOwned


class ClassSession(SchoolOwned):
    """A teacher lets the children of one group sign in on tablets, for one activity."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="class_sessions")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=6, db_index=True)
    # What the children do once signed in; see onderstroom.childsessions.activities.
    activity = models.CharField(max_length=40, default="none")
    activity_object = models.CharField(max_length=64, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.group} {self.code}"

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and now < self.expires_at

    @property
    def spaced_code(self) -> str:
        return f"{self.code[:3]} {self.code[3:]}"


class ChildSignIn(SchoolOwned):
    """A child's state within one class session: signed in, or locked after wrong picture codes."""

    class_session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="sign_ins")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    signed_in_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["class_session", "child"], name="one_sign_in_per_child")
        ]


class CodeAttempt(models.Model):
    """A session code typed on a device; wrong ones are counted per address and per browser session."""

    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    device_key = models.CharField(max_length=64, db_index=True)
    success = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)


PICTURE_LABELS = {
    "sun": _("sun"),
    "tree": _("tree"),
    "fish": _("fish"),
    "house": _("house"),
    "star": _("star"),
    "apple": _("apple"),
    "car": _("car"),
    "ball": _("ball"),
    "flower": _("flower"),
}
PICTURES = list(PICTURE_LABELS)
