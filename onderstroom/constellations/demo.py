"""Constellations for the demo board: two class boards of groep 4/5/6 some weeks apart, and a personal one.

Sanne de Wit made "Onze klas zoals die voelt" with her class eight weeks ago and again last week; in
between, the children answered the peer survey (the sociogram's demo step, which runs first). The
boards tell the same story as the survey: friends who chose each other stand together in three
clusters around the middle, and last week the children without a mutual choice stand apart at the
edge, looking away, so "next to the sociogram" has children worth a conversation. The child of
Sanne's Banking Time plan stood alone at the edge the first time and among friends, close to the
teacher, the second. A few days ago Sanne made a personal board with that child.

Every board is made the way the app makes one: the figures of `services.class_figures` (or
`personal_figures`), the teacher's own figure first, then each child on their own tablet (the class
session opened for the board) in class-list order as the turn passes, round two with moves, turns and
feelings, a figure moved by the teacher, questions and notes, and the board closed. Each step is
checked with `rules.allowed_actions` and made by `services.next_event`, as on the live board; then a
session is saved at once, so the replay ends exactly where the figures stand. Like every demo step it
writes no audit rows: nobody did this, the demo did.
"""

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from onderstroom.accounts.models import User
from onderstroom.bankingtime import api as bankingtime_api
from onderstroom.childsessions.models import ChildSignIn, ClassSession
from onderstroom.constellations import board as boards
from onderstroom.constellations import rules, services
from onderstroom.constellations.access import ACTIVITY_KEY
from onderstroom.constellations.models import Constellation, Emotion, Event, Figure, Note, Shape
from onderstroom.schools.access import Actor, ChildActor, StaffActor, build_staff_actor
from onderstroom.schools.models import Child, Group
from onderstroom.sociogram import api as sociogram_api

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard

GROUP = "Groep 4/5/6"
TEACHER = "sanne"
FIELD = "Onze klas zoals die voelt"  # what the form offers ('Our class as it feels')
PERSONAL_FIELD = "Wie er om mij heen staan"
Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom

# Figures of a cluster stand on a honeycomb, turned a little: neighbours about a ninth of the field
# apart, so the replay reads them as standing together (measures.CLUSTER_DISTANCE) and their names
# do not overlap.
STEP_X, STEP_Y = 0.11, 0.105


@dataclass(frozen=True)
class Scene:
    """Where the figures end up on one board (x, y from 0 to 1; the middle of the cloth is 0.5, 0.5)."""

    days_ago: int
    starts_at: time
    teacher: Point
    # Per cluster: its middle, the side an extra figure joins on, and a turn of the honeycomb (degrees).
    clusters: tuple[tuple[Point, Point, float], ...]
    rim: tuple[Point, Point]  # two places at the edge (measures.EDGE_REACH), far from everybody
    mover_apart: bool  # the Banking Time child stands alone at the edge (else among friends)
    apart_together: int  # how many of the children without a mutual choice stand at the edge


SCENES = (
    Scene(  # eight weeks ago: the Banking Time child alone at the edge, one child without friends too
        days_ago=56,
        starts_at=time(10, 35),
        teacher=(0.49, 0.45),
        clusters=(
            ((0.294, 0.379), (-0.3, -1), -6.0),
            ((0.652, 0.316), (0.3, -1), -15.0),
            ((0.528, 0.658), (0, 1), -7.0),
        ),
        rim=((0.138, 0.765), (0.938, 0.6)),
        mover_apart=True,
        apart_together=1,
    ),
    Scene(  # last week: the Banking Time child among friends; both children without friends at the edge
        days_ago=7,
        starts_at=time(10, 20),
        teacher=(0.5, 0.435),
        clusters=(
            ((0.318, 0.345), (-0.3, -1), 4.0),
            ((0.682, 0.345), (0.3, -1), -5.0),
            ((0.5, 0.66), (0, 1), 3.0),
        ),
        rim=((0.094, 0.689), (0.906, 0.689)),
        mover_apart=False,
        apart_together=0,
    ),
)


