"""The board next to the peer survey, paired child by child: hand-made layouts and hand-made results."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from django.utils import translation

from onderstroom.constellations import alongside
from onderstroom.constellations.alongside import BoardSign, Peer, PeerSign
from onderstroom.constellations.measures import Band, Pose, Role
from onderstroom.sociogram.api import Status


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def pose(label: str, x: float, y: float, role: Role = Role.CHILD) -> Pose:
    return Pose(key=f"child:{label}" if role == Role.CHILD else "staff:1", label=label, role=role, x=x, y=y)


def peer(
    name: str,
    status: Status | None = Status.AVERAGE,
    chosen_by: int = 2,
    mutual: tuple[str, ...] = ("X",),
    answered: bool = True,
) -> Peer:
    return Peer(name=name, status=status, chosen_by=chosen_by, mutual=mutual, answered=answered)


# The teacher's figure beside the middle; Sara and Tim together in the middle; Bas alone in the
# bottom-right corner (0.4 from Tim, 0.53 from the centre: apart and at the edge); Noor alone at
# the left, between middle and edge (0.3 from the centre; 0.3 from Sara: apart); Lot at the top edge,
# close to Ella (0.1 apart: together, so not apart, but both at the edge).
TEACHER = pose("Juf Anna", 0.55, 0.5, role=Role.TEACHER)
SARA = pose("Sara", 0.5, 0.5)
TIM = pose("Tim", 0.55, 0.55)
BAS = pose("Bas", 0.88, 0.88)
NOOR = pose("Noor", 0.2, 0.5)
LOT = pose("Lot", 0.45, 0.05)
ELLA = pose("Ella", 0.55, 0.05)
BOARD = [TEACHER, SARA, TIM, BAS, NOOR, LOT, ELLA]


def by_name(rows: list[alongside.Row]) -> dict[str, alongside.Row]:
    return {row.name: row for row in rows}


def test_the_board_is_read_among_classmates_as_the_replay_reads_it() -> None:
    """Distances by hand: Bas-centre √(0.38²+0.38²) = 0.537 (far), Bas-Tim √(0.33²+0.33²) = 0.467;
    Noor-centre 0.3 (between middle and edge), Noor-Sara 0.3 > 0.25; Lot-centre √(0.05²+0.45²) = 0.453
    (far), Lot-Ella 0.1. The teacher's figure stands 0.05 from Sara, but does not count as a classmate."""
    read = alongside.on_board(BOARD)
    assert "staff:1" not in read
    assert read["child:Bas"].band == Band.FAR
    assert read["child:Bas"].apart
    assert read["child:Noor"].band == Band.MIDDLE
    assert read["child:Noor"].apart
    assert read["child:Lot"].band == Band.FAR
    assert not read["child:Lot"].apart
    assert read["child:Sara"].band == Band.VERY_CLOSE
    assert not read["child:Sara"].apart
    assert [n.pose.label for n in read["child:Sara"].nearest] == ["Tim", "Noor"]
    assert read["child:Bas"].words == [
        "at the edge of the field",
        "No other child's figure stands within a quarter of the field.",
        "Nearest classmates: Tim, Sara.",
    ]


def test_both_pointing_the_same_way_needs_a_sign_on_each_side() -> None:
    peers = {
        # apart and at the edge, chosen back by nobody: both point the same way
        "child:Bas": peer("Bas", status=Status.AVERAGE, mutual=()),
        # apart, and rejected although with a mutual choice: the same way
        "child:Noor": peer("Noor", status=Status.REJECTED, mutual=("Lot",)),
        # at the edge, but with a mutual choice and an average status: the survey does not agree
        "child:Lot": peer("Lot", mutual=("Noor",)),
        # at the edge, neglected: the same way
        "child:Ella": peer("Ella", status=Status.NEGLECTED, chosen_by=0, mutual=()),
        # in the middle with nobody chosen back: only the survey points, so not marked
        "child:Tim": peer("Tim", mutual=()),
    }
    rows = by_name(alongside.pair(BOARD, peers, survey_answered=True))
    assert rows["Bas"].board_signs == (BoardSign.APART, BoardSign.EDGE)
    assert rows["Bas"].peer_signs == (PeerSign.NO_MUTUAL,)
    assert rows["Bas"].same_way
    assert rows["Bas"].signs == [
        "stands apart on the board",
        "stands at the edge of the board",
        "no mutual choice in the survey",
    ]
    assert rows["Noor"].same_way
    assert rows["Noor"].peer_signs == (PeerSign.REJECTED,)
    assert not rows["Lot"].same_way
    assert rows["Lot"].board_signs == (BoardSign.EDGE,)
    assert rows["Lot"].signs == []
    assert rows["Ella"].same_way
    assert rows["Ella"].peer_signs == (PeerSign.NEGLECTED, PeerSign.NO_MUTUAL)
    assert not rows["Tim"].same_way
    assert rows["Tim"].peer_signs == (PeerSign.NO_MUTUAL,)
    assert [name for name, row in rows.items() if row.same_way] == ["Bas", "Ella", "Noor"]


