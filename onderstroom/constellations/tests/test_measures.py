"""The measures on hand-made layouts equal values worked out by hand (3-4-5 triangles and the like)."""

import math

import pytest

from onderstroom.constellations import measures
from onderstroom.constellations.measures import Band, Facing, Pose, Role


def pose(key: str, x: float, y: float, angle: int | None = None, role: Role = Role.CHILD) -> Pose:
    return Pose(key=key, label=key, role=role, x=x, y=y, angle=angle)


# A (0.5, 0.5) in the middle; B a tenth below it; C 0.3 to the right; D up left, 0.5 from A
# (a 3-4-5 triangle); E close to C: C-E = sqrt(0.05² + 0.1²) = 0.1118.
A = pose("A", 0.5, 0.5)
B = pose("B", 0.5, 0.6)
C = pose("C", 0.8, 0.5)
D = pose("D", 0.1, 0.2)
E = pose("E", 0.85, 0.6)
LAYOUT = [A, B, C, D, E]


def test_distance_is_euclidean_on_the_unit_field() -> None:
    """(0,0) to (0.3,0.4) is 0.5: a 3-4-5 triangle."""
    assert measures.distance((0, 0), (0.3, 0.4)) == pytest.approx(0.5)


def test_distance_to_centre_and_its_words() -> None:
    """(0.8, 0.9) is 0.5 from the centre: on the rim, at the edge; (0.55, 0.5) is 0.05: in the middle.
    The words go by the reach (0 in the middle, 1 on the rim): 0.2 and 0.4 are the limits of the
    middle and of close to it, the edge starts at √0.8 = 0.894 (0.447 from the centre)."""
    far = pose("far", 0.8, 0.9)
    assert measures.distance_to_centre(far) == pytest.approx(0.5)
    assert measures.reach(far) == pytest.approx(1.0)
    assert measures.centre_band(measures.reach(far)) == Band.FAR
    assert measures.centre_band(measures.reach(pose("mid", 0.55, 0.5))) == Band.VERY_CLOSE
    assert measures.centre_band(measures.reach(pose("near", 0.7, 0.5))) == Band.CLOSE
    assert measures.centre_band(measures.reach(pose("between", 0.5, 0.94))) == Band.MIDDLE  # 0.44 out
    assert measures.centre_band(measures.reach(pose("edge", 0.5, 0.95))) == Band.FAR  # 0.45 out


BANDS = [
    (0.0, Band.VERY_CLOSE),
    (0.15, Band.VERY_CLOSE),
    (0.151, Band.CLOSE),
    (0.25, Band.CLOSE),  # where standing apart begins (ISOLATION_DISTANCE): apart is never "close"
    (0.251, Band.MIDDLE),
    (0.5, Band.MIDDLE),
    (0.51, Band.FAR),
]


@pytest.mark.parametrize(("value", "expected"), BANDS)
def test_distance_bands_have_inclusive_upper_bounds(value: float, expected: Band) -> None:
    assert measures.band(value) == expected


def test_nearest_neighbours_in_order() -> None:
    """From A: B at 0.1, then C at 0.3 (D is 0.5, E is sqrt(0.35² + 0.1²) = 0.364)."""
    found = measures.nearest(A, LAYOUT, 3)
    assert [n.pose.key for n in found] == ["B", "C", "E"]
    assert [n.distance for n in found] == pytest.approx([0.1, 0.3, math.sqrt(0.35**2 + 0.1**2)])


def test_clusters_link_figures_within_an_eighth_of_the_field() -> None:
    """A-B (0.1) and C-E (0.1118) stand together; C-B is 0.316 and D is far from all."""
    clusters = measures.clusters(LAYOUT)
    assert [[p.key for p in cluster] for cluster in clusters] == [["A", "B"], ["C", "E"]]


def test_clusters_chain_by_single_linkage() -> None:
    """P1 and P3 are 0.24 apart, but each is 0.12 from P2 (the threshold counts): one cluster of three.

    Q is 0.13 from P3: just too far to join.
    """
    chain = [pose("P1", 0.1, 0.9), pose("P2", 0.22, 0.9), pose("P3", 0.34, 0.9), pose("Q", 0.47, 0.9)]
    assert [[p.key for p in c] for c in measures.clusters(chain)] == [["P1", "P2", "P3"]]


