"""The reflection journal: a teacher's private thoughts about the relationship with one child.

An entry belongs to its author alone. The author may share one entry at a time with one named
care coordinator of the child's group, and withdraw it again; nobody else ever reads it. The
entry keeps the group it was written in, so that a share follows the care coordinator of that group.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onderstroom.schools.models import Child, Group
from onderstroom.tenancy import SchoolOwned

WORD_LENGTH = 40
SENTENCE_LENGTH = 300


class Evoked(models.TextChoices):
    """What the child evokes in the teacher: named without judging either of them."""

    PATIENCE = "patience", _("patience lost")
    SIGH = "sigh", _("an inner sigh")
    SMILE = "smile", _("a smile")
    WORRY = "worry", _("worry")
    PRIDE = "pride", _("pride")
    TIRED = "tired", _("tiredness")


class Entry(SchoolOwned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    # Private thoughts leave with their author.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    written_on = models.DateField(_("date"))
    word_1 = models.CharField(_("first word"), max_length=WORD_LENGTH, blank=True)
    moment_1 = models.TextField(_("a moment for the first word"), blank=True)
    word_2 = models.CharField(_("second word"), max_length=WORD_LENGTH, blank=True)
    moment_2 = models.TextField(_("a moment for the second word"), blank=True)
    word_3 = models.CharField(_("third word"), max_length=WORD_LENGTH, blank=True)
    moment_3 = models.TextField(_("a moment for the third word"), blank=True)
    clicked = models.TextField(_("a moment it clicked"), blank=True)
    did_not_click = models.TextField(_("a moment it didn't"), blank=True)
    evoked = models.JSONField(default=list)  # Evoked values
    evoked_note = models.TextField(_("what this child evokes in me"), blank=True)
    picture = models.CharField(_("my picture of the child"), max_length=SENTENCE_LENGTH, blank=True)
    behind = models.TextField(_("what could lie behind the behaviour"), blank=True)
    needs = models.TextField(_("what the child may need from me"), blank=True)
    will_try = models.CharField(_("one thing I will try"), max_length=SENTENCE_LENGTH, blank=True)
    signal_key = models.CharField(max_length=40, blank=True)
    signal_moment = models.ForeignKey(
        "questionnaires.MeasurementMoment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_with = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-written_on", "-created_at"]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"{self.written_on}"

    @property
    def words(self) -> list[tuple[str, str]]:
        pairs = [(self.word_1, self.moment_1), (self.word_2, self.moment_2), (self.word_3, self.moment_3)]
        return [(word, moment) for word, moment in pairs if word or moment]

    @property
    def evoked_labels(self) -> list[str]:
        labels = dict(Evoked.choices)
        return [str(labels[key]) for key in self.evoked if key in labels]
