"""The results of one peer survey, read with a fixed number of queries and computed in memory."""

from collections import Counter
from dataclasses import dataclass, field

from onderstroom.schools.models import Child, Enrollment
from onderstroom.sociogram.access import school_peer_settings
from onderstroom.sociogram.models import (
    NEGATIVE_QUESTIONS,
    POSITIVE_QUESTIONS,
    PeerNomination,
    PeerRating,
    PeerResponse,
    PeerSettings,
    PeerSurvey,
)
from onderstroom.sociogram.network import Network, analyse
from onderstroom.sociogram.status import NominationScore, RatingScore, Status, coie_dodge, ssrat


@dataclass
class ChildResult:
    child: Child
    name: str  # short name for the sociogram: first name, plus an initial when two share it
    grade: int
    started: bool
    finished: bool
    chosen_by: int  # classmates who chose this child (any positive question, or the top rating)
    received: dict[str, int] = field(default_factory=dict)  # nominations received per question
    negative: int | None = None  # negative nominations received; None when not asked
    negative_from: list[str] = field(default_factory=list)  # short names; only when the school shows names
    nomination: NominationScore | None = None
    rating: RatingScore | None = None
    mutual: list[str] = field(default_factory=list)  # short names, so that two Gijsen stay apart

    @property
    def status(self) -> Status | None:
        score = self.nomination or self.rating
        return score.status if score else None


@dataclass
class SurveyResults:
    survey: PeerSurvey
    settings: PeerSettings
    rows: list[ChildResult]
    network: Network
    choices: set[tuple[int, int]]  # positive choices (chooser id, chosen id)
    negative_choices: set[tuple[int, int]]  # only filled when the school shows names
    started: int
    finished: int

    @property
    def children(self) -> list[Child]:
        return [row.child for row in self.rows]

    @property
    def drawn_choices(self) -> set[tuple[int, int]]:
        """The lines of the sociogram. With ratings most children give many classmates the happiest
        face, so every arrow would make a tangle: there only mutual top ratings are drawn."""
        if self.survey.uses_ratings:
            return {(a, b) for a, b in self.choices if (b, a) in self.choices}
        return self.choices

    @property
    def by_id(self) -> dict[int, ChildResult]:
        return {row.child.pk: row for row in self.rows}

    @property
    def has_status(self) -> bool:
        return any(row.status is not None for row in self.rows)

    def names(self, ids: list[int]) -> list[str]:
        by_id = self.by_id
        return [by_id[i].name for i in ids]


def short_names(children: list[Child]) -> dict[int, str]:
    """First names, with the surname's initial added where two children share a first name."""
    counts = Counter(child.first_name.strip().lower() for child in children)
    return {
        child.pk: (
            f"{child.first_name} {child.surname[:1]}."
            if counts[child.first_name.strip().lower()] > 1 and child.surname
            else child.first_name
        )
        for child in children
    }


def class_list(survey: PeerSurvey) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(group_id=survey.group_id)
        .select_related("child")
        .order_by("child__first_name", "child__surname", "child__pk")
    )


def load_results(survey: PeerSurvey) -> SurveyResults:
    """Everything the results page, the sociogram and the report show: five queries, whatever the size."""
    enrollments = class_list(survey)
    settings = school_peer_settings(survey.school_id)
    children = [e.child for e in enrollments]
    ids = [c.pk for c in children]
    responses = {
        child_id: finished is not None
        for child_id, finished in PeerResponse.objects.filter(survey=survey).values_list(
            "child_id", "finished_at"
        )
    }
    members = set(ids)
    if survey.uses_ratings:
        ratings = {
            (rater, ratee): value
            for rater, ratee, value in PeerRating.objects.filter(response__survey=survey).values_list(
                "response__child_id", "ratee_id", "value"
            )
            if rater in members and ratee in members and rater != ratee and 1 <= value <= survey.rating_scale
        }
        choices = {pair for pair, value in ratings.items() if value == survey.rating_scale}
        rating_scores = ssrat(ids, ratings, survey.rating_scale)
        nominations: list[tuple[int, str, int]] = []
    else:
        nominations = [
            (nominator, question, nominee)
            for nominator, question, nominee in PeerNomination.objects.filter(
                response__survey=survey
            ).values_list("response__child_id", "question", "nominee_id")
            if nominator in members and nominee in members and nominator != nominee
        ]
        choices = {(a, b) for a, q, b in nominations if q in POSITIVE_QUESTIONS}
        rating_scores = {}
    respondents = [child_id for child_id, finished in responses.items() if finished]
    network = analyse(ids, choices, respondents)
    rows = _rows(survey, settings, enrollments, responses, nominations, network)
    for row in rows:
        row.rating = rating_scores.get(row.child.pk)
    negative = {(a, b) for a, q, b in nominations if q in NEGATIVE_QUESTIONS}
    return SurveyResults(
        survey=survey,
        settings=settings,
        rows=rows,
        network=network,
        choices=choices,
        negative_choices=negative if settings.show_negative_names else set(),
        started=len(responses),
        finished=len(respondents),
    )


def _rows(
    survey: PeerSurvey,
    settings: PeerSettings,
    enrollments: list[Enrollment],
    responses: dict[int, bool],
    nominations: list[tuple[int, str, int]],
    network: Network,
) -> list[ChildResult]:
    children = [e.child for e in enrollments]
    names = short_names(children)
    received: dict[int, Counter[str]] = {c.pk: Counter() for c in children}
    negative_from: dict[int, list[str]] = {c.pk: [] for c in children}
    for nominator, question, nominee in nominations:
        received[nominee][question] += 1
        if question in NEGATIVE_QUESTIONS:
            negative_from[nominee].append(names[nominator])
    asks_negative = any(q in NEGATIVE_QUESTIONS for q in survey.questions)
    # Liked-most: the nominations received on the positive questions together (each question counts).
    liked_most = {pk: sum(counts[q] for q in POSITIVE_QUESTIONS) for pk, counts in received.items()}
    liked_least = {pk: sum(counts[q] for q in NEGATIVE_QUESTIONS) for pk, counts in received.items()}
    scores = (
        coie_dodge([c.pk for c in children], liked_most, liked_least if asks_negative else None)
        if not survey.uses_ratings
        else {}
    )
    mutual: dict[int, list[str]] = {c.pk: [] for c in children}
    for a, b in network.mutual_pairs:
        mutual[a].append(names[b])
        mutual[b].append(names[a])
    return [
        ChildResult(
            child=e.child,
            name=names[e.child.pk],
            grade=e.grade,
            started=e.child.pk in responses,
            finished=responses.get(e.child.pk, False),
            chosen_by=network.chosen_by[e.child.pk],
            received=dict(received[e.child.pk]),
            negative=liked_least[e.child.pk] if asks_negative else None,
            negative_from=sorted(negative_from[e.child.pk]) if settings.show_negative_names else [],
            nomination=scores.get(e.child.pk),
            mutual=sorted(mutual[e.child.pk]),
        )
        for e in enrollments
    ]
