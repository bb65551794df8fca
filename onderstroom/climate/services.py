"""Every change to class and school climate: one function each, access checked, atomic, audited.

Audit rows name the moment, round or entry and count answers; never an answer or a word of text.
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onderstroom.audit import log
from onderstroom.climate import library
from onderstroom.climate.access import ChildForm
from onderstroom.climate.models import (
    Behaviour,
    ClassMoment,
    ClimateResponse,
    Respondent,
    SchoolRound,
    Values,
    Vision,
)
from onderstroom.climate.scoring import scale_scores
from onderstroom.core.errors import Refused
from onderstroom.instruments.engine import CHILD, STAFF, InstrumentDefinition
from onderstroom.instruments.models import InstrumentVersion
from onderstroom.schools.access import ChildActor, StaffActor, today
from onderstroom.schools.models import Group

MAX_BATCH = 200
# The audit code of an answer, per child form and per kind of member of staff.
CHILD_ANSWERED = {"class": "climate.class.answer", "school": "climate.school.answer"}
STAFF_ANSWERED = {Respondent.STAFF: "climate.staff.answer", Respondent.TEACHER: "climate.teacher.answer"}
# The longest a moment or round may stay open: long enough for a late child, short enough to mean one moment.
MAX_DAYS_OPEN = 42


def _check_dates(opens_on: date, closes_on: date, year_ends: date) -> None:
    if closes_on < opens_on:
        raise Refused(_("The closing date lies before the opening date."))
    if (closes_on - opens_on).days > MAX_DAYS_OPEN:
        raise Refused(_("A moment is open for at most six weeks."))
    if closes_on < today():
        raise Refused(_("The closing date has already passed."))
    if closes_on > year_ends:
        raise Refused(_("The moment must close within this school year."))


def plan_class_moment(actor: StaffActor, group: Group, opens_on: date, closes_on: date) -> ClassMoment:
    """A teacher of the group or its care coordinator plans a class-climate moment."""
    if not actor.sees(group):
        raise Http404
    _check_dates(opens_on, closes_on, group.school_year.ends_on)
    overlapping = ClassMoment.objects.filter(group=group, opens_on__lte=closes_on, closes_on__gte=opens_on)
    if overlapping.exists():
        raise Refused(_("This group already has a class-climate moment in that period."))
    with transaction.atomic():
        moment = ClassMoment.objects.create(
            school_id=group.school_id,
            group=group,
            school_year_id=group.school_year_id,
            opens_on=opens_on,
            closes_on=closes_on,
            young_version=library.version(library.CLASS_YOUNG),
            older_version=library.version(library.CLASS_OLDER),
            practice_version=library.version(library.PRACTICE),
            planned_by=actor.user,
        )
        log.record(actor, "climate.moment.plan", obj=moment)
    return moment


def open_school_round(
    actor: StaffActor,
    opens_on: date,
    closes_on: date,
    staff_version: InstrumentVersion | None = None,
    child_version: InstrumentVersion | None = None,
) -> SchoolRound:
    """The director opens this school year's school-climate round (one per year), on our forms or on
    standardised ones the school loaded (a form about the school, for staff and for children)."""
    if not actor.is_school_admin or actor.school is None or actor.school_year is None:
        raise Http404
    _check_dates(opens_on, closes_on, actor.school_year.ends_on)
    staff_version = staff_version or library.version(library.SCHOOL_STAFF)
    child_version = child_version or library.version(library.SCHOOL_CHILD)
    if staff_version not in library.school_forms(STAFF) or child_version not in library.school_forms(CHILD):
        raise Refused(_("Choose a form about the school, one for the staff and one for the children."))
    if SchoolRound.objects.filter(school_year=actor.school_year).exists():
        raise Refused(_("This school year already has a school-climate round."))
    with transaction.atomic():
        found = SchoolRound.objects.create(
            school=actor.school,
            school_year=actor.school_year,
            opens_on=opens_on,
            closes_on=closes_on,
            staff_version=staff_version,
            child_version=child_version,
            opened_by=actor.user,
        )
        log.record(actor, "climate.round.open", obj=found)
    return found


# --- answers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerIn:
    item: str
    value: int | None
    answered_at: datetime
    client_id: str = ""


@dataclass
class SaveResult:
    stored: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)
    complete: bool = False


def _apply(response: ClimateResponse, spec: InstrumentDefinition, answers: Sequence[AnswerIn]) -> SaveResult:
    """Each answer in its place; an answer older than the one stored for its item changes nothing."""
    result = SaveResult()
    allowed = spec.values
    keys = {i.key for i in spec.items}
    for answer in answers:
        if answer.item not in keys or (answer.value is not None and answer.value not in allowed):
            result.rejected[answer.client_id] = str(_("This answer does not fit the question."))
            continue
        stamp = int(answer.answered_at.timestamp() * 1000)
        if stamp >= response.stamps.get(answer.item, 0):
            response.stamps[answer.item] = stamp
            if answer.value is None:
                response.values.pop(answer.item, None)
            else:
                response.values[answer.item] = answer.value
        result.stored.append(answer.client_id)
    response.scores = scale_scores(spec, response.values)
    response.answered = len(response.values)
    result.complete = response.answered == len(keys)
    if result.complete and response.completed_at is None:
        response.completed_at = timezone.now()
    response.save()
    return result


def save_child_answers(actor: ChildActor, form: ChildForm, answers: Sequence[AnswerIn]) -> SaveResult:
    """A child's own answers on an open form (from `access.child_form`: their own, in their session)."""
    if not isinstance(actor, ChildActor) or form.enrollment.child_id != actor.child.pk:
        raise Http404
    if len(answers) > MAX_BATCH:
        raise Refused(_("Too many answers at once."))
    with transaction.atomic():
        response, _created = ClimateResponse.objects.select_for_update().get_or_create(
            class_moment=form.class_moment,
            school_round=form.school_round,
            child=actor.child,
            defaults={
                "school_id": actor.school.pk,
                "version": form.version,
                "respondent": Respondent.CHILD,
                "group_id": form.enrollment.group_id,
                "grade": form.enrollment.grade,
            },
        )
        if response.version_id != form.version.pk:
            raise Refused(_("This form has changed; please start again."))
        result = _apply(response, form.version.spec, answers)
        log.record(
            actor,
            CHILD_ANSWERED[form.kind],
            child=actor.child,
            obj=response,
            details={"answers": len(answers)},
        )
    return result


