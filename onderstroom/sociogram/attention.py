"""Combinations of a child's place among classmates and their relationship with the teacher
that call for attention, in words a teacher can act on.

The teacher's reactions shape how classmates see a child (DESIGN.md §1.4, §3.7): a child who is
not chosen by classmates *and* in conflict with the teacher is the pattern to notice first.
Pure functions: the caller translates the relationship summary of the questionnaires app into a
`TeacherView`.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onderstroom.sociogram.status import Status


class Bond(StrEnum):
    """The kind of teacher-child relationship, as far as these combinations need it."""

    WARM = "warm"
    CONFLICT = "conflict"  # conflictual, also warm-but-stormy
    DISTANT = "distant"
    DEPENDENT = "dependent"


@dataclass(frozen=True)
class PeerPosition:
    status: Status | None
    chosen_by: int
    negative: int | None  # negative nominations received, None when not asked
    # Enough of the class finished the survey (core.participation) and this child was on its class
    # list; otherwise "not chosen" means nothing.
    answers: bool


@dataclass(frozen=True)
class TeacherView:
    bond: Bond | None  # the teacher's latest relationship profile
    feels_supported: bool | None  # the child's own view of the teacher's support


def is_left_out(peer: PeerPosition) -> bool:
    return peer.answers and (peer.chosen_by == 0 or peer.status in (Status.REJECTED, Status.NEGLECTED))


def attention_notes(peer: PeerPosition, teacher: TeacherView) -> list[str | Promise]:
    """What to look at for this child, most urgent first; empty when nothing stands out."""
    notes: list[str | Promise] = []
    left_out = is_left_out(peer)
    not_chosen = peer.answers and peer.chosen_by == 0
    if teacher.bond == Bond.CONFLICT:
        if peer.status == Status.REJECTED:
            notes.append(_("rejected by classmates and in conflict with the teacher"))
        elif not_chosen:
            notes.append(_("not chosen by classmates and in conflict with the teacher"))
        elif peer.status in (Status.POPULAR, Status.CONTROVERSIAL):
            notes.append(_("chosen by classmates, but in conflict with the teacher"))
    elif teacher.bond == Bond.DISTANT and left_out:
        notes.append(
            _("hardly chosen by classmates and a distant relationship with the teacher: easy to overlook")
        )
    elif teacher.bond == Bond.DEPENDENT and left_out:
        notes.append(_("hardly chosen by classmates and leans on the teacher a lot"))
    if teacher.feels_supported is False and left_out:
        notes.append(_("hardly chosen by classmates and feels little support from the teacher"))
    return notes
