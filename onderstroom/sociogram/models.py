import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onderstroom.schools.models import Child, Group
from onderstroom.tenancy import SchoolOwned

MAX_NOMINATION_LIMIT = 10


class PeerSettings(SchoolOwned):
    """The school's choices about peer surveys; the school admin changes them.

    Negative nominations ("who would you rather not play with?") are off until the school decides
    otherwise (DESIGN.md §2), and even then teachers see only how often a child was named unless the
    school also chooses to show the names.
    """

    negative_nominations = models.BooleanField(_("allow negative nominations"), default=False)
    show_negative_names = models.BooleanField(_("show who named whom negatively"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school"], name="one_peer_settings_per_school")]


class Method(models.TextChoices):
    NOMINATIONS = "nominations", _("naming classmates")
    RATINGS = "ratings", _("rating every classmate")


class Question(models.TextChoices):
    """The nomination questions; the first two are positive, the last negative."""

    WORK = "work", _("Who do you like to work with?")
    PLAY = "play", _("Who do you like to play with?")
    NOT_PLAY = "not_play", _("Who would you rather not play with?")


POSITIVE_QUESTIONS = (Question.WORK, Question.PLAY)
NEGATIVE_QUESTIONS = (Question.NOT_PLAY,)


class PeerSurvey(SchoolOwned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="peer_surveys")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, default=Method.NOMINATIONS)
    ask_work = models.BooleanField(_("who do you like to work with?"), default=True)
    ask_play = models.BooleanField(_("who do you like to play with?"), default=True)
    ask_not_play = models.BooleanField(_("who would you rather not play with?"), default=False)
    # None: a child may choose as many classmates as they like.
    nomination_limit = models.PositiveSmallIntegerField(
        _("most classmates per question"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_NOMINATION_LIMIT)],
    )
    rating_scale = models.PositiveSmallIntegerField(
        _("rating scale"), choices=[(3, _("3 faces")), (5, _("5 faces"))], default=3
    )
    show_photos = models.BooleanField(_("show photos where the school has them"), default=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method="ratings") | models.Q(ask_work=True) | models.Q(ask_play=True),
                name="peer_survey_has_a_positive_question",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.created_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def uses_ratings(self) -> bool:
        return self.method == Method.RATINGS

    @property
    def questions(self) -> list[Question]:
        """The nomination questions of this survey, in the order the children see them."""
        if self.uses_ratings:
            return []
        wanted = {
            Question.WORK: self.ask_work,
            Question.PLAY: self.ask_play,
            Question.NOT_PLAY: self.ask_not_play,
        }
        return [question for question, asked in wanted.items() if asked]


class RosterEntry(SchoolOwned):
    """A child on the class list of a survey, frozen when the survey opens.

    Results are computed over this list, not today's enrolment: a child who joins the group later
    gets no status, and a child who leaves stays counted with the nominations they gave and got.
    """

    survey = models.ForeignKey(PeerSurvey, on_delete=models.CASCADE, related_name="roster")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    grade = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "child"], name="one_roster_entry_per_child")]


class PeerResponse(SchoolOwned):
    """One child's answers to one survey; changeable until the child finishes."""

    survey = models.ForeignKey(PeerSurvey, on_delete=models.CASCADE, related_name="responses")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "child"], name="one_peer_response_per_child")
        ]


class PeerNomination(SchoolOwned):
    response = models.ForeignKey(PeerResponse, on_delete=models.CASCADE, related_name="nominations")
    question = models.CharField(max_length=20, choices=Question.choices)
    nominee = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "nominee"], name="one_nomination_per_pair"
            )
        ]


class PeerRating(SchoolOwned):
    response = models.ForeignKey(PeerResponse, on_delete=models.CASCADE, related_name="ratings")
    ratee = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "ratee"], name="one_rating_per_pair")]


class AnswerReceipt(SchoolOwned):
    """A change a child's device sent, by the id the device gave it: a resent change is stored once."""

    response = models.ForeignKey(PeerResponse, on_delete=models.CASCADE, related_name="receipts")
    client_id = models.UUIDField()
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "client_id"], name="one_receipt_per_change")
        ]
