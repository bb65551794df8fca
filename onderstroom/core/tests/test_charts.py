"""The chart kit: one palette with enough contrast, the up-and-down frame, and legends that never overlap."""

import itertools

import pytest
from django.template import Context, Template

from onderstroom.core.charts import (
    FONT,
    LEGEND_SWATCH,
    PALETTE,
    LegendEntry,
    Series,
    UpDown,
    UpDownFrame,
    bar_in_slot,
    legend_height,
    legend_layout,
    slots,
    text_width,
    up_down_chart,
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


def test_every_meaning_colour_stands_out_against_white_and_the_track() -> None:
    """Bars, lines and text of the palette have 3:1 contrast or more (WCAG 1.4.11) on white and the track."""
    meaning = ("ink", "soft", "brand", "positive", "negative", "warn", "blue", "purple", "grey", "accent")
    for role in meaning:
        colour = getattr(PALETTE, role)
        assert contrast(colour, PALETTE.white) >= 3, role
        assert contrast(colour, PALETTE.track) >= 3, role


def test_the_up_down_chart_scales_each_half_from_the_middle_line() -> None:
    """Up bars end on the middle line, a full bar fills its half, and an empty one draws nothing."""
    frame = UpDownFrame(left=30, top=10, half=60, right=10, max_slot=40)
    items = [UpDown(up=5, down=0, label="1", title="one"), UpDown(up=2, down=3, label="2", title="two")]
    chart = up_down_chart(items, frame, width=400, up_most=5, down_most=6)
    full, part = chart.columns
    assert full.up_height == chart.half
    assert full.up_y + full.up_height == chart.middle
    assert full.down_height == 0
    assert part.down_height == pytest.approx(chart.half / 2)
    assert chart.bottom == chart.middle + chart.half
    assert chart.description == "one; two"


def test_a_few_bars_keep_their_width_and_sit_in_the_middle() -> None:
    """Slots are never wider than the widest allowed, and the bars are centred between the margins."""
    slot, first = slots(2, 0, 400, 40)
    assert slot == 40
    assert first == 160
    x, width = bar_in_slot(first, 1, slot)
    assert (x, width) == (206.0, 28.0)


def test_templates_draw_in_the_palette_and_refuse_an_unknown_colour() -> None:
    """`{% colour %}` gives the palette's colour; a misspelt role fails instead of drawing black."""
    drawn = Template('{% load charts %}{% colour "negative" %} {% chart_font %}').render(Context())
    assert drawn == f"{PALETTE.negative} {FONT}"
    with pytest.raises(AttributeError):
        Template('{% load charts %}{% colour "red" %}').render(Context())


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
