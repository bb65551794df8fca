"""Every change to questionnaires, moments and answers. Each function checks access, runs in one
transaction and writes the audit row (counts only, never an answer)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.core import dates
from onderstroom.core.errors import Refused
from onderstroom.instruments.engine import CHILD, TEACHER, InstrumentDefinition, parse_instrument
from onderstroom.instruments.library import store_version
from onderstroom.instruments.models import Instrument, InstrumentVersion, Respondent
from onderstroom.instruments.scoring import scale_scores
from onderstroom.questionnaires import references
from onderstroom.questionnaires.models import (
    Address,
    Answer,
    MeasurementMoment,
    MomentTeacher,
    ResearchConsent,
    Response,
)
from onderstroom.questionnaires.scoring import stored_profile
from onderstroom.schools.access import ChildActor, StaffActor, today
from onderstroom.schools.models import Child, Enrollment, Group, GroupAssignment, SchoolYear

ACTIVITY = "questionnaire"
MAX_BATCH = 600
# A device clock ahead of the server by more than this is not believed.
CLOCK_SLACK = timedelta(minutes=5)


# --- moments --------------------------------------------------------------------------------------


def may_plan(actor: StaffActor, group: Group) -> bool:
    """The group's teachers and its care coordinator plan moments (they know when the class can)."""
    return actor.teaches(group) or actor.cares_for(group)


@dataclass(frozen=True)
class TeacherChoice:
    teacher: User
    address: str
    call_name: str


@dataclass(frozen=True)
class MomentPlan:
    name: str
    opens_on: date
    closes_on: date
    teacher_version: InstrumentVersion | None
    child_versions: Sequence[InstrumentVersion] = ()
    teachers: Sequence[TeacherChoice] = ()


def group_teachers(group: Group) -> list[User]:
    assignments = GroupAssignment.objects.filter(group=group, kind=GroupAssignment.Kind.TEACHER)
    return sorted((a.user for a in assignments.select_related("user")), key=lambda u: u.full_name)


def _check_dates(group: Group, opens_on: date, closes_on: date, moment: MeasurementMoment | None) -> None:
    if closes_on < opens_on:
        raise Refused(_("The closing date lies before the opening date."))
    year = group.school_year
    if opens_on < year.starts_on or closes_on > year.ends_on:
        raise Refused(
            _("A moment lies within the school year %(year)s (%(start)s to %(end)s).")
            % {
                "year": year.name,
                "start": dates.when(year.starts_on, "numeric"),
                "end": dates.when(year.ends_on, "numeric"),
            }
        )
    overlapping = MeasurementMoment.objects.filter(
        group=group, opens_on__lte=closes_on, closes_on__gte=opens_on
    )
    if moment is not None:
        overlapping = overlapping.exclude(pk=moment.pk)
    if other := overlapping.first():
        raise Refused(
            _("This period overlaps with the moment “%(name)s”. Moments of one group follow each other.")
            % {"name": other.name}
        )


def _check_instruments(plan: MomentPlan, teachers_of_group: Iterable[User]) -> None:
    if plan.teacher_version is None and not plan.child_versions:
        raise Refused(_("Choose at least one questionnaire."))
    if plan.teacher_version is not None and plan.teacher_version.spec.respondent != TEACHER:
        raise Refused(_("The teacher questionnaire must be one that teachers fill in."))
    covered: set[int] = set()
    for version in plan.child_versions:
        if version.spec.respondent != CHILD:
            raise Refused(_("The children's questionnaires must be ones that children fill in."))
        if covered & set(version.spec.grades):
            raise Refused(
                _("Two children's questionnaires are meant for the same grade; choose one per grade.")
            )
        covered |= set(version.spec.grades)
    if plan.child_versions and not plan.teachers:
        raise Refused(_("Choose the teacher (or teachers) the children answer about."))
    allowed = {u.pk for u in teachers_of_group}
    if any(choice.teacher.pk not in allowed for choice in plan.teachers):
        raise Http404
    if any(choice.address not in Address.values for choice in plan.teachers):
        raise Refused(_("Choose how the children address each teacher."))


