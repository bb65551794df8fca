"""Who chose whom: reciprocal friendships, isolated children and groups that keep to themselves.

Pure functions over a directed graph of positive choices; children are any hashable keys, and
`children` gives the order in which every list is returned (the app passes them sorted by name),
so the same answers always give the same lists.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Key = int  # a child's primary key

# A subgroup "keeps to itself" when at least this share of the choices its members make stay inside.
INSULAR_SHARE = 0.75
MIN_SUBGROUP = 3


@dataclass(frozen=True)
class Network:
    mutual_pairs: list[tuple[Key, Key]]
    not_chosen: list[Key]  # nobody chose them (among the children who answered)
    chose_nobody: list[Key]  # answered, but chose nobody
    subgroups: list[list[Key]]  # reciprocal subgroups whose members mostly choose each other
    chosen_by: dict[Key, int]  # positive choices received


def mutual_neighbours(children: Sequence[Key], choices: set[tuple[Key, Key]]) -> dict[Key, list[Key]]:
    order = {child: i for i, child in enumerate(children)}
    neighbours: dict[Key, list[Key]] = {child: [] for child in children}
    for a, b in choices:
        if (b, a) in choices and a in order and b in order:
            neighbours[a].append(b)
    for child in children:
        neighbours[child].sort(key=order.__getitem__)
    return neighbours


def mutual_components(children: Sequence[Key], choices: set[tuple[Key, Key]]) -> list[list[Key]]:
    """Connected groups of the graph of reciprocal choices, in the order of their first member."""
    neighbours = mutual_neighbours(children, choices)
    seen: set[Key] = set()
    components = []
    for start in children:
        if start in seen:
            continue
        component, queue = [], [start]
        seen.add(start)
        while queue:  # breadth first, so friends end up next to each other
            child = queue.pop(0)
            component.append(child)
            for friend in neighbours[child]:
                if friend not in seen:
                    seen.add(friend)
                    queue.append(friend)
        components.append(component)
    return components


def analyse(
    children: Sequence[Key], choices: Iterable[tuple[Key, Key]], respondents: Iterable[Key]
) -> Network:
    members = set(children)
    chosen = {(a, b) for a, b in choices if a != b and a in members and b in members}
    answered = set(respondents) & members
    chosen_by = {child: 0 for child in children}
    made = {child: 0 for child in children}
    for a, b in chosen:
        chosen_by[b] += 1
        made[a] += 1
    order = {child: i for i, child in enumerate(children)}
    mutual = sorted(
        ((a, b) for a, b in chosen if (b, a) in chosen and order[a] < order[b]),
        key=lambda pair: (order[pair[0]], order[pair[1]]),
    )
    return Network(
        mutual_pairs=mutual,
        not_chosen=[c for c in children if chosen_by[c] == 0] if answered else [],
        chose_nobody=[c for c in children if c in answered and made[c] == 0],
        subgroups=insular_subgroups(children, chosen),
        chosen_by=chosen_by,
    )


def insular_subgroups(children: Sequence[Key], choices: set[tuple[Key, Key]]) -> list[list[Key]]:
    """Reciprocal subgroups (at least 3 children, at most half the class) that mostly choose each other.

    A subgroup is a connected group of mutual friendships; it "keeps to itself" when at least
    INSULAR_SHARE of the choices its members make go to other members.
    """
    found = []
    for component in mutual_components(children, choices):
        if not MIN_SUBGROUP <= len(component) <= len(children) // 2:
            continue
        inside = set(component)
        made = [(a, b) for a, b in choices if a in inside]
        kept = sum(1 for _, b in made if b in inside)
        if made and kept / len(made) >= INSULAR_SHARE:
            found.append(component)
    return found
