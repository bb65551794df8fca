"""Every change to Banking Time: one function each, access checked, in a transaction, audited.

Audit rows name the plan and the child and hold counts and field names, never what was written.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass

from onderstroom.audit import log
from onderstroom.bankingtime.access import is_own
from onderstroom.bankingtime.models import (
    MAX_MINUTES,
    MAX_SESSION_MINUTES,
    MAX_SESSIONS_PER_WEEK,
    MAX_THEMES,
    MAX_WEEKS,
    MIN_MINUTES,
    MIN_THEMES,
    Mood,
    Plan,
    Session,
    Slip,
    Technique,
    Theme,
)
from onderstroom.core.errors import Refused
from onderstroom.questionnaires.api import MeasurementMoment
from onderstroom.schools import access
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Enrollment, SchoolYear


@dataclass(frozen=True)
class PlanData:
    minutes: int
    sessions_per_week: int
    weeks: int
    starts_on: date
    fixed_moment: str
    themes: Sequence[str] = ()
    own_themes: Sequence[str] = ()
    reason: str = ""
    signal_key: str = ""
    signal_moment: MeasurementMoment | None = None


@dataclass(frozen=True)
class SessionData:
    held_on: date
    minutes: int
    activity: str = ""
    techniques: Sequence[str] = ()
    slips: Sequence[str] = ()
    mood: str = ""
    note: str = ""


def _check_themes(data: PlanData) -> None:
    if any(theme not in Theme.values for theme in data.themes):
        raise Refused(_("Choose the themes from the list, or write them in your own words."))
    if not MIN_THEMES <= len(data.themes) + len(data.own_themes) <= MAX_THEMES:
        raise Refused(_("Choose two or three themes."))


def create_plan(actor: StaffActor, enrollment: Enrollment, data: PlanData) -> Plan:
    """A teacher of the child's group plans Banking Time with the child; they will hold the sessions."""
    if not actor.teaches(enrollment.group_id):
        raise Http404
    _check_themes(data)
    moment = data.signal_moment
    if moment is not None and moment.group_id != enrollment.group_id:
        raise Refused(_("That signal does not belong to this child's group."))
    with transaction.atomic():
        plan = Plan.objects.create(
            school_id=enrollment.school_id,
            child=enrollment.child,
            group=enrollment.group,
            teacher=actor.user,
            minutes=data.minutes,
            sessions_per_week=data.sessions_per_week,
            weeks=data.weeks,
            starts_on=data.starts_on,
            fixed_moment=data.fixed_moment,
            themes=list(dict.fromkeys(data.themes)),
            own_themes=list(data.own_themes),
            reason=data.reason,
            signal_key=data.signal_key if moment is not None else "",
            signal_moment=moment,
        )
        log.record(
            actor,
            "bankingtime.plan.create",
            child=plan.child,
            obj=plan,
            details={
                "minutes": plan.minutes,
                "sessions_per_week": plan.sessions_per_week,
                "weeks": plan.weeks,
                "themes": len(plan.themes) + len(plan.own_themes),
                "linked_to_signal": bool(plan.signal_key),
            },
        )
    return plan


def end_plan(actor: StaffActor, plan: Plan, day: date) -> Plan:
    """Stop a plan before its planned end; the weeks after it no longer count as planned."""
    if not is_own(actor, plan):
        raise Http404
    if plan.ended_on is not None:
        raise Refused(_("This plan has already been stopped."))
    if not plan.starts_on <= day <= plan.planned_end:
        raise Refused(_("A plan can only be stopped while it runs."))
    with transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(ended_on=day)
        plan.ended_on = day
        log.record(actor, "bankingtime.plan.end", child=plan.child, obj=plan)
    return plan


# What a teacher may change in a running plan, in the order the audit row names them. The child, the
# group, the teacher and the signal the plan came from stay as they were.
CHANGEABLE = (
    "minutes",
    "sessions_per_week",
    "weeks",
    "starts_on",
    "fixed_moment",
    "themes",
    "own_themes",
    "reason",
)


def weeks_begun(starts_on: date, day: date) -> int:
    """How many of a plan's weeks have begun by `day` (0 before its first day)."""
    return (day - starts_on).days // 7 + 1 if starts_on <= day else 0