@transaction.atomic
def plan_moment(actor: StaffActor, group: Group, plan: MomentPlan) -> MeasurementMoment:
    if not may_plan(actor, group):
        raise Http404
    name = plan.name.strip()
    if not name:
        raise Refused(_("Give the moment a name, for example “October”."))
    _check_dates(group, plan.opens_on, plan.closes_on, None)
    _check_instruments(plan, group_teachers(group))
    moment = MeasurementMoment.objects.create(
        school=group.school,
        group=group,
        school_year=group.school_year,
        name=name[:60],
        opens_on=plan.opens_on,
        closes_on=plan.closes_on,
        teacher_version=plan.teacher_version,
        planned_by=actor.user,
    )
    moment.child_versions.set(plan.child_versions)
    MomentTeacher.objects.bulk_create(
        MomentTeacher(
            school=group.school,
            moment=moment,
            teacher=choice.teacher,
            address=choice.address,
            call_name=choice.call_name.strip()[:60],
            position=position,
        )
        for position, choice in enumerate(plan.teachers)
    )
    log.record(
        actor,
        "questionnaires.moment.plan",
        obj=moment,
        details={"child_forms": len(plan.child_versions), "teachers": len(plan.teachers)},
    )
    return moment


@transaction.atomic
def change_moment_dates(
    actor: StaffActor, moment: MeasurementMoment, name: str, opens_on: date, closes_on: date
) -> MeasurementMoment:
    if not may_plan(actor, moment.group):
        raise Http404
    if not name.strip():
        raise Refused(_("Give the moment a name, for example “October”."))
    _check_dates(moment.group, opens_on, closes_on, moment)
    first_answer = moment.responses.order_by("created_at").values_list("created_at", flat=True).first()
    if first_answer is not None and opens_on > timezone.localdate(first_answer):
        raise Refused(_("Answers were given before this opening date; choose an earlier date."))
    changed = [
        f
        for f, v in (("name", name.strip()[:60]), ("opens_on", opens_on), ("closes_on", closes_on))
        if getattr(moment, f) != v
    ]
    moment.name, moment.opens_on, moment.closes_on = name.strip()[:60], opens_on, closes_on
    moment.save(update_fields=["name", "opens_on", "closes_on"])
    log.record(actor, "questionnaires.moment.change", obj=moment, details={"fields": changed})
    return moment


def child_version_for(moment: MeasurementMoment, grade: int) -> InstrumentVersion | None:
    """The children's form of the moment meant for this grade (none for groups 1 and 2)."""
    return next((v for v in moment.child_versions.all() if grade in v.spec.grades), None)


# --- answers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerIn:
    item: str
    value: int | None
    client_id: UUID | None = None
    answered_at: datetime | None = None


@dataclass
class SaveResult:
    stored: list[str] = field(default_factory=list)  # client ids now safely on the server
    rejected: dict[str, str] = field(default_factory=dict)  # client id (or item) → reason
    progress: dict[str, tuple[int, int]] = field(default_factory=dict)  # child uuid → (answered, items)
    changed: bool = False  # some answer was stored or changed (the school's references are stale)

    def merge(self, other: "SaveResult") -> None:
        self.changed = self.changed or other.changed
        self.stored += other.stored
        self.rejected.update(other.rejected)
        self.progress.update(other.progress)


def _when(answer: AnswerIn, now: datetime) -> datetime:
    """When the device says the answer was given; a clock ahead of ours counts as now."""
    if answer.answered_at is None or answer.answered_at > now + CLOCK_SLACK:
        return now
    return answer.answered_at


def _order(answer: AnswerIn, now: datetime) -> tuple[bool, datetime]:
    """Answers without a time come first (oldest): a replay of one cannot win over a later answer."""
    return answer.answered_at is not None, _when(answer, now)


def _outdated(answer: AnswerIn, row: Answer, when: datetime) -> bool:
    """Whether a stored answer stands against this one: it is this very answer sent again, it is
    later, or this one has no time of its own (an old replay) while the item already has an answer."""
    same = answer.client_id is not None and row.client_id == answer.client_id
    return same or answer.answered_at is None or row.answered_at > when


