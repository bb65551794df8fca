"""Mapping rounds, the marks of staff, the answers of children, champions and their check-ins."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onderstroom.schools.models import Child, SchoolYear
from onderstroom.tenancy import SchoolOwned

# Children of these grades answer on the tablet (groups 3-8); groups 3 and 4 hear it read aloud.
CHILD_GRADES = range(3, 9)
READ_ALOUD_GRADES = (3, 4)
# When a champion is asked how it goes: after 4 weeks and after 2 months.
CHECK_IN_AFTER = {"w4": timedelta(weeks=4), "m2": timedelta(days=61)}


class MappingRound(SchoolOwned):
    """One school-wide round, started by the care coordinator or the director, open until its close date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    closes_on = models.DateField(_("closes on"))
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]

    def is_open(self, day: date) -> bool:
        return self.closed_at is None and self.started_on <= day <= self.closes_on


class StaffMark(SchoolOwned):
    """A member of staff's "this child would come to me with a personal problem" (present = marked)."""

    round = models.ForeignKey(MappingRound, on_delete=models.CASCADE, related_name="marks")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "staff", "child"], name="mapping_mark_once")]


class MarkReceipt(SchoolOwned):
    """Each client id of a device's mark or unmark, stored once: a change sent again is not applied twice."""

    round = models.ForeignKey(MappingRound, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    client_id = models.UUIDField(unique=True)
    marked = models.BooleanField()
    received_at = models.DateTimeField(auto_now_add=True)


class ChildAnswer(SchoolOwned):
    """A child's answer in a round: the adults they would go to, or nobody (a real answer)."""

    round = models.ForeignKey(MappingRound, on_delete=models.CASCADE, related_name="answers")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    nobody = models.BooleanField(default=False)
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "child"], name="mapping_answer_once")]


class NamedAdult(SchoolOwned):
    answer = models.ForeignKey(ChildAnswer, on_delete=models.CASCADE, related_name="adults")
    adult = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "adult"], name="mapping_named_once")]


class Champion(SchoolOwned):
    """A member of staff who is there for a child without a trusted adult (volunteered, or asked)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(MappingRound, on_delete=models.CASCADE, related_name="champions")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    champion = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "child"], name="mapping_one_champion")]

    def due_on(self, key: str) -> date:
        return self.started_on + CHECK_IN_AFTER[key]


class ChampionOffer(SchoolOwned):
    """A member of staff volunteers, in a round, to be champion for a child without a trusted adult;
    the care coordinator pairs them with a child on the map."""

    round = models.ForeignKey(MappingRound, on_delete=models.CASCADE, related_name="offers")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    offered_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "staff"], name="mapping_offer_once")]


class CheckIn(SchoolOwned):
    """The champion's one-line note at 4 weeks or 2 months."""

    class Due(models.TextChoices):
        WEEKS_4 = "w4", _("after 4 weeks")
        MONTHS_2 = "m2", _("after 2 months")

    champion = models.ForeignKey(Champion, on_delete=models.CASCADE, related_name="check_ins")
    due = models.CharField(max_length=2, choices=Due.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    written_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["champion", "due"], name="mapping_check_in_once")]


class MappingSettings(SchoolOwned):
    """The school's choice: a child's answer is never shown to the adult it names unless this is on."""

    show_answers_to_named_adults = models.BooleanField(
        _("show staff which children named them"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school"], name="mapping_settings_once")]