def update_plan(actor: StaffActor, plan: Plan, data: PlanData, day: date | None = None) -> list[str]:
    """The plan's own teacher changes it until its last day; returns the names of the fields changed.

    Dosage is always counted with the plan as it stands, so a new frequency counts for the weeks
    already past as well. The first day moves only before the plan begins: after that, sessions
    are held in its weeks. The plan keeps running at least until today, so no session held falls
    outside it; ending it earlier is what stopping is for.
    """
    day = day or access.today()
    if not is_own(actor, plan):
        raise Http404
    _check_themes(data)
    if not (
        MIN_MINUTES <= data.minutes <= MAX_MINUTES
        and 1 <= data.sessions_per_week <= MAX_SESSIONS_PER_WEEK
        and 1 <= data.weeks <= MAX_WEEKS
    ):
        raise Refused(_("Choose the minutes, sessions and weeks within the limits on the page."))
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        if not current.can_change(day):
            raise Refused(_("This plan has ended, so it can no longer be changed."))
        if data.starts_on != current.starts_on and current.has_begun(day):
            raise Refused(_("The plan has begun, so its first day can no longer be changed."))
        begun = weeks_begun(data.starts_on, day)
        if data.weeks < begun:
            raise Refused(
                _("The plan is in its week %(week)s: choose at least %(week)s weeks, or stop the plan today.")
                % {"week": begun}
            )
        wanted = {
            "minutes": data.minutes,
            "sessions_per_week": data.sessions_per_week,
            "weeks": data.weeks,
            "starts_on": data.starts_on,
            "fixed_moment": data.fixed_moment,
            "themes": list(dict.fromkeys(data.themes)),
            "own_themes": list(data.own_themes),
            "reason": data.reason,
        }
        changed = [name for name in CHANGEABLE if not _same(name, getattr(current, name), wanted[name])]
        if not changed:
            return []
        Plan.objects.filter(pk=plan.pk).update(**{name: wanted[name] for name in changed})
        for name in changed:
            setattr(plan, name, wanted[name])
        log.record(actor, "bankingtime.plan.update", child=plan.child, obj=plan, details={"fields": changed})
    return changed


def _same(name: str, old: object, new: object) -> bool:
    """Ticking the same themes in another order changes nothing."""
    if name == "themes":
        return set(old) == set(new)  # type: ignore[call-overload]
    return old == new


def log_session(actor: StaffActor, plan: Plan, data: SessionData, today: date) -> Session:
    """The teacher who holds the sessions logs one, on a day of the plan up to today."""
    if not is_own(actor, plan):
        raise Http404
    if data.held_on > today:
        raise Refused(_("A session can only be logged once it has been held."))
    if not plan.starts_on <= data.held_on <= plan.last_day:
        raise Refused(_("This day falls outside the plan's weeks."))
    if not 1 <= data.minutes <= MAX_SESSION_MINUTES:
        raise Refused(_("A session lasts between 1 and %(max)s minutes.") % {"max": MAX_SESSION_MINUTES})
    unknown = (
        set(data.techniques) - set(Technique.values)
        or set(data.slips) - set(Slip.values)
        or ({data.mood} - {"", *Mood.values})
    )
    if unknown:
        raise Refused(_("Choose from the lists on the page."))
    with transaction.atomic():
        session = Session.objects.create(
            school_id=plan.school_id,
            plan=plan,
            held_on=data.held_on,
            minutes=data.minutes,
            activity=data.activity,
            techniques=[t for t in Technique.values if t in data.techniques],
            slips=[s for s in Slip.values if s in data.slips],
            mood=data.mood,
            note=data.note,
        )
        log.record(
            actor,
            "bankingtime.session.log",
            child=plan.child,
            obj=plan,
            details={
                "minutes": session.minutes,
                "techniques": len(session.techniques),
                "slips": len(session.slips),
                "mood": bool(session.mood),
                "note": bool(session.note),
            },
        )
    return session


def close_year(year: SchoolYear, day: date, dry_run: bool) -> int:
    """At the rollover: the plans of the ending year that still run (or wait to start) stop today.
    Their sessions stay, and so does the before/after picture."""
    plans = [
        plan
        for plan in Plan.objects.filter(group__school_year=year, ended_on__isnull=True)
        if plan.planned_end >= day
    ]
    if not dry_run:
        for plan in plans:
            plan.ended_on = day
        Plan.objects.bulk_update(plans, ["ended_on"])
    return len(plans)
