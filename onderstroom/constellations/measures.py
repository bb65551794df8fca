"""What a layout of figures shows, as plain numbers: pure functions, no database.

Coordinates run from 0 to 1 across and down the field, so the centre is (0.5, 0.5)
and the field is one unit wide. An angle is in degrees clockwise from "facing the
top of the field" (screen coordinates: y grows downwards), so a figure at angle θ
looks along (sin θ, -cos θ).

A placement is a conversation starter, not a measurement: the thresholds below turn
distances into words a teacher can use, and are deliberately coarse.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

CENTRE = (0.5, 0.5)
# Two figures this close (an eighth of the field) or closer stand together. Chains of such
# steps link a cluster, so the step is kept short: a whole class an arm's length apart is no cluster.
CLUSTER_DISTANCE = 0.12
# A figure whose nearest neighbour is farther than this (a quarter of the field) stands apart.
ISOLATION_DISTANCE = 0.25
# Looking within 60 degrees of the group counts as facing it; within 60 degrees of the opposite, away.
FACING_COSINE = 0.5
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

    @property
    def point(self) -> tuple[float, float]:
        return (self.x, self.y)


class Facing(StrEnum):
    TOWARDS = "towards"
    AWAY = "away"
    SIDEWAYS = "sideways"
    UNKNOWN = "unknown"  # not turned yet, or nobody else on the field


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
    """Distance words: up to 0.15 very close, up to 0.3 close, up to 0.5 in between, beyond that far."""
    return _banded(value, 0.15, 0.3, 0.5)


def centre_band(value: float) -> Band:
    """Where a figure stands on the field: in the middle, nearby, between middle and edge, at the edge."""
    return _banded(value, 0.1, 0.2, 0.35)


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


def facing_group(pose: Pose, others: Iterable[Pose]) -> Facing:
    """Does the figure look towards the middle of the other figures, away from it, or past it?"""
    middle = centroid(o for o in others if o.key != pose.key)
    cosine = facing_cosine(pose, middle) if middle else None
    if cosine is None:
        return Facing.UNKNOWN
    if cosine >= FACING_COSINE - EPSILON:
        return Facing.TOWARDS
    if cosine <= -FACING_COSINE + EPSILON:
        return Facing.AWAY
    return Facing.SIDEWAYS


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