def test_a_child_who_did_not_answer_has_no_mutual_choice_to_miss() -> None:
    peers = {"child:Bas": peer("Bas", mutual=(), answered=False)}
    row = by_name(alongside.pair(BOARD, peers, survey_answered=True))["Bas"]
    assert row.peer_signs == ()
    assert not row.same_way


def test_before_anybody_finished_the_survey_nothing_is_marked() -> None:
    peers = {"child:Bas": peer("Bas", status=None, chosen_by=0, mutual=(), answered=False)}
    peers["child:Noor"] = peer("Noor", status=Status.REJECTED, mutual=())
    rows = alongside.pair(BOARD, peers, survey_answered=False)
    assert not any(row.same_way for row in rows)


def test_every_child_on_the_board_or_in_the_survey_gets_one_row_sorted_by_name() -> None:
    peers = {
        "child:Bas": peer("Bas"),
        "child:Yara": peer("Yara"),  # joined the group after the board: in the survey only
    }
    names = {"child:Bas": "Bas de Vries", "child:Yara": "Yara Bakker", "child:Sara": "Sara Jansen"}
    rows = alongside.pair(BOARD, peers, survey_answered=True, names=names)
    assert [r.name for r in rows] == [
        "Bas de Vries",
        "Ella",
        "Lot",
        "Noor",
        "Sara Jansen",
        "Tim",
        "Yara Bakker",
    ]
    yara = rows[-1]
    assert yara.board is None
    assert yara.peer is not None
    assert yara.board_signs == ()
    ella = rows[1]
    assert ella.peer is None
    assert ella.board is not None
    assert not ella.same_way


def test_an_empty_board_and_a_lone_figure_stand_apart_from_nobody() -> None:
    assert alongside.pair([], {}, survey_answered=True) == []
    alone = pose("Bas", 0.95, 0.5)
    row = alongside.pair([alone], {"child:Bas": peer("Bas", mutual=())}, survey_answered=True)[0]
    assert row.board is not None
    assert not row.board.apart
    assert row.board.nearest == []
    # At the edge still counts, even with nobody else on the board.
    assert row.board_signs == (BoardSign.EDGE,)
    assert row.same_way


@dataclass
class Survey:
    uuid: UUID
    created_at: datetime
    answered: int


BOARD_DAY = datetime(2026, 3, 10, 10, tzinfo=UTC)


def test_the_survey_closest_in_time_with_answers_is_the_default() -> None:
    early = Survey(uuid4(), BOARD_DAY - timedelta(days=20), answered=12)
    empty = Survey(uuid4(), BOARD_DAY - timedelta(days=1), answered=0)
    late = Survey(uuid4(), BOARD_DAY + timedelta(days=10), answered=3)
    surveys = [late, empty, early]
    assert alongside.pick_survey(surveys, None, BOARD_DAY) is late
    assert alongside.pick_survey(surveys, str(early.uuid), BOARD_DAY) is early
    assert alongside.pick_survey(surveys, str(empty.uuid).upper(), BOARD_DAY) is empty
    for garbage in ("", "abc", str(uuid4()), "' or 1=1"):
        assert alongside.pick_survey(surveys, garbage, BOARD_DAY) is late


def test_without_answers_anywhere_the_closest_survey_and_without_surveys_none() -> None:
    first = Survey(uuid4(), BOARD_DAY - timedelta(days=3), answered=0)
    second = Survey(uuid4(), BOARD_DAY + timedelta(days=3), answered=0)
    assert alongside.pick_survey([first, second], None, BOARD_DAY) is second  # equally close: the later
    assert alongside.pick_survey([], "anything", BOARD_DAY) is None


def test_a_name_ending_in_an_initial_gets_one_full_stop() -> None:
    board = [pose("Bas", 0.2, 0.2), pose("Siem K.", 0.25, 0.2)]
    assert alongside.on_board(board)["child:Bas"].words[-1] == "Nearest classmates: Siem K."
