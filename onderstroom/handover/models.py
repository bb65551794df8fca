import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onderstroom.schools.models import Child, Group, SchoolYear
from onderstroom.tenancy import SchoolOwned

NOTE_LENGTH = 400  # a short note: a few sentences per field


class HandoverNote(SchoolOwned):
    """What helped with one child, written by one of their teachers for next year's teacher.

    Only what helped: no scores, no conflict, no profile, so the next teacher meets the child
    without last year's expectations (DESIGN.md §2). One note per teacher, child and school year.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    themes = models.TextField(_("Banking Time themes that worked"), max_length=NOTE_LENGTH, blank=True)
    approach = models.TextField(_("an approach that helped"), max_length=NOTE_LENGTH, blank=True)
    trusted_adult = models.TextField(
        _("who the child trusts (their champion)"), max_length=NOTE_LENGTH, blank=True
    )
    insight = models.TextField(_("an insight from a constellation"), max_length=NOTE_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-school_year__starts_on", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["child", "school_year", "author"], name="handover_note_unique")
        ]

    def __str__(self) -> str:
        return f"{self.child} ({self.school_year})"


TEXT_FIELDS = ("themes", "approach", "trusted_adult", "insight")
