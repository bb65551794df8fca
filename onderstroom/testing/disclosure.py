"""A reader of a screen of counts, trying to work out the hidden ones (for the small-cell tests).

Tables come from `core.privacy.suppress_table` or from a page's HTML (`shown_as`, "<5" and "•" for
hidden numbers); the reader knows only what is shown and solves for the rest as an integer
programme, independently of the suppression code.
"""

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from onderstroom.core.privacy import LINKED_MARK, SMALL, SMALL_MARK, Cell, SuppressedTable


def possible_values(table: SuppressedTable) -> dict[tuple[str, int, int], tuple[int, int]]:
    """What a reader can work out: for every hidden count of 1 to 4, its lowest and highest possible value.

    The reader knows every shown number, that "<5" is 0..4 and "•" is 0 or more, and that the cells
    add up to the totals.
    Solved as an integer programme, independently of the function under test.
    """
    rows, columns = len(table.cells), len(table.column_totals)
    names: list[tuple[str, int, int]] = []
    items: list[Cell] = []
    for i, row in enumerate(table.cells):
        for j, cell in enumerate(row):
            names.append(("cell", i, j))
            items.append(cell)
    for i, cell in enumerate(table.row_totals):
        names.append(("row", i, 0))
        items.append(cell)
    for j, cell in enumerate(table.column_totals):
        names.append(("column", j, 0))
        items.append(cell)
    names.append(("total", 0, 0))
    items.append(table.total)
    index = {name: k for k, name in enumerate(names)}
    size = len(index)
    big = 10 * (sum(abs(cell.value) for cell in items) + 1)
    low, high = np.zeros(size), np.full(size, float(big))
    for name, cell in zip(names, items, strict=True):
        k = index[name]
        if cell.hidden == SMALL_MARK:
            low[k], high[k] = 0, SMALL - 1
        elif cell.hidden == LINKED_MARK:
            low[k], high[k] = 0, big
        else:
            low[k] = high[k] = cell.value
    equations = []
    for i in range(rows):
        line = np.zeros(size)
        for j in range(columns):
            line[index["cell", i, j]] = 1
        line[index["row", i, 0]] = -1
        equations.append(line)
    for j in range(columns):
        line = np.zeros(size)
        for i in range(rows):
            line[index["cell", i, j]] = 1
        line[index["column", j, 0]] = -1
        equations.append(line)
    line = np.zeros(size)
    for i in range(rows):
        line[index["row", i, 0]] = 1
    line[index["total", 0, 0]] = -1
    equations.append(line)
    constraint = LinearConstraint(np.array(equations), 0, 0)
    found = {}
    for name, cell in zip(names, items, strict=True):
        if cell.hidden and 0 < cell.value < SMALL:
            goal = np.zeros(size)
            goal[index[name]] = 1
            ends = []
            for sign in (1, -1):
                result = milp(
                    sign * goal, constraints=constraint, integrality=np.ones(size), bounds=Bounds(low, high)
                )
                assert result.success, result.message
                ends.append(round(result.x[index[name]]))
            found[name] = (ends[0], ends[1])
    return found


def assert_nothing_recoverable(table: SuppressedTable) -> None:
    pinned = {name: ends for name, ends in possible_values(table).items() if ends[0] == ends[1]}
    assert pinned == {}


def assert_small_counts_hidden(table: SuppressedTable, row_totals_known: bool = False) -> None:
    """Every count of 1 to 4 is hidden ("<5", or "•" where "<5" would give it away), other hidden
    numbers read "<5" (a 0) or "•" by their size, the rest as is."""
    totals = [] if row_totals_known else table.row_totals
    for cell in [*(c for row in table.cells for c in row), *totals, *table.column_totals, table.total]:
        if 0 < cell.value < SMALL:
            assert cell.display in ("<5", "•")
        elif cell.hidden:
            assert cell.display == ("<5" if cell.value < SMALL else "•")
        else:
            assert cell.display == str(cell.value)


def shown_as(
    cells: list[list[str]], row_totals: list[str], column_totals: list[str], total: str
) -> SuppressedTable:
    """A table as a screen printed it: a number, "<5", "•", or "4:s" for a hidden 4 (an old screen's leak).

    A "<5" whose value the page does not tell counts as a hidden 1 to 4 (it must not be pinned down);
    a "•" as a hidden 5.
    """

    def cell(text: str) -> Cell:
        if text == "<5":
            return Cell(1, SMALL_MARK)
        if text == "•":
            return Cell(SMALL, LINKED_MARK)
        value, _, mark = text.partition(":")
        return Cell(int(value), {"": "", "s": SMALL_MARK, "l": LINKED_MARK}[mark])

    return SuppressedTable(
        cells=[[cell(text) for text in row] for row in cells],
        row_totals=[cell(text) for text in row_totals],
        column_totals=[cell(text) for text in column_totals],
        total=cell(total),
    )