@dataclass(frozen=True)
class Cast:
    """Who plays which part, read from the group's peer survey where there is one."""

    clusters: list[list[Child]]  # children who chose each other stand together
    apart: list[Child]  # answered the survey without a mutual choice
    mover: Child | None  # the child of the teacher's Banking Time plan (without one: a child with friends)
    friends: list[Child]  # the mover's friends: they chose each other
    tablet: list[Child]  # per board, the child whose tablet gives up: the teacher moves their figure


def add_demo_constellations(demo: "DemoBoard") -> None:
    teacher = demo.staff.get(TEACHER)
    group = demo.schools[0].groups.get(GROUP) if demo.schools else None
    if teacher is None or group is None:
        return
    actor = build_staff_actor(teacher, None, group.school_id)
    if not actor.teaches(group):
        return
    rng = demo.rng("constellations")
    figures = services.class_figures(group, teacher)
    children = [f.child for f in figures if f.child is not None]
    if len(children) < 3:
        return
    cast = cast_of(rng, actor, group, children)
    days = session_days(demo.today, group.school_year.starts_on, [s.days_ago for s in SCENES])
    for number, (scene, day) in enumerate(zip(SCENES, days, strict=True)):
        start = timezone.make_aware(datetime.combine(day, scene.starts_at))
        class_board(rng, actor, group, cast, number, start)
    if cast.mover is not None and cast.friends:
        personal_board(rng, actor, group, cast, demo.today, days[-1])


# --- who is who -------------------------------------------------------------------------------


def cast_of(rng: random.Random, actor: StaffActor, group: Group, children: list[Child]) -> Cast:
    by_pk = {c.pk: c for c in children}
    surveys = [s for s in sociogram_api.group_surveys(actor, group) if s.answered]
    if surveys:
        results = sociogram_api.load_results(surveys[0])
        friend_groups = components(list(by_pk), results.network.mutual_pairs)
        cliques = [[by_pk[pk] for pk in clique] for clique in friend_groups if len(clique) > 1]
        apart = [r.child for r in results.rows if r.finished and not r.mutual and r.child.pk in by_pk][:2]
    else:  # no survey: friends drawn at random
        shuffled = rng.sample(children, len(children))
        apart, rest = shuffled[:2], shuffled[2:]
        cliques = [rest[i : i + 4] for i in range(0, len(rest), 4)]
    in_clique = {c.pk for clique in cliques for c in clique}
    loose = [c for c in children if c.pk not in in_clique and c not in apart]
    plan = bankingtime_api.first_plan(actor.user, group)
    if plan and plan.child.pk in in_clique:
        mover: Child | None = plan.child
    else:
        mover = cliques[0][0] if cliques else None
    clusters: list[list[Child]] = [[], [], []]
    # The mover's friends stand in the first cluster (the mover comes from that side); then the
    # largest groups of friends first, each to the smallest cluster.
    ordered = sorted(cliques, key=lambda c: (mover not in c, -len(c)))
    for clique in ordered:
        min(clusters, key=len).extend(clique)
    for child in loose:
        min(clusters[1:], key=len).append(child)
    friends = next((c for c in cliques if mover in c), [])
    helpers = [c for c in children if c.pk in in_clique and c != mover]
    tablet = [rng.choice(helpers), loose[0] if loose else rng.choice(helpers)]
    return Cast(
        clusters=clusters, apart=apart, mover=mover, friends=[c for c in friends if c != mover], tablet=tablet
    )


