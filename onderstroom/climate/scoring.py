"""Scores on one scale for every form, and the one rule for showing anything over children.

A form's scale scores come from the instrument engine (`instruments.scoring.scale_scores`: the 80 %
rule, reverse keys). Forms of different lengths and option ranges (the faces of groups 3-4, the four
options of 5-8) are set side by side on 0-100.

Whether a number over children may be shown at all is decided by `core.privacy.suppress_table`, the
one suppression of the app: fewer than five answers show nothing, and say why.
"""

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext, ngettext

from onderstroom.core.privacy import SMALL, suppress_table
from onderstroom.instruments.engine import InstrumentDefinition
from onderstroom.instruments.scoring import scale_scores

__all__ = ["mean", "on_hundred", "scale_scores", "shown_counts", "too_few"]


def on_hundred(spec: InstrumentDefinition, score: float) -> float:
    """A scale mean on 0-100: the lowest option 0, the highest 100."""
    return 100 * (score - spec.min_value) / (spec.max_value - spec.min_value)


def shown_counts(counts: Sequence[int]) -> list[bool]:
    """Which of these counts of answering children (one per group) may carry a number.

    Each count is one row of a table whose total is the school's: `suppress_table` hides the small
    ones and whatever would give a small one away, and only a shown count of five or more carries a mean.
    """
    if not counts:
        return []
    table = suppress_table([[count] for count in counts])
    return [not cell.hidden and count >= SMALL for cell, count in zip(table.row_totals, counts, strict=True)]


def too_few(count: int, staff: bool = False) -> str:
    """Why nothing is shown over `count` answers, in the user's language (children's or colleagues')."""
    if count == 0:
        return gettext("No answers yet.")
    if staff:
        return ngettext(
            "%(count)d answer: too few to show anything without a colleague being recognisable.",
            "%(count)d answers: too few to show anything without a colleague being recognisable.",
            count,
        ) % {"count": count}
    return ngettext(
        "%(count)d answer: too few to show anything without a child being recognisable.",
        "%(count)d answers: too few to show anything without a child being recognisable.",
        count,
    ) % {"count": count}


def mean(values: Iterable[float]) -> float | None:
    found = list(values)
    return sum(found) / len(found) if found else None
