"""Banking Time: a plan of short one-to-one sessions for one child, and the sessions held.

The plan belongs to the teacher who holds the sessions; it names the child's group at the time
it was made, so the group's teachers and care coordinator can follow it. A session log keeps
what the teacher did and what slipped in, never a judgement of the child.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onderstroom.schools.models import Child, Group
from onderstroom.tenancy import SchoolOwned

MIN_MINUTES, MAX_MINUTES = 5, 15
MAX_SESSIONS_PER_WEEK = 5
MAX_WEEKS = 20
MAX_SESSION_MINUTES = 60  # a session that ran long is still logged as it was
MIN_THEMES, MAX_THEMES = 2, 3
THEME_LENGTH = 80


class Theme(models.TextChoices):
    """Relational messages the teacher carries through the sessions (our own wording)."""

    INTERESTED = "interested", _("I'm interested in you")
    ACCEPTED = "accepted", _("I accept you as you are")
    RELIABLE = "reliable", _("I'm reliably there for you")
    HELP = "help", _("I help when you need it")
    SAFE = "safe", _("You are safe with me")


class Technique(models.TextChoices):
    """What the teacher does during a session."""

    OBSERVE = "observe", _("Observe")
    FOLLOW = "follow", _("Follow the child's lead")
    NARRATE = "narrate", _("Narrate what the child does")
    FEELINGS = "feelings", _("Name feelings")
    THEMES = "themes", _("Carry the themes")


class Slip(models.TextChoices):
    """What the teacher leaves out during a session; logged honestly when it slipped in."""

    LEAD = "lead", _("Leading")
    TEACH = "teach", _("Teaching")
    QUESTION = "question", _("Questioning")
    COMMAND = "command", _("Giving commands")
    PRAISE = "praise", _("Praising")
    CRITICISE = "criticise", _("Criticising")


class Mood(models.TextChoices):
    CHEERFUL = "cheerful", _("cheerful")
    RELAXED = "relaxed", _("relaxed")
    NEUTRAL = "neutral", _("neutral")
    WITHDRAWN = "withdrawn", _("withdrawn")
    TENSE = "tense", _("tense or upset")


class Plan(SchoolOwned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveSmallIntegerField(
        _("minutes per session"),
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)],
    )
    sessions_per_week = models.PositiveSmallIntegerField(
        _("sessions per week"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSIONS_PER_WEEK)]
    )
    weeks = models.PositiveSmallIntegerField(
        _("weeks"), validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKS)]
    )
    starts_on = models.DateField(_("first day"))
    fixed_moment = models.CharField(_("fixed moment"), max_length=200)
    themes = models.JSONField(default=list)  # Theme values
    own_themes = models.JSONField(default=list)  # the teacher's own words, one string each
    reason = models.TextField(_("reason"))
    signal_key = models.CharField(max_length=40, blank=True)
    signal_moment = models.ForeignKey(
        "questionnaires.MeasurementMoment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True)  # stopped before the planned end
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_MINUTES, minutes__lte=MAX_MINUTES), name="plan_minutes_range"
            ),
            models.CheckConstraint(
                condition=Q(sessions_per_week__gte=1, sessions_per_week__lte=MAX_SESSIONS_PER_WEEK),
                name="plan_frequency_range",
            ),
            models.CheckConstraint(condition=Q(weeks__gte=1, weeks__lte=MAX_WEEKS), name="plan_weeks_range"),
        ]

    def __str__(self) -> str:
        return f"{self.child} ({self.starts_on})"

    @property
    def planned_end(self) -> date:
        return self.starts_on + timedelta(days=7 * self.weeks - 1)

    @property
    def last_day(self) -> date:
        """The plan's last day: the planned end, or the day it was stopped."""
        return min(self.planned_end, self.ended_on) if self.ended_on else self.planned_end

    def is_running(self, day: date) -> bool:
        return self.starts_on <= day <= self.last_day

    def can_change(self, day: date) -> bool:
        """Until its last day a plan can be changed (also before it starts); once ended, never."""
        return self.ended_on is None and day <= self.planned_end

    def has_begun(self, day: date) -> bool:
        return self.starts_on <= day

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels[key]) for key in self.themes if key in labels] + list(self.own_themes)

    @property
    def total_planned(self) -> int:
        return self.sessions_per_week * self.weeks


class Session(SchoolOwned):
    """One Banking Time session, logged by the teacher right after it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("day"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSION_MINUTES)]
    )
    activity = models.CharField(_("activity the child chose"), max_length=200, blank=True)
    techniques = models.JSONField(default=list)  # Technique values
    slips = models.JSONField(default=list)  # Slip values
    mood = models.CharField(_("the child's mood"), max_length=12, choices=Mood.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "created_at"]
