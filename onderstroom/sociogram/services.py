"""Every change to peer surveys: one function each, access checked, in a transaction, audited."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onderstroom.audit import log
from onderstroom.schools.access import ChildActor, StaffActor
from onderstroom.schools.models import Child, Enrollment, Group, SchoolYear
from onderstroom.sociogram.access import asked_questions, roster_ids, school_peer_settings
from onderstroom.sociogram.models import (
    NEGATIVE_QUESTIONS,
    AnswerReceipt,
    Method,
    PeerNomination,
    PeerRating,
    PeerResponse,
    PeerSettings,
    PeerSurvey,
    RosterEntry,
)

# --- the school's choices -----------------------------------------------------------------------


def update_settings(
    actor: StaffActor, *, negative_nominations: bool, show_negative_names: bool
) -> PeerSettings:
    if not actor.is_school_admin or actor.school is None:
        raise PermissionDenied
    with transaction.atomic():
        settings, _created = PeerSettings.objects.select_for_update().get_or_create(school=actor.school)
        settings.negative_nominations = negative_nominations
        # Names of negative nominations only make sense while negative nominations are asked at all.
        settings.show_negative_names = negative_nominations and show_negative_names
        settings.save()
        log.record(
            actor,
            "sociogram.settings.update",
            obj=settings,
            details={
                "negative_nominations": settings.negative_nominations,
                "show_negative_names": settings.show_negative_names,
            },
        )
    return settings


# --- surveys (teacher) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyOptions:
    method: str = Method.NOMINATIONS
    ask_work: bool = True
    ask_play: bool = True
    ask_not_play: bool = False
    nomination_limit: int | None = 3
    rating_scale: int = 3
    show_photos: bool = True


def create_survey(actor: StaffActor, group: Group, options: SurveyOptions) -> PeerSurvey:
    """A teacher of the group opens a new peer survey for it; it is open for answers at once."""
    if not actor.teaches(group):
        raise Http404
    ratings = options.method == Method.RATINGS
    if (
        options.ask_not_play
        and not ratings
        and not school_peer_settings(group.school_id).negative_nominations
    ):
        raise PermissionDenied("negative nominations are switched off at this school")
    with transaction.atomic():
        survey = PeerSurvey.objects.create(
            school=group.school,
            group=group,
            created_by=actor.user,
            method=options.method,
            ask_work=options.ask_work and not ratings,
            ask_play=options.ask_play and not ratings,
            ask_not_play=options.ask_not_play and not ratings,
            nomination_limit=options.nomination_limit,
            rating_scale=options.rating_scale,
            show_photos=options.show_photos,
        )
        freeze_roster(survey)
        log.record(
            actor,
            "sociogram.survey.create",
            obj=survey,
            details={"method": survey.method, "questions": len(survey.questions)},
        )
    return survey


def freeze_roster(survey: PeerSurvey) -> None:
    """Keep the group's class list as it is now: the survey's results are computed over it (2 queries)."""
    RosterEntry.objects.bulk_create(
        RosterEntry(school_id=survey.school_id, survey=survey, child_id=child_id, grade=grade)
        for child_id, grade in Enrollment.objects.filter(group_id=survey.group_id).values_list(
            "child_id", "grade"
        )
    )


def close_survey(actor: StaffActor, survey: PeerSurvey) -> None:
    _set_closed(actor, survey, timezone.now(), "sociogram.survey.close")


def reopen_survey(actor: StaffActor, survey: PeerSurvey) -> None:
    _set_closed(actor, survey, None, "sociogram.survey.reopen")


def _set_closed(actor: StaffActor, survey: PeerSurvey, when: datetime | None, action: str) -> None:
    if not actor.teaches(survey.group_id):
        raise Http404
    with transaction.atomic():
        PeerSurvey.objects.filter(pk=survey.pk).update(closed_at=when)
        survey.closed_at = when
        log.record(actor, action, obj=survey)


# --- answers (child) ------------------------------------------------------------------------------


class AnswerRefused(Exception):
    """An answer the survey cannot take; the message is for the child (or the teacher next to them)."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Change:
    """One change from a child's device, sent with an id the device chose, so it is stored once."""

    client_id: UUID
    kind: str  # "nominations", "rating" or "finish"
    question: str = ""
    nominees: tuple[UUID, ...] = ()
    ratee: UUID | None = None
    value: int | None = None


@dataclass(frozen=True)
class Submission:
    """Everything a child filled in on the plain form (no JavaScript): stored and finished at once."""

    client_id: UUID
    nominations: Mapping[str, Sequence[UUID]] = field(default_factory=dict)
    ratings: Mapping[UUID, int] = field(default_factory=dict)


def apply_change(actor: ChildActor, survey: PeerSurvey, change: Change) -> bool:
    """Store one change; False when this change (by its client id) was stored before."""
    with transaction.atomic():
        response = _locked_response(actor, survey)
        if not _receipt(response, change.client_id):
            return False
        _check_open(survey, response)
        classmates = _classmate_ids(survey, actor)
        if change.kind == "nominations":
            _store_nominations(actor, survey, response, change.question, change.nominees, classmates)
        elif change.kind == "rating":
            _store_rating(actor, survey, response, change.ratee, change.value, classmates)
        elif change.kind == "finish":
            _finish(actor, survey, response)
        else:
            raise AnswerRefused(_("This answer could not be understood."))
    return True


