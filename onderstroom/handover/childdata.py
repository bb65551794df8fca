"""Handover notes, for the privacy registry (core/childdata.py): they describe one child, so an access
request shows them and erasure deletes them."""

from django.utils.translation import gettext as _

from onderstroom.core.childdata import Erased, Table
from onderstroom.handover.models import TEXT_FIELDS, HandoverNote
from onderstroom.schools.models import Child


def export_child(child: Child) -> list[Table]:
    notes = list(HandoverNote.objects.filter(child=child).select_related("author", "school_year", "group"))
    notes.sort(key=lambda n: (n.school_year.starts_on, n.created_at))
    return [
        Table(
            key="handover.notes",
            title=_("Handover notes"),
            columns=("school_year", "group", "author", *TEXT_FIELDS),
            headers=(
                _("school year"),
                _("group"),
                _("teacher"),
                *(
                    str(getattr(HandoverNote._meta.get_field(name), "verbose_name", name))
                    for name in TEXT_FIELDS
                ),
            ),
            rows=[
                (
                    n.school_year.name,
                    n.group.name,
                    n.author.full_name or n.author.email,
                    *(getattr(n, name) for name in TEXT_FIELDS),
                )
                for n in notes
            ],
            since=notes[0].created_at.date() if notes else None,
        )
    ]


def erase_child(child: Child) -> Erased:
    deleted, _by_model = HandoverNote.objects.filter(child=child).delete()
    return Erased(deleted=deleted)
