"""A session as a story: its events in words, the board at any step, and comparisons over time."""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.utils.translation import gettext as _

from onderstroom.constellations import board as boards
from onderstroom.constellations import describe, measures
from onderstroom.constellations.models import Constellation, Event, Figure, Note
from onderstroom.constellations.replay import FigureState, last_step_of_round, replay
from onderstroom.schools.access import Actor
from onderstroom.schools.models import Child


@dataclass(frozen=True)
class Step:
    sequence: int
    round: int
    at: datetime
    sentence: str
    by_staff_on_child: bool  # the teacher moved a child's figure: marked as the teacher's


@dataclass(frozen=True)
class Moment:
    """The board at one step, what it shows in words, and the notes written up to then."""

    step: int
    board: boards.BoardView
    summary: describe.Summary
    notes: list[Note]
    last: Step | None


@dataclass(frozen=True)
class Story:
    constellation: Constellation
    figures: list[Figure]
    events: list[Event]
    notes: list[Note]
    labels: dict[int, str]

    @property
    def total(self) -> int:
        return len(self.events)

    @property
    def children(self) -> list[Child]:
        return [f.child for f in self.figures if f.child]

    @cached_property
    def steps(self) -> list[Step]:
        return [self._step(e) for e in self.events]

    @cached_property
    def figures_by_pk(self) -> dict[int, Figure]:
        return {f.pk: f for f in self.figures}

    def _step(self, event: Event) -> Step:
        figure = self.figures_by_pk[event.figure_id]
        return Step(
            sequence=event.sequence,
            round=event.round,
            at=event.created_at,
            sentence=event_sentence(event, self.labels[figure.pk], self._who(event, figure)),
            by_staff_on_child=event.by_staff and figure.kind == Figure.Kind.CHILD,
        )

    def _who(self, event: Event, figure: Figure) -> str | None:
        """Staff by name; None when the figure's own person did it.

        That is a child on their own device, or the teacher with the teacher's own figure: "Bram
        placed their own figure", not "Bram placed by Bram".
        """
        if event.by_user_id is None or event.by_user_id == figure.user_id:
            return None
        assert event.by_user is not None  # by_user_id is set
        return event.by_user.full_name or event.by_user.email

    def states_at(self, step: int) -> dict[int, FigureState]:
        return replay(self.events, step)

    def moment(self, actor: Actor, step: int) -> Moment:
        view = boards.build(actor, self.constellation, self.figures, self.states_at(step))
        return Moment(
            step=step,
            board=view,
            summary=summarise(self.constellation, view),
            notes=[n for n in self.notes if n.at_step <= step],
            last=self._step(self.events[step - 1]) if step else None,
        )

    def round_changes(self, actor: Actor) -> list[str] | None:
        """Class constellations with a round two: what changed from the end of round one to the end."""
        end_of_one = last_step_of_round(self.events, 1)
        if not self.constellation.is_class or end_of_one == self.total:
            return None
        before = boards.build(actor, self.constellation, self.figures, self.states_at(end_of_one))
        after = boards.build(actor, self.constellation, self.figures, self.states_at(self.total))
        return describe.change_sentences(
            measures.changes(_by_key(before), _by_key(after)), boards.emotion_words()
        )


def _by_key(view: boards.BoardView) -> dict[str, measures.Pose]:
    return {pose.key: pose for pose in view.poses}


def load(constellation: Constellation) -> Story:
    figures = boards.load_figures(constellation)
    events = list(constellation.events.select_related("by_user").order_by("sequence"))
    notes = list(constellation.notes.select_related("author"))
    return Story(
        constellation=constellation,
        figures=figures,
        events=events,
        notes=notes,
        labels=boards.labels_for(figures),
    )


def summarise(constellation: Constellation, view: boards.BoardView) -> describe.Summary:
    subject_key = f"child:{constellation.child.uuid}" if constellation.child else None
    return describe.summarise(
        view.poses,
        classmates_only=constellation.is_class,
        emotion_labels=boards.emotion_words(),
        subject_key=subject_key,
    )


def event_sentence(event: Event, figure: str, who: str | None) -> str:
    """One line of the replay's list: what happened to which figure, and who did it."""
    if event.type in {Event.Type.PLACE, Event.Type.MOVE}:
        value = describe.region_of(event.x or 0, event.y or 0)
    elif event.type == Event.Type.TURN:
        value = describe.direction_of(event.angle or 0)
    else:
        value = boards.emotion_words().get(event.emotion, _("no feeling"))
    by_staff: dict[str, str] = {
        Event.Type.PLACE: _("%(figure)s placed by %(who)s: %(value)s"),
        Event.Type.MOVE: _("%(figure)s moved by %(who)s: %(value)s"),
        Event.Type.TURN: _("%(figure)s turned by %(who)s: %(value)s"),
        Event.Type.EMOTION: _("%(figure)s given a feeling by %(who)s: %(value)s"),
    }
    by_child: dict[str, str] = {
        Event.Type.PLACE: _("%(figure)s placed their own figure: %(value)s"),
        Event.Type.MOVE: _("%(figure)s moved their own figure: %(value)s"),
        Event.Type.TURN: _("%(figure)s turned their own figure: %(value)s"),
        Event.Type.EMOTION: _("%(figure)s chose a feeling: %(value)s"),
    }
    patterns = by_staff if who else by_child
    return patterns[event.type] % {"figure": figure, "who": who, "value": value}


# --- comparison over time ------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    before: list[str]
    after: list[str]
    change: str | None


@dataclass(frozen=True)
class Comparison:
    before: Moment
    after: Moment
    rows: list[Row]
    children: list[Child]


def pick_pair(
    sessions: list[Constellation], before: str | None, after: str | None
) -> tuple[Constellation | None, Constellation | None]:
    """The two sessions asked for, or else the two most recent ones."""
    by_uuid = {str(c.uuid): c for c in sessions}
    chosen_after = by_uuid.get(after or "") or (sessions[-1] if sessions else None)
    earlier = [c for c in sessions if c != chosen_after]
    chosen_before = by_uuid.get(before or "") or (earlier[-1] if earlier else None)
    return chosen_before, chosen_after


def compare(actor: Actor, before: Constellation, after: Constellation) -> Comparison:
    """Every figure present at both moments, matched by who it stands for; what changed in words."""
    first, second = load(before), load(after)
    then, now = first.moment(actor, first.total), second.moment(actor, second.total)
    then_poses, now_poses = _by_key(then.board), _by_key(now.board)
    changes = {c.key: c for c in measures.changes(then_poses, now_poses)}
    then_readings = {r.key: r for r in then.summary.readings}
    rows = []
    for reading in now.summary.readings:
        earlier = then_readings.get(reading.key)
        change = changes.get(reading.key)
        sentences = describe.change_sentences([change], boards.emotion_words()) if change else []
        rows.append(
            Row(
                label=reading.label,
                before=earlier.sentences[:2] if earlier else [_("Not on the board then.")],
                after=reading.sentences[:2],
                change=sentences[0] if sentences else (_("About the same place.") if change else None),
            )
        )
    return Comparison(
        before=then, after=now, rows=rows, children=_shown_children((first, then), (second, now))
    )


def _shown_children(*pairs: tuple[Story, Moment]) -> list[Child]:
    """The children whose figures stand on either board: the ones whose data the page shows."""
    shown: dict[int, Child] = {}
    for story, moment in pairs:
        on_board = {f.pk for f in moment.board.figures}
        shown |= {f.child.pk: f.child for f in story.figures if f.child and f.pk in on_board}
    return list(shown.values())
