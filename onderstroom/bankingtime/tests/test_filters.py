"""The numbers of the Banking Time screens as teachers read them: rounded, signed, in their language."""

import pytest
from django.utils import translation

from onderstroom.bankingtime.templatetags.bankingtime import percent, sessions, signed


@pytest.mark.parametrize(
    ("share", "text"),
    [(8 / 9, "89%"), (2 / 3, "67%"), (0.125, "13%"), (1.0, "100%"), (0.0, "0%"), (None, "")],
)
def test_a_share_is_a_rounded_percentage(share: float | None, text: str) -> None:
    assert percent(share) == text


def test_a_difference_carries_its_direction_unless_it_rounds_to_nothing() -> None:
    with translation.override("nl"):
        assert signed(0.455) == "+0,46"
        assert signed(-1.666) == "\N{MINUS SIGN}1,67"
        assert signed(0.004) == "0,00"
        assert signed(-0.004) == "0,00"
        assert signed(None) == ""


def test_planned_sessions_show_a_decimal_only_when_prorated() -> None:
    with translation.override("nl"):
        assert sessions(3.0) == "3"
        assert sessions(4 / 3) == "1,3"
        assert sessions(5 / 3) == "1,7"
