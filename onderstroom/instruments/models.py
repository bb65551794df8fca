"""Instruments and their versions: the questionnaires any feature can give.

The tables keep the names they had when the relationship questionnaires owned these models
(`questionnaires_instrument`, `questionnaires_instrumentversion`): moving the models to this app
changed no row (see the migrations of both apps).
"""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onderstroom.instruments.engine import (
    CHILD,
    STAFF,
    SUBJECT_CHILD,
    SUBJECT_CLASS,
    SUBJECT_PRACTICE,
    SUBJECT_SCHOOL,
    TEACHER,
    InstrumentDefinition,
    definition_from_json,
)
from onderstroom.tenancy import ALL_SCHOOLS, active_scope


class SharedOrSchoolManager(models.Manager):
    """Rows shared by every school (school empty) plus those of the schools in the active scope.

    Shipped instruments belong to no school; an instrument a school loaded under its own licence
    is that school's alone. Outside any scope this raises, like every school-owned manager.
    """

    # A class attribute, not an argument: Django builds related managers from the class alone.
    school_field = "school"

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        scope = active_scope()
        if scope is ALL_SCHOOLS:
            return queryset
        shared = Q(**{f"{self.school_field}__isnull": True})
        return queryset.filter(shared | Q(**{f"{self.school_field}__in": scope}))


class InstrumentVersionManager(SharedOrSchoolManager):
    school_field = "instrument__school"


class Respondent(models.TextChoices):
    TEACHER = TEACHER, _("teacher")
    CHILD = CHILD, _("child")
    STAFF = STAFF, _("staff member")


class Subject(models.TextChoices):
    """What a response is about."""

    CHILD = SUBJECT_CHILD, _("a child")
    CLASS = SUBJECT_CLASS, _("a class")
    SCHOOL = SUBJECT_SCHOOL, _("the school")
    PRACTICE = SUBJECT_PRACTICE, _("own practice")


class Instrument(models.Model):
    """A questionnaire: shipped with the app (no school), or loaded by one school under its licence."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=60)
    respondent = models.CharField(max_length=10, choices=Respondent.choices)
    subject = models.CharField(max_length=10, choices=Subject.choices, default=Subject.CHILD)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SharedOrSchoolManager()
    across_schools = models.Manager()

    class Meta:
        db_table = "questionnaires_instrument"
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(school__isnull=True), name="instrument_shipped_key"
            ),
            models.UniqueConstraint(
                fields=["school", "key"], condition=Q(school__isnull=False), name="instrument_school_key"
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def shipped(self) -> bool:
        return self.school_id is None


_definitions: dict[tuple[int, str], InstrumentDefinition] = {}


class InstrumentVersion(models.Model):
    """One exact file of an instrument. A changed file is a new version; answers keep theirs."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    label = models.CharField(max_length=40)  # the version the file itself states
    sha256 = models.CharField(max_length=64)
    source = models.TextField()
    definition = models.JSONField()
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    objects = InstrumentVersionManager()
    across_schools = models.Manager()

    class Meta:
        db_table = "questionnaires_instrumentversion"
        ordering = ["instrument__key", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="instrument_version_number"),
            models.UniqueConstraint(fields=["instrument", "sha256"], name="instrument_version_content"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.key} {self.label} ({self.number})"

    @property
    def spec(self) -> InstrumentDefinition:
        """The parsed definition, built once per process: versions never change after loading."""
        cache_key = (self.pk, self.sha256)
        if cache_key not in _definitions:
            _definitions[cache_key] = definition_from_json(self.definition)
        return _definitions[cache_key]


def versions_with_specs(ids: Iterable[int]) -> dict[int, InstrumentVersion]:
    """The versions by id, ready for `.spec`, in one query: the definition (a long JSON text) is read
    only for versions this process has not parsed yet; the others carry just their id and hash."""
    wanted = set(ids)
    if not wanted:
        return {}
    query = InstrumentVersion.objects.filter(pk__in=wanted)
    # As `.only("id", "sha256")` gives them: any other field is read when asked for.
    found = {
        row[0]: InstrumentVersion.from_db(query.db, ["id", "sha256"], row)
        for row in query.values_list("pk", "sha256")
    }
    unparsed = [pk for pk, version in found.items() if (pk, version.sha256) not in _definitions]
    if unparsed:
        for version in InstrumentVersion.objects.filter(pk__in=unparsed).only("pk", "sha256", "definition"):
            found[version.pk] = version
    return found
