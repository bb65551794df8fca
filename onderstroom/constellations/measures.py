"""What a layout of figures shows, as plain numbers: pure functions, no database.

Coordinates run from 0 to 1 across and down the field, so the centre is (0.5, 0.5)
and the field is one unit wide. An angle is in degrees clockwise from "facing the
top of the field" (screen coordinates: y grows downwards), so a figure at angle θ
looks along (sin θ, -cos θ).

A placement is a conversation starter, not a measurement: the thresholds below turn
distances into words a teacher can use, and are deliberately coarse. Three of them are set
against what chance gives, so that a board of figures dropped at random does not read as a
story (issue 10):

- "At the edge" is the outer band of the field that holds 20% of its area (`EDGE_REACH`, from
  0.894 of the way from the middle to the rim), round or square: figures dropped at random land
  there one time in five, where the old band held 51% of a round field.
- Facing has a dead zone (`TOWARDS_DEGREES`, `PAST_DEGREES`, `FACING_MIN_DISTANCE`): nothing is
  said between "towards" and "past", between "past" and "away", or when the figure stands nearly
  on the point it would look at, so a nudge of 0.02 never turns one word into another.
- Groupings are reported only when the figures stand closer together than chance would place
  them (`grouping_beyond_chance`): the mean distance to the nearest figure must lie below the 5th
  percentile of that of the same number of figures dropped at random on the same field.
"""

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

CENTRE = (0.5, 0.5)
# Two figures this close (an eighth of the field) or closer stand together. Chains of such
# steps link a cluster, so the step is kept short: a whole class an arm's length apart is no cluster.
CLUSTER_DISTANCE = 0.12
# A figure whose nearest neighbour is farther than this (a quarter of the field) stands apart. It is
# where "close" (`band`) ends, so a figure standing apart never has a neighbour called close.
ISOLATION_DISTANCE = 0.25
# Looking within 45 degrees of a point is looking towards it; within 45 degrees of the opposite,
# away; from 70 to 110 degrees, past it. In between nothing is said (a dead zone), and nothing
# either when the point lies closer than FACING_MIN_DISTANCE: there a small step turns the direction.
TOWARDS_DEGREES = 45
PAST_DEGREES = 70
FACING_MIN_DISTANCE = 0.1
# "At the edge": from this share of the way from the middle to the rim on, 1 - 0.8 = 20% of the area.
EDGE_REACH = math.sqrt(0.8)
# Groupings: chance boards per number of figures, and the share of them a real grouping must beat.
CHANCE_BOARDS = 1000
CHANCE_LEVEL = 0.05
# Moves shorter than this between two moments are not worth a sentence.
NOTICEABLE_MOVE = 0.1
NOTICEABLE_TURN = 45
# Boundaries count inclusively; a figure turned exactly 60 degrees should not fall out by rounding.
EPSILON = 1e-9


class Role(StrEnum):
    TEACHER = "teacher"
    CHILD = "child"
    FAMILY = "family"
    OTHER = "other"


@dataclass(frozen=True)
class Pose:
    """One placed figure: `key` identifies the person across sessions ("child:<uuid>", "staff:<id>")."""

    key: str
    label: str
    role: Role
    x: float
    y: float
    angle: int | None = None
    emotion: str = ""
    square: bool = False  # the field: a square cloth, or (by default) a round one

    @property
    def point(self) -> tuple[float, float]:
        return (self.x, self.y)


class Facing(StrEnum):
    TOWARDS = "towards"
    AWAY = "away"
    SIDEWAYS = "sideways"
    UNKNOWN = "unknown"  # not turned yet, nobody else on the field, or in the dead zone


class Band(StrEnum):
    """Coarse distance words; the same bands serve distances to the centre and between figures."""

    VERY_CLOSE = "very_close"
    CLOSE = "close"
    MIDDLE = "middle"
    FAR = "far"


@dataclass(frozen=True)
class Neighbour:
    pose: Pose
    distance: float


