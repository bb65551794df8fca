import secrets
import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from onderstroom.tenancy import SchoolOwned

GRADES = range(1, 9)  # Dutch primary school: groep 1 to 8
PICTURE_COUNT = 9  # pictures a login card's code is drawn from (childsessions.models.PICTURES)
PICTURE_CODE_LENGTH = 3


def new_picture_code() -> str:
    """Three different pictures in order: 9 * 8 * 7 = 504 codes, guarded by a lock after a few misses."""
    digits = list(range(PICTURE_COUNT))
    return "".join(str(digits.pop(secrets.randbelow(len(digits)))) for _ in range(PICTURE_CODE_LENGTH))


class Board(models.Model):
    """A school board (bestuur): the owner of one or more schools."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}$", _("A BRIN code is two digits followed by two capital letters, such as 12AB.")
)


class School(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(_("name"), max_length=200)
    brin = models.CharField(_("BRIN code"), max_length=4, unique=True, validators=[brin_validator])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolYear(SchoolOwned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=20)  # "2026-2027"
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="school_year_unique_name"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="school_year_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def name_for(day: date) -> str:
        """The Dutch school year a day falls in; it turns over on 1 August."""
        first = day.year if day.month >= 8 else day.year - 1
        return f"{first}-{first + 1}"

    @staticmethod
    def bounds_for(name: str) -> tuple[date, date]:
        first = int(name[:4])
        return date(first, 8, 1), date(first + 1, 7, 31)


class Group(SchoolOwned):
    """A class (groep) in one school year; a combination group has several grades."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=60)
    grades = models.JSONField(_("grades"), default=list)  # e.g. [4, 5, 6]
    external_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "name"], name="group_unique_name_per_year")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def grades_label(self) -> str:
        return "/".join(str(g) for g in sorted(self.grades))


class Child(SchoolOwned):
    class Gender(models.TextChoices):
        GIRL = "f", _("girl")
        BOY = "m", _("boy")
        OTHER = "x", _("other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    surname_prefix = models.CharField(_("surname prefix"), max_length=30, blank=True)
    surname = models.CharField(_("surname"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    external_id = models.CharField(_("pupil number"), max_length=100, blank=True)
    # Three pictures in order, as digits into PICTURES; printed on the child's login card.
    picture_code = models.CharField(max_length=PICTURE_CODE_LENGTH, default=new_picture_code)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["surname", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "external_id"],
                condition=~models.Q(external_id=""),
                name="child_unique_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_surname(self) -> str:
        return f"{self.surname_prefix} {self.surname}".strip()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.full_surname}"

    @property
    def sort_surname(self) -> str:
        """Dutch alphabetical order ignores the prefix: "van der Berg" sorts under B."""
        return f"{self.surname} {self.surname_prefix}".lower()


class Enrollment(SchoolOwned):
    """A child in a group for one school year, in one grade."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="enrollments")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="enrollments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(min(GRADES)), MaxValueValidator(max(GRADES))]
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "school_year"], name="one_group_per_year")]


class Role(models.TextChoices):
    TEACHER = "teacher", _("teacher")
    CARE = "care", _("care coordinator")
    SCHOOL_ADMIN = "school_admin", _("school administrator")
    # A colleague without a group (gym teacher, teaching assistant, director): no child data by
    # this role alone; features that every member of staff takes part in (relationship mapping)
    # let them in.
    STAFF = "staff", _("member of staff")


class Membership(SchoolOwned):
    """One role of a member of staff at a school; a person may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "user", "role"], name="membership_unique")]


class StaffInvitation(SchoolOwned):
    """Roles at a school offered to someone who already has an account: they start only once that
    person accepts after signing in, so no admin attaches somebody else's account on their own."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The name the admin typed: the invitee's own name is not shown to them before they accept.
    invited_name = models.CharField(max_length=150)
    roles = models.JSONField(default=list)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "user"], name="staff_invitation_unique")]

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles if role in Role.values]


class BoardMembership(models.Model):
    """A board administrator: sees aggregates of the board's schools, never a child."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="admins")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_memberships"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "user"], name="board_membership_unique")]


class GroupAssignment(SchoolOwned):
    """Who works with a group: its teachers (duo teachers are common) and its care coordinator."""

    class Kind(models.TextChoices):
        TEACHER = "teacher", _("teacher")
        CARE = "care", _("care coordinator")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_assignments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user", "kind"], name="assignment_unique")]


class SchoolHoliday(SchoolOwned):
    """A period the school is closed: a holiday, or a study day. Its days are not school days, so
    nothing that is counted in school days (a Banking Time plan's sessions) is expected on them.
    The school admin enters the school's own periods."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=80)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))

    class Meta:
        ordering = ["first_day", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="school_holiday_order"
            )
        ]

    def __str__(self) -> str:
        return self.name