def submit_all(actor: ChildActor, survey: PeerSurvey, submission: Submission) -> bool:
    """The plain form: every answer at once, then finished. False when it was already stored."""
    with transaction.atomic():
        response = _locked_response(actor, survey)
        if not _receipt(response, submission.client_id):
            return False
        _check_open(survey, response)
        classmates = _classmate_ids(survey, actor)
        if survey.uses_ratings:
            for ratee, value in submission.ratings.items():
                _store_rating(actor, survey, response, ratee, value, classmates)
        else:
            for question in asked_questions(survey):
                nominees = tuple(submission.nominations.get(question, ()))
                _store_nominations(actor, survey, response, question, nominees, classmates)
        _finish(actor, survey, response)
    return True


def _locked_response(actor: ChildActor, survey: PeerSurvey) -> PeerResponse:
    if actor.class_session.group_id != survey.group_id:
        raise Http404
    try:
        with transaction.atomic():
            response, _created = PeerResponse.objects.get_or_create(
                survey=survey, child=actor.child, defaults={"school": survey.school}
            )
    except IntegrityError:  # the same child's other tablet request created it a moment ago
        response = PeerResponse.objects.get(survey=survey, child=actor.child)
    # Changes of one child are applied one after the other, so a resent change meets its receipt.
    return PeerResponse.objects.select_for_update().get(pk=response.pk)


def _receipt(response: PeerResponse, client_id: UUID) -> bool:
    """Note the change's id; False when it is already there (the device sent it twice)."""
    if AnswerReceipt.objects.filter(response=response, client_id=client_id).exists():
        return False
    AnswerReceipt.objects.create(school_id=response.school_id, response=response, client_id=client_id)
    return True


def _check_open(survey: PeerSurvey, response: PeerResponse) -> None:
    if not PeerSurvey.objects.filter(pk=survey.pk, closed_at__isnull=True).exists():
        raise AnswerRefused(_("Your teacher has closed this survey."))
    if response.finished_at is not None:
        raise AnswerRefused(_("You have already finished. Your answers are saved."))


def _classmate_ids(survey: PeerSurvey, actor: ChildActor) -> dict[UUID, int]:
    on_list = Child.objects.filter(enrollments__group_id=survey.group_id, pk__in=roster_ids(survey))
    pairs = on_list.values_list("uuid", "pk")
    return {uuid: pk for uuid, pk in pairs if pk != actor.child.pk}


def _store_nominations(
    actor: ChildActor,
    survey: PeerSurvey,
    response: PeerResponse,
    question: str,
    nominees: Sequence[UUID],
    classmates: Mapping[UUID, int],
) -> None:
    if survey.uses_ratings or question not in survey.questions:
        raise AnswerRefused(_("This question is not part of the survey."))
    if question in NEGATIVE_QUESTIONS and not school_peer_settings(survey.school_id).negative_nominations:
        # The school switched negative nominations off (perhaps after the survey was made): refuse.
        raise AnswerRefused(_("This question is not asked at your school."))
    chosen = list(dict.fromkeys(nominees))
    if any(uuid not in classmates for uuid in chosen):
        raise AnswerRefused(_("You can only choose classmates from your own group."))
    if survey.nomination_limit is not None and len(chosen) > survey.nomination_limit:
        raise AnswerRefused(
            _("You chose too many classmates. Choose at most %(limit)s.") % {"limit": survey.nomination_limit}
        )
    PeerNomination.objects.filter(response=response, question=question).delete()
    PeerNomination.objects.bulk_create(
        PeerNomination(
            school_id=survey.school_id, response=response, question=question, nominee_id=classmates[u]
        )
        for u in chosen
    )
    log.record(
        actor,
        "sociogram.answer.save",
        child=actor.child,
        obj=survey,
        details={"question": question, "count": len(chosen)},
    )


def _store_rating(
    actor: ChildActor,
    survey: PeerSurvey,
    response: PeerResponse,
    ratee: UUID | None,
    value: int | None,
    classmates: Mapping[UUID, int],
) -> None:
    if not survey.uses_ratings:
        raise AnswerRefused(_("This question is not part of the survey."))
    if ratee is None or ratee not in classmates:
        raise AnswerRefused(_("You can only choose classmates from your own group."))
    if value is None or not 1 <= value <= survey.rating_scale:
        raise AnswerRefused(_("Choose one of the faces."))
    PeerRating.objects.update_or_create(
        response=response,
        ratee_id=classmates[ratee],
        defaults={"value": value, "school_id": survey.school_id},
    )
    log.record(actor, "sociogram.answer.save", child=actor.child, obj=survey, details={"question": "rating"})


def _finish(actor: ChildActor, survey: PeerSurvey, response: PeerResponse) -> None:
    response.finished_at = timezone.now()
    response.save(update_fields=["finished_at"])
    log.record(actor, "sociogram.answer.finish", child=actor.child, obj=survey)


def close_year(year: SchoolYear, day: date, dry_run: bool) -> int:
    """At the rollover: the open peer surveys of the ending year's groups close now (answers stay)."""
    surveys = PeerSurvey.objects.filter(group__school_year=year, closed_at__isnull=True)
    if dry_run:
        return surveys.count()
    return surveys.update(closed_at=timezone.now())
