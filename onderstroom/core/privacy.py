"""Small-cell suppression: the one rule for every screen that shows counts of children.

A table of counts is shown with its row totals, its column totals and its grand total. Every count
of 1 to 4 children, a cell or a total, is hidden ("small", shown as "<5"): so few could point at one
child. Hiding is not enough when the hidden number can be worked out from what is shown: 55 pupils
with 47 shown and two hidden cells that are each at most 4 means both are 4. So more numbers are
hidden ("complementary" suppression) until every small number could, as far as anyone reading the
screen can tell, be at least two different values.

- A 0 is shown, unless hiding it protects a small number; it is then shown as "<5" too (which is
  true), so a reader cannot tell a hidden 0 from a hidden 1 to 4.
- A hidden count of 5 or more is shown as "•" ("linked": hidden, no size given). So is a count of
  1 to 4 that "<5" alone would give away (a known total of 8 over two hidden cells: both are 4).

The reader is modelled exactly: every shown number is known, a "<5" is somewhere in 0..4, a "•"
is any number, and the cells add up to the totals. Such a table is a flow network (total → rows →
columns → total), so a hidden number can take another value exactly when a cycle of changeable
numbers runs through it; `_protected` looks for one, and `_hide_one_more` hides the number that
closes or extends such a cycle at the lowest cost (inner cells before totals, small values first).
"""

from collections import deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import chain, count
from typing import ClassVar

SMALL = 5  # counts below this (and above 0) are never shown
SMALL_MARK, LINKED_MARK, KNOWN_MARK = "small", "linked", "known"
_UNBOUNDED = 10**12

Node = tuple[object, ...]
_MARK_CHANGES = count(1)


@dataclass(frozen=True)
class Cell:
    value: int
    # SMALL_MARK: 0 to 4, hidden; LINKED_MARK: hidden without a size, so that a small number stays hidden.
    hidden: str = ""

    @property
    def display(self) -> str:
        if self.hidden == SMALL_MARK:
            return "<5"
        if self.hidden == LINKED_MARK:
            return "•"
        return str(self.value)


@dataclass(frozen=True)
class SuppressedTable:
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell

    @property
    def has_linked(self) -> bool:
        every = chain(chain.from_iterable(self.cells), self.row_totals, self.column_totals, [self.total])
        return any(cell.hidden == LINKED_MARK for cell in every)


@dataclass(eq=False)  # every edge is its own number, whatever its value
class _Edge:
    tail: Node
    head: Node
    value: int
    cost: tuple[int, int]
    mark: str = ""  # "" shown, SMALL_MARK, LINKED_MARK, or KNOWN_MARK: known, though not on this screen

    # Rises whenever any edge's mark changes (in any table): `_Changeable` rebuilds its steps then.
    marks_changed: ClassVar[int] = 0

    def __setattr__(self, name: str, value: object) -> None:
        object.__setattr__(self, name, value)
        if name == "mark":
            _Edge.marks_changed = next(_MARK_CHANGES)

    def bounds(self) -> tuple[int, int]:
        """What a reader of the screen knows about this number."""
        if self.mark == SMALL_MARK:
            return 0, SMALL - 1
        if self.mark == LINKED_MARK:
            return 0, _UNBOUNDED
        return self.value, self.value

    def arcs(self) -> list[tuple[Node, Node]]:
        """The directions in which this number could change, in the reader's eyes."""
        low, high = self.bounds()
        return [
            *([(self.tail, self.head)] if self.value < high else []),
            *([(self.head, self.tail)] if self.value > low else []),
        ]


def suppress_table(
    cells: Sequence[Sequence[int]], row_totals_known: bool = False, known_rows: Collection[int] = ()
) -> SuppressedTable:
    """Which counts of a table, its row and column totals and its grand total to hide.

    `row_totals_known`: the reader knows every row's total from elsewhere (the school overview shows
    the children rated per group, close to its number of relationships), so they are never hidden
    and the suppression counts on the reader knowing them exactly.

    `known_rows`: rows this reader knows cell by cell from another screen (a board admin who works
    at one of the board's schools knows that school's grades; a director who teaches knows the
    profiles of their own group from the class overview). Those rows are shown as they are, and the
    other rows are hidden so that even this knowledge gives none of their small counts away: the
    difference between two screens is closed, not only each screen.
    """
    rows, columns = len(cells), len(cells[0]) if cells else 0
    edges = _network(cells)
    # Known row totals make the grand total known too.
    fixed = [*edges[rows * columns : rows * columns + rows], edges[-1]] if row_totals_known else []
    for i in sorted(set(known_rows)):
        fixed += [*edges[i * columns : (i + 1) * columns], edges[rows * columns + i]]
    if rows and set(known_rows) >= set(range(rows)):
        fixed = edges  # the reader knows the whole table: nothing on it is news to them
    for edge in fixed:
        edge.mark = KNOWN_MARK
    primary = [edge for edge in edges if not edge.mark and 0 < edge.value < SMALL]
    for edge in primary:
        edge.mark = SMALL_MARK
    network = _Changeable(edges)
    for edge in primary:
        while not _protected(edge, network):
            if _hide_one_more(edge, network):
                continue
            if edge.mark == LINKED_MARK:
                break  # everything that could help is hidden; the tests show this does not happen
            edge.mark = LINKED_MARK  # "<5" itself gives it away (two 4s in a known 8): say only "hidden"
    _show_what_needs_no_hiding(network, primary)

    def cell(edge: _Edge) -> Cell:
        return Cell(edge.value, "" if edge.mark == KNOWN_MARK else edge.mark)

    inner = [[cell(edges[i * columns + j]) for j in range(columns)] for i in range(rows)]
    rest = edges[rows * columns :]
    return SuppressedTable(
        cells=inner,
        row_totals=[cell(edge) for edge in rest[:rows]],
        column_totals=[cell(edge) for edge in rest[rows : rows + columns]],
        total=cell(rest[rows + columns]),
    )


