"""Dosage and fidelity of a Banking Time plan: plain computation on loaded rows, no queries.

Dosage, in words (the screen says the same):
- The plan's weeks count from its first day: week 1 is the first seven days, and so on.
- Sessions are expected on school days only: Monday to Friday, outside the school's holidays
  (`schools.schooldays`). A week of five school days plans `sessions per week` sessions; a week
  with fewer plans its share of them: a week of Christmas holiday plans none and misses none, and
  a plan stopped on the Wednesday of a Monday-to-Sunday week ran three of its five school days,
  so with 3 sessions a week it planned 3 * 3/5 = 1.8 that week.
- A week is finished once its last day has passed; only finished weeks count sessions as missed.
  The current week shows what has been held so far against its target; later weeks are upcoming.
- Sessions on days outside the plan's weeks are counted apart and never fill a week.

Fidelity: per session, how many of the techniques were used and how many of the behaviours the
teacher leaves out slipped in anyway.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from onderstroom import statistics
from onderstroom.bankingtime.models import Plan, Session, Slip, Technique
from onderstroom.schools.schooldays import SCHOOL_DAYS_PER_WEEK, SchoolCalendar

DAYS_PER_WEEK = 7


FINISHED, CURRENT, UPCOMING = "finished", "current", "upcoming"


@dataclass(frozen=True)
class Week:
    number: int  # 1-based
    starts_on: date
    ends_on: date  # the last day of the week that lies within the plan
    planned: float
    held: int
    state: str  # FINISHED, CURRENT or UPCOMING
    school_days: int = SCHOOL_DAYS_PER_WEEK  # the school days of the week within the plan

    @property
    def finished(self) -> bool:
        return self.state == FINISHED

    @property
    def missed(self) -> float:
        """Sessions not held in a finished week; an unfinished week misses nothing yet."""
        return max(0.0, self.planned - self.held) if self.finished else 0.0

    @property
    def no_school(self) -> bool:
        """The week has no school day (a holiday week): nothing planned, nothing missed."""
        return self.school_days == 0

    @property
    def full(self) -> bool:
        return (self.ends_on - self.starts_on).days + 1 == DAYS_PER_WEEK


@dataclass(frozen=True)
class Dosage:
    weeks: tuple[Week, ...]  # every week of the plan, the upcoming ones too
    per_week: int
    outside: int  # sessions logged on days outside the plan's weeks

    @property
    def finished_weeks(self) -> tuple[Week, ...]:
        return tuple(w for w in self.weeks if w.finished)

    @property
    def current(self) -> Week | None:
        return next((w for w in self.weeks if w.state == CURRENT), None)

    @property
    def total_planned(self) -> float:
        """Over the plan's whole run (shortened when it was stopped)."""
        return sum(w.planned for w in self.weeks)

    @property
    def planned_so_far(self) -> float:
        return sum(w.planned for w in self.finished_weeks)

    @property
    def held_in_finished(self) -> int:
        return sum(w.held for w in self.finished_weeks)

    @property
    def missed(self) -> float:
        return sum(w.missed for w in self.weeks)

    @property
    def held(self) -> int:
        return sum(w.held for w in self.weeks)

    @property
    def share(self) -> float | None:
        """Held / planned over the finished weeks; None before the first week has finished."""
        planned = self.planned_so_far
        return self.held_in_finished / planned if planned else None


def _state(first: date, last: date, today: date) -> str:
    if last < today:
        return FINISHED
    return CURRENT if first <= today else UPCOMING


def dosage(
    plan: Plan,
    sessions: Sequence[Session] | QuerySet[Session],
    today: date,
    calendar: SchoolCalendar | None = None,
) -> Dosage:
    """Planned against held, for every week of the plan, in school days of the school's `calendar`
    (`schools.schooldays.calendar_for(plan.school_id)`; without one only weekends are no school days)."""
    calendar = calendar or SchoolCalendar()
    last_day = plan.last_day
    held_on = Counter(s.held_on for s in sessions)
    weeks: list[Week] = []
    start = plan.starts_on
    while start <= last_day:
        end = min(start + timedelta(days=DAYS_PER_WEEK - 1), last_day)
        held = sum(count for day, count in held_on.items() if start <= day <= end)
        school_days = calendar.school_days(start, end)
        planned = plan.sessions_per_week * school_days / SCHOOL_DAYS_PER_WEEK
        state = _state(start, end, today)
        weeks.append(Week(len(weeks) + 1, start, end, planned, held, state, school_days))
        start += timedelta(days=DAYS_PER_WEEK)
    inside = sum(count for day, count in held_on.items() if plan.starts_on <= day <= last_day)
    return Dosage(weeks=tuple(weeks), per_week=plan.sessions_per_week, outside=len(sessions) - inside)


# --- fidelity ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionFidelity:
    number: int
    held_on: date
    techniques: int
    slips: int


@dataclass(frozen=True)
class Fidelity:
    sessions: tuple[SessionFidelity, ...]
    technique_counts: tuple[tuple[str, int], ...]  # (Technique value, sessions it was used in)
    slip_counts: tuple[tuple[str, int], ...]  # (Slip value, sessions it slipped into)

    @property
    def mean_techniques(self) -> float | None:
        return statistics.mean([s.techniques for s in self.sessions]) if self.sessions else None

    @property
    def mean_slips(self) -> float | None:
        return statistics.mean([s.slips for s in self.sessions]) if self.sessions else None

    @property
    def without_slips(self) -> int:
        return sum(1 for s in self.sessions if s.slips == 0)

    @property
    def most_slipped(self) -> str | None:
        """The behaviour that slipped in most often (first in the list on a tie), if any did."""
        best = max(self.slip_counts, key=lambda pair: pair[1], default=None)
        return best[0] if best and best[1] else None


def fidelity(sessions: Sequence[Session]) -> Fidelity:
    """Techniques used against behaviours that slipped in, session by session, in the order held."""
    ordered = sorted(sessions, key=lambda s: (s.held_on, s.pk or 0))
    techniques = {t.value for t in Technique}
    slips = {s.value for s in Slip}
    rows = tuple(
        SessionFidelity(
            number=index,
            held_on=s.held_on,
            techniques=len(set(s.techniques) & techniques),
            slips=len(set(s.slips) & slips),
        )
        for index, s in enumerate(ordered, start=1)
    )
    used = Counter(t for s in ordered for t in set(s.techniques) & techniques)
    slipped = Counter(x for s in ordered for x in set(s.slips) & slips)
    return Fidelity(
        sessions=rows,
        technique_counts=tuple((t.value, used[t.value]) for t in Technique),
        slip_counts=tuple((x.value, slipped[x.value]) for x in Slip),
    )
