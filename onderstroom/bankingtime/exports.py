"""The Banking Time plans of a group and the care coordinator's signals list, each as one tidy table
for the kernel's export kit: one row per line of the page, the page's columns (numbers as numbers)."""

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from onderstroom.bankingtime.dosage import Dosage
from onderstroom.bankingtime.models import Plan
from onderstroom.bankingtime.steps import LinkedAction, SignalRow
from onderstroom.core.exports import Sheet


def status(plan: Plan, day: date) -> str:
    """What the overview's status tag says."""
    if plan.ended_on:
        return _("stopped")
    if plan.starts_on > day:
        return _("starts soon")
    if plan.last_day < day:
        return _("finished")
    return _("running")


def plans_sheet(rows: list[tuple[Plan, Dosage, date | None]], day: date) -> Sheet:
    header = [
        _("Pupil"),
        _("Teacher"),
        _("Minutes"),
        _("Sessions a week"),
        _("Weeks"),
        _("First day"),
        _("Last day"),
        _("Status"),
        _("Held in finished weeks"),
        _("Planned in finished weeks"),
        _("Held this week"),
        _("Planned this week"),
        _("Last session"),
    ]
    table: list[list[Any]] = []
    for plan, dosage, last_held in rows:
        current = dosage.current
        table.append(
            [
                plan.child.full_name,
                plan.teacher.full_name,
                plan.minutes,
                plan.sessions_per_week,
                plan.weeks,
                plan.starts_on,
                plan.last_day,
                status(plan, day),
                dosage.held_in_finished if dosage.share is not None else None,
                dosage.planned_so_far if dosage.share is not None else None,
                current.held if current else None,
                current.planned if current else None,
                last_held,
            ]
        )
    return Sheet(title=_("Banking Time"), header=header, rows=table)


def signals_sheet(listed: list[tuple[SignalRow, list[LinkedAction]]]) -> Sheet:
    """The signals list: a row per signal, the plan or plans linked to it (labels), or none yet."""
    header = [_("Pupil"), _("Teacher"), _("Moment"), _("Signal"), _("Reason"), _("Plan")]
    table = [
        [
            row.child.full_name,
            row.teacher.full_name,
            row.moment.name,
            row.signal.sentence,
            row.signal.reason,
            "; ".join(str(action.label) for action in linked) if linked else _("no plan yet"),
        ]
        for row, linked in listed
    ]
    return Sheet(title=_("Signals"), header=header, rows=table)
