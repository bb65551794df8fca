"""What constellations add to the child page and the group page, and the class-session activity."""

from uuid import UUID

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.childsessions import activities
from onderstroom.constellations import board as boards
from onderstroom.constellations import childdata as child_data_of_constellations
from onderstroom.constellations import demo, describe, measures, rules
from onderstroom.constellations.access import (
    ACTIVITY_KEY,
    get_child_constellation,
    session_constellation_uuid,
    visible_constellations,
)
from onderstroom.constellations.models import Constellation, Figure
from onderstroom.core import dates
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.panels import Panel, child_panels, group_panels
from onderstroom.demo import extensions
from onderstroom.questionnaires.api import RelationshipSummary, relationship_summaries
from onderstroom.schools.access import ChildActor, StaffActor, StaffHttpRequest, visible_group_of
from onderstroom.schools.models import Child, Group


def _subject_sentences(view: boards.BoardView, subject: boards.FigureView, is_class: bool) -> list[str]:
    """Where the child stands in words: the field, the teacher, standing apart, facing, feeling.

    Classmates are not named here: the child page is about this child; the replay has the rest.
    """
    poses = view.poses
    pose = next(p for p in poses if p.key == subject.key)
    reading = describe.read_figure(
        pose, poses, classmates_only=is_class, emotion_labels=boards.emotion_words(), name_neighbours=False
    )
    peers = [p for p in poses if p.role == measures.Role.CHILD] if is_class else poses
    if any(p.key == pose.key for p in measures.isolated(peers)):
        apart = _("No other child stands close by.") if is_class else _("No other figure stands close by.")
        return [*reading.sentences, apart]
    return reading.sentences


def _item(
    actor: StaffActor, constellation: Constellation, figures: list[Figure], child: Child
) -> dict | None:
    view = boards.build(actor, constellation, figures)
    subject = next((f for f in view.placed if f.key == f"child:{child.uuid}"), None)
    if subject is None:
        return None
    when = dates.when(constellation.created_at, "day")
    return {
        "constellation": constellation,
        "self": subject,
        "others": [f for f in view.placed if f is not subject],
        "sentences": _subject_sentences(view, subject, constellation.is_class),
        "label": f"{constellation.field_name}, {when}: {subject.description}",
    }


def child_panel(request: StaffHttpRequest, child: Child) -> str | None:
    """The child's positions over time, one small board per session, newest last."""
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    constellations = list(
        visible_constellations(actor)
        .filter(figures__child=child, figures__placed=True)
        .distinct()
        .order_by("created_at")
    )
    if not constellations:
        return None
    figures: dict[int, list[Figure]] = {c.pk: [] for c in constellations}
    for figure in Figure.objects.filter(constellation__in=constellations).select_related("child", "user"):
        figures[figure.constellation_id].append(figure)
    items = [
        _item(actor, c, sorted(figures[c.pk], key=lambda f: (f.order, f.pk)), child) for c in constellations
    ]
    context = {
        "items": [i for i in items if i],
        "child": child,
        "summary": _relationship_summary(actor, child),
    }
    return render_to_string("constellations/panels/child.html", context, request=request)


def _relationship_summary(actor: StaffActor, child: Child) -> RelationshipSummary | None:
    """The latest mutual-images picture of this child, shown next to the positions."""
    group = visible_group_of(actor, child)
    if group is None:
        return None
    summary = relationship_summaries(actor, group).get(child.pk)
    return summary if summary and summary.has_data else None


def group_panel(request: StaffHttpRequest, group: Group) -> str | None:
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    constellations = list(visible_constellations(actor).filter(group=group))
    context = {
        "group": group,
        "live": [c for c in constellations if c.is_live],
        "count": len(constellations),
    }
    return render_to_string("constellations/panels/group.html", context, request=request)


# --- the class-session activity ----------------------------------------------------------------


def child_url(actor: ChildActor) -> str | None:
    """Where a signed-in child goes: the board the session was opened for, while it is being made."""
    chosen = session_constellation_uuid(actor)
    if chosen is None:
        return None
    try:
        constellation = get_child_constellation(actor, UUID(chosen))
    except (Http404, ValueError):
        return None
    return reverse("constellations:child_board", args=[constellation.uuid])


def choices(actor: StaffActor, group: Group) -> list[tuple[str, str]]:
    """Class constellations of the group that are being made and that this teacher runs."""
    live = visible_constellations(actor).filter(
        group=group, kind=Constellation.Kind.CLASS, closed_at__isnull=True
    )
    return [
        (str(c.uuid), f"{c.field_name} ({dates.when(c.created_at, 'short_moment')})")
        for c in live
        if rules.may_run(actor, c)
    ]


def register() -> None:
    """Everything constellations add to shared places (AppConfig.ready calls this once)."""
    child_data.register(
        ChildData(
            "constellations.boards",
            order=80,
            label=gettext_lazy("Constellations"),
            purpose=gettext_lazy(
                "To let the child show, with figures on a board, how they "
                "experience the relationships in their class or family."
            ),
            models=(
                "constellations.Constellation",
                "constellations.Figure",
                "constellations.Event",
                "constellations.Note",
            ),
            export=child_data_of_constellations.export_child,
            erase=child_data_of_constellations.erase_child,
        )
    )
    child_panels.register(Panel("constellations.positions", order=40, render=child_panel))
    group_panels.register(Panel("constellations.sessions", order=40, render=group_panel))
    activities.registry.register(
        activities.Activity(
            key=ACTIVITY_KEY,
            label=gettext_lazy("Constellation where the children place their figure"),
            child_url=child_url,
            choices=choices,
            order=40,
        )
    )
    # After the peer surveys (60): the boards follow the survey's friendships.
    extensions.registry.register(
        extensions.DemoStep("constellations.boards", order=65, step=demo.add_demo_constellations)
    )
    audit_labels.register(
        AuditLabels(
            "constellations",
            actions={
                "constellations.personal.prepare": gettext_lazy("Started preparing a personal constellation"),
                "constellations.board.view": gettext_lazy("Opened a constellation board"),
                "constellations.child_board.view": gettext_lazy("A pupil opened a constellation board"),
                "constellations.class.create": gettext_lazy("Started a class constellation"),
                "constellations.close": gettext_lazy("Closed a constellation"),
                "constellations.compare.view": gettext_lazy("Compared constellations"),
                "constellations.figure.add": gettext_lazy("Placed a figure"),
                "constellations.figure.emotion": gettext_lazy("Gave a figure a feeling"),
                "constellations.figure.move": gettext_lazy("Moved a figure"),
                "constellations.figure.place": gettext_lazy("Placed a figure on the board"),
                "constellations.figure.turn": gettext_lazy("Turned a figure"),
                "constellations.list.view": gettext_lazy("Viewed the constellations"),
                "constellations.note.add": gettext_lazy("Added a note to a constellation"),
                "constellations.personal.create": gettext_lazy("Started a personal constellation"),
                "constellations.replay.step": gettext_lazy("Stepped through a constellation replay"),
                "constellations.replay.view": gettext_lazy("Replayed a constellation"),
                "constellations.round.two": gettext_lazy("Started round two"),
                "constellations.sociogram.view": gettext_lazy("Viewed a constellation next to the sociogram"),
                "constellations.state.view": gettext_lazy("Viewed a constellation"),
                "constellations.turn.give": gettext_lazy("Gave a pupil a turn"),
            },
        )
    )
