"""An action in the action plan: at school, class or relationship level, with its review.

The measure is named by the source and key of core.measures (the feature that measures it keeps
the numbers); the follow-up is the source's reference to the planned measurement. The signal an
action came from is kept as key and a snapshot of its sentence, so the action still reads well
when the signal has moved on.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onderstroom.core.measures import Level as MeasureLevel
from onderstroom.schools.models import Child, Group
from onderstroom.tenancy import SchoolOwned

GOAL_LENGTH = 500
WHAT_LENGTH = 1000
NOTE_LENGTH = 1000


class Level(models.TextChoices):
    SCHOOL = MeasureLevel.SCHOOL.value, _("school")
    CLASS = MeasureLevel.CLASS.value, _("class")
    RELATIONSHIP = MeasureLevel.RELATIONSHIP.value, _("relationship")


class Status(models.TextChoices):
    RUNNING = "running", _("running")
    STOPPED = "stopped", _("stopped")


class Decision(models.TextChoices):
    KEEP = "keep", _("keep")
    ADJUST = "adjust", _("adjust")
    STOP = "stop", _("stop")


class Action(SchoolOwned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    level = models.CharField(max_length=20, choices=Level.choices)
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Child, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    goal = models.CharField(_("goal"), max_length=GOAL_LENGTH)
    catalogue_key = models.CharField(max_length=40)
    what = models.TextField(_("what will be done"), blank=True)
    starts_on = models.DateField(_("start"))
    review_on = models.DateField(_("review"))
    measure_source = models.CharField(max_length=60, blank=True)
    measure_key = models.CharField(max_length=60, blank=True)
    measure_label = models.CharField(max_length=200, blank=True)  # as chosen, in the chooser's language
    followup_ref = models.CharField(max_length=120, blank=True)
    followup_on = models.DateField(null=True, blank=True)
    followup_label = models.CharField(max_length=120, blank=True)
    signal_key = models.CharField(max_length=40, blank=True)
    signal_text = models.TextField(blank=True)
    signal_moment = models.ForeignKey(
        "questionnaires.MeasurementMoment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("starts_on")), name="action_review_after_start"
            ),
            models.CheckConstraint(
                condition=Q(level="school", group__isnull=True, child__isnull=True)
                | Q(level="class", group__isnull=False, child__isnull=True)
                | Q(level="relationship", group__isnull=False, child__isnull=False),
                name="action_level_matches_target",
            ),
        ]

    def __str__(self) -> str:
        return self.goal[:60]

    @property
    def has_measure(self) -> bool:
        return bool(self.measure_source and self.measure_key)


class Review(SchoolOwned):
    """One decision at a review. An action kept or adjusted runs on to a next review; each decision
    stays here, so a later review does not overwrite what an earlier one decided and why. The
    action's own `decision` fields hold the latest."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField()  # the review day the decision answered
    decision = models.CharField(max_length=10, choices=Decision.choices)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()
    next_review_on = models.DateField(null=True, blank=True)
    followup_label = models.CharField(max_length=120, blank=True)  # the follow-up measurement it judged

    class Meta:
        ordering = ["decided_at", "pk"]