@dataclass(frozen=True)
class Change:
    """How one figure changed between two moments (rounds or sessions)."""

    key: str
    label: str
    moved: float  # distance travelled between the two positions
    centre_change: float  # distance to the centre afterwards minus before: negative is closer
    teacher_change: float | None  # the same for the distance to the teacher's figure
    turned: int | None  # smallest angle between the two facings, None if either was not turned
    angle_before: int | None = None
    angle_after: int | None = None
    emotion_before: str = ""
    emotion_after: str = ""


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def distance_to_centre(pose: Pose) -> float:
    return distance(pose.point, CENTRE)


def _banded(value: float, very_close: float, close: float, middle: float) -> Band:
    """The band a value falls in, each limit included (up to a float's rounding)."""
    for limit, named in ((very_close, Band.VERY_CLOSE), (close, Band.CLOSE), (middle, Band.MIDDLE)):
        if value <= limit + EPSILON:
            return named
    return Band.FAR


def band(value: float) -> Band:
    """Distance words: up to 0.15 very close, up to ISOLATION_DISTANCE close, up to 0.5 in between,
    beyond that far."""
    return _banded(value, 0.15, ISOLATION_DISTANCE, 0.5)


def reach(pose: Pose) -> float:
    """How far out a figure stands, from 0 in the middle to 1 on the rim of its field.

    On a round cloth the distance to the centre over the radius; on a square one the larger of the
    two distances along the sides, so that the edge is a band along the sides, not the corners.
    """
    dx, dy = abs(pose.x - CENTRE[0]), abs(pose.y - CENTRE[1])
    return (max(dx, dy) if pose.square else math.hypot(dx, dy)) / 0.5


def centre_band(value: float) -> Band:
    """Where a figure stands, by its `reach`: in the middle (up to 0.2), nearby (0.4), between the
    middle and the edge, at the edge (from EDGE_REACH: the outer 20% of the field)."""
    if value >= EDGE_REACH - EPSILON:  # the edge includes its own limit
        return Band.FAR
    return _banded(value, 0.2, 0.4, math.inf)


def teacher_of(poses: Iterable[Pose]) -> Pose | None:
    return next((p for p in poses if p.role == Role.TEACHER), None)


def nearest(pose: Pose, others: Iterable[Pose], count: int = 2) -> list[Neighbour]:
    """The closest other figures, nearest first (ties by label, so the order is stable)."""
    found = [Neighbour(o, distance(pose.point, o.point)) for o in others if o.key != pose.key]
    found.sort(key=lambda n: (n.distance, n.pose.label))
    return found[:count]