def _apply_answers(response: Response, spec: InstrumentDefinition, answers: Sequence[AnswerIn]) -> SaveResult:
    """Store each answer once: a client id seen before is acknowledged without change, and an answer
    older (by the device's clock) than the one stored for the item is acknowledged and dropped."""
    result = SaveResult()
    now = timezone.now()
    rows = {a.item: a for a in response.answers.all()}
    ids = [a.client_id for a in answers if a.client_id]
    used = (
        {
            client_id: (response_id, item)
            for client_id, response_id, item in Answer.objects.filter(client_id__in=ids).values_list(
                "client_id", "response_id", "item"
            )
        }
        if ids
        else {}
    )
    new: dict[str, Answer] = {}
    changed: dict[str, Answer] = {}
    for answer in sorted(answers, key=lambda a: _order(a, now)):
        token = str(answer.client_id) if answer.client_id else answer.item
        if spec.item(answer.item) is None:
            result.rejected[token] = _("This question is not part of the questionnaire.")
            continue
        if answer.value is not None and answer.value not in spec.values:
            result.rejected[token] = _("This is not one of the possible answers.")
            continue
        row = rows.get(answer.item)
        if answer.client_id in used and used[answer.client_id] != (response.pk, answer.item):
            result.rejected[token] = _("This answer was already stored for another form.")
            continue
        when = _when(answer, now)
        if row is not None and _outdated(answer, row, when):
            result.stored.append(token)
            continue
        if row is None:
            row = Answer(school_id=response.school_id, response=response, item=answer.item)
            rows[answer.item] = new[answer.item] = row
        elif answer.item not in new:
            changed[answer.item] = row
        row.value, row.client_id, row.answered_at, row.saved_at = answer.value, answer.client_id, when, now
        if answer.client_id:
            used[answer.client_id] = (response.pk, answer.item)  # one id on two items of a batch: once
        result.stored.append(token)
    Answer.objects.bulk_create(new.values())
    Answer.objects.bulk_update(changed.values(), ["value", "client_id", "answered_at", "saved_at"])
    result.changed = bool(new or changed)
    _refresh(response, spec, rows, now)
    return result


def _refresh(response: Response, spec: InstrumentDefinition, rows: dict[str, Answer], now: datetime) -> None:
    """Keep the response's mirror of its answers (values, scores, progress) in step."""
    response.values = {item: row.value for item, row in sorted(rows.items()) if row.value is not None}
    response.scores = scale_scores(spec, response.values)
    response.profile = stored_profile(spec, response.respondent, response.scores)
    response.answered = len(response.values)
    complete = response.answered == len(spec.items)
    response.completed_at = (response.completed_at or now) if complete else None
    response.save(update_fields=["values", "scores", "profile", "answered", "completed_at", "updated_at"])


def _response_for(
    moment: MeasurementMoment,
    version: InstrumentVersion,
    enrollment: Enrollment,
    teacher: User,
    respondent: str,
) -> Response:
    response, _ = Response.objects.select_for_update().get_or_create(
        moment=moment,
        child=enrollment.child,
        teacher=teacher,
        respondent=respondent,
        defaults={"school": moment.school, "version": version, "grade": enrollment.grade},
    )
    return response


