"""Writing and removing a handover note: only a teacher of the child this year, with an audit row."""

from dataclasses import dataclass, fields

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from onderstroom.audit import log
from onderstroom.core.errors import Refused
from onderstroom.handover.access import may_write_for, own_note
from onderstroom.handover.models import NOTE_LENGTH, HandoverNote
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Enrollment


@dataclass(frozen=True)
class NoteText:
    themes: str = ""
    approach: str = ""
    trusted_adult: str = ""
    insight: str = ""

    def filled(self) -> list[str]:
        """The names of the fields with text (for the audit row: never the text itself)."""
        return [f.name for f in fields(self) if getattr(self, f.name).strip()]


def write_note(actor: StaffActor, enrollment: Enrollment, text: NoteText) -> HandoverNote:
    """A teacher of the child's group writes (or rewrites) their note of that school year (this year's,
    or last year's within the grace period)."""
    if not may_write_for(actor, enrollment.group_id):
        raise Http404
    if not text.filled():
        raise Refused(_("Write at least one thing that helped."))
    if any(len(getattr(text, f.name)) > NOTE_LENGTH for f in fields(text)):
        raise Refused(_("Keep each part short: at most %(count)s characters.") % {"count": NOTE_LENGTH})
    with transaction.atomic():
        note = own_note(actor, enrollment) or HandoverNote(
            school_id=enrollment.school_id,
            child_id=enrollment.child_id,
            group_id=enrollment.group_id,
            school_year_id=enrollment.school_year_id,
            author=actor.user,
        )
        created = note.pk is None
        for f in fields(text):
            setattr(note, f.name, getattr(text, f.name).strip())
        note.save()
        log.record(
            actor,
            "handover.note.write" if created else "handover.note.change",
            child=enrollment.child,
            obj=note,
            details={"fields": text.filled()},
        )
    return note


def remove_note(actor: StaffActor, enrollment: Enrollment) -> None:
    """The author takes their note back (while they may still write it)."""
    if not may_write_for(actor, enrollment.group_id):
        raise Http404
    note = own_note(actor, enrollment)
    if note is None:
        raise Http404
    with transaction.atomic():
        log.record(actor, "handover.note.remove", child=enrollment.child, obj=note)
        note.delete()
