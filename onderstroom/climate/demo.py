"""The demo's class and school climate, at every demo school.

A class-climate moment in two groups: the first with every child of groups 5-8 answered (enough to
show the class), the second with four answers only, so that the page shows why it shows nothing.
A school-climate round this school year and last year, answered by most staff and children.
"""

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from onderstroom.climate import library
from onderstroom.climate.access import SCHOOL_FORM_GRADES
from onderstroom.climate.models import ClassMoment, ClimateResponse, Respondent, SchoolRound
from onderstroom.climate.scoring import scale_scores
from onderstroom.instruments.engine import InstrumentDefinition
from onderstroom.instruments.models import InstrumentVersion
from onderstroom.schools.models import Enrollment, Group, GroupAssignment, Membership, School, SchoolYear

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard, DemoSchool

FEW = 4  # the second group's answers: below five, so its page says why it shows nothing
# The demo's climate leans positive, with learning together lower: a proposal shows.
LEANING = {"cooperation": -1.2, "learning_talk": -0.3, "not_bullied": 0.4, "few_rules": -0.5}


def _values(spec: InstrumentDefinition, rng: random.Random, shift: float = 0.0) -> dict[str, int]:
    low, high = spec.min_value, spec.max_value
    values = {}
    for item in spec.items:
        centre = low + 0.7 * (high - low) + LEANING.get(item.scale, 0.0) + shift
        value = round(rng.gauss(centre, 0.7))
        value = min(high, max(low, value))
        values[item.key] = low + high - value if item.reverse else value
    return values


def _response(
    spec_version: InstrumentVersion, rng: random.Random, shift: float = 0.0, **fields: object
) -> ClimateResponse:
    spec = spec_version.spec
    values = _values(spec, rng, shift)
    return ClimateResponse(
        version=spec_version,
        values=values,
        scores=scale_scores(spec, values),
        answered=len(values),
        completed_at=timezone.now(),
        **fields,
    )


def _class_moments(demo: "DemoBoard", school: "DemoSchool", rng: random.Random) -> list[ClimateResponse]:
    groups = [g for g in school.groups.values() if max(g.grades) >= 3][-2:]
    rows = []
    for number, group in enumerate(groups):
        moment = ClassMoment.objects.create(
            school=school.school,
            group=group,
            school_year=school.years.current,
            opens_on=demo.today - timedelta(days=10),
            closes_on=demo.today + timedelta(days=4),
            young_version=library.version(library.CLASS_YOUNG),
            older_version=library.version(library.CLASS_OLDER),
            practice_version=library.version(library.PRACTICE),
        )
        enrollments = list(Enrollment.objects.filter(group=group).select_related("child").order_by("pk"))
        if number == 1:
            enrollments = enrollments[:FEW]
        for e in enrollments:
            version = moment.young_version if e.grade <= 4 else moment.older_version
            rows.append(
                _response(
                    version,
                    rng,
                    school=school.school,
                    class_moment=moment,
                    respondent=Respondent.CHILD,
                    child=e.child,
                    group=group,
                    grade=e.grade,
                )
            )
        teacher = GroupAssignment.objects.filter(group=group, kind=GroupAssignment.Kind.TEACHER).first()
        if teacher is not None:
            rows.append(
                _response(
                    moment.practice_version,
                    rng,
                    0.6,
                    school=school.school,
                    class_moment=moment,
                    respondent=Respondent.TEACHER,
                    user_id=teacher.user_id,
                    group=group,
                )
            )
    return rows


def _round(
    demo: "DemoBoard", school: "DemoSchool", year: SchoolYear, rng: random.Random, shift: float
) -> list[ClimateResponse]:
    this_year = year.pk == school.years.current.pk
    opens_on = demo.today - timedelta(days=12) if this_year else demo.today - timedelta(days=365)
    return school_round(school.school, year, opens_on, rng, shift)


def school_round(
    school: School, year: SchoolYear, opens_on: date, rng: random.Random, shift: float = 0.0
) -> list[ClimateResponse]:
    """A school-climate round of `year` opening on `opens_on` (20 days), with the forms of most
    children of groups 5-8 and of every staff member, unsaved: the caller bulk-creates them. Also
    used by the benchmark (`scripts/bench_questionnaires.py`)."""
    found = SchoolRound.objects.create(
        school=school,
        school_year=year,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=20),
        staff_version=library.version(library.SCHOOL_STAFF),
        child_version=library.version(library.SCHOOL_CHILD),
    )
    groups = Group.objects.filter(school_year=year)
    enrollments = Enrollment.objects.filter(group__in=groups, grade__in=SCHOOL_FORM_GRADES).select_related(
        "child"
    )
    rows = [
        _response(
            found.child_version,
            rng,
            shift,
            school=school,
            school_round=found,
            respondent=Respondent.CHILD,
            child=e.child,
            group_id=e.group_id,
            grade=e.grade,
        )
        for e in enrollments
        if rng.random() < 0.9
    ]
    staff = sorted(set(Membership.objects.filter(school=school).values_list("user_id", flat=True)))
    rows += [
        _response(
            found.staff_version,
            rng,
            shift,
            school=school,
            school_round=found,
            respondent=Respondent.STAFF,
            user_id=user_id,
        )
        for user_id in staff
    ]
    return rows


def add_demo_climate(demo: "DemoBoard") -> None:
    rng = demo.rng("climate")
    for school in demo.schools:
        rows = _class_moments(demo, school, rng)
        rows += _round(demo, school, school.years.previous, rng, -0.4)
        rows += _round(demo, school, school.years.current, rng, 0.0)
        ClimateResponse.objects.bulk_create(rows)
