"""Constellation boards a child stood on, for the privacy registry (core/childdata.py).

A personal constellation is the child's: erasure deletes it with its figures, steps and notes. On a
class constellation the child's figure stays, anonymised (no child, no name: "someone else"), so
that the board, its steps and what the classmates placed stay valid; a teacher's note on such a
board that names the child is deleted.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from onderstroom.constellations.models import Constellation, Event, Figure, Note
from onderstroom.core.childdata import Erased, Table, Value, classmate, names_child
from onderstroom.schools.models import Child

ANONYMOUS_LABEL = "—"


def _who(figure: Figure, child: Child) -> str:
    if figure.child_id == child.pk:
        return child.first_name
    if figure.child_id is not None:
        return classmate()
    if figure.user_id is not None:
        return figure.user.full_name or figure.user.email if figure.user else ""
    return figure.label


def export_child(child: Child) -> list[Table]:
    boards = list(
        Constellation.objects.filter(Q(child=child) | Q(figures__child=child))
        .distinct()
        .order_by("created_at")
    )
    personal = {board.pk for board in boards if board.child_id == child.pk}
    figures = list(
        Figure.objects.filter(Q(constellation__in=personal) | Q(child=child))
        .select_related("user")
        .order_by("constellation__created_at", "order", "pk")
    )
    own_figures = [figure.pk for figure in figures if figure.child_id == child.pk]
    events = list(
        Event.objects.filter(Q(figure__in=own_figures) | Q(by_child=child))
        .select_related("by_user", "constellation")
        .order_by("constellation__created_at", "sequence")
    )
    notes = list(Note.objects.filter(constellation__in=personal).select_related("constellation"))
    by_board = {board.pk: str(board.uuid) for board in boards}

    def figure_row(f: Figure) -> tuple[Value, ...]:
        return (
            by_board.get(f.constellation_id, ""),
            f.get_kind_display(),
            _who(f, child),
            f.x,
            f.y,
            f.angle,
            f.emotion,
        )

    def event_row(e: Event) -> tuple[Value, ...]:
        by = child.first_name if e.by_child_id == child.pk else (e.by_user.full_name if e.by_user else "")
        return (str(e.constellation.uuid), e.sequence, e.get_type_display(), e.x, e.y, e.angle, e.emotion, by)

    since = boards[0].created_at.date() if boards else None
    return [
        Table(
            key="constellations.boards",
            title=_("Constellations"),
            columns=("constellation", "kind", "field", "created_at", "closed_at"),
            headers=(_("constellation"), _("kind"), _("name of the field"), _("made"), _("closed")),
            rows=[
                (
                    str(b.uuid),
                    b.get_kind_display(),
                    b.field_name,
                    b.created_at,
                    b.closed_at,
                )
                for b in boards
            ],
            since=since,
        ),
        Table(
            key="constellations.figures",
            title=_("Figures on the board"),
            columns=("constellation", "kind", "who", "x", "y", "angle", "feeling"),
            headers=(_("constellation"), _("kind"), _("who"), "x", "y", _("direction"), _("feeling")),
            rows=[figure_row(f) for f in figures],
            since=since,
        ),
        Table(
            key="constellations.steps",
            title=_("Steps on the board"),
            columns=("constellation", "step", "type", "x", "y", "angle", "feeling", "by"),
            headers=(
                _("constellation"),
                _("step"),
                _("what"),
                "x",
                "y",
                _("direction"),
                _("feeling"),
                _("by"),
            ),
            rows=[event_row(e) for e in events],
            since=since,
        ),
        Table(
            key="constellations.notes",
            title=_("Notes on personal constellations"),
            columns=("constellation", "kind", "text", "created_at"),
            headers=(_("constellation"), _("kind"), _("text"), _("written")),
            rows=[(str(n.constellation.uuid), n.get_kind_display(), n.text, n.created_at) for n in notes],
            since=since,
        ),
    ]


def erase_child(child: Child) -> Erased:
    deleted, _by_model = Constellation.objects.filter(child=child).delete()
    class_boards = Constellation.objects.filter(figures__child=child).values("pk")
    notes = [
        note.pk
        for note in Note.objects.filter(constellation__in=class_boards)
        if names_child(note.text, child)
    ]
    removed_notes, _by_model = Note.objects.filter(pk__in=notes).delete()
    steps = Event.objects.filter(by_child=child).update(by_child=None)
    figures = Figure.objects.filter(child=child).update(
        child=None, kind=Figure.Kind.OTHER, label=ANONYMOUS_LABEL
    )
    kept = [_("the child's figure on class constellations, without name")] if figures else []
    return Erased(deleted=deleted + removed_notes, anonymised=figures + steps, kept=kept)
