"""Short dates as each language writes them: "7 nov" in Dutch, "7 Nov" in English.

The format strings are translated, so the Dutch catalogue chooses Django's lower-case month ("b").
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import pgettext


def short(day: date) -> str:
    return date_format(day, pgettext("date format: day and short month", "j M"))


def short_with_year(day: date) -> str:
    return date_format(day, pgettext("date format: day, short month and year", "j M Y"))


def short_with_weekday(day: date) -> str:
    return date_format(day, pgettext("date format: weekday, day and short month", "D j M"))
