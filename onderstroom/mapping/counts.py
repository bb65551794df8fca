"""Counts of children without a trusted adult, for the director (per group and round) and the board
(per school, latest round): numbers only, small counts suppressed (core/privacy.py). A constant number
of queries, whatever the number of groups, children or schools."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from onderstroom.core.privacy import Cell, suppress_table
from onderstroom.mapping.models import MappingRound, NamedAdult, StaffMark
from onderstroom.schools.models import Enrollment, Group, School


@dataclass(frozen=True)
class RoundCounts:
    without: dict[int, set[int]]  # group id → ids of the children without a trusted adult
    children: int  # the round's children (enrolled in its school year)


def by_round(rounds: Sequence[MappingRound]) -> dict[int, RoundCounts]:
    """Round id → its counts; three queries for any number of rounds."""
    ids = [r.pk for r in rounds]
    trusted: dict[int, set[int]] = defaultdict(set)
    for round_id, child_id in StaffMark.objects.filter(round_id__in=ids).values_list("round_id", "child_id"):
        trusted[round_id].add(child_id)
    for round_id, child_id in NamedAdult.objects.filter(answer__round_id__in=ids).values_list(
        "answer__round_id", "answer__child_id"
    ):
        trusted[round_id].add(child_id)
    roster: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for year_id, group_id, child_id in Enrollment.objects.filter(
        school_year_id__in={r.school_year_id for r in rounds}
    ).values_list("school_year_id", "group_id", "child_id"):
        roster[year_id].append((group_id, child_id))
    counts = {}
    for found in rounds:
        without: dict[int, set[int]] = defaultdict(set)
        for group_id, child_id in roster[found.school_year_id]:
            if child_id not in trusted[found.pk]:
                without[group_id].add(child_id)
        counts[found.pk] = RoundCounts(dict(without), len(roster[found.school_year_id]))
    return counts


def school_table(
    rounds: Sequence[MappingRound], known_groups: frozenset[int] = frozenset()
) -> dict[str, Any]:
    """Per group (rows) with a child without a trusted adult in one of the rounds (columns), suppressed.
    `known_groups`: the groups whose children this reader sees anyway (they teach or support them)."""
    counts = by_round(rounds)
    per_round = [counts[r.pk].without for r in rounds]
    group_ids = {gid for without in per_round for gid in without}
    groups = {g.pk: g for g in Group.objects.filter(pk__in=group_ids)} if group_ids else {}
    ordered = sorted(group_ids, key=lambda gid: (groups[gid].name, gid))
    if not ordered:
        return {"rows": [], "rounds": list(rounds)}
    table = suppress_table(
        [[len(without.get(gid, ())) for without in per_round] for gid in ordered],
        known_rows=[k for k, gid in enumerate(ordered) if gid in known_groups],
    )
    rows = [(groups[gid], table.cells[k], table.row_totals[k]) for k, gid in enumerate(ordered)]
    return {"rows": rows, "rounds": list(rounds), "totals": table.column_totals, "total": table.total}


def board_rows(schools: Sequence[School], known: frozenset[int] = frozenset()) -> list[dict[str, Any]]:
    """Per school of the board: its latest round, and the children without and with a trusted adult in
    it, suppressed. `known`: the schools the reader works at. Run inside the schools' scope."""
    latest: dict[int, MappingRound] = {}
    for found in MappingRound.objects.filter(school__in=schools).order_by("started_on", "id"):
        latest[found.school_id] = found
    counts = by_round(list(latest.values()))
    values = []
    for school in schools:
        last = latest.get(school.pk)
        if last is None:
            values.append([0, 0])
            continue
        without = sum(len(ids) for ids in counts[last.pk].without.values())
        values.append([without, counts[last.pk].children - without])
    known_rows = [k for k, school in enumerate(schools) if school.pk in known]
    table = suppress_table(values, known_rows=known_rows) if values else None
    rows = []
    for k, school in enumerate(schools):
        cells: list[Cell] = table.cells[k] if table else []
        rows.append({"school": school, "round": latest.get(school.pk), "cells": cells})
    return rows