@transaction.atomic
def save_teacher_answers(
    actor: StaffActor, moment: MeasurementMoment, answers: Sequence[tuple[UUID, AnswerIn]]
) -> SaveResult:
    """The actor's own ratings of children of the group. There is no way to name another rater:
    a co-teacher's answers always land in the co-teacher's own responses."""
    if not actor.teaches(moment.group_id):
        raise Http404
    if moment.teacher_version is None:
        raise Refused(_("Teachers fill in nothing at this moment."))
    if not moment.is_open(today()):
        raise Refused(_("This moment is closed; answers can no longer be changed."))
    if len(answers) > MAX_BATCH:
        raise Refused(_("Too many answers at once."))
    spec = moment.teacher_version.spec
    enrollments = {
        e.child.uuid: e for e in Enrollment.objects.filter(group_id=moment.group_id).select_related("child")
    }
    per_child: dict[UUID, list[AnswerIn]] = defaultdict(list)
    result = SaveResult()
    seen: set[UUID] = set()
    for child_uuid, answer in answers:
        if child_uuid not in enrollments:
            result.rejected[str(answer.client_id or answer.item)] = _("This pupil is not in the group.")
        elif answer.client_id in seen:  # one id on answers about two children: the first one counts
            result.rejected[str(answer.client_id)] = _("This answer was already stored for another form.")
        else:
            seen.update([answer.client_id] if answer.client_id else [])
            per_child[child_uuid].append(answer)
    children: list[Child] = []
    for child_uuid, child_answers in per_child.items():
        enrollment = enrollments[child_uuid]
        response = _response_for(moment, moment.teacher_version, enrollment, actor.user, TEACHER)
        result.merge(_apply_answers(response, spec, child_answers))
        result.progress[str(child_uuid)] = (response.answered, len(spec.items))
        children.append(enrollment.child)
    if children:
        log.record_many(
            actor,
            "questionnaires.answers.save",
            children=children,
            obj=moment,
            details={"answers": len(answers)},
        )
    if result.changed:  # last: on PostgreSQL this holds the reference's row until the commit
        references.changed([(moment.school_id, moment.teacher_version.pk, moment.school_year_id)])
    return result


@dataclass(frozen=True)
class ChildForm:
    """One form a child fills in: about one teacher, on the version for the child's grade."""

    moment: MeasurementMoment
    enrollment: Enrollment
    moment_teacher: MomentTeacher
    version: InstrumentVersion

    @property
    def teacher(self) -> User:
        return self.moment_teacher.teacher


@transaction.atomic
def save_child_answers(actor: ChildActor, form: ChildForm, answers: Sequence[AnswerIn]) -> SaveResult:
    """A child's own answers about one teacher. The form comes from `access.child_form`, which only ever
    returns forms of the signed-in child at the session's open moment."""
    if not isinstance(actor, ChildActor) or form.enrollment.child_id != actor.child.pk:
        raise Http404
    if len(answers) > MAX_BATCH:
        raise Refused(_("Too many answers at once."))
    response = _response_for(form.moment, form.version, form.enrollment, form.teacher, CHILD)
    if response.version_id != form.version.pk:
        raise Refused(_("This form has changed; please start again."))
    result = _apply_answers(response, form.version.spec, answers)
    result.progress[str(actor.child.uuid)] = (response.answered, len(form.version.spec.items))
    log.record(
        actor,
        "questionnaires.answers.save",
        child=actor.child,
        obj=form.moment,
        details={"answers": len(answers)},
    )
    if result.changed:  # last: on PostgreSQL this holds the reference's row until the commit
        references.changed([(form.moment.school_id, form.version.pk, form.moment.school_year_id)])
    return result


def responses_of_child(actor: ChildActor, form: ChildForm) -> Response | None:
    return Response.objects.filter(
        moment=form.moment, child=actor.child, teacher=form.teacher, respondent=Respondent.CHILD
    ).first()


# --- instruments ----------------------------------------------------------------------------------


@transaction.atomic
def load_instrument(actor: StaffActor, content: bytes) -> tuple[InstrumentVersion, bool]:
    """A school admin loads an instrument file the school holds a licence for.

    Raises InstrumentError (with line numbers) for a bad file, Refused for a key of a shipped
    instrument or a file meant for a different respondent or subject than the stored instrument.
    """
    if not actor.is_school_admin or actor.school is None:
        raise Http404
    definition = parse_instrument(content)
    source = content.decode("utf-8-sig")
    if Instrument.across_schools.filter(school__isnull=True, key=definition.key).exists():
        raise Refused(
            _("The key “%(key)s” belongs to a questionnaire that comes with Onderstroom; choose another key.")
            % {"key": definition.key}
        )
    existing = Instrument.objects.filter(school=actor.school, key=definition.key).first()
    if existing is not None and existing.respondent != definition.respondent:
        raise Refused(_("A questionnaire with this key is filled in by someone else; choose another key."))
    if existing is not None and existing.subject != definition.subject:
        raise Refused(_("A questionnaire with this key is about something else; choose another key."))
    version, created = store_version(actor.school.pk, definition, source, actor.user.pk)
    log.record(
        actor,
        "questionnaires.instrument.load",
        obj=version,
        details={
            "items": len(definition.items),
            "new_version": created,
            "norms": definition.norms is not None,
        },
    )
    return version, created