def components(keys: list[int], pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Groups of children linked by choosing each other, in the order of their first member."""
    parent = {k: k for k in keys}

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for a, b in pairs:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    found: dict[int, list[int]] = {}
    for k in keys:
        found.setdefault(root(k), []).append(k)
    return list(found.values())


def session_days(today: date, year_starts: date, days_ago: Sequence[int]) -> list[date]:
    """School days this many days ago (a weekend moves to the Friday before), one after the other."""
    days = [school_day(max(today - timedelta(days=d), year_starts)) for d in days_ago]
    for i in range(1, len(days)):
        if days[i] <= days[i - 1]:
            days[i - 1] = school_day(days[i] - timedelta(days=1))
    return days


def school_day(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


# --- where everybody stands -----------------------------------------------------------------------


@dataclass
class Layout:
    """Per child where their figure ends; `first` where it was placed in round one, when elsewhere."""

    scene: Scene
    final: dict[int, Point]
    first: dict[int, Point] = field(default_factory=dict)
    facing: dict[int, int] = field(default_factory=dict)  # the angle the child turns to in round two
    feeling: dict[int, str] = field(default_factory=dict)
    tablet: Child | None = None  # the teacher moves this figure in round two, as the child asks


def honeycomb(centre: Point, count: int, spill: Point, degrees: float) -> list[Point]:
    """`count` places around `centre`, nearest first; of equally near ones, those towards `spill`."""
    places = [
        (i * STEP_X + (STEP_X / 2 if j % 2 else 0), j * STEP_Y) for j in range(-3, 4) for i in range(-3, 4)
    ]
    places.sort(key=lambda p: (round(math.hypot(*p) / 0.02), -(p[0] * spill[0] + p[1] * spill[1])))
    turn = math.radians(degrees)
    cos, sin = math.cos(turn), math.sin(turn)
    return [(centre[0] + x * cos - y * sin, centre[1] + x * sin + y * cos) for x, y in places[:count]]


def angle_towards(frm: Point, to: Point) -> int:
    """Degrees clockwise from facing the top of the field (y grows downwards)."""
    return round(math.degrees(math.atan2(to[0] - frm[0], -(to[1] - frm[1])))) % 360


def class_layout(number: int, cast: Cast, rng: random.Random, labels: dict[int | None, str]) -> Layout:
    """Where every child's figure ends, and how; `labels`: the names under the figures (None: teacher)."""
    scene = SCENES[number]
    layout = Layout(scene=scene, final={}, tablet=cast.tablet[number])
    at_rim = cast.apart[scene.apart_together :]
    clusters = [list(c) for c in cast.clusters]
    clusters[0].extend(cast.apart[: scene.apart_together])  # not alone yet: among classmates
    if scene.mover_apart and cast.mover is not None:
        clusters = [[c for c in cluster if c != cast.mover] for cluster in clusters]
        at_rim = [cast.mover, *at_rim]
    for members, (centre, spill, degrees) in zip(clusters, scene.clusters, strict=True):
        places = sorted(honeycomb(centre, len(members), spill, degrees), key=lambda p: (round(p[0], 3), p[1]))
        if cast.mover in members:  # on the place nearest the teacher, the friends around
            here = min(places, key=lambda p: math.dist(p, scene.teacher))
            places.sort(key=lambda p: math.dist(p, here))
            members.sort(key=lambda m: (m != cast.mover, m not in cast.friends))
        for child, (x, y) in zip(members, places, strict=True):
            layout.final[child.pk] = (x, y)
            if rng.random() < 0.75:
                layout.facing[child.pk] = (angle_towards((x, y), (0.5, 0.5)) + rng.randint(-30, 30)) % 360
            if rng.random() < 0.35:
                layout.feeling[child.pk] = rng.choice(FEELINGS)
    for child, spot in zip(at_rim, scene.rim, strict=False):
        layout.final[child.pk] = spot
        away = angle_towards((0.5, 0.5), spot)
        if child == cast.mover:  # looks along the edge, not at the class
            layout.facing[child.pk] = (away + 100) % 360
            layout.feeling[child.pk] = Emotion.SAD
        else:
            layout.facing[child.pk] = (away + rng.randint(-12, 12)) % 360
            layout.feeling.pop(child.pk, None)
    if at_rim and not scene.mover_apart:  # last week the first child at the edge chose "sad"
        layout.feeling[at_rim[0].pk] = Emotion.SAD
    if cast.mover is not None and not scene.mover_apart:  # comes closer to the teacher in round two
        spot = layout.final[cast.mover.pk]
        layout.facing[cast.mover.pk] = angle_towards(spot, scene.teacher)
        layout.feeling[cast.mover.pk] = Emotion.HAPPY
        first_place(layout, cast.mover.pk)
    if layout.tablet is not None:  # the tablet gives up after round one: no turn, no feeling
        layout.facing.pop(layout.tablet.pk, None)
        layout.feeling.pop(layout.tablet.pk, None)
        first_place(layout, layout.tablet.pk)
    chosen = {cast.mover.pk if cast.mover else None, *(c.pk for c in at_rim)}
    for pk in [pk for pk in layout.feeling if pk not in chosen]:
        if not feeling_shows(layout, pk, labels):  # its face would hide a classmate's name
            del layout.feeling[pk]
    for pk in [pk for pk in layout.facing if pk not in chosen]:
        # Looking a little more to one side rather than poking the nose into a classmate's name.
        angle = layout.facing.pop(pk)
        for turn in (0, 35, -35, 70, -70):
            if nose_shows(layout, pk, (angle + turn) % 360, labels):
                layout.facing[pk] = (angle + turn) % 360
                break
    settled = {c.pk for c in at_rim} | set(layout.first)
    wanderers = [pk for pk in rng.sample(sorted(layout.final), len(layout.final)) if pk not in settled]
    count = 0
    for pk in wanderers:
        if count == WANDERERS:
            break
        count += first_place(layout, pk)
    return layout


FEELINGS = [Emotion.HAPPY] * 5 + [Emotion.SAD, Emotion.ANGRY, Emotion.SCARED]
WANDERERS = 3  # children who place their figure a little way out and move it in round two


# The drawing around a figure, in field units (the field is 920 units of the drawing wide): the body,
# the name under it, and the feeling's face at its top right (see _figure.html).
UNIT = 1 / 920
LETTER = 12.5 * UNIT  # a letter of a name, about


def feeling_shows(layout: Layout, pk: int, labels: dict[int | None, str]) -> bool:
    """The face of a feeling stays clear of every other figure and the name under it."""
    x, y = layout.final[pk]
    return is_clear((x + 8 * UNIT, y - 50 * UNIT, x + 42 * UNIT, y - 16 * UNIT), pk, layout, labels)


def nose_shows(layout: Layout, pk: int, angle: int, labels: dict[int | None, str]) -> bool:
    """The nose showing where the figure looks stays clear of every other figure and its name."""
    x, y = layout.final[pk]
    tip_x, tip_y = (
        x + math.sin(math.radians(angle)) * 36 * UNIT,
        y - math.cos(math.radians(angle)) * 36 * UNIT,
    )
    return is_clear(
        (tip_x - 9 * UNIT, tip_y - 9 * UNIT, tip_x + 9 * UNIT, tip_y + 9 * UNIT), pk, layout, labels
    )


def is_clear(box: Box, pk: int, layout: Layout, labels: dict[int | None, str]) -> bool:
    others = [(other, spot) for other, spot in layout.final.items() if other != pk]
    for other, (ox, oy) in [*others, (None, layout.scene.teacher)]:
        half = len(labels[other]) * LETTER / 2
        name = (ox - half, oy + 40 * UNIT, ox + half, oy + 62 * UNIT)
        body = (ox - 26 * UNIT, oy - 26 * UNIT, ox + 26 * UNIT, oy + 26 * UNIT)
        if overlap(box, name) or overlap(box, body):
            return False
    return True


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def first_place(layout: Layout, pk: int) -> bool:
    """A free place a little farther out than where the figure ends, for round one; False if none."""
    spot = layout.final[pk]
    centre = min((c for c, _spill, _deg in layout.scene.clusters), key=lambda c: math.dist(c, spot))
    dx, dy = spot[0] - centre[0], spot[1] - centre[1]
    base = math.atan2(dy, dx) if (dx, dy) != (0, 0) else math.atan2(spot[1] - 0.5, spot[0] - 0.5)
    for distance in (0.11, 0.14):
        for bend in (0, 25, -25, 50, -50):
            direction = base + math.radians(bend)
            place = (spot[0] + math.cos(direction) * distance, spot[1] + math.sin(direction) * distance)
            if is_free(place, pk, layout):
                layout.first[pk] = place
                return True
    return False


def is_free(spot: Point, pk: int, layout: Layout) -> bool:
    """Inside the cloth, and clear of every other figure where it is placed and where it ends."""
    if math.dist(spot, (0.5, 0.5)) > 0.42:
        return False
    taken = [p for other, p in layout.final.items() if other != pk]
    taken += [p for other, p in layout.first.items() if other != pk]
    return all(math.dist(spot, p) >= 0.1 for p in [*taken, layout.scene.teacher])


# --- a board made step by step --------------------------------------------------------------------


@dataclass
class Recorder:
    """Steps on one board in memory, each allowed by the rules and numbered as on the live board."""

    constellation: Constellation
    figures: list[Figure]
    clock: datetime
    events: list[Event] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def step(self, actor: Actor, figure: Figure, kind: str, after: float, **values: Any) -> None:
        board = self.constellation
        staff = [f for f in self.figures if f.kind == Figure.Kind.STAFF]
        teacher_placed = not staff or any(f.placed for f in staff)
        if kind not in rules.allowed_actions(actor, board, figure, teacher_placed=teacher_placed):
            raise RuntimeError(
                f"The demo took a step the board does not allow: {kind} of figure {figure.order}."
            )
        event = services.next_event(
            actor, board, figure, kind, services.Move(str(figure.uuid), kind, **values)
        )
        self.clock += timedelta(seconds=after)
        event.created_at = self.clock
        self.events.append(event)
        if kind == Event.Type.PLACE and services.turn_passes(board, figure):
            waiting = [f for f in self.figures if f.kind == Figure.Kind.CHILD and not f.placed]
            board.turn = services.next_turn(waiting, figure)
        board.version += 1

    def round_two(self, after: float) -> None:
        self.clock += timedelta(seconds=after)
        self.constellation.round, self.constellation.turn = 2, None
        self.constellation.version += 1

    def note(self, author: User, kind: str, text: str) -> None:
        """A question asked or a note made, at the step the board is at (it takes a little while)."""
        self.clock += timedelta(seconds=30)
        self.notes.append(
            Note(
                school=self.constellation.school,
                constellation=self.constellation,
                author=author,
                kind=kind,
                text=text,
                at_step=self.constellation.event_count,
                created_at=self.clock,
            )
        )

    def close(self, after: float) -> Constellation:
        """Finished: the board, every step and the notes are saved at once."""
        board = self.constellation
        self.clock += timedelta(seconds=after)
        board.closed_at, board.turn = self.clock, None
        board.version += 1
        Event.objects.bulk_create(self.events)
        Figure.objects.bulk_update(self.figures, ["x", "y", "placed", "angle", "emotion", "moved_by_staff"])
        Note.objects.bulk_create(self.notes)
        board.save()
        return board


def new_board(
    actor: StaffActor, group: Group, figures: list[Figure], start: datetime, **fields: object
) -> Recorder:
    constellation = Constellation.objects.create(
        school=group.school, group=group, created_by=actor.user, created_at=start, **fields
    )
    services.save_figures(constellation, figures)
    return Recorder(constellation=constellation, figures=figures, clock=start)


def class_board(
    rng: random.Random, actor: StaffActor, group: Group, cast: Cast, number: int, start: datetime
) -> Constellation:
    figures = services.class_figures(group, actor.user)
    board = new_board(
        actor, group, figures, start, kind=Constellation.Kind.CLASS, field_name=FIELD, shape=Shape.ROUND
    )
    labels = boards.labels_for(figures)  # "Gijs E." when two share a first name, as the board says
    names = {f.child_id: labels[f.pk] for f in figures}
    layout = class_layout(number, cast, rng, names)
    session = open_for_children(rng, actor, group, board.constellation, start)
    children = [f.child for f in figures if f.child is not None]
    tablets = {c.pk: ChildActor(child=c, school=group.school, class_session=session) for c in children}
    by_child = {f.child_id: f for f in figures if f.child_id}
    own = next(f for f in figures if f.kind == Figure.Kind.STAFF)
    board.step(actor, own, Event.Type.PLACE, 60, x=layout.scene.teacher[0], y=layout.scene.teacher[1])
    # Round one: the turn passes from child to child in class-list order, each on their own tablet.
    while (turn := board.constellation.turn) is not None:
        assert turn.child_id is not None  # turns go to children's figures
        x, y = layout.first.get(turn.child_id, layout.final[turn.child_id])
        board.step(tablets[turn.child_id], turn, Event.Type.PLACE, rng.uniform(6, 18), x=x, y=y)
    board.note(actor.user, Note.Kind.QUESTION, QUESTIONS[number])
    board.round_two(20)
    # Round two: the children move, turn and choose a feeling at once, each at their own pace.
    todo: dict[int, list[tuple[str, dict[str, object]]]] = {}
    for pk, (x, y) in layout.final.items():
        steps: list[tuple[str, dict[str, object]]] = []
        if pk in layout.first and (layout.tablet is None or pk != layout.tablet.pk):
            steps.append((Event.Type.MOVE, {"x": x, "y": y}))
        if pk in layout.facing:
            steps.append((Event.Type.TURN, {"angle": layout.facing[pk]}))
        if pk in layout.feeling:
            steps.append((Event.Type.EMOTION, {"emotion": layout.feeling[pk]}))
        if steps:
            todo[pk] = steps
    teacher_at = sum(len(s) for s in todo.values()) * 2 // 5
    done = 0
    while todo:
        if done == teacher_at and layout.tablet is not None:
            # The child's tablet gave up: they point, and the teacher moves their figure for them.
            x, y = layout.final[layout.tablet.pk]
            board.step(actor, by_child[layout.tablet.pk], Event.Type.MOVE, rng.uniform(8, 15), x=x, y=y)
        pk = rng.choice(sorted(todo))
        kind, values = todo[pk].pop(0)
        if not todo[pk]:
            del todo[pk]
        board.step(tablets[pk], by_child[pk], kind, rng.uniform(2, 7), **values)
        done += 1
    board.note(actor.user, Note.Kind.NOTE, closing_note(layout, cast, names))
    constellation = board.close(rng.uniform(60, 120))
    close_for_children(rng, session, children, board.clock)
    return constellation


QUESTIONS = (
    "Kijk eens om je heen: wie staat er dicht bij jou? Zou je ergens anders willen staan?",
    "Waar zou je willen staan op een goede dag? Je mag je poppetje nu verplaatsen.",
)


def closing_note(layout: Layout, cast: Cast, name: dict[int | None, str]) -> str:
    """What the teacher wrote down after the board: the Banking Time child, the tablet, who stood apart."""
    parts = []
    mover = cast.mover.pk if cast.mover else None
    if mover and layout.scene.mover_apart:
        parts.append(
            f"{name[mover]} zette het poppetje helemaal aan de rand, weg van de anderen, en koos verdrietig. "
            "Niet in de kring op ingaan; morgen even apart vragen hoe het gaat."
        )
    elif mover:
        near = sorted(
            (pk for pk in layout.final if pk != mover),
            key=lambda pk: math.dist(layout.final[pk], layout.final[mover]),
        )[:2]
        parts.append(
            f"{name[mover]} staat nu tussen {name[near[0]]} en {name[near[1]]}, dicht bij mij, en koos blij."
        )
    if layout.tablet is not None:
        tablet = name[layout.tablet.pk]
        parts.append(
            f"De tablet van {tablet} deed het niet meer; {tablet} wees aan waar het poppetje moest staan "
            "en ik heb het verzet."
        )
    apart = [
        name[c.pk] for c in cast.apart if c.pk in layout.final and layout.final[c.pk] in layout.scene.rim
    ]
    if apart and not layout.scene.mover_apart:
        parts.append(
            f"{' en '.join(apart)} staan aan de rand en kijken weg: deze week met ieder apart praten."
        )
    return " ".join(parts)


def open_for_children(
    rng: random.Random, actor: StaffActor, group: Group, constellation: Constellation, start: datetime
) -> ClassSession:
    """The class session the teacher opens for the board; saved with the sign-ins once it is closed."""
    return ClassSession(
        school=group.school,
        group=group,
        opened_by=actor.user,
        code=f"{rng.randrange(10**6):06d}",
        activity=ACTIVITY_KEY,
        activity_object=str(constellation.uuid),
        opened_at=start,
        expires_at=start + timedelta(minutes=settings.CLASS_SESSION_MINUTES),
    )


def close_for_children(
    rng: random.Random, session: ClassSession, children: list[Child], end: datetime
) -> None:
    session.closed_at = end
    session.save()
    ChildSignIn.objects.bulk_create(
        ChildSignIn(
            school=session.school,
            class_session=session,
            child=child,
            signed_in_at=session.opened_at + timedelta(seconds=rng.uniform(10, 50)),
        )
        for child in children
    )


def personal_board(
    rng: random.Random, actor: StaffActor, group: Group, cast: Cast, today: date, after: date
) -> Constellation:
    """The Banking Time child, a friend, the teacher, a sister and a grandfather, as the child tells it."""
    child = cast.mover
    assert child is not None
    friend = cast.friends[0]
    day = max(school_day(today - timedelta(days=3)), after)
    start = timezone.make_aware(datetime.combine(day, time(14, 10)))
    figures = services.personal_figures(child, [friend], actor.user, ["zus", "opa"], [])
    board = new_board(
        actor,
        group,
        figures,
        start,
        kind=Constellation.Kind.PERSONAL,
        child=child,
        field_name=PERSONAL_FIELD,
        shape=Shape.SQUARE,
    )
    me, mate, teacher, sister, grandpa = figures
    spots = {
        me: (0.45, 0.5),
        sister: (0.62, 0.38),
        grandpa: (0.13, 0.15),
        mate: (0.63, 0.66),
        teacher: (0.8, 0.8),
    }
    for figure, (x, y) in spots.items():
        board.step(actor, figure, Event.Type.PLACE, rng.uniform(15, 40), x=x, y=y)
    closer = (0.31, 0.33)  # the child has grandpa come closer
    board.step(actor, grandpa, Event.Type.MOVE, 25, x=closer[0], y=closer[1])
    board.step(actor, grandpa, Event.Type.TURN, 8, angle=angle_towards(closer, spots[me]))
    board.step(actor, teacher, Event.Type.TURN, 8, angle=angle_towards(spots[teacher], spots[me]))
    board.step(actor, me, Event.Type.EMOTION, 12, emotion=Emotion.HAPPY)
    name = child.first_name
    board.note(
        actor.user,
        Note.Kind.NOTE,
        f"{name} zette opa eerst ver weg en schoof hem daarna dichtbij: opa woont sinds de zomer verder weg "
        f"en {name} mist hem. Zus en {friend.first_name} staan dicht bij {name}; mijn poppetje staat op "
        f"een afstandje, maar kijkt naar {name}.",
    )
    return board.close(45)
