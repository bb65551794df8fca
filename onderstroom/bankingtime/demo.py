"""Banking Time for the demo board: two running plans in groep 4/5/6, with a few weeks of sessions.

The sessions show what the screens are for: most held, some missed, techniques growing more
familiar, and asking questions or praising slipping in now and then. Where the questionnaires'
demo raised a signal for the child, the plan is linked to it.
"""

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from onderstroom.accounts.models import User
from onderstroom.bankingtime.models import Mood, Plan, Session, Slip, Technique, Theme
from onderstroom.bankingtime.scores import current_signals
from onderstroom.schools.models import Child, Enrollment, Group

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
# (teacher login, which child of the group, days since the first day, held share, themes, reason)
PLANS = (
    (
        "sanne",
        4,
        25,
        0.8,
        [Theme.INTERESTED, Theme.SAFE],
        "{name} trekt zich terug en botst vaker met mij; ik wil weer contact maken.",
    ),
    ("bram", 9, 11, 0.6, [Theme.ACCEPTED, Theme.RELIABLE], "{name} vraagt veel hulp die niet nodig is."),
)
SESSION_DAYS = (1, 2, 3)  # Tuesday, Wednesday and Thursday


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
    signals = {row.child.pk: row for row in current_signals(group, demo.today)}
    for login, position, days_ago, share, themes, reason in PLANS:
        teacher = demo.staff.get(login)
        if teacher is None or position >= len(children):
            continue
        starts_on = max(demo.today - timedelta(days=days_ago), school.years.current.starts_on)
        plan = _plan(group, children[position], teacher, starts_on, themes, reason, signals)
        _sessions(rng, plan, demo.today, share)


def _plan(
    group: Group,
    child: Child,
    teacher: User,
    starts_on: date,
    themes: list[Theme],
    reason: str,
    signals: dict,
) -> Plan:
    signal = signals.get(child.pk)
    return Plan.objects.create(
        school_id=group.school_id,
        child=child,
        group=group,
        teacher=teacher,
        minutes=10,
        sessions_per_week=3,
        weeks=8,
        starts_on=starts_on,
        fixed_moment="dinsdag, woensdag en donderdag na de kleine pauze",
        themes=list(themes),
        reason=(signal.signal.sentence + " " if signal else "") + reason.format(name=child.first_name),
        signal_key=signal.signal.key if signal else "",
        signal_moment=signal.moment if signal else None,
    )


def _sessions(rng: random.Random, plan: Plan, today: date, share: float) -> None:
    rows: list[Session] = []
    day = plan.starts_on
    while day < today:
        if day.weekday() in SESSION_DAYS and rng.random() < share:
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
