"""The class overview and the child's history, put together for the screens, the PDF and the exports.

Who sees which moments is decided in access.py (DESIGN §2, handover).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.questionnaires import charts
from onderstroom.questionnaires.access import sees_full_history, visible_answers
from onderstroom.questionnaires.analysis import Dyad, ResponseSet, display_name
from onderstroom.questionnaires.models import MeasurementMoment
from onderstroom.questionnaires.scoring import PROFILE_RULES, PROFILES, SIGNAL_RULES, rule_text, views_gap
from onderstroom.questionnaires.services import group_teachers
from onderstroom.schools.access import StaffActor, today
from onderstroom.schools.models import Child, Enrollment, Group

SORTS: dict[str, tuple[object, bool]] = {
    "name": (_("name"), False),
    "profile": (_("profile"), False),
    "closeness": (_("closeness (teacher)"), True),
    "conflict": (_("conflict (teacher)"), True),
    "support": (_("support (child)"), True),
    "gap": (_("difference between the views"), True),
    "signals": (_("number of signals"), True),
}


@dataclass
class Row:
    child: Child
    grade: int
    dyad: Dyad
    teacher_chart: charts.BarChart | None = None
    child_chart: charts.BarChart | None = None

    def sort_value(self, key: str) -> tuple:
        dyad = self.dyad
        if key == "profile":
            order = [r.key for r in PROFILE_RULES]
            return (order.index(dyad.profile.key) if dyad.profile else len(order),)
        if key in ("closeness", "conflict"):
            result = dyad.teacher_view.result(key) if dyad.teacher_view else None
            return (result is None, -(result.position or 0 if result else 0))
        if key == "support":
            result = dyad.child_view.result("support") if dyad.child_view else None
            return (result is None, -(result.position or 0 if result else 0))
        if key == "gap":
            return (-self.gap if self.gap is not None else 1,)
        if key == "signals":
            return (-len(dyad.signals),)
        return (self.child.sort_surname, self.child.first_name.lower())

    @property
    def gap(self) -> Decimal | None:
        """How far the teacher's closeness and the child's support stand apart in the school (z)."""
        teacher = self.dyad.teacher_view.result("closeness") if self.dyad.teacher_view else None
        child = self.dyad.child_view.result("support") if self.dyad.child_view else None
        return views_gap(teacher, child)


@dataclass(frozen=True)
class Filters:
    sort: str = "name"
    profile: str = ""  # a profile key, "none" for undecided, or "" for all
    signals_only: bool = False
    query: str = ""

    def keep(self, row: Row) -> bool:
        dyad = row.dyad
        if self.profile == "none" and dyad.profile is not None:
            return False
        if self.profile in PROFILES and (dyad.profile is None or dyad.profile.key != self.profile):
            return False
        if self.signals_only and not dyad.signals:
            return False
        return not self.query or self.query.lower() in row.child.full_name.lower()


@dataclass
class Overview:
    group: Group
    moments: list[MeasurementMoment]
    moment: MeasurementMoment | None
    raters: list[User]
    rater: User | None
    rows: list[Row] = field(default_factory=list)
    total: int = 0
    previous: MeasurementMoment | None = None

    @property
    def profile_rules(self) -> list[tuple[object, str, object]]:
        spec = self.moment.teacher_version.spec if self.moment and self.moment.teacher_version else None
        return [(rule.label, rule_text(rule, spec), rule.meaning) for rule in PROFILE_RULES]

    @property
    def signal_rules(self) -> Sequence[object]:
        return SIGNAL_RULES

    @property
    def rater_name(self) -> str:
        return display_name(self.rater) if self.rater else ""


def started_moments(group: Group) -> list[MeasurementMoment]:
    moments = list(
        MeasurementMoment.objects.filter(group=group, opens_on__lte=today())
        .select_related("teacher_version")
        .order_by("opens_on", "pk")
    )
    for moment in moments:
        moment.group = group  # the next steps link to the group's pages: no query per moment
    return moments


def _pick[T](
    items: Sequence[T], wanted: str | None, key: Callable[[T], object], default: T | None
) -> T | None:
    if wanted:
        found = next((item for item in items if str(key(item)) == wanted), None)
        if found is not None:
            return found
    return default


# What the class overview shows or scores of a child; the rest (birth date, photo, pupil number, ...)
# is left unread, and reading it would cost a query per child (the overview's query count shows it).
_CHILD_COLUMNS = tuple(
    f.attname
    for f in Child._meta.concrete_fields
    if f.attname in {"id", "school_id", "uuid", "first_name", "surname_prefix", "surname", "gender"}
)


def _enrolled(group: Group) -> list[tuple[Child, int]]:
    """The group's children and their grades: one row each, no enrolment built around each child and
    only the columns the page uses converted (half the time of `select_related`)."""
    rows = Enrollment.objects.filter(group=group).values_list(
        "grade", *(f"child__{f}" for f in _CHILD_COLUMNS)
    )
    return [(Child.from_db(rows.db, _CHILD_COLUMNS, row[1:]), row[0]) for row in rows]


def build_overview(
    actor: StaffActor,
    group: Group,
    *,
    moment_uuid: str | None = None,
    rater_uuid: str | None = None,
    filters: Filters | None = None,
    audit_action: str = "questionnaires.overview.view",
) -> Overview:
    """One row per child of the group: the chosen teacher's view and the child's view of that teacher.

    Queries: moments, enrolments, teachers, responses, versions, references, and the audit insert,
    whatever the size of the class.
    """
    filters = filters or Filters()
    moments = started_moments(group)
    moment = _pick(moments, moment_uuid, lambda m: m.uuid, moments[-1] if moments else None)
    teachers = group_teachers(group)
    overview = Overview(group=group, moments=moments, moment=moment, raters=teachers, rater=None)
    if moment is None:
        return overview
    enrollments = _enrolled(group)
    index = moments.index(moment)
    overview.previous = moments[index - 1] if index else None
    window = moments[max(0, index - 1) : index + 1]
    responses = ResponseSet.read_at([child.pk for child, _grade in enrollments], window)
    raters = {u.pk: u for u in [*teachers, *responses.raters(moment)]}
    overview.raters = sorted(raters.values(), key=display_name)
    own = raters.get(actor.user_id)
    rated = responses.raters(moment)
    overview.rater = _pick(
        overview.raters, rater_uuid, lambda u: u.uuid, own or (rated[0] if rated else None)
    )
    if overview.rater is None:
        return overview
    rows = [
        Row(child=child, grade=grade, dyad=responses.dyad(moment, overview.rater, child))
        for child, grade in enrollments
    ]
    overview.total = len(rows)
    shown = [row for row in rows if filters.keep(row)]
    sort = filters.sort if filters.sort in SORTS else "name"
    shown.sort(key=lambda row: (row.sort_value(sort), row.child.sort_surname))
    for row in shown:
        row.teacher_chart = charts.bar_chart(row.dyad.teacher_view)
        row.child_chart = charts.bar_chart(row.dyad.child_view)
    overview.rows = shown
    log.record_reads(actor, audit_action, [row.child for row in shown], obj=moment)
    return overview


# --- the child's page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DyadCard:
    dyad: Dyad
    teacher_chart: charts.BarChart | None
    child_chart: charts.BarChart | None
    child_asked: bool = True  # False: no form of the child's own about this teacher (groups 1 and 2)


@dataclass(frozen=True)
class RelationshipTimeline:
    """One relationship (a teacher and the child) over the moments both took part in."""

    teacher_name: str
    teacher_chart: charts.Timeline | None
    child_chart: charts.Timeline | None


@dataclass
class ChildHistory:
    child: Child
    dyads: list[Dyad]
    current: list[DyadCard]
    timelines: list[RelationshipTimeline]
    full_history: bool

    @property
    def profile_rules(self) -> list[tuple[object, str, object]]:
        spec = next((c.dyad.teacher_view.spec for c in self.current if c.dyad.teacher_view), None)
        return [(rule.label, rule_text(rule, spec), rule.meaning) for rule in PROFILE_RULES]

    @property
    def signal_rules(self) -> Sequence[object]:
        return SIGNAL_RULES


def child_history(actor: StaffActor, child: Child) -> ChildHistory:
    """Every relationship of the child the actor may see, over time. The caller has audited the read."""
    full = sees_full_history(actor, child)
    responses = ResponseSet.load([child.pk], visible_answers(actor, full_history=full))
    dyads = [responses.dyad(moment, teacher, child) for moment, teacher in responses.pairs(child.pk)]
    latest = dyads[-1].moment if dyads else None
    asked = _asked_about(latest, child) if latest else set()
    return ChildHistory(
        child=child,
        dyads=dyads,
        current=[
            DyadCard(
                d, charts.bar_chart(d.teacher_view), charts.bar_chart(d.child_view), d.teacher.pk in asked
            )
            for d in dyads
            if latest is not None and d.moment.pk == latest.pk
        ],
        timelines=_timelines(dyads),
        full_history=full,
    )


def _asked_about(moment: MeasurementMoment, child: Child) -> set[int]:
    """The teachers the child was asked about at the moment: none in groups 1 and 2 (two queries).

    So the child page says "no form of the child's own" there, not "not filled in yet".
    """
    grade = Enrollment.objects.filter(group_id=moment.group_id, child=child).values_list("grade", flat=True)
    grades = {g for version in moment.child_versions.all() for g in version.spec.grades}
    if not set(grade) & grades:
        return set()
    return set(moment.teachers.values_list("teacher_id", flat=True))


def _timelines(dyads: list[Dyad]) -> list[RelationshipTimeline]:
    """A relationship is between two people: one timeline per teacher, never one line across teachers."""
    per_teacher: dict[int, list[Dyad]] = {}
    for dyad in dyads:
        per_teacher.setdefault(dyad.teacher.pk, []).append(dyad)
    return [
        RelationshipTimeline(
            own[0].teacher_name, charts.timeline(own, "teacher"), charts.timeline(own, "child")
        )
        for own in per_teacher.values()
    ]
