"""The measures in words: sentences a teacher can use, for hand-made layouts worked out by hand."""

import pytest
from django.utils import translation

from onderstroom.constellations import describe, measures
from onderstroom.constellations.measures import Pose, Role

EMOTIONS = {"happy": "happy", "sad": "sad", "scared": "scared"}


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def pose(
    label: str, x: float, y: float, angle: int | None = None, role: Role = Role.CHILD, emotion: str = ""
) -> Pose:
    return Pose(key=label, label=label, role=role, x=x, y=y, angle=angle, emotion=emotion)


# Teacher at the top; Sara and Tim together just above the middle; Bas alone at the bottom edge.
TEACHER = pose("Juf Anna", 0.5, 0.1, role=Role.TEACHER)
SARA = pose("Sara", 0.45, 0.45, angle=0, emotion="happy")
TIM = pose("Tim", 0.55, 0.45)
BAS = pose("Bas", 0.5, 0.95, angle=180)
CLASS = [TEACHER, SARA, TIM, BAS]


def test_a_class_layout_read_figure_by_figure() -> None:
    """Distances by hand: Sara-centre √(0.05²+0.05²) = 0.071; Sara-teacher √(0.05²+0.35²) = 0.354;
    Sara-Tim 0.1; Sara-Bas √(0.05²+0.5²) = 0.502; Bas-centre 0.45; Bas-teacher 0.85; teacher-centre 0.4.

    Sara looks up: the other children's middle (0.525, 0.7) lies below her (away, cosine -0.96),
    the teacher above her (towards, cosine 0.99). Bas looks down, away from Sara and Tim above him.
    The teacher's 0.4 from the centre is 0.8 of the way to the rim: not yet the edge (from 0.894).
    Three children cannot stand closer together than chance would place them (mean distance to the
    nearest 0.23, chance's 5% level 0.15), so no group is named, and the board says so without
    denying that Sara and Tim stand very close.
    """
    summary = describe.summarise(CLASS, classmates_only=True, emotion_labels=EMOTIONS)
    readings = {r.label: r.sentences for r in summary.readings}
    assert readings["Sara"] == [
        "Sara stands in the middle of the field.",
        "Sara stands at some distance from the teacher's figure.",
        "Nearest classmates: Tim (very close), Bas (far).",
        "Sara looks away from the group.",
        "Sara looks towards the teacher's figure.",
        "Feeling chosen: happy.",
    ]
    assert readings["Tim"] == [
        "Tim stands in the middle of the field.",
        "Tim stands at some distance from the teacher's figure.",
        "Nearest classmates: Sara (very close), Bas (far).",
    ]
    assert readings["Bas"] == [
        "Bas stands at the edge of the field.",
        "Bas stands far from the teacher's figure.",
        "Nearest classmates: Sara (far), Tim (far).",
        "Bas looks away from the group.",
    ]
    assert readings["Juf Anna"] == [
        "Juf Anna stands between the middle and the edge.",
        "Nearest children: Sara (some distance), Tim (some distance).",
    ]
    assert summary.clusters == []
    assert summary.no_grouping == (
        "No group of children stands out: they stand no closer together than children placed at random would."
    )
    assert summary.isolated == ["Bas"]
    assert summary.apart_note == "No other child stands close by. Ask what this spot is like."
    assert summary.from_subject == []


def test_a_personal_layout_seen_from_the_child() -> None:
    """Noor in the middle; her sister 0.1 away, mum 0.3 (a 3-4-5 triangle: 0.18 across, 0.24 down),
    the teacher 0.45 up."""
    noor = pose("Noor", 0.5, 0.5)
    sister = pose("zus Lisa", 0.6, 0.5, role=Role.FAMILY)
    mum = pose("mama", 0.32, 0.74, role=Role.FAMILY)
    teacher = pose("Meester Bram", 0.5, 0.05, role=Role.TEACHER)
    summary = describe.summarise(
        [noor, sister, mum, teacher], classmates_only=False, emotion_labels=EMOTIONS, subject_key="Noor"
    )
    # mama at 0.3 stands apart (beyond a quarter of the field), so she is not called "close" either.
    assert summary.from_subject == [
        "zus Lisa stands very close to Noor.",
        "mama stands at some distance from Noor.",
        "Meester Bram stands at some distance from Noor.",
    ]
    # Four figures, mean distance to the nearest 0.24: no closer than chance (5% level 0.14).
    assert summary.clusters == []
    # mama's nearest is Noor at 0.3 and Meester Bram's is Noor at 0.45: both beyond a quarter of the field.
    assert summary.isolated == ["mama", "Meester Bram"]
    readings = {r.label: r.sentences for r in summary.readings}
    assert readings["Noor"][2] == "Nearest figures: zus Lisa (very close), mama (some distance)."


def test_changes_between_rounds_in_words() -> None:
    """Sara walks 0.3 towards the teacher and turns from unturned to looking left; Tim turns 180 degrees."""
    before = {p.key: p for p in [TEACHER, pose("Sara", 0.5, 0.7), pose("Tim", 0.55, 0.45, angle=0), BAS]}
    after = {
        p.key: p
        for p in [
            TEACHER,
            pose("Sara", 0.5, 0.4, angle=270, emotion="scared"),
            pose("Tim", 0.55, 0.45, angle=180),
            BAS,
        ]
    }
    sentences = describe.change_sentences(measures.changes(before, after), EMOTIONS)
    assert sentences == [
        "Sara: moved closer to the middle, closer to the teacher, turned: looks left, feeling: scared.",
        "Tim: turned about 180 degrees: looks down.",
    ]


def test_a_move_along_the_rim_is_not_called_closer_or_farther() -> None:
    """From (0.5, 0.1) to (0.9, 0.5): 0.57 travelled, both 0.4 from the centre."""
    before = {"A": pose("A", 0.5, 0.1)}
    after = {"A": pose("A", 0.9, 0.5)}
    assert describe.change_sentences(measures.changes(before, after)) == [
        "A: moved to another spot at about the same distance from the middle."
    ]


@pytest.mark.parametrize(
    ("x", "y", "words"),
    [
        (0.1, 0.1, "top left"),
        (0.5, 0.1, "at the top"),
        (0.5, 0.5, "in the middle"),
        (1.0, 1.0, "bottom right"),
    ],
)
def test_regions_of_the_field(x: float, y: float, words: str) -> None:
    assert describe.region_of(x, y) == words


@pytest.mark.parametrize(
    ("angle", "words"),
    [
        (0, "looks up"),
        (22, "looks up"),
        (23, "looks to the top right"),
        (345, "looks up"),
        (270, "looks left"),
    ],
)
def test_directions_round_to_the_nearest_eighth(angle: int, words: str) -> None:
    assert describe.direction_of(angle) == words
