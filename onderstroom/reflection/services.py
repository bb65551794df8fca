"""Every change to the reflection journal: one function each, access checked, atomic, audited.

Audit rows name the entry and the child and list which prompts were filled in; never the text.
"""

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.core.errors import Refused
from onderstroom.questionnaires.api import MeasurementMoment
from onderstroom.reflection.access import care_coordinators
from onderstroom.reflection.models import Entry, Evoked
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Enrollment


@dataclass(frozen=True)
class EntryText:
    """The guided prompts, as the author filled them in."""

    word_1: str = ""
    moment_1: str = ""
    word_2: str = ""
    moment_2: str = ""
    word_3: str = ""
    moment_3: str = ""
    clicked: str = ""
    did_not_click: str = ""
    evoked: tuple[str, ...] = field(default_factory=tuple)
    evoked_note: str = ""
    picture: str = ""
    behind: str = ""
    needs: str = ""
    will_try: str = ""

    def filled(self) -> list[str]:
        """The names of the prompts that hold something: what the audit row may say."""
        return [name for name, value in asdict(self).items() if value]


def _check(text: EntryText) -> None:
    if not text.filled():
        raise Refused(_("Write something for at least one of the prompts."))
    if any(key not in Evoked.values for key in text.evoked):
        raise Refused(_("Choose from the list what this child evokes in you."))


def _apply(entry: Entry, text: EntryText) -> None:
    for name, value in asdict(text).items():
        setattr(entry, name, list(dict.fromkeys(value)) if name == "evoked" else value)


def write_entry(
    actor: StaffActor,
    enrollment: Enrollment,
    text: EntryText,
    *,
    signal_key: str = "",
    signal_moment: MeasurementMoment | None = None,
) -> Entry:
    """A teacher of the child's group writes a new entry; it is private to them."""
    if not actor.teaches(enrollment.group_id):
        raise Http404
    _check(text)
    if signal_moment is not None and signal_moment.group_id != enrollment.group_id:
        raise Refused(_("That signal does not belong to this child's group."))
    with transaction.atomic():
        entry = Entry(
            school_id=enrollment.school_id,
            child=enrollment.child,
            group_id=enrollment.group_id,
            author=actor.user,
            written_on=timezone.localdate(),
            signal_key=signal_key if signal_moment is not None else "",
            signal_moment=signal_moment,
        )
        _apply(entry, text)
        entry.save()
        log.record(
            actor,
            "reflection.entry.create",
            child=entry.child,
            obj=entry,
            details={"prompts": text.filled(), "linked_to_signal": bool(entry.signal_key)},
        )
    return entry


def update_entry(actor: StaffActor, entry: Entry, text: EntryText) -> Entry:
    if entry.author_id != actor.user_id:
        raise Http404
    _check(text)
    with transaction.atomic():
        _apply(entry, text)
        entry.save()
        log.record(
            actor, "reflection.entry.update", child=entry.child, obj=entry, details={"prompts": text.filled()}
        )
    return entry


def share_entry(actor: StaffActor, entry: Entry, coordinator: User) -> Entry:
    """Share this one entry with one named care coordinator of its group (replacing an earlier one)."""
    if entry.author_id != actor.user_id:
        raise Http404
    if coordinator.pk == actor.user_id or coordinator not in care_coordinators(entry.group):
        raise Refused(_("Choose a care coordinator of this child's group."))
    with transaction.atomic():
        entry.shared_with, entry.shared_at = coordinator, timezone.now()
        entry.save(update_fields=["shared_with", "shared_at"])
        log.record(
            actor,
            "reflection.entry.share",
            child=entry.child,
            obj=entry,
            details={"with_user": coordinator.pk},
        )
    return entry


def withdraw_share(actor: StaffActor, entry: Entry) -> Entry:
    if entry.author_id != actor.user_id:
        raise Http404
    if entry.shared_with_id is None:
        raise Refused(_("This entry is not shared."))
    with transaction.atomic():
        previous = entry.shared_with_id
        entry.shared_with, entry.shared_at = None, None
        entry.save(update_fields=["shared_with", "shared_at"])
        log.record(
            actor, "reflection.entry.unshare", child=entry.child, obj=entry, details={"with_user": previous}
        )
    return entry


def delete_entry(actor: StaffActor, entry: Entry) -> None:
    if entry.author_id != actor.user_id:
        raise Http404
    with transaction.atomic():
        log.record(actor, "reflection.entry.delete", child=entry.child, obj=entry)
        entry.delete()