def _network(cells: Sequence[Sequence[int]]) -> list[_Edge]:
    """Inner cells, row by row, then the row totals, the column totals and the grand total."""
    rows, columns = len(cells), len(cells[0]) if cells else 0
    top, bottom = ("total", "out"), ("total", "in")
    edges = [
        _Edge(("row", i), ("column", j), cells[i][j], (0, cells[i][j]))
        for i in range(rows)
        for j in range(columns)
    ]
    edges += [_Edge(top, ("row", i), sum(row), (1, sum(row))) for i, row in enumerate(cells)]
    edges += [
        _Edge(("column", j), bottom, column, (1, column))
        for j, column in enumerate(sum(row[j] for row in cells) for j in range(columns))
    ]
    grand = sum(map(sum, cells))
    edges.append(_Edge(bottom, top, grand, (2, grand)))
    return edges


type Steps = dict[Node, list[tuple[Node, _Edge]]]


class _Changeable:
    """Where one can go along changeable numbers (only hidden ones change), forwards and backwards.

    Built once per state of the marks and reused by every check until a mark changes: the checks
    ask this hundreds of times for a board of fifty schools, mostly without anything hidden between.
    """

    def __init__(self, edges: list[_Edge]) -> None:
        self.edges = edges
        self._built = -1  # the value of `_Edge.marks_changed` the steps were built at
        self._forward: Steps = {}
        self._backward: Steps = {}

    def steps(self, backwards: bool = False) -> Steps:
        if _Edge.marks_changed != self._built:
            self._built, self._forward, self._backward = _Edge.marks_changed, {}, {}
            for edge in self.edges:
                if edge.mark in (SMALL_MARK, LINKED_MARK):
                    for a, b in edge.arcs():
                        self._forward.setdefault(a, []).append((b, edge))
                        self._backward.setdefault(b, []).append((a, edge))
        return self._backward if backwards else self._forward


def _reach(start: Node, step: Steps, skip: _Edge) -> set[Node]:
    """The nodes reachable from `start`, leaving out the arcs of `skip`."""
    seen, queue = {start}, deque([start])
    while queue:
        for nxt, edge in step.get(queue.popleft(), []):
            if edge is not skip and nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _connects(start: Node, goal: Node, step: Steps, skip: _Edge) -> bool:
    """Whether `goal` is reachable from `start`, leaving out the arcs of `skip` (`_reach`, stopping early)."""
    seen, queue = {start}, deque([start])
    while queue:
        for nxt, edge in step.get(queue.popleft(), []):
            if edge is not skip and nxt not in seen:
                if nxt == goal:
                    return True
                seen.add(nxt)
                queue.append(nxt)
    return start == goal


def _protected(edge: _Edge, network: _Changeable) -> bool:
    """Whether the reader sees at least two possible values for this hidden number."""
    low, high = edge.bounds()
    step = network.steps()
    up = edge.value < high and _connects(edge.head, edge.tail, step, edge)
    return up or (edge.value > low and _connects(edge.tail, edge.head, step, edge))


def _arcs_if_hidden(edge: _Edge) -> list[tuple[Node, Node]]:
    edge.mark = SMALL_MARK if edge.value < SMALL else LINKED_MARK
    arcs = edge.arcs()
    edge.mark = ""
    return arcs


def _hide_one_more(target: _Edge, network: _Changeable) -> bool:
    """Hide the cheapest shown number that closes a cycle through `target`, else one that extends it."""
    low, high = target.bounds()
    directions = [(target.head, target.tail)] if target.value < high else []
    directions += [(target.tail, target.head)] if target.value > low else []
    shown = sorted((edge for edge in network.edges if not edge.mark), key=lambda edge: edge.cost)
    extending: _Edge | None = None
    for start, goal in directions:
        ahead = _reach(start, network.steps(), target)
        behind = _reach(goal, network.steps(backwards=True), target)
        for edge in shown:
            arcs = _arcs_if_hidden(edge)
            if any(a in ahead and b in behind for a, b in arcs):
                _hide(edge)
                return True
            if extending is None and any(a in ahead and b not in ahead for a, b in arcs):
                extending = edge
    if extending is None:
        return False
    _hide(extending)
    return True


def _hide(edge: _Edge) -> None:
    edge.mark = SMALL_MARK if edge.value < SMALL else LINKED_MARK


def _show_what_needs_no_hiding(network: _Changeable, primary: list[_Edge]) -> None:
    """Show again every extra hidden number (costliest first) whose hiding protects nothing."""
    extra = [edge for edge in network.edges if edge.mark in (SMALL_MARK, LINKED_MARK) and edge not in primary]
    safe = [small for small in primary if _protected(small, network)]
    for edge in sorted(extra, key=lambda edge: edge.cost, reverse=True):
        mark, edge.mark = edge.mark, ""
        if not all(_protected(small, network) for small in safe):
            edge.mark = mark
