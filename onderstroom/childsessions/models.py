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
    code = models.CharField(max_length=6, db_index=True)  # unique among the school's open sessions
    # What the children do once signed in; see onderstroom.childsessions.activities.
    activity = models.CharField(max_length=40, default="none")
    activity_object = models.CharField(max_length=64, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    # Where the teacher opened it: the school trusts that address (services.trusted_address).
    opened_from = models.GenericIPAddressField(null=True, blank=True)

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
    """A child signed in to one class session (a lock never ends it: see PictureLock)."""

    class_session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="sign_ins")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["class_session", "child"], name="one_sign_in_per_child")
        ]


class PictureLock(SchoolOwned):
    """A child's wrong picture codes since the teacher last unlocked them, over every class session.

    Only a teacher's unlock sets the count back: a new session, a right code or a new
    cookie does not, so guessing a child's code stays bounded however often it is tried.
    """

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="+")
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked = models.BooleanField(default=False)


class CodeAttempt(models.Model):
    """A try at the child sign-in on a device: a session code at a school's entry, or a picture code.

    Wrong ones are counted per browser, per address and (codes only) per school; right codes
    make their address one the school trusts. Not school-owned: the visitor has no school yet.
    """

    class Kind(models.TextChoices):
        CODE = "code"
        PICTURES = "pictures"

    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    device_key = models.CharField(max_length=64, db_index=True)
    # The school whose entry the code was typed at; None for an entry of no school.
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, null=True, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.CODE)
    success = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)


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