def test_isolated_figures_have_nobody_within_a_quarter_of_the_field() -> None:
    """D's nearest figure is A at 0.5 > 0.25; everyone else has a neighbour within 0.12."""
    assert [p.key for p in measures.isolated(LAYOUT)] == ["D"]
    assert measures.isolated([A]) == []


def test_standing_apart_starts_beyond_a_quarter_of_the_field() -> None:
    """0.27 apart: both stand apart; 0.25 apart: the boundary still counts as near."""
    assert len(measures.isolated([pose("a", 0.1, 0.1), pose("b", 0.1, 0.37)])) == 2
    assert measures.isolated([pose("a", 0.1, 0.1), pose("b", 0.1, 0.35)]) == []


def test_facing_vector_is_clockwise_from_the_top() -> None:
    assert measures.facing_vector(0) == pytest.approx((0, -1))
    assert measures.facing_vector(90) == pytest.approx((1, 0))
    assert measures.facing_vector(180) == pytest.approx((0, 1))
    assert measures.facing_vector(270) == pytest.approx((-1, 0))


@pytest.mark.parametrize(
    ("angle", "expected"),
    [
        (0, Facing.TOWARDS),  # looks straight up at the group: cosine 1
        (45, Facing.TOWARDS),  # the boundary still counts as towards
        (46, Facing.UNKNOWN),  # the dead zone between towards and past: no word
        (69, Facing.UNKNOWN),
        (70, Facing.SIDEWAYS),
        (90, Facing.SIDEWAYS),  # cosine 0
        (110, Facing.SIDEWAYS),
        (111, Facing.UNKNOWN),  # the dead zone between past and away
        (135, Facing.AWAY),
        (180, Facing.AWAY),  # cosine -1
        (None, Facing.UNKNOWN),  # never turned
    ],
)
def test_facing_the_group(angle: int | None, expected: Facing) -> None:
    """A figure at the bottom (0.5, 0.9); the others' centre is straight above it at (0.5, 0.5)."""
    others = [pose("L", 0.3, 0.5), pose("R", 0.7, 0.5)]
    assert measures.facing_group(pose("me", 0.5, 0.9, angle), others) == expected


def test_facing_cosine_towards_a_point() -> None:
    """From (0.5, 0.9) to (0.8, 0.5) is (0.3, -0.4), length 0.5; looking right (90°) gives 0.3 / 0.5."""
    assert measures.facing_cosine(pose("me", 0.5, 0.9, 90), (0.8, 0.5)) == pytest.approx(0.6)


def test_facing_needs_somebody_else() -> None:
    me = pose("me", 0.5, 0.9, 0)
    assert measures.facing_group(me, [me]) == Facing.UNKNOWN


@pytest.mark.parametrize(
    ("before", "after", "expected"), [(350, 10, 20), (90, 270, 180), (0, 0, 0), (None, 10, None)]
)
def test_turned_between_takes_the_short_way_round(
    before: int | None, after: int, expected: int | None
) -> None:
    assert measures.turned_between(before, after) == expected


def test_changes_between_two_moments() -> None:
    """A walks from the centre 0.3 down; the teacher stays at (0.5, 0.2): 0.3 farther from both."""
    teacher = pose("T", 0.5, 0.2, role=Role.TEACHER)
    before = {"A": pose("A", 0.5, 0.5, 350), "T": teacher, "gone": pose("gone", 0.1, 0.1)}
    after = {"A": pose("A", 0.5, 0.8, 10), "T": teacher, "new": pose("new", 0.9, 0.9)}
    found = {c.key: c for c in measures.changes(before, after)}
    assert set(found) == {"A", "T"}
    change = found["A"]
    assert change.moved == pytest.approx(0.3)
    assert change.centre_change == pytest.approx(0.3)
    assert change.teacher_change == pytest.approx(0.3)
    assert change.turned == 20
    assert found["T"].teacher_change is None
    assert found["T"].moved == 0
