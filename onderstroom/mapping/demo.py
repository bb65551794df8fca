"""The demo's relationship mapping: two finished rounds at the first school, with champions.

In the first round (about ten weeks ago) three children had no trusted adult on either side; a
colleague became champion for each, and wrote check-ins at 4 weeks and 2 months. In the second round
(last week) two of them name their champion; the third still names nobody.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from onderstroom.accounts.models import User
from onderstroom.mapping.models import (
    CHILD_GRADES,
    Champion,
    CheckIn,
    ChildAnswer,
    MappingRound,
    NamedAdult,
    StaffMark,
)
from onderstroom.schools.models import Enrollment, GroupAssignment, Membership, School, SchoolYear

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard

FIRST_ROUND_DAYS_AGO = 80
SECOND_ROUND_DAYS_AGO = 6
ROUND_DAYS = 10
CHAMPIONS = ("ingrid", "marieke", "hugo")
CHECK_IN_NOTES = {
    "w4": (
        "Greets me every morning now.",
        "Told me about his football match.",
        "Still shy; I say hello daily.",
    ),
    "m2": (
        "Came to me herself when she fell out with a friend.",
        "Asks for me at break.",
        "Smiles back now.",
    ),
}


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _year(school: School, day: date) -> SchoolYear | None:
    return SchoolYear.objects.filter(school=school, starts_on__lte=day, ends_on__gte=day).first()


def add_demo_round(demo: "DemoBoard") -> None:
    if not demo.schools:
        return
    school = demo.schools[0].school
    rng = demo.rng("mapping")
    members = set(Membership.objects.filter(school=school).values_list("user_id", flat=True))
    staff = {login: user for login, user in demo.staff.items() if user.pk in members}
    starter = staff.get("dirk") or staff.get("marieke")
    if starter is None or any(login not in staff for login in CHAMPIONS):
        return
    first_day = demo.today - timedelta(days=FIRST_ROUND_DAYS_AGO)
    second_day = demo.today - timedelta(days=SECOND_ROUND_DAYS_AGO)
    first_year, second_year = _year(school, first_day), _year(school, second_day)
    if first_year is None or second_year is None:
        return
    first = _round(school, first_year, starter, first_day)
    alone = _fill(rng, first, staff, alone=3)
    champions = []
    for child_id, login in zip(alone, CHAMPIONS, strict=False):
        champion = Champion.objects.create(
            school=school,
            round=first,
            child_id=child_id,
            champion=staff[login],
            asked_by=None if login != "marieke" else starter,
            started_on=first_day + timedelta(days=ROUND_DAYS),
        )
        champions.append(champion)
        for key, notes in CHECK_IN_NOTES.items():
            written = champion.due_on(key) + timedelta(days=1)
            if written <= demo.today:
                CheckIn.objects.create(
                    school=school,
                    champion=champion,
                    due=key,
                    note=notes[len(champions) - 1],
                    written_at=_moment(written),
                )
    second = _round(school, second_year, starter, second_day)
    # Two of the three now name their champion; the third still names nobody.
    now_named = {c.child_id: c.champion for c in champions[:2]}
    _fill(rng, second, staff, alone=0, keep_alone={c.child_id for c in champions[2:]}, named=now_named)


def _round(school: School, year: SchoolYear, starter: User, day: date) -> MappingRound:
    return MappingRound.objects.create(
        school=school,
        school_year=year,
        started_by=starter,
        started_on=day,
        closes_on=day + timedelta(days=ROUND_DAYS),
        closed_at=_moment(day + timedelta(days=ROUND_DAYS)),
    )


def _fill(
    rng: random.Random,
    found: MappingRound,
    staff: dict[str, User],
    *,
    alone: int,
    keep_alone: set[int] | None = None,
    named: dict[int, User] | None = None,
) -> list[int]:
    """Marks and answers for the round; returns the ids of the children left without a trusted adult
    (`alone` of the answering grades, drawn, plus `keep_alone`). `named`: child id → the adult they name."""
    enrollments = list(Enrollment.objects.filter(school_year=found.school_year).order_by("pk"))
    teachers: dict[int, list[User]] = {}
    for assignment in GroupAssignment.objects.filter(
        group__school_year=found.school_year, kind=GroupAssignment.Kind.TEACHER
    ).select_related("user"):
        teachers.setdefault(assignment.group_id, []).append(assignment.user)
    answering = [e for e in enrollments if e.grade in CHILD_GRADES]
    lonely = {e.child_id for e in rng.sample(answering, min(alone, len(answering)))} | (keep_alone or set())
    adults = list(staff.values())
    when = _moment(found.started_on + timedelta(days=2))
    marks: list[StaffMark] = []
    answers: list[tuple[ChildAnswer, list[User]]] = []
    names: list[NamedAdult] = []
    for enrollment in enrollments:
        child_id = enrollment.child_id
        if child_id in lonely:
            if enrollment.grade in CHILD_GRADES:
                answers.append(
                    (
                        ChildAnswer(
                            school=found.school, round=found, child_id=child_id, nobody=True, answered_at=when
                        ),
                        [],
                    )
                )
            continue
        own = teachers.get(enrollment.group_id, [])
        markers = [u for u in own if rng.random() < 0.7] or [rng.choice(adults)]
        marks += [
            StaffMark(school=found.school, round=found, staff=u, child_id=child_id, marked_at=when)
            for u in markers
        ]
        if enrollment.grade in CHILD_GRADES:
            chosen = [named[child_id]] if named and child_id in named else rng.sample(own or adults, 1)
            if rng.random() < 0.3:
                chosen.append(rng.choice(adults))
            answers.append(
                (
                    ChildAnswer(school=found.school, round=found, child_id=child_id, answered_at=when),
                    list(set(chosen)),
                )
            )
    StaffMark.objects.bulk_create(marks)
    ChildAnswer.objects.bulk_create([a for a, _chosen in answers])
    for answer, chosen in answers:
        names += [NamedAdult(school=found.school, answer=answer, adult=adult) for adult in chosen]
    NamedAdult.objects.bulk_create(names)
    return sorted(lonely)
