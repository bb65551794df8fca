"""The server-drawn charts: a legend whose labels never run into each other."""

import itertools

from onderstroom.questionnaires.charts import (
    LEGEND_SWATCH,
    LegendEntry,
    Series,
    legend_height,
    legend_layout,
    text_width,
)


def series(*labels: str) -> list[Series]:
    return [Series(label, "#000000", "", ()) for label in labels]


def right_end(entry: LegendEntry) -> float:
    return entry.x + LEGEND_SWATCH + text_width(entry.label)


def test_a_width_estimate_errs_on_the_wide_side_but_not_by_much() -> None:
    # As Chromium draws them in DejaVu Sans at 11 px.
    for label, drawn in [("Eerlijke verwachtingen", 125), ("Omgang met de klas", 115), ("November 2026", 89)]:
        assert drawn <= text_width(label) <= drawn * 1.12


def test_short_labels_stand_in_even_columns() -> None:
    legend = legend_layout(series("Nabijheid", "Conflict", "Afhankelijkheid", "Aankunnen"), 44, 640)
    assert [entry.x for entry in legend] == [44, 193, 342, 491]
    assert legend_height(legend) == 0


def test_a_long_label_pushes_the_next_entry_along_instead_of_under_it() -> None:
    labels = ("Steun en nabijheid", "Conflict", "Eerlijke verwachtingen", "Omgang met de klas")
    legend = legend_layout(series(*labels), 44, 640)
    assert legend_height(legend) == 0  # still one row
    for entry, following in itertools.pairwise(legend):
        assert right_end(entry) < following.x
    assert right_end(legend[-1]) <= 640


def test_labels_that_do_not_fit_one_row_wrap_to_the_next() -> None:
    legend = legend_layout(series(*(f"Een heel lange schaalnaam {n}" for n in range(4))), 44, 640)
    assert legend[0].dy == 0
    assert legend[-1].dy > 0
    assert legend_height(legend) == legend[-1].dy
    assert all(right_end(entry) <= 640 for entry in legend)