def save_staff_answers(
    actor: StaffActor, target: SchoolRound | ClassMoment, values: Mapping[str, int]
) -> ClimateResponse:
    """A member of staff's school form, or a teacher's self-assessment at a class moment: the whole form."""
    where: dict[str, SchoolRound | ClassMoment]
    if isinstance(target, SchoolRound):
        if not actor.roles or not target.is_open(today()):
            raise Http404
        version, respondent, where = target.staff_version, Respondent.STAFF, {"school_round": target}
        group_id = min(actor.teacher_group_ids, default=None)
    else:
        if not actor.teaches(target.group_id):
            raise Http404
        version, respondent, where = target.practice_version, Respondent.TEACHER, {"class_moment": target}
        group_id = target.group_id
    if not values:
        raise Refused(_("Answer at least one question."))
    now = timezone.now()
    answers = [
        AnswerIn(item=key, value=value, answered_at=now, client_id=key) for key, value in values.items()
    ]
    with transaction.atomic():
        response, _created = ClimateResponse.objects.select_for_update().get_or_create(
            **where,
            user=actor.user,
            defaults={
                "school_id": target.school_id,
                "version": version,
                "respondent": respondent,
                "group_id": group_id,
            },
        )
        result = _apply(response, version.spec, answers)
        if result.rejected:
            transaction.set_rollback(True)
            raise Refused(_("An answer does not fit its question."))
        log.record(actor, STAFF_ANSWERED[respondent], obj=response, details={"answers": len(answers)})
    return response


# --- the teacher's vision -----------------------------------------------------------------------


@dataclass(frozen=True)
class VisionText:
    values_most: str = ""
    fastest: str = ""
    example: str = ""
    behind: str = ""
    will_try: str = ""

    def filled(self) -> list[str]:
        return [name for name, value in asdict(self).items() if value]


def save_vision(actor: StaffActor, text: VisionText) -> Vision:
    """A teacher writes or changes their own vision of this school year; it is private to them."""
    if not actor.is_teacher or actor.school is None or actor.school_year is None:
        raise Http404
    if not text.filled():
        raise Refused(_("Write something for at least one of the prompts."))
    if text.values_most not in ("", *Values.values) or text.fastest not in ("", *Behaviour.values):
        raise Refused(_("Choose from the list."))
    with transaction.atomic():
        vision, created = Vision.objects.get_or_create(
            author=actor.user, school_year=actor.school_year, defaults={"school": actor.school}
        )
        for name, value in asdict(text).items():
            setattr(vision, name, value)
        vision.save()
        action = "climate.vision.create" if created else "climate.vision.update"
        log.record(actor, action, obj=vision, details={"prompts": text.filled()})
    return vision


def delete_vision(actor: StaffActor, vision: Vision) -> None:
    if vision.author_id != actor.user_id:
        raise Http404
    with transaction.atomic():
        log.record(actor, "climate.vision.delete", obj=vision)
        vision.delete()
