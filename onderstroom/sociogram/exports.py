"""The results page's table of every child, as one tidy table for the kernel's export kit: one row
per child the page lists, the columns the page shows (numbers as numbers), nothing the page hides."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onderstroom.core.exports import Sheet
from onderstroom.sociogram.relationships import Relationship
from onderstroom.sociogram.results import ChildResult, SurveyResults


def _answered(row: ChildResult) -> str:
    if row.finished:
        return pgettext("peer survey", "yes")
    if row.started:
        return pgettext("peer survey", "started")
    return pgettext("peer survey", "not yet")


def _scores(row: ChildResult) -> list[Any]:
    """Preference and impact as the page shows them (standardised, or the rating sums), and z chosen."""
    if row.no_status:
        return [None, None, None]
    if row.nomination and row.nomination.preference is not None:
        return [round(row.nomination.preference, 2), round(row.nomination.impact or 0, 2), None]
    if row.nomination:
        return [None, None, round(row.nomination.z_liked_most, 2)]
    if row.rating and row.rating.raters:
        return [row.rating.preference, row.rating.impact, None]
    return [None, None, None]


def table_sheet(found: SurveyResults, rows: list[tuple[ChildResult, Relationship]]) -> Sheet:
    negative = found.survey.ask_not_play
    header = [
        pgettext("peer survey", "Child"),
        _("has left the group since"),
        pgettext("peer survey", "Answered"),
        pgettext("peer survey", "Chosen by"),
        _("Chosen for work"),
        _("Chosen for play"),
        *([_("Named negatively"), _("Named negatively by")] if negative else []),
        _("Chose each other"),
        pgettext("peer survey", "Status"),
        _("Preference"),
        _("Impact"),
        _("Chosen (z)"),
        _("Relationship with the teacher"),
        _("Own view"),
        _("Notes"),
    ]
    table = []
    for row, relation in rows:
        status = "" if row.no_status or row.status is None else str(row.status.label)
        table.append(
            [
                row.child.full_name,
                "" if row.enrolled else _("yes"),
                _answered(row),
                row.chosen_by,
                row.received.get("work"),
                row.received.get("play"),
                *([row.negative, ", ".join(row.negative_from)] if negative else []),
                ", ".join(row.mutual),
                str(row.no_status) or status,
                *_scores(row),
                relation.profile,
                str(relation.child_view),
                "; ".join(str(note) for note in relation.notes),
            ]
        )
    return Sheet(title=_("Peer survey"), header=header, rows=table)
