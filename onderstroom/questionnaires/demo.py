"""Demo answers: two measurement moments per group with plausible, slowly changing relationships,
this school year and the one before (last year's groups hold the same children, a grade lower), so
a child's page can follow a relationship across school years."""

from datetime import date, timedelta

from onderstroom.questionnaires.builders import fill_moment, make_moment
from onderstroom.questionnaires.forms import suggested_name
from onderstroom.questionnaires.models import MeasurementMoment
from onderstroom.schools.access import current_school_year, today
from onderstroom.schools.models import Group, School, SchoolYear
from onderstroom.tenancy import school_scope

FIRST_WEEKS_AGO = 9
OPEN_DAYS = 21
DRIFT = 0.2  # how far a relationship may move between the two moments (on -1..1)
WARMER = 0.4  # most relationships in a class are good: signals should stand out, not cover the class
# Last school year's two moments: a week from early November and one from mid-May (month, day).
LAST_YEAR_MOMENTS = ((11, 2), (5, 18))
LAST_YEAR_SEED = 100  # last year's relationships are not this year's (another year, often another teacher)


def moment_dates(starts_on: date, ends_on: date, day: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """An earlier, closed moment and a current, open one, both inside the school year, not overlapping."""
    current_start = max(starts_on + timedelta(days=OPEN_DAYS + 1), day - timedelta(days=7))
    current_end = min(ends_on, current_start + timedelta(days=OPEN_DAYS))
    first_start = max(starts_on, day - timedelta(weeks=FIRST_WEEKS_AGO))
    first_end = min(first_start + timedelta(days=OPEN_DAYS - 7), current_start - timedelta(days=1))
    return (first_start, first_end), (current_start, current_end)


def add_demo_answers(school: School) -> None:
    """Two moments for every group of the school's current year, answered by teachers and children.

    Does nothing for a group that already has moments, so it can run again safely.
    """
    with school_scope(school):
        year = current_school_year(school)
        if year is None:
            return
        (first_start, first_end), (current_start, current_end) = moment_dates(
            year.starts_on, year.ends_on, today()
        )
        planned = set(MeasurementMoment.objects.values_list("group_id", flat=True))
        for seed, group in enumerate(Group.objects.filter(school_year=year).order_by("name")):
            if group.pk in planned:
                continue
            earlier = make_moment(
                group,
                name=suggested_name(first_start),
                opens_on=first_start,
                days=(first_end - first_start).days,
            )
            current = make_moment(
                group,
                name=suggested_name(current_start),
                opens_on=current_start,
                days=(current_end - current_start).days,
            )
            fill_moment(earlier, seed=seed, warmer=WARMER)
            fill_moment(current, seed=seed, drift=DRIFT, warmer=WARMER)
        earlier_years = SchoolYear.objects.filter(school=school, starts_on__lt=year.starts_on)
        previous = earlier_years.order_by("-starts_on").first()
        if previous is not None:
            add_last_year(previous, planned)


def last_year_dates(year: SchoolYear) -> list[tuple[date, date]]:
    """The two moments of a past school year: each opens on a Monday and stays open OPEN_DAYS - 7 days."""
    days = []
    for month, day in LAST_YEAR_MOMENTS:
        opens = date(year.starts_on.year + (month < 8), month, day)
        opens += timedelta(days=-opens.weekday() % 7)
        days.append((opens, opens + timedelta(days=OPEN_DAYS - 7)))
    return days


def add_last_year(year: SchoolYear, planned: set[int]) -> None:
    """Two moments for every group of last school year, answered as this year's are."""
    for seed, group in enumerate(Group.objects.filter(school_year=year).order_by("name")):
        if group.pk in planned:
            continue
        for index, (opens, closes) in enumerate(last_year_dates(year)):
            days = (closes - opens).days
            moment = make_moment(group, name=suggested_name(opens), opens_on=opens, days=days)
            fill_moment(moment, seed=LAST_YEAR_SEED + seed, drift=DRIFT * index, warmer=WARMER)
