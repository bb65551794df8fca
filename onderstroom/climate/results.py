"""What the climate pages show: class and school aggregates, never one child's answers.

Every number over children passes `scoring.shown_counts` (core.privacy.suppress_table): below five
answers the page says why it shows nothing. Scores are set on 0-100 so that the faces of groups 3-4
and the four options of groups 5-8 add up. Each function reads a fixed number of queries, however
many children and groups there are.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from onderstroom.climate import library
from onderstroom.climate.access import SCHOOL_FORM_GRADES
from onderstroom.climate.models import ClassMoment, ClimateResponse, Respondent, SchoolRound
from onderstroom.climate.scoring import mean, on_hundred, shown_counts, too_few
from onderstroom.core.privacy import SMALL, suppress_table
from onderstroom.instruments.engine import InstrumentDefinition
from onderstroom.instruments.models import InstrumentVersion
from onderstroom.schools.models import Enrollment, Group, Membership

# The three class levers a teacher works on, and what a low one suggests (DESIGN.md §1.5).
CLASS_LEVERS = ("cooperation", "learning_talk", "getting_along")
# Below this (on 0-100) a lever is low enough to suggest a next step.
LOW = 55.0


@dataclass(frozen=True)
class ScaleLine:
    key: str
    label: str
    score: float | None  # 0-100; None: nothing may be shown
    own: float | None = None  # the teacher's self-assessment, 0-100 (class levers only)
    previous: float | None = None  # last year's round (school report)

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous

    @property
    def low(self) -> bool:
        return self.score is not None and self.score < LOW


@dataclass(frozen=True)
class Proposal:
    lever: str
    text: str


def _scores_on_hundred(
    rows: Iterable[tuple[dict, int]], versions: Mapping[int, InstrumentVersion]
) -> dict[str, list[float]]:
    """Scale key → the scores of every response (0-100), across versions."""
    found: dict[str, list[float]] = defaultdict(list)
    for scores, version_id in rows:
        spec = versions[version_id].spec
        for key, score in scores.items():
            if score is not None:
                found[key].append(on_hundred(spec, score))
    return found


@dataclass(frozen=True)
class ClassResult:
    moment: ClassMoment
    answers: int
    shown: bool
    lines: list[ScaleLine]
    proposals: list[Proposal] = field(default_factory=list)
    expected: int = 0  # the children of the group now: how many could have answered

    @property
    def reason(self) -> str:
        return "" if self.shown else too_few(self.answers)


def class_result(moment: ClassMoment, teacher_id: int | None) -> ClassResult:
    """The class's scales (children, completed forms) beside `teacher_id`'s own self-assessment."""
    rows = list(
        ClimateResponse.objects.filter(
            class_moment=moment, respondent=Respondent.CHILD, completed_at__isnull=False
        ).values_list("scores", "version_id")
    )
    own = (
        ClimateResponse.objects.filter(class_moment=moment, user_id=teacher_id, respondent=Respondent.TEACHER)
        .values_list("scores", flat=True)
        .first()
        if teacher_id
        else None
    )
    versions = library.versions_by_id(
        [moment.young_version_id, moment.older_version_id, moment.practice_version_id]
    )
    shown = shown_counts([len(rows)])[0]
    by_scale = _scores_on_hundred(rows, versions) if shown else {}
    practice = versions[moment.practice_version_id].spec
    older = versions[moment.older_version_id].spec
    lines = []
    for scale in older.scales:
        own_score = (own or {}).get(scale.key)
        lines.append(
            ScaleLine(
                key=scale.key,
                label=scale.label.get(),
                score=mean(by_scale.get(scale.key, [])) if shown else None,
                own=on_hundred(practice, own_score) if own_score is not None else None,
            )
        )
    proposals = [_proposal(line, moment.group) for line in lines if line.low and line.key in CLASS_LEVERS]
    expected = Enrollment.objects.filter(group_id=moment.group_id).count()
    return ClassResult(moment, len(rows), shown, lines, proposals, expected)


def _proposal(line: ScaleLine, group: Group) -> Proposal:
    steps = {
        "cooperation": _("choose a cooperative learning structure"),
        "learning_talk": _("hold a weekly learning-goal conversation"),
        "getting_along": _("plan a series of social-skills lessons"),
    }
    return Proposal(
        line.key,
        _("%(lever)s scores low in %(group)s: %(step)s.")
        % {"lever": line.label, "group": group.name, "step": steps[line.key]},
    )


def class_scale_sample(moment: ClassMoment, key: str) -> list[float]:
    """Every completed child's score (0-100) on one scale of the moment, in no particular order.

    Only for the change judgment of the action plan (`measures.class_judgment`), which shows how many
    answered and the difference of the means: never a value from this list on its own.
    """
    rows = ClimateResponse.objects.filter(
        class_moment=moment, respondent=Respondent.CHILD, completed_at__isnull=False
    ).values_list("scores", "version_id")
    versions = library.versions_by_id([moment.young_version_id, moment.older_version_id])
    return _scores_on_hundred(rows, versions).get(key, [])


# --- the school report --------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupParticipation:
    group: Group
    expected: int
    answered: int
    display: str  # the answered count as the page may show it ("<5", "•" or the number)


@dataclass(frozen=True)
class Part:
    """One kind of respondent in the round: how many answered, and the scales when enough did."""

    expected: int
    answered: int
    shown: bool
    lines: list[ScaleLine]
    staff: bool = False

    @property
    def reason(self) -> str:
        return "" if self.shown else too_few(self.answered, staff=self.staff)


@dataclass(frozen=True)
class SchoolReport:
    round: SchoolRound
    previous: SchoolRound | None
    groups: list[GroupParticipation]
    children: Part
    staff: Part


def _round_scores(
    found: SchoolRound | None,
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[int, int]]:
    """Per kind (children, staff) scale key → scores on 0-100, and completed children per group."""
    if found is None:
        return {}, {}, {}
    rows = list(
        ClimateResponse.objects.filter(school_round=found, completed_at__isnull=False).values_list(
            "scores", "version_id", "respondent", "group_id"
        )
    )
    versions = library.versions_by_id([found.staff_version_id, found.child_version_id])
    children = [(s, v) for s, v, who, _g in rows if who == Respondent.CHILD]
    staff = [(s, v) for s, v, who, _g in rows if who == Respondent.STAFF]
    per_group: dict[int, int] = defaultdict(int)
    for _s, _v, who, group_id in rows:
        if who == Respondent.CHILD and group_id is not None:
            per_group[group_id] += 1
    return _scores_on_hundred(children, versions), _scores_on_hundred(staff, versions), per_group


def school_scale_sample(found: SchoolRound, respondent: str, key: str) -> list[float]:
    """Every completed form's score (0-100) on one scale of the round, of children or of staff
    (`Respondent.CHILD` or `Respondent.STAFF`): only for the change judgment, as `class_scale_sample`."""
    rows = ClimateResponse.objects.filter(
        school_round=found, respondent=respondent, completed_at__isnull=False
    ).values_list("scores", "version_id")
    versions = library.versions_by_id([found.staff_version_id, found.child_version_id])
    return _scores_on_hundred(rows, versions).get(key, [])


def _lines(
    spec: InstrumentDefinition, scores: dict[str, list[float]], before: dict[str, list[float]], shown: bool
) -> list[ScaleLine]:
    return [
        ScaleLine(
            key=scale.key,
            label=scale.label.get(),
            score=mean(scores.get(scale.key, [])) if shown else None,
            previous=mean(before.get(scale.key, [])) if len(before.get(scale.key, [])) >= SMALL else None,
        )
        for scale in spec.scales
    ]


def school_report(found: SchoolRound) -> SchoolReport:
    previous = (
        SchoolRound.objects.filter(school_id=found.school_id, opens_on__lt=found.opens_on)
        .order_by("-opens_on")
        .first()
    )
    children, staff, per_group = _round_scores(found)
    children_before, staff_before, _ = _round_scores(previous)
    groups = list(
        Group.objects.filter(school_year_id=found.school_year_id)
        .annotate(
            expected=Count("enrollments", filter=Q(enrollments__grade__in=SCHOOL_FORM_GRADES), distinct=True)
        )
        .filter(expected__gt=0)
        .order_by("name")
    )
    counts = [per_group.get(g.pk, 0) for g in groups]
    table = suppress_table([[c] for c in counts] or [[0]])
    participation = [
        GroupParticipation(g, g.expected, c, table.row_totals[i].display)
        for i, (g, c) in enumerate(zip(groups, counts, strict=True))
    ]
    answered_children = sum(counts)
    children_shown = not table.total.hidden and answered_children >= SMALL
    answered_staff = ClimateResponse.objects.filter(
        school_round=found, respondent=Respondent.STAFF, completed_at__isnull=False
    ).count()
    staff_shown = shown_counts([answered_staff])[0]
    versions = library.versions_by_id([found.staff_version_id, found.child_version_id])
    expected_staff = Membership.objects.filter(school_id=found.school_id).values("user_id").distinct().count()
    return SchoolReport(
        round=found,
        previous=previous,
        groups=participation,
        children=Part(
            expected=sum(g.expected for g in groups),
            answered=answered_children,
            shown=children_shown,
            lines=_lines(versions[found.child_version_id].spec, children, children_before, children_shown),
        ),
        staff=Part(
            expected=expected_staff,
            answered=answered_staff,
            shown=staff_shown,
            lines=_lines(versions[found.staff_version_id].spec, staff, staff_before, staff_shown),
            staff=True,
        ),
    )


def monitoring_rows(report: SchoolReport) -> tuple[list[str], list[list[object]]]:
    """The CSV for the yearly social-safety monitoring: school averages and participation per group.

    One tidy table: a row per group (participation only, counts as the page shows them) and a row per
    scale and kind of respondent (the school average, only where at least five answered). Nothing
    about one child, and no average of one group.
    """
    header = [
        _("school year"),
        _("row"),
        _("group"),
        _("respondents"),
        _("scale"),
        _("expected"),
        _("number answered"),
        _("average (0-100)"),
    ]
    year = report.round.school_year.name
    rows: list[list[object]] = [
        [year, _("participation"), p.group.name, _("children"), "", p.expected, p.display, None]
        for p in report.groups
    ]
    for who, part in ((_("children"), report.children), (_("staff members"), report.staff)):
        for line in part.lines:
            rows.append(
                [
                    year,
                    _("school average"),
                    "",
                    who,
                    line.label,
                    part.expected,
                    part.answered if part.shown else "<5" if part.answered else 0,
                    round(line.score, 1) if line.score is not None else None,
                ]
            )
    return header, rows
