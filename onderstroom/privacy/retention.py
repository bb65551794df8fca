"""Carrying out each school's retention policy: `run_retention(now, dry_run)`.

- A child's whole record goes `years_after_leaving` years (default 2) after they left the school: the
  last day of the last school year they were enrolled in (or the day they were added, if never), and
  they are in no group of a later school year. It is erased through the privacy registry, exactly as
  an erasure request would.
- Kinds kept shorter (reflections, interaction logs: `retention` in their registry entry) go at the
  end of the n-th school year after the one they were written in (default 1: the end of the next
  school year). School years turn over on 1 August.

A dry run removes nothing and lists what a real run would remove. Every run writes one audit row
per school with the counts; a real run also one row per erased child.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from onderstroom.audit import log
from onderstroom.core import childdata
from onderstroom.privacy.models import RetentionPolicy
from onderstroom.schools.access import SystemActor
from onderstroom.schools.models import Child, School
from onderstroom.tenancy import all_schools, school_scope

ACTOR_NAME = "apply_retention"


@dataclass(frozen=True)
class Leaver:
    uuid: UUID
    left_on: date


@dataclass
class SchoolRun:
    school: School
    leavers: list[Leaver] = field(default_factory=list)
    expired: dict[str, int] = field(default_factory=dict)  # registry key -> rows

    @property
    def rows(self) -> int:
        return sum(self.expired.values())


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def school_years_before(today: date, kept: int) -> date:
    """The first day of the school year `kept` years before this one: older rows have expired."""
    first = today.year if today.month >= 8 else today.year - 1
    return date(first - kept, 8, 1)


def leavers(policy: RetentionPolicy, today: date) -> list[Leaver]:
    """Children of the active school whose record is past the policy (oldest leavers first)."""
    cutoff = _years_before(today, policy.years_after_leaving)
    found = []
    children = Child.objects.annotate(last_day=Max("enrollments__school_year__ends_on")).order_by("pk")
    for uuid, last_day, created_at in children.values_list("uuid", "last_day", "created_at"):
        left_on = last_day or timezone.localdate(created_at)
        if left_on < cutoff:
            found.append(Leaver(uuid, left_on))
    return sorted(found, key=lambda leaver: leaver.left_on)


def policy_of(school: School) -> RetentionPolicy:
    return RetentionPolicy.objects.filter(school=school).first() or RetentionPolicy(school=school)


def _kept_years(policy: RetentionPolicy, retention: str) -> int:
    return {
        "reflections": policy.reflections_school_years,
        "interactions": policy.interactions_school_years,
    }[retention]


def run_school(school: School, now: datetime, dry_run: bool) -> SchoolRun:
    today = timezone.localdate(now)
    actor = SystemActor(school=school, name=ACTOR_NAME)
    with school_scope(school), transaction.atomic():
        policy = policy_of(school)
        run = SchoolRun(school, leavers(policy, today))
        if not dry_run and run.leavers:
            children = list(Child.objects.filter(uuid__in=[leaver.uuid for leaver in run.leavers]))
            log.record_many(actor, "privacy.retention.erase", children=children, school=school)
            for child in children:
                childdata.erase_child(child)
        for entry in childdata.registry.entries():
            if entry.retention and entry.expire is not None:
                before = school_years_before(today, _kept_years(policy, entry.retention))
                run.expired[entry.key] = entry.expire(before, dry_run)
        log.record(
            actor,
            "privacy.retention.run",
            school=school,
            details={
                "children": len(run.leavers),
                "rows": run.rows,
                "outcome": "dry_run" if dry_run else "applied",
            },
        )
    return run


def run_retention(now: datetime, dry_run: bool) -> list[SchoolRun]:
    """Carry out (or, in a dry run, list) every school's retention policy at `now`."""
    with all_schools():
        schools = list(School.objects.order_by("pk"))
    return [run_school(school, now, dry_run) for school in schools]
