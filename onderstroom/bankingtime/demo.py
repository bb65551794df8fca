"""Banking Time for the demo board: two plans in groep 4/5/6 that tell one story in time.

- Sanne's plan is done: a signal at the group's earlier moment, the plan in the weeks after that
  moment closed, and the group's latest moment (opened after the plan's last day) as "after".
- Bram's plan has just begun: a signal at the latest moment, the plan from a few days after it
  opened, nothing measured after it yet.

The sessions show what the screens are for: most held (on school days, never in the school's
holidays), some missed, techniques growing more familiar, and asking questions or praising slipping
in now and then. Each plan names the signal it answers and the moment it was seen at.
"""

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from onderstroom.accounts.models import User
from onderstroom.bankingtime.models import MAX_WEEKS, Mood, Plan, Session, Slip, Technique, Theme
from onderstroom.bankingtime.scores import SignalRow, current_signals
from onderstroom.questionnaires.api import MeasurementMoment
from onderstroom.schools.models import Child, Enrollment, Group
from onderstroom.schools.schooldays import SchoolCalendar, calendar_for

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard

GROUP = "Groep 4/5/6"
ACTIVITIES = ("tekenen", "bouwen met blokken", "kleien", "een kaartspel", "lego", "knippen en plakken")
NOTES = (
    "Liet me trots zijn tekening zien.",
    "Begon zelf te vertellen over het weekend.",
    "Stil begin, na een paar minuten ontspannen.",
    "Ik stelde toch weer vragen; volgende keer meer benoemen.",
)
DONE, STARTED = "done", "started"
# (teacher login, story, held share, themes, reason)
PLANS = (
    (
        "sanne",
        DONE,
        0.8,
        [Theme.INTERESTED, Theme.SAFE],
        "{name} trekt zich terug en botst vaker met mij; ik wil weer contact maken.",
    ),
    ("bram", STARTED, 0.6, [Theme.ACCEPTED, Theme.RELIABLE], "{name} vraagt veel hulp die niet nodig is."),
)
SESSION_DAYS = (1, 2, 3)  # Tuesday, Wednesday and Thursday
DONE_WEEKS, STARTED_WEEKS = 6, 8
START_AFTER_OPENING = timedelta(days=3)  # the teacher rates the class first, then plans


def add_demo_plans(demo: "DemoBoard") -> None:
    rng = demo.rng("bankingtime")
    school = demo.schools[0]
    group = school.groups.get(GROUP)
    if group is None:
        return
    children = [
        e.child
        for e in Enrollment.objects.filter(group=group)
        .select_related("child")
        .order_by("child__surname", "pk")
    ]
    calendar = calendar_for(school.school)
    moments = list(
        MeasurementMoment.objects.filter(group=group, opens_on__lte=demo.today).order_by("opens_on", "pk")
    )
    taken: set[int] = set()
    for login, story, share, themes, reason in PLANS:
        teacher = demo.staff.get(login)
        dates = _dates(story, moments, calendar, demo.today)
        if teacher is None or dates is None or not children:
            continue
        starts_on, weeks = dates
        signal = _signal_for(group, teacher, starts_on, taken)
        child = signal.child if signal else next(c for c in children if c.pk not in taken)
        taken.add(child.pk)
        plan = _plan(group, child, teacher, starts_on, weeks, themes, reason, signal)
        _sessions(rng, plan, demo.today, share, calendar)


def _dates(
    story: str, moments: list[MeasurementMoment], calendar: SchoolCalendar, today: date
) -> tuple[date, int] | None:
    """First day and weeks of a plan: a done plan fits between the last two moments (whole weeks, so
    the later moment opens after its last day); a started plan begins just after the latest moment."""
    if story == DONE:
        if len(moments) < 2:
            return None
        earlier, later = moments[-2], moments[-1]
        starts_on = _school_day_from(earlier.closes_on + timedelta(days=1), calendar)
        weeks = min(DONE_WEEKS, MAX_WEEKS, (later.opens_on - starts_on).days // 7)
        return (starts_on, weeks) if weeks >= 1 and starts_on < today else None
    if not moments:
        return None
    starts_on = min(_school_day_from(moments[-1].opens_on + START_AFTER_OPENING, calendar), today)
    return starts_on, STARTED_WEEKS


def _school_day_from(day: date, calendar: SchoolCalendar) -> date:
    for _step in range(120):  # a summer holiday is the longest stretch without school
        if calendar.is_school_day(day):
            return day
        day += timedelta(days=1)
    return day


def _signal_for(group: Group, teacher: User, starts_on: date, taken: set[int]) -> SignalRow | None:
    """A signal about a child, from this teacher's latest moment that opened by the plan's first day."""
    rows = [r for r in current_signals(group, starts_on) if r.teacher.pk == teacher.pk]
    return next((r for r in rows if r.child.pk not in taken and r.moment.opens_on <= starts_on), None)


def _plan(
    group: Group,
    child: Child,
    teacher: User,
    starts_on: date,
    weeks: int,
    themes: list[Theme],
    reason: str,
    signal: SignalRow | None,
) -> Plan:
    return Plan.objects.create(
        school_id=group.school_id,
        child=child,
        group=group,
        teacher=teacher,
        minutes=10,
        sessions_per_week=3,
        weeks=weeks,
        starts_on=starts_on,
        fixed_moment="dinsdag, woensdag en donderdag na de kleine pauze",
        themes=list(themes),
        reason=(signal.signal.sentence + " " if signal else "") + reason.format(name=child.first_name),
        signal_key=signal.signal.key if signal else "",
        signal_moment=signal.moment if signal else None,
    )


def _sessions(rng: random.Random, plan: Plan, today: date, share: float, calendar: SchoolCalendar) -> None:
    """Sessions on the fixed days that were school days, up to yesterday; the first one is always held."""
    rows: list[Session] = []
    day = plan.starts_on
    while day < today and day <= plan.last_day:
        fixed = day.weekday() in SESSION_DAYS and calendar.is_school_day(day)
        if fixed and (not rows or rng.random() < share):
            practice = min(1.0, 0.5 + 0.05 * len(rows))  # techniques come more easily with practice
            rows.append(
                Session(
                    school_id=plan.school_id,
                    plan=plan,
                    held_on=day,
                    minutes=rng.choice((8, 10, 10, 10, 12)),
                    activity=rng.choice(ACTIVITIES),
                    techniques=[t.value for t in Technique if rng.random() < practice],
                    slips=[s.value for s in (Slip.QUESTION, Slip.PRAISE, Slip.TEACH) if rng.random() < 0.3],
                    mood=rng.choice([m.value for m in Mood]),
                    note=rng.choice(NOTES) if rng.random() < 0.4 else "",
                )
            )
        day += timedelta(days=1)
    Session.objects.bulk_create(rows)