# --- filling in without a person ------------------------------------------------------------------


def prefill_responses(
    moment: MeasurementMoment,
    planned: Sequence[tuple[InstrumentVersion, Enrollment, User, str, dict[str, int]]],
    answered_at: datetime | None = None,
) -> list[Response]:
    """Responses with their answers in bulk, for demo data, benchmarks and test set-up only.

    Each entry is (version, enrollment, teacher, respondent, values). No actor and no audit row:
    nobody answered, a script did. Screens never call this.
    """
    when = answered_at or timezone.now()
    responses = []
    for version, enrollment, teacher, respondent, values in planned:
        spec = version.spec
        kept = {item: value for item, value in values.items() if spec.item(item) is not None}
        responses.append(
            Response(
                school=moment.school,
                moment=moment,
                version=version,
                child=enrollment.child,
                teacher=teacher,
                respondent=respondent,
                grade=enrollment.grade,
                values=kept,
                scores=(scores := scale_scores(spec, kept)),
                profile=stored_profile(spec, respondent, scores),
                answered=len(kept),
                completed_at=when if len(kept) == len(spec.items) else None,
            )
        )
    Response.objects.bulk_create(responses, batch_size=500)
    references.changed({(moment.school_id, r.version_id, moment.school_year_id) for r in responses})
    Answer.objects.bulk_create(
        (
            Answer(school=moment.school, response=response, item=item, value=value, answered_at=when)
            for response in responses
            for item, value in response.values.items()
        ),
        batch_size=2000,
    )
    return responses


def prefill_response(
    moment: MeasurementMoment,
    version: InstrumentVersion,
    enrollment: Enrollment,
    teacher: User,
    respondent: str,
    values: dict[str, int],
) -> Response:
    """One response in one go (see prefill_responses)."""
    return prefill_responses(moment, [(version, enrollment, teacher, respondent, values)])[0]


# --- research consent (school admin) ------------------------------------------------------------


def record_research_consent(actor: StaffActor, consented_on: date) -> ResearchConsent:
    """The school admin records that the school consents to research use of its answers."""
    if not actor.is_school_admin or actor.school is None:
        raise Http404
    if consented_on > today():
        raise Refused(_("The date of consent cannot lie in the future."))
    with transaction.atomic():
        consent, created = ResearchConsent.objects.select_for_update().update_or_create(
            school=actor.school, defaults={"consented_on": consented_on, "recorded_by": actor.user}
        )
        log.record(actor, "questionnaires.research_consent.record", obj=consent, details={"new": created})
    return consent


def withdraw_research_consent(actor: StaffActor) -> bool:
    """The school admin withdraws the consent; research exports are refused from now on."""
    if not actor.is_school_admin or actor.school is None:
        raise Http404
    with transaction.atomic():
        deleted, _rows = ResearchConsent.objects.filter(school=actor.school).delete()
        if deleted:
            log.record(actor, "questionnaires.research_consent.withdraw")
    return bool(deleted)


def close_year(year: SchoolYear, day: date, dry_run: bool) -> int:
    """At the rollover: the moments of the ending year that still take answers close (yesterday, or the
    day they opened). Their answers stay; moments that never opened stay as planned."""
    moments = MeasurementMoment.objects.filter(group__school_year=year, opens_on__lte=day, closes_on__gte=day)
    if dry_run:
        return moments.count()
    closing = list(moments)
    for moment in closing:
        moment.closes_on = max(moment.opens_on, day - timedelta(days=1))
    MeasurementMoment.objects.bulk_update(closing, ["closes_on"])
    return len(closing)
