"""A class constellation next to a peer survey of the same group: per child, what each of the two shows.

Pure functions over the board's poses and the survey's per-child results (no database), so the
pairing is tested on hand-made layouts. The two are different pictures, made on different days by
different means: the board is where a child felt they stood, the survey who chose whom. Where both
point the same way — a child stands apart or at the edge on the board *and* has no mutual choice, or
a rejected or neglected status, in the survey — that is worth a conversation, never a conclusion.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onderstroom.constellations import describe, measures
from onderstroom.constellations.measures import Band, Neighbour, Pose, Role
from onderstroom.sociogram.api import Status


class BoardSign(StrEnum):
    APART = "apart"  # no classmate's figure within a quarter of the field
    EDGE = "edge"  # at the edge of the field


class PeerSign(StrEnum):
    REJECTED = "rejected"
    NEGLECTED = "neglected"
    NO_MUTUAL = "no_mutual"  # answered the survey themselves, and nobody they chose chose them back


BOARD_SIGN_WORDS: dict[BoardSign, Promise] = {
    BoardSign.APART: _("stands apart on the board"),
    BoardSign.EDGE: _("stands at the edge of the board"),
}
PEER_SIGN_WORDS: dict[PeerSign, Promise] = {
    PeerSign.REJECTED: _("status 'rejected' in the survey"),
    PeerSign.NEGLECTED: _("status 'neglected' in the survey"),
    PeerSign.NO_MUTUAL: _("no mutual choice in the survey"),
}


@dataclass(frozen=True)
class Peer:
    """One child in the peer survey, as its results page shows them."""

    name: str
    status: Status | None
    chosen_by: int
    mutual: Sequence[str]
    answered: bool  # the child finished the survey themselves


@dataclass(frozen=True)
class OnBoard:
    """One child's figure on the board, in the terms the replay reads it."""

    pose: Pose
    band: Band  # distance to the centre, in the replay's bands
    apart: bool  # no classmate's figure within a quarter of the field
    nearest: list[Neighbour]  # the two nearest classmates' figures

    @property
    def words(self) -> list[str]:
        """The replay's reading, short: where on the field, standing apart, the nearest classmates."""
        found = [describe.centre_phrase(self.band)]
        if self.apart:
            found.append(gettext("No other child's figure stands within a quarter of the field."))
        if self.nearest:
            # Names only: the drawing beside the table shows how far. (A figure standing apart may
            # still have a classmate at a distance the replay calls "close": the bands are coarser.)
            names = ", ".join(n.pose.label for n in self.nearest)
            sentence = gettext("Nearest classmates: %(names)s.") % {"names": names}
            # A short name may end in an initial ("Siem K."): one full stop is enough.
            found.append(sentence[:-1] if sentence.endswith("..") else sentence)
        return found


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    board: OnBoard | None  # None: this child's figure does not stand on the board
    peer: Peer | None  # None: this child is not in the survey's class
    board_signs: tuple[BoardSign, ...] = ()
    peer_signs: tuple[PeerSign, ...] = ()

    @property
    def same_way(self) -> bool:
        """Board and survey both point at this child standing apart: a conversation starter."""
        return bool(self.board_signs and self.peer_signs)

    @property
    def signs(self) -> list[Promise]:
        """Why, in words: what the board shows, then what the survey shows."""
        if not self.same_way:
            return []
        return [BOARD_SIGN_WORDS[s] for s in self.board_signs] + [PEER_SIGN_WORDS[s] for s in self.peer_signs]


def board_signs(band: Band, apart: bool) -> tuple[BoardSign, ...]:
    return tuple(
        sign for sign, shows in ((BoardSign.APART, apart), (BoardSign.EDGE, band == Band.FAR)) if shows
    )


def peer_signs(peer: Peer, survey_answered: bool) -> tuple[PeerSign, ...]:
    """Nothing before enough of the class finished the survey (its participation rule): until then
    "nobody chose them back" means nothing.

    "No mutual choice" counts only for a child who answered: a child who did not could not choose.
    """
    if not survey_answered:
        return ()
    found = []
    if peer.status == Status.REJECTED:
        found.append(PeerSign.REJECTED)
    if peer.status == Status.NEGLECTED:
        found.append(PeerSign.NEGLECTED)
    if peer.answered and not peer.mutual:
        found.append(PeerSign.NO_MUTUAL)
    return tuple(found)


def on_board(poses: Sequence[Pose]) -> dict[str, OnBoard]:
    """Every child's figure on the board, read among classmates (the teacher's figure does not count)."""
    children = [p for p in poses if p.role == Role.CHILD]
    apart = {p.key for p in measures.isolated(children)}
    return {
        p.key: OnBoard(
            pose=p,
            band=measures.centre_band(measures.reach(p)),
            apart=p.key in apart,
            nearest=measures.nearest(p, children, 2),
        )
        for p in children
    }


def pair(
    poses: Sequence[Pose],
    peers: Mapping[str, Peer],
    *,
    survey_answered: bool,
    names: Mapping[str, str] | None = None,
) -> list[Row]:
    """One row per child whose figure stands on the board, or who is in the survey's class, or both.

    `poses` are the board's placed figures; `peers` the survey's children by the same key as the
    figures ("child:<uuid>"); `survey_answered`: enough of the class finished the survey to speak. `names`
    (by key) name the rows; without it, the survey's or the board's short name. Sorted by name.
    """
    board = on_board(poses)
    names = names or {}
    rows = []
    for key in dict.fromkeys([*board, *peers]):
        standing, peer = board.get(key), peers.get(key)
        fallback = peer.name if peer else standing.pose.label if standing else key
        rows.append(
            Row(
                key=key,
                name=names.get(key, fallback),
                board=standing,
                peer=peer,
                board_signs=board_signs(standing.band, standing.apart) if standing else (),
                peer_signs=peer_signs(peer, survey_answered) if peer else (),
            )
        )
    rows.sort(key=lambda r: (r.name.casefold(), r.key))
    return rows


class SurveyLike(Protocol):
    uuid: UUID
    created_at: datetime
    answered: int  # children who finished the survey


def pick_survey[S: SurveyLike](surveys: Sequence[S], wanted: str | None, when: datetime) -> S | None:
    """The survey asked for (when it is one of these), else the answered one closest in time to `when`.

    Anything else asked for — another group's survey, garbage — is ignored. Without any answered
    survey, the closest one; of two equally close, the later.
    """
    chosen = next((s for s in surveys if str(s.uuid) == (wanted or "").strip().lower()), None)
    if chosen is not None:
        return chosen
    candidates = [s for s in surveys if s.answered] or list(surveys)
    if not candidates:
        return None
    return min(candidates, key=lambda s: (abs(s.created_at - when), -s.created_at.timestamp()))


def days_apart(first: date, second: date) -> int:
    return abs((first - second).days)
