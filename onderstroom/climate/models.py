"""Class climate and school climate: the moments and rounds, the answers, and the teacher's vision.

A class-climate moment belongs to one group in one school year: its children answer about their
class (groups 3-4 on a pictorial form, 5-8 on the longer one) and its teachers assess their own
practice on the three class levers. A school-climate round belongs to one school year: every member
of staff and the children of groups 5-8 answer about the school.

Children's answers are only ever shown added up over enough children (`results.py`): a response
keeps the child so that the child answers once and the school can honour an access request or an
erasure, never to show one child's answers to anyone.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onderstroom.schools.models import Child, Group, SchoolYear
from onderstroom.tenancy import SchoolOwned

VERSION_MODEL = "instruments.InstrumentVersion"


class ClassMoment(SchoolOwned):
    """A period in which a group's children answer about their class and its teachers about their practice."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # The form for groups 3-4, for groups 5-8 and the teacher's; a changed file never changes these.
    young_version = models.ForeignKey(VERSION_MODEL, on_delete=models.PROTECT, related_name="+")
    older_version = models.ForeignKey(VERSION_MODEL, on_delete=models.PROTECT, related_name="+")
    practice_version = models.ForeignKey(VERSION_MODEL, on_delete=models.PROTECT, related_name="+")
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="climate_moment_closes_after_opening"
            )
        ]

    def is_open(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on


class SchoolRound(SchoolOwned):
    """The school-climate round of one school year: all staff and the children of groups 5-8."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    staff_version = models.ForeignKey(VERSION_MODEL, on_delete=models.PROTECT, related_name="+")
    child_version = models.ForeignKey(VERSION_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="one_climate_round_per_year"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="climate_round_closes_after_opening"
            ),
        ]

    def is_open(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on


class Respondent(models.TextChoices):
    CHILD = "child", _("child")
    TEACHER = "teacher", _("teacher")
    STAFF = "staff", _("member of staff")


class ClimateResponse(SchoolOwned):
    """One filled-in form: a child's or a teacher's at a class moment, a child's or staff's at a school round.

    `values` holds the answers (item key → value), `stamps` when each was given on the device (ms),
    so that a retried or late batch never overwrites a newer answer; `scores` the scale means.
    `group` is the child's group when answering (participation per group), for staff the group
    they teach or nothing.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    class_moment = models.ForeignKey(
        ClassMoment, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    school_round = models.ForeignKey(
        SchoolRound, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    version = models.ForeignKey(VERSION_MODEL, on_delete=models.PROTECT, related_name="+")
    respondent = models.CharField(max_length=10, choices=Respondent.choices)
    child = models.ForeignKey(Child, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    grade = models.PositiveSmallIntegerField(null=True, blank=True)
    values = models.JSONField(default=dict)
    stamps = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)
    answered = models.PositiveSmallIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(class_moment__isnull=True) ^ Q(school_round__isnull=True),
                name="climate_response_moment_or_round",
            ),
            models.CheckConstraint(
                condition=Q(child__isnull=True) ^ Q(user__isnull=True), name="climate_response_child_or_user"
            ),
            models.UniqueConstraint(fields=["class_moment", "child"], name="climate_class_child_once"),
            models.UniqueConstraint(fields=["class_moment", "user"], name="climate_class_user_once"),
            models.UniqueConstraint(fields=["school_round", "child"], name="climate_school_child_once"),
            models.UniqueConstraint(fields=["school_round", "user"], name="climate_school_user_once"),
        ]


class Values(models.TextChoices):
    """What a teacher values most in their work (the seed: it steers whom they react to first)."""

    SUPPORT = "support", _("social-emotional support: that children feel good")
    ORGANISATION = "organisation", _("organisation: order, structure, work done")
    RESULTS = "results", _("learning results: that every child gets on")
    AUTONOMY = "autonomy", _("independence: that children learn to manage themselves")


class Behaviour(models.TextChoices):
    """Behaviour a teacher may notice they react to fastest."""

    HOSTILE = "hostile", _("hostile or defiant behaviour")
    UNDERACHIEVING = "underachieving", _("underachieving: not doing what a child can")
    LOUD = "loud", _("loud or restless behaviour")
    WITHDRAWN = "withdrawn", _("withdrawn or quiet behaviour")
    DEPENDENT = "dependent", _("asking for help all the time")


class Vision(SchoolOwned):
    """A teacher's private "my vision and my reactions": private to its author, like the journal."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    values_most = models.CharField(_("what I value most"), max_length=20, choices=Values.choices, blank=True)
    fastest = models.CharField(
        _("the behaviour I react to fastest"), max_length=20, choices=Behaviour.choices, blank=True
    )
    example = models.TextField(_("a recent moment I reacted fast"), blank=True)
    behind = models.TextField(_("what my reaction says about what I value"), blank=True)
    will_try = models.CharField(_("one thing I will try"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "school_year"], name="one_vision_per_author_and_year")
        ]