def clusters(poses: Sequence[Pose], threshold: float = CLUSTER_DISTANCE) -> list[list[Pose]]:
    """Groups of two or more figures linked by steps of at most `threshold` (single linkage).

    Each cluster is sorted by label; clusters are sorted largest first, then by first label.
    """
    parent = list(range(len(poses)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(poses):
        for j in range(i + 1, len(poses)):
            if distance(a.point, poses[j].point) <= threshold + EPSILON:
                parent[root(i)] = root(j)
    groups: dict[int, list[Pose]] = {}
    for i, pose in enumerate(poses):
        groups.setdefault(root(i), []).append(pose)
    found = [sorted(g, key=lambda p: p.label) for g in groups.values() if len(g) > 1]
    found.sort(key=lambda g: (-len(g), g[0].label))
    return found


def isolated(poses: Sequence[Pose], threshold: float = ISOLATION_DISTANCE) -> list[Pose]:
    """Figures whose nearest other figure is farther away than `threshold`."""
    if len(poses) < 2:
        return []
    return [p for p in poses if nearest(p, poses, 1)[0].distance > threshold + EPSILON]


def mean_nearest(points: Sequence[tuple[float, float]]) -> float:
    """The mean distance from each point to its nearest other point (two points at least)."""
    total = 0.0
    for i, a in enumerate(points):
        total += min(distance(a, b) for j, b in enumerate(points) if j != i)
    return total / len(points)


def random_point(rng: random.Random, square: bool) -> tuple[float, float]:
    """A point dropped at random on the field, every spot equally likely."""
    while True:
        x, y = rng.random(), rng.random()
        if square or math.hypot(x - 0.5, y - 0.5) <= 0.5:
            return (x, y)


@lru_cache(maxsize=128)
def chance_nearest(count: int, square: bool) -> float:
    """The 5th percentile of `mean_nearest` over CHANCE_BOARDS boards of `count` random figures.

    Seeded by the count and the field, so every page gives the same answer.
    """
    rng = random.Random(f"{count}:{square}")
    values = sorted(
        mean_nearest([random_point(rng, square) for _ in range(count)]) for _ in range(CHANCE_BOARDS)
    )
    return values[int(CHANCE_LEVEL * CHANCE_BOARDS)]


def grouping_beyond_chance(poses: Sequence[Pose]) -> bool:
    """Whether the figures stand closer together than 95 in 100 random boards of as many figures."""
    if len(poses) < 2:
        return False
    return mean_nearest([p.point for p in poses]) < chance_nearest(len(poses), poses[0].square)


def groupings(poses: Sequence[Pose], threshold: float = CLUSTER_DISTANCE) -> list[list[Pose]]:
    """The clusters worth a word: only when the board as a whole is grouped beyond chance.

    Twenty-five figures dropped at random form five or six clusters of their own; those are no story.
    """
    return clusters(poses, threshold) if grouping_beyond_chance(poses) else []


def facing_vector(angle: int) -> tuple[float, float]:
    radians = math.radians(angle)
    return (math.sin(radians), -math.cos(radians))


def centroid(poses: Iterable[Pose]) -> tuple[float, float] | None:
    points = [p.point for p in poses]
    if not points:
        return None
    return (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))


def facing_cosine(pose: Pose, target: tuple[float, float]) -> float | None:
    """Cosine of the angle between where the figure looks and where the target is."""
    if pose.angle is None:
        return None
    dx, dy = target[0] - pose.x, target[1] - pose.y
    length = math.hypot(dx, dy)
    if length == 0:
        return None
    fx, fy = facing_vector(pose.angle)
    return (fx * dx + fy * dy) / length


def facing_word(pose: Pose, target: tuple[float, float]) -> Facing:
    """Towards (within 45°), away (within 45° of the opposite) or past (70° to 110°) a point; UNKNOWN
    in the dead zones between, when the figure was never turned, or when the point lies nearer than
    FACING_MIN_DISTANCE."""
    cosine = facing_cosine(pose, target)
    if cosine is None or distance(pose.point, target) < FACING_MIN_DISTANCE:
        return Facing.UNKNOWN
    degrees = math.degrees(math.acos(max(-1.0, min(1.0, cosine))))
    if degrees <= TOWARDS_DEGREES + EPSILON:
        return Facing.TOWARDS
    if degrees >= 180 - TOWARDS_DEGREES - EPSILON:
        return Facing.AWAY
    if PAST_DEGREES - EPSILON <= degrees <= 180 - PAST_DEGREES + EPSILON:
        return Facing.SIDEWAYS
    return Facing.UNKNOWN


def facing_group(pose: Pose, others: Iterable[Pose]) -> Facing:
    """Does the figure look towards the middle of the other figures, away from it, or past it?"""
    middle = centroid(o for o in others if o.key != pose.key)
    return facing_word(pose, middle) if middle else Facing.UNKNOWN


def turned_between(before: int | None, after: int | None) -> int | None:
    if before is None or after is None:
        return None
    difference = abs(before - after) % 360
    return min(difference, 360 - difference)


def changes(before: Mapping[str, Pose], after: Mapping[str, Pose]) -> list[Change]:
    """Per figure present at both moments (matched by key): how far it moved, closer or farther."""
    teacher_before = teacher_of(before.values())
    teacher_after = teacher_of(after.values())
    found = []
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            continue
        teacher_change = None
        if teacher_before and teacher_after and new.role != Role.TEACHER:
            teacher_change = distance(new.point, teacher_after.point) - distance(
                old.point, teacher_before.point
            )
        found.append(
            Change(
                key=key,
                label=new.label,
                moved=distance(old.point, new.point),
                centre_change=distance_to_centre(new) - distance_to_centre(old),
                teacher_change=teacher_change,
                turned=turned_between(old.angle, new.angle),
                angle_before=old.angle,
                angle_after=new.angle,
                emotion_before=old.emotion,
                emotion_after=new.emotion,
            )
        )
    found.sort(key=lambda c: c.label)
    return found
