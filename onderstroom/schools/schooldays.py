"""School days: Monday to Friday, outside the school's holidays (`SchoolHoliday`).

`calendar_for(school)` reads the school's holidays in one query; the `SchoolCalendar` it returns
answers without queries, so a page loads it once and counts as often as it likes.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from onderstroom.schools.models import School, SchoolHoliday

SCHOOL_DAYS_PER_WEEK = 5  # Monday to Friday


@dataclass(frozen=True)
class SchoolCalendar:
    holidays: tuple[tuple[date, date], ...] = ()  # (first day, last day), both included

    def is_holiday(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.holidays)

    def is_school_day(self, day: date) -> bool:
        return day.weekday() < SCHOOL_DAYS_PER_WEEK and not self.is_holiday(day)

    def school_days(self, first: date, last: date) -> int:
        """School days from `first` to `last`, both included (0 when `last` lies before `first`)."""
        count, day = 0, first
        while day <= last:
            count += self.is_school_day(day)
            day += timedelta(days=1)
        return count

    @classmethod
    def of(cls, holidays: Iterable[SchoolHoliday]) -> "SchoolCalendar":
        return cls(tuple((h.first_day, h.last_day) for h in holidays))


def calendar_for(school: School | int | None) -> SchoolCalendar:
    """The school's calendar (weekends only when it has entered no holidays): one query."""
    if school is None:
        return SchoolCalendar()
    school_id = school if isinstance(school, int) else school.pk
    rows = SchoolHoliday.objects.filter(school_id=school_id).values_list("first_day", "last_day")
    return SchoolCalendar(tuple(rows))
