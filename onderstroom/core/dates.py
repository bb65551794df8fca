"""The one date and time formatter of the whole UI: pages, PDFs and sentences built in Python.

A moment (an aware datetime) is shown in the school's time zone (`TIME_ZONE`, Europe/Amsterdam,
through Django's current time zone), a day as it is; both in the active language. Each style's format
is translated, so the Dutch catalogue chooses lower-case short months ("4 dec 2026 16:47") where
English writes "4 Dec 2026 16:47". Templates use the same styles: `{% load dates %}{{ value|when:"day" }}`.
"""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext

Style = Literal[
    "day",  # 4 december 2026
    "day_month",  # 4 december
    "weekday",  # vrijdag 4 december
    "weekday_year",  # vrijdag 4 december 2026
    "short",  # 4 dec
    "short_year",  # 4 dec 2026
    "short_weekday",  # vr 4 dec
    "month",  # december 2026
    "numeric",  # 04-12-2026
    "figures",  # 4/12
    "moment",  # 4 december 2026 16:47
    "short_moment",  # 4 dec 2026 16:47
    "short_moment_seconds",  # 4 dec 2026 16:47:05
    "clock",  # 16:47
    "clock_seconds",  # 16:47:05
]


def _format(style: Style) -> str:
    # Written out one by one, so that makemessages finds every format string.
    formats: dict[str, str] = {
        "day": pgettext("date format: day, month and year", "j F Y"),
        "day_month": pgettext("date format: day and month", "j F"),
        "weekday": pgettext("date format: weekday, day and month", "l j F"),
        "weekday_year": pgettext("date format: weekday, day, month and year", "l j F Y"),
        "short": pgettext("date format: day and short month", "j M"),
        "short_year": pgettext("date format: day, short month and year", "j M Y"),
        "short_weekday": pgettext("date format: weekday, day and short month", "D j M"),
        "month": pgettext("date format: month and year", "F Y"),
        "numeric": pgettext("date format: day, month and year in figures", "d-m-Y"),
        "figures": pgettext("date format: day and month in figures", "j/n"),
        "moment": pgettext("date format: day, month, year and time", "j F Y H:i"),
        "short_moment": pgettext("date format: day, short month, year and time", "j M Y H:i"),
        "short_moment_seconds": pgettext(
            "date format: day, short month, year and time in seconds", "j M Y H:i:s"
        ),
        "clock": pgettext("date format: time", "H:i"),
        "clock_seconds": pgettext("date format: time in seconds", "H:i:s"),
    }
    return formats[style]


def local(value: date) -> date:
    """A moment in the school's time zone; a day (or a naive datetime) as it is."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def when(value: date | None, style: Style) -> str:
    """`value` as the UI shows it in `style`: local time, the active language; empty for no value."""
    return "" if value is None else date_format(local(value), _format(style))
