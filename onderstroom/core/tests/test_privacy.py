"""Small-cell suppression: no hidden count of 1 to 4 can be worked out from what the table shows."""

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from onderstroom.core.privacy import LINKED_MARK, SMALL, SMALL_MARK, Cell, SuppressedTable, suppress_table
from onderstroom.testing.disclosure import (
    assert_nothing_recoverable,
    assert_small_counts_hidden,
    possible_values,
    shown_as,
)

# --- the rule, by example -----------------------------------------------------------------------


def test_counts_of_one_to_four_are_hidden_and_zero_and_five_are_shown() -> None:
    """Seven cells 0..6 in one column: 1 to 4 hidden, 0, 5 and 6 shown, the total too."""
    table = suppress_table([[n] for n in range(7)])
    assert [row[0].display for row in table.cells] == ["0", "<5", "<5", "<5", "<5", "5", "6"]
    assert table.total.display == "21"
    assert_nothing_recoverable(table)


def test_a_lone_small_cell_in_a_sum_takes_another_cell_with_it() -> None:
    """3 + 10 = 13: with 13 and 10 shown, the hidden 3 could be worked out."""
    table = suppress_table([[3, 10, 0]])
    assert [cell.display for cell in table.cells[0]] == ["<5", "•", "0"]
    assert table.row_totals[0].display == "13"
    assert_nothing_recoverable(table)


def test_two_small_cells_in_a_sum_that_can_trade_need_nothing_more() -> None:
    """3 + 2 + 9 = 14 over two rows of the same columns: the small pair can trade, 9 and 14 stay shown."""
    table = suppress_table([[3, 2, 9], [7, 8, 9]])
    assert [cell.display for cell in table.cells[0]] == ["<5", "<5", "9"]
    assert table.row_totals[0].display == "14"
    assert_nothing_recoverable(table)


def test_the_reader_model_finds_the_old_board_page_leak() -> None:
    """The old board page: 'School Klein | 55 | 0 <5 0 <5 0 25 0 22' pins both hidden cells at 4."""
    old = shown_as(
        [["0", "4:s", "0", "4:s", "0", "25", "0", "22"], ["10", "12", "11", "9", "13", "10", "8", "9"]],
        ["55", "82"],
        ["10", "16", "11", "13", "13", "35", "8", "31"],
        "137",
    )
    assert possible_values(old) == {("cell", 0, 1): (4, 4), ("cell", 0, 3): (4, 4)}


def test_the_reader_model_finds_the_old_school_overview_leak() -> None:
    """The old school overview: 'afstandelijk' 19 with 7 and 8 shown and a hidden 4."""
    old = shown_as([["7", "10"], ["8", "12"], ["4:s", "9"]], ["17", "20", "13"], ["19", "31"], "50")
    assert possible_values(old) == {("cell", 2, 0): (4, 4)}


def test_hiding_spreads_through_a_two_by_two_table_but_not_to_the_grand_total() -> None:
    table = suppress_table([[2, 8], [9, 7]])
    assert table.cells[0][0].display == "<5"
    assert table.total.display == "26"
    assert_nothing_recoverable(table)


def test_the_board_page_reproduction_no_longer_gives_both_fours_away() -> None:
    """'School Klein | 55 | 0 <5 0 <5 0 25 0 22': 55 - 47 = 8 made both hidden cells 4."""
    table = suppress_table([[0, 4, 0, 4, 0, 25, 0, 22], [10, 12, 11, 9, 13, 10, 8, 9]])
    assert table.row_totals[0].display == "55"
    assert_nothing_recoverable(table)


def test_the_school_overview_reproduction_no_longer_gives_a_column_away() -> None:
    """'afstandelijk' 19 with 7 and 8 shown: 19 - 7 - 8 = 4."""
    table = suppress_table([[7, 10], [8, 12], [4, 9]], row_totals_known=True)
    assert table.column_totals[0].value == 19
    assert [cell.display for cell in table.row_totals] == ["17", "20", "13"]
    assert_nothing_recoverable(table)


def test_a_small_total_is_hidden_and_protected_too() -> None:
    """A school with 3 pupils: its row total is a count of 1 to 4 as well."""
    table = suppress_table([[0, 3, 0], [6, 7, 8]])
    assert table.row_totals[0].display == "<5"
    assert_small_counts_hidden(table)
    assert_nothing_recoverable(table)


def test_an_empty_table() -> None:
    table = suppress_table([])
    assert (table.cells, table.row_totals, table.column_totals, table.total.display) == ([], [], [], "0")


# --- the rule, over random tables ----------------------------------------------------------------

# Counts as schools and groups have them: many zeros and small numbers, some larger ones.
counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 40))


