"""The measures in words a teacher can use in the conversation that follows.

Pure functions from poses to sentences (through gettext). Deliberately plain: a
placement is a conversation starter, not a measurement, so nothing here grades a
child; it says where figures stand, which way they look and what changed.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from onderstroom.constellations import measures
from onderstroom.constellations.measures import Band, Facing, Pose, Role


def region_words() -> list[str]:
    """Nine parts of the field, row by row from the top left: for screen readers and the button form."""
    return [
        _("top left"),
        _("at the top"),
        _("top right"),
        _("on the left"),
        _("in the middle"),
        _("on the right"),
        _("bottom left"),
        _("at the bottom"),
        _("bottom right"),
    ]


def direction_words() -> list[str]:
    """Eight directions clockwise from the top of the field."""
    return [
        _("looks up"),
        _("looks to the top right"),
        _("looks right"),
        _("looks to the bottom right"),
        _("looks down"),
        _("looks to the bottom left"),
        _("looks left"),
        _("looks to the top left"),
    ]


def region_of(x: float, y: float) -> str:
    column = min(int(x * 3), 2)
    row = min(int(y * 3), 2)
    return region_words()[row * 3 + column]


def direction_of(angle: int) -> str:
    """The nearest of the eight directions: each covers 45 degrees around its own."""
    words = direction_words()
    return words[round(angle / (360 / len(words))) % len(words)]


@dataclass(frozen=True)
class Reading:
    """What one figure's place says, as a few sentences."""

    key: str
    label: str
    sentences: list[str]


@dataclass(frozen=True)
class Summary:
    readings: list[Reading]
    clusters: list[list[str]]
    isolated: list[str]
    from_subject: list[str] = field(default_factory=list)
    classmates_only: bool = False

    @property
    def no_grouping(self) -> str:
        """Said when no grouping is reported: that none stands out, not that nobody stands close."""
        if self.classmates_only:
            return _(
                "No group of children stands out: they stand no closer together than children placed "
                "at random would."
            )
        return _(
            "No group stands out: the figures stand no closer together than figures placed at random would."
        )

    @property
    def apart_note(self) -> str:
        if self.classmates_only:
            return _("No other child stands close by. Ask what this spot is like.")
        return _("No other figure stands close by. Ask what this spot is like.")

    @property
    def nobody_apart(self) -> str:
        if self.classmates_only:
            return _("Every child has another child close by.")
        return _("Every figure has another figure close by.")


def centre_sentence(pose: Pose) -> str:
    words = {
        Band.VERY_CLOSE: _("%(name)s stands in the middle of the field."),
        Band.CLOSE: _("%(name)s stands close to the middle."),
        Band.MIDDLE: _("%(name)s stands between the middle and the edge."),
        Band.FAR: _("%(name)s stands at the edge of the field."),
    }
    return words[measures.centre_band(measures.reach(pose))] % {"name": pose.label}


def centre_phrase(band: Band) -> str:
    """Where a figure stands on the field, without a name (a table row says whose figure it is)."""
    words = {
        Band.VERY_CLOSE: _("in the middle of the field"),
        Band.CLOSE: _("close to the middle"),
        Band.MIDDLE: _("between the middle and the edge"),
        Band.FAR: _("at the edge of the field"),
    }
    return words[band]


def distance_phrase(value: float) -> str:
    words = {
        Band.VERY_CLOSE: _("very close to"),
        Band.CLOSE: _("close to"),
        Band.MIDDLE: _("at some distance from"),
        Band.FAR: _("far from"),
    }
    return words[measures.band(value)]


def teacher_sentence(pose: Pose, teacher: Pose) -> str:
    value = measures.distance(pose.point, teacher.point)
    return _("%(name)s stands %(distance)s the teacher's figure.") % {
        "name": pose.label,
        "distance": distance_phrase(value),
    }


def neighbours_sentence(pose: Pose, others: Sequence[Pose], in_class: bool) -> str | None:
    """The two nearest figures; in a class constellation, the nearest children."""
    found = measures.nearest(pose, others, 2)
    if not found:
        return None
    names = ", ".join(
        _("%(name)s (%(distance)s)") % {"name": n.pose.label, "distance": band_word(n.distance)}
        for n in found
    )
    if in_class and pose.role == Role.CHILD:
        return _("Nearest classmates: %(names)s.") % {"names": names}
    if in_class:
        return _("Nearest children: %(names)s.") % {"names": names}
    return _("Nearest figures: %(names)s.") % {"names": names}


def band_word(value: float) -> str:
    words = {
        Band.VERY_CLOSE: _("very close"),
        Band.CLOSE: _("close"),
        Band.MIDDLE: _("some distance"),
        Band.FAR: _("far"),
    }
    return words[measures.band(value)]


def facing_sentence(pose: Pose, others: Sequence[Pose]) -> str | None:
    words = {
        Facing.TOWARDS: _("%(name)s looks towards the group."),
        Facing.AWAY: _("%(name)s looks away from the group."),
        Facing.SIDEWAYS: _("%(name)s looks past the group."),
    }
    facing = measures.facing_group(pose, others)
    return words[facing] % {"name": pose.label} if facing in words else None


