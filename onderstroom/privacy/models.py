"""Requests about one child's data, and the school's retention policy."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from onderstroom.schools.models import Child
from onderstroom.tenancy import SchoolOwned


class AccessRequest(SchoolOwned):
    """A parent's request to see what the school stores about their child (AVG art. 15).

    The school admin starts it; the care coordinator of the child's group gives consent and says which
    kinds to withhold (they judge what may be released about others); then the admin downloads it.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting for the care coordinator")
        READY = "ready", _("ready to download")
        REFUSED = "refused", _("not released")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    withheld = models.JSONField(default=list)  # keys of the privacy registry left out
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at"]


class ErasureRequest(SchoolOwned):
    """A decision to erase one child's data (AVG art. 17), recorded with its reason, then confirmed.

    Once carried out the link to the child is gone; the child's random uuid stays, as in the audit log,
    with what remains in words.
    """

    class Reason(models.TextChoices):
        PARENT = "parent", _("the parents asked for it")
        CONSENT = "consent", _("consent was withdrawn")
        UNLAWFUL = "unlawful", _("the data should not have been stored")
        LEFT = "left", _("the child left the school")
        OTHER = "other", _("another reason")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    child_uuid = models.UUIDField()
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    erased_at = models.DateTimeField(null=True, blank=True)
    remains = models.JSONField(default=list)  # what was kept, in words, as shown after erasure
    counts = models.JSONField(default=dict)  # registry key -> {"deleted": n, "anonymised": n}

    class Meta:
        ordering = ["-requested_at"]

    @property
    def is_done(self) -> bool:
        return self.erased_at is not None


class RetentionPolicy(SchoolOwned):
    """How long the school keeps children's data; `manage.py apply_retention` carries it out."""

    school = models.OneToOneField("schools.School", on_delete=models.CASCADE, related_name="+")
    years_after_leaving = models.PositiveSmallIntegerField(
        _("years after a child leaves the school"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    reflections_school_years = models.PositiveSmallIntegerField(
        _("reflections: school years kept after the one they were written in"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    interactions_school_years = models.PositiveSmallIntegerField(
        _("interaction logs: school years kept after the one they were noted in"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    changed_at = models.DateTimeField(auto_now=True)
