"""A teacher's reflections about a child, for the privacy registry (core/childdata.py).

A reflection is the teacher's, but it is about one child and written on that child's journal:
it is reached only through the child. Without the child nobody could open it again, and its text
describes the child, so erasure deletes it (there is no teacher's text left that does not identify
the child). The teacher's other entries, about other children, stay as they are.
"""

from datetime import date

from django.utils.translation import gettext as _

from onderstroom.core.childdata import Erased, Table
from onderstroom.reflection.models import Entry
from onderstroom.schools.models import Child

TEXT_FIELDS = (
    "word_1",
    "moment_1",
    "word_2",
    "moment_2",
    "word_3",
    "moment_3",
    "clicked",
    "did_not_click",
    "evoked_note",
    "picture",
    "behind",
    "needs",
    "will_try",
)


def export_child(child: Child) -> list[Table]:
    entries = list(
        Entry.objects.filter(child=child).select_related("author").order_by("written_on", "created_at")
    )
    return [
        Table(
            key="reflection.entries",
            title=_("Reflections of teachers"),
            columns=("written_on", "author", "evoked", *TEXT_FIELDS),
            headers=(
                _("date"),
                _("teacher"),
                _("what this child evokes in me"),
                *(str(getattr(Entry._meta.get_field(name), "verbose_name", name)) for name in TEXT_FIELDS),
            ),
            rows=[
                (
                    e.written_on,
                    e.author.full_name or e.author.email,
                    ", ".join(e.evoked_labels),
                    *(getattr(e, name) for name in TEXT_FIELDS),
                )
                for e in entries
            ],
            since=entries[0].written_on if entries else None,
        )
    ]


def erase_child(child: Child) -> Erased:
    deleted, _by_model = Entry.objects.filter(child=child).delete()
    return Erased(deleted=deleted)


def expire(before: date, dry_run: bool) -> int:
    entries = Entry.objects.filter(written_on__lt=before)
    if dry_run:
        return entries.count()
    deleted, _by_model = entries.delete()
    return deleted