def emotion_sentence(pose: Pose, emotion_labels: Mapping[str, str]) -> str | None:
    if not pose.emotion:
        return None
    return _("Feeling chosen: %(feeling)s.") % {"feeling": emotion_labels.get(pose.emotion, pose.emotion)}


def facing_teacher_sentence(pose: Pose, teacher: Pose) -> str | None:
    if measures.facing_word(pose, teacher.point) != Facing.TOWARDS:
        return None
    return _("%(name)s looks towards the teacher's figure.") % {"name": pose.label}


def read_figure(
    pose: Pose,
    poses: Sequence[Pose],
    *,
    classmates_only: bool,
    emotion_labels: Mapping[str, str],
    name_neighbours: bool = True,
) -> Reading:
    """Where one figure stands and looks. In a class constellation "the group" is the children.

    Without `name_neighbours` no other child is named (the child page is about one child).
    """
    teacher = measures.teacher_of(poses)
    peers = [p for p in poses if p.role == Role.CHILD] if classmates_only else list(poses)
    sentences = [centre_sentence(pose)]
    if teacher and pose.role != Role.TEACHER:
        sentences.append(teacher_sentence(pose, teacher))
    for sentence in (
        neighbours_sentence(pose, peers, classmates_only) if name_neighbours else None,
        facing_sentence(pose, peers),
        facing_teacher_sentence(pose, teacher) if teacher and pose.role != Role.TEACHER else None,
        emotion_sentence(pose, emotion_labels),
    ):
        if sentence:
            sentences.append(sentence)
    return Reading(key=pose.key, label=pose.label, sentences=sentences)


def summarise(
    poses: Sequence[Pose],
    *,
    classmates_only: bool,
    emotion_labels: Mapping[str, str],
    subject_key: str | None = None,
) -> Summary:
    """Every figure read in words, the groupings (only beyond chance) and the figures standing apart.

    In a class constellation, closeness is among classmates (the teacher's figure has its own
    sentence); in a personal one, among every figure, and seen from the child in the middle of it.
    The sentences about the whole board are the Summary's, worded so that none contradicts a
    figure's own: "no group stands out" is not "nobody stands close".
    """
    peers = [p for p in poses if p.role == Role.CHILD] if classmates_only else list(poses)
    readings = [
        read_figure(p, poses, classmates_only=classmates_only, emotion_labels=emotion_labels) for p in poses
    ]
    subject = next((p for p in poses if p.key == subject_key), None)
    return Summary(
        readings=readings,
        clusters=[[p.label for p in group] for group in measures.groupings(peers)],
        isolated=[p.label for p in measures.isolated(peers)],
        from_subject=seen_from(subject, poses) if subject else [],
        classmates_only=classmates_only,
    )


def seen_from(subject: Pose, poses: Sequence[Pose]) -> list[str]:
    """Personal constellations: every other figure, nearest first, as seen from the child."""
    return [
        _("%(name)s stands %(distance)s %(subject)s.")
        % {"name": n.pose.label, "distance": distance_phrase(n.distance), "subject": subject.label}
        for n in measures.nearest(subject, poses, len(poses))
    ]


def change_sentences(
    changes: Sequence[measures.Change], emotion_labels: Mapping[str, str] | None = None
) -> list[str]:
    """What changed between two moments, only for figures that moved or turned noticeably."""
    sentences = []
    for change in changes:
        parts = _movement_parts(change) + _turn_parts(change) + _feeling_parts(change, emotion_labels)
        if parts:
            sentences.append(f"{change.label}: {', '.join(parts)}.")
    return sentences


def _turn_parts(change: measures.Change) -> list[str]:
    if change.turned is not None and change.turned >= measures.NOTICEABLE_TURN:
        degrees = round(change.turned / 15) * 15
        return [
            _("turned about %(degrees)d degrees: %(direction)s")
            % {"degrees": degrees, "direction": direction_of(change.angle_after or 0)}
        ]
    if change.angle_before is None and change.angle_after is not None:
        return [_("turned: %(direction)s") % {"direction": direction_of(change.angle_after)}]
    return []


def _feeling_parts(change: measures.Change, emotion_labels: Mapping[str, str] | None) -> list[str]:
    if change.emotion_after == change.emotion_before:
        return []
    if not change.emotion_after:
        return [_("no feeling any more")]
    labels = emotion_labels or {}
    return [_("feeling: %(feeling)s") % {"feeling": labels.get(change.emotion_after, change.emotion_after)}]


def _movement_parts(change: measures.Change) -> list[str]:
    if change.moved < measures.NOTICEABLE_MOVE:
        return []
    if abs(change.centre_change) < measures.NOTICEABLE_MOVE / 2:
        parts = [_("moved to another spot at about the same distance from the middle")]
    elif change.centre_change < 0:
        parts = [_("moved closer to the middle")]
    else:
        parts = [_("moved away from the middle")]
    if change.teacher_change is not None and abs(change.teacher_change) >= measures.NOTICEABLE_MOVE:
        parts.append(
            _("closer to the teacher") if change.teacher_change < 0 else _("farther from the teacher")
        )
    return parts
