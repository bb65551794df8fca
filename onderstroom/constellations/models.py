"""Constellations: figures on a field, and every step that put them where they stand.

A constellation's figures hold where each figure stands now (so the board loads in
one query); the events hold how it got there, so any session can be replayed step
by step. `replay.py` folds the events back into positions, and the tests check that
the fold ends exactly where the figures stand.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onderstroom.schools.models import Child, Group
from onderstroom.tenancy import SchoolOwned

LABEL_MAX = 40


class Shape(models.TextChoices):
    ROUND = "round", _("round cloth")
    SQUARE = "square", _("square cloth")


class Emotion(models.TextChoices):
    SCARED = "scared", _("scared")
    ANGRY = "angry", _("angry")
    SAD = "sad", _("sad")
    HAPPY = "happy", _("happy")


class Constellation(SchoolOwned):
    """One session on the board: a class constellation of a group, or a personal one with one child."""

    class Kind(models.TextChoices):
        CLASS = "class", _("class constellation")
        PERSONAL = "personal", _("personal constellation")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The group it was made in: its teachers and care coordinator may see it (this school year).
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="constellations")
    # The child of a personal constellation.
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.CASCADE, related_name="personal_constellations"
    )
    field_name = models.CharField(_("name of the field"), max_length=80)
    shape = models.CharField(_("cloth"), max_length=10, choices=Shape.choices, default=Shape.ROUND)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Class constellations go from round one to round two; personal ones stay in round one.
    round = models.PositiveSmallIntegerField(default=1)
    # Whose turn it is to place their figure in round one of a class constellation.
    turn = models.ForeignKey("Figure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    # Raised by every change anybody can see; devices poll with ?since=version.
    version = models.PositiveIntegerField(default=1)
    event_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.field_name

    @property
    def is_live(self) -> bool:
        return self.closed_at is None

    @property
    def is_class(self) -> bool:
        return self.kind == self.Kind.CLASS


class Figure(SchoolOwned):
    """A figure on the board: a child, a member of staff, a family member or a free label."""

    class Kind(models.TextChoices):
        CHILD = "child", _("child")
        STAFF = "staff", _("teacher")
        FAMILY = "family", _("family member")
        OTHER = "other", _("someone else")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    constellation = models.ForeignKey(Constellation, on_delete=models.CASCADE, related_name="figures")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    child = models.ForeignKey(Child, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(max_length=LABEL_MAX, blank=True)  # family members and free labels
    order = models.PositiveSmallIntegerField(default=0)
    placed = models.BooleanField(default=False)
    x = models.FloatField(null=True, blank=True)  # 0..1 across the field, left to right
    y = models.FloatField(null=True, blank=True)  # 0..1 down the field, top to bottom
    # Degrees clockwise from "facing the top of the field"; None until somebody turns the figure.
    angle = models.PositiveSmallIntegerField(null=True, blank=True)
    emotion = models.CharField(max_length=10, choices=Emotion.choices, blank=True)
    # The last change was made by staff; on a child's figure the board marks it as the teacher's.
    moved_by_staff = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(x__isnull=True) | models.Q(x__gte=0, x__lte=1), name="figure_x_in_field"
            ),
            models.CheckConstraint(
                condition=models.Q(y__isnull=True) | models.Q(y__gte=0, y__lte=1), name="figure_y_in_field"
            ),
        ]

    def __str__(self) -> str:
        return self.label or str(self.pk)


class Event(SchoolOwned):
    """One step on the board: a figure placed, moved, turned or given a feeling, by whom and when."""

    class Type(models.TextChoices):
        PLACE = "place", _("placed")
        MOVE = "move", _("moved")
        TURN = "turn", _("turned")
        EMOTION = "emotion", _("feeling")

    constellation = models.ForeignKey(Constellation, on_delete=models.CASCADE, related_name="events")
    sequence = models.PositiveIntegerField()
    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=10, choices=Type.choices)
    round = models.PositiveSmallIntegerField()
    x = models.FloatField(null=True, blank=True)
    y = models.FloatField(null=True, blank=True)
    angle = models.PositiveSmallIntegerField(null=True, blank=True)
    emotion = models.CharField(max_length=10, blank=True)
    # Exactly one of the two: staff (by_user) or the child on their own device (by_child).
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_child = models.ForeignKey(Child, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Chosen by the device, so a request sent twice over bad wifi is stored once.
    client_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["constellation", "sequence"], name="event_sequence_unique"),
            models.UniqueConstraint(
                fields=["constellation", "client_id"],
                condition=~models.Q(client_id=""),
                name="event_client_id_unique",
            ),
        ]

    @property
    def by_staff(self) -> bool:
        return self.by_user_id is not None


class Note(SchoolOwned):
    """A question the teacher asked or a note they made, kept with the session at the step it belongs to."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("question")
        NOTE = "note", _("note")

    constellation = models.ForeignKey(Constellation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("text"), max_length=2000)
    # The number of events on the board when the note was written: replay shows it from that step on.
    at_step = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at_step", "created_at", "pk"]
