"""Measurement moments and the answers given on them (the instruments: `onderstroom.instruments`).

A relationship is between two people, so every response belongs to one dyad: a teacher and a
child. A teacher's response is that teacher's rating of the child; a child's response is the
child's view of that teacher. Co-teachers therefore never share (or overwrite) a response.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onderstroom.instruments.models import InstrumentVersion, Respondent
from onderstroom.schools.models import Child, Group, SchoolYear
from onderstroom.tenancy import SchoolOwned


class MeasurementMoment(SchoolOwned):
    """A period (for example October) in which a group's teachers and children fill in the instruments.

    The teachers of the group and its care coordinator plan moments. While a moment is open the
    teachers rate their class and the teacher can open a class session for the children's form.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="measurement_moments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    teacher_version = models.ForeignKey(
        InstrumentVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    child_versions = models.ManyToManyField(InstrumentVersion, blank=True, related_name="+")
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opens_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="moment_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on

    def has_started(self, today: date) -> bool:
        return self.opens_on <= today


class Address(models.TextChoices):
    JUF = "juf", _("juf (Miss)")
    MEESTER = "meester", _("meester (Mr)")
    NEUTRAL = "neutral", _("by name only, or “your teacher”")


class MomentTeacher(SchoolOwned):
    """A teacher the children answer about at a moment, and how they address that teacher."""

    moment = models.ForeignKey(MeasurementMoment, on_delete=models.CASCADE, related_name="teachers")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(max_length=10, choices=Address.choices, default=Address.NEUTRAL)
    call_name = models.CharField(max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["moment", "teacher"], name="moment_teacher_unique")]


class Response(SchoolOwned):
    """One filled-in form of one dyad at one moment.

    `values`, `scores` and `profile` mirror the Answer rows (kept in step by the service that saves
    answers) so that overviews read one row per response instead of one per answer, and the school
    overview counts profiles in the database.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    moment = models.ForeignKey(MeasurementMoment, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    respondent = models.CharField(max_length=10, choices=Respondent.choices)
    grade = models.PositiveSmallIntegerField()  # the child's grade when answering, for norm bands
    values = models.JSONField(default=dict)  # item key → answered value
    scores = models.JSONField(default=dict)  # scale key → mean, or None below the 80% rule
    # The teacher's view's profile (scoring.decide_profile) as stored with the scores; "" undecided.
    profile = models.CharField(max_length=20, blank=True, default="")
    answered = models.PositiveSmallIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["moment", "child", "teacher", "respondent"], name="one_response_per_dyad_and_moment"
            )
        ]
        indexes = [models.Index(fields=["version", "respondent"])]


class Answer(SchoolOwned):
    """The answer to one item. A device sends each answer with its own client id, so a retry after a
    lost connection changes nothing; the later answer to the same item (by the device's clock) wins."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=60)
    value = models.SmallIntegerField(null=True)  # None: the answer was cleared
    client_id = models.UUIDField(null=True, blank=True)
    answered_at = models.DateTimeField()
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item"),
            models.UniqueConstraint(
                fields=["school", "client_id"], condition=Q(client_id__isnull=False), name="answer_client_id"
            ),
        ]


class SchoolReference(SchoolOwned):
    """The school's reference statistics for one instrument version in one school year, stored.

    Every response on the version in the school that year, summarised per scale: the number of
    scores, their SD, Cronbach's alpha over the complete cases, and the scores' distribution
    (distinct values and how many scores lie at or below each), from which a percentile is read;
    per grade band (`bands`) the same distribution with its n, mean and SD, for the child's
    percentile and z-score within its band.
    Computed once (`references.refresh`), read with one query; an answer marks the row stale
    (`generation` counts the changes, so a refresh that raced an answer does not mark it fresh).
    """

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    stale = models.BooleanField(default=True)
    generation = models.PositiveIntegerField(default=0)
    responses = models.PositiveIntegerField(default=0)
    scales = models.JSONField(default=dict)  # scale key → {"n", "sd", "alpha", "values", "ends"}
    # scale key → grade band ("5-6") → {"n", "mean", "sd", "values", "ends"}: percentiles and z-scores
    bands = models.JSONField(default=dict)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "school_year"], name="one_reference_per_version_year")
        ]


class ResearchConsent(SchoolOwned):
    """The school's recorded consent for research use of its answers (one row while it holds).

    The school admin records it (the date the school decided, e.g. after its participation council
    agreed) and may withdraw it; both are audited. Without it there is no research export."""

    consented_on = models.DateField(_("consent given on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school"], name="one_research_consent_per_school")]


class GroupSignals(SchoolOwned):
    """The current signals of one group (each child's latest moment), stored for pages that count them.

    One entry per signal row, as the signals page lists them: [child id, signal key, moment id]. The
    `stamp` is a digest of everything they were computed from (`group_signals.py`); a row whose stamp
    no longer matches is recomputed when it is read.
    """

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="+")
    stamp = models.CharField(max_length=64)
    links = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)
