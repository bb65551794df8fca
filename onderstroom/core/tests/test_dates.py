"""core/dates.py: the one date formatter, in the school's time zone and the active language."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from onderstroom.core import dates

MOMENT = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)  # already Saturday in Amsterdam


@pytest.mark.parametrize(
    ("language", "style", "shown"),
    [
        ("nl", "short_moment", "5 dec 2026 00:30"),
        ("en", "short_moment", "5 Dec 2026 00:30"),
        ("nl", "day", "5 december 2026"),
        ("en", "day", "5 December 2026"),
        ("nl", "weekday", "zaterdag 5 december"),
        ("nl", "short_weekday", "za 5 dec"),
        ("nl", "clock", "00:30"),
    ],
)
def test_a_moment_is_shown_in_local_time_and_the_active_language(
    language: str, style: str, shown: str
) -> None:
    with translation.override(language):
        assert dates.when(MOMENT, style) == shown
        assert Template("{% load dates %}{{ v|when:s }}").render(Context({"v": MOMENT, "s": style})) == shown


def test_a_day_is_shown_as_it_is_and_nothing_as_nothing() -> None:
    with translation.override("nl"):
        assert dates.when(date(2026, 3, 1), "short_year") == "1 mrt 2026"
        assert dates.when(None, "day") == ""
        assert Template('{% load dates %}{{ v|when:"day"|default:"-" }}').render(Context({})) == "-"