@st.composite
def tables(draw: st.DrawFn, fewest_columns: int = 1) -> list[list[int]]:
    rows = draw(st.integers(1, 6))
    columns = draw(st.integers(fewest_columns, 8))
    return [[draw(counts) for _ in range(columns)] for _ in range(rows)]


@seed(20261204)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_hidden_small_count_of_a_random_table_can_be_worked_out(cells: list[list[int]]) -> None:
    """Every hidden count of 1 to 4 has at least two values a reader cannot tell apart."""
    table = suppress_table(cells)
    assert_small_counts_hidden(table)
    assert_nothing_recoverable(table)
    assert [[cell.value for cell in row] for row in table.cells] == cells


@seed(20261205)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(fewest_columns=2))  # one column and a known row total give its cell away: nothing helps
def test_no_hidden_small_count_can_be_worked_out_when_the_reader_knows_the_row_totals(
    cells: list[list[int]],
) -> None:
    """As the school overview: the reader knows each group's number of relationships from elsewhere."""
    table = suppress_table(cells, row_totals_known=True)
    assert not any(cell.hidden for cell in table.row_totals)
    assert_small_counts_hidden(table, row_totals_known=True)
    assert_nothing_recoverable(table)


@pytest.mark.parametrize("value", range(SMALL + 2))
def test_cells_show_their_marks(value: int) -> None:
    assert Cell(value).display == str(value)
    assert Cell(value, SMALL_MARK).display == "<5"
    assert Cell(value, LINKED_MARK).display == "•"


# --- two screens: a reader who knows some rows from elsewhere ------------------------------------


def insider_view(table: SuppressedTable, known: set[int]) -> SuppressedTable:
    """The table as a reader sees it who knows the rows `known` cell by cell from another screen."""
    return SuppressedTable(
        cells=[[Cell(c.value) if i in known else c for c in row] for i, row in enumerate(table.cells)],
        row_totals=[Cell(c.value) if i in known else c for i, c in enumerate(table.row_totals)],
        column_totals=table.column_totals,
        total=table.total,
    )


def test_a_reader_who_knows_one_row_learned_the_others_before_known_rows() -> None:
    """A board admin who works at the second school knows its 8 and 8: 11 - 8 then gives the 3 away,
    unless the suppression counts on that knowledge."""
    cells = [[3, 0], [8, 8]]
    plain = suppress_table(cells)
    assert possible_values(insider_view(plain, {1}))[("cell", 0, 0)] == (3, 3)
    table = suppress_table(cells, known_rows=[1])
    assert [cell.display for cell in table.cells[1]] == ["8", "8"]
    assert_nothing_recoverable(table)


@seed(20261206)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_hidden_small_count_can_be_worked_out_by_a_reader_who_knows_some_rows(data: st.DataObject) -> None:
    """The difference of two screens: what the reader knows from their own school or group, with
    what this table shows, pins down no small count of another row."""
    row_totals_known = data.draw(st.booleans())
    cells = data.draw(tables(fewest_columns=2 if row_totals_known else 1))
    known = data.draw(st.sets(st.integers(0, len(cells) - 1)))
    table = suppress_table(cells, row_totals_known=row_totals_known, known_rows=known)
    for i in known:
        assert [cell.display for cell in table.cells[i]] == [str(n) for n in cells[i]]
        assert table.row_totals[i].display == str(sum(cells[i]))
    # What the reader could pin down before reading this table (from the known rows and totals alone)
    # is no leak of this table; everything else must keep two possible values.
    prior = possible_values(prior_knowledge(cells, known, row_totals_known))
    pinned = {name for name, ends in possible_values(table).items() if ends[0] == ends[1]}
    assert {name for name in pinned if prior.get(name, (0, 1))[0] != prior.get(name, (0, 1))[1]} == set()
    assert [[cell.value for cell in row] for row in table.cells] == cells


def prior_knowledge(cells: list[list[int]], known: set[int], row_totals_known: bool) -> SuppressedTable:
    """Only what the reader knows without the table: the known rows, and the row totals if known."""
    hidden = lambda n: Cell(n, LINKED_MARK)  # noqa: E731
    rows = range(len(cells))
    return SuppressedTable(
        cells=[[Cell(n) if i in known else hidden(n) for n in cells[i]] for i in rows],
        row_totals=[
            Cell(sum(cells[i])) if i in known or row_totals_known else hidden(sum(cells[i])) for i in rows
        ],
        column_totals=[hidden(sum(column)) for column in zip(*cells, strict=True)],
        total=Cell(sum(map(sum, cells))) if row_totals_known else hidden(sum(map(sum, cells))),
    )
