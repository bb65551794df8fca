"""The results of one peer survey, read with a fixed number of queries and computed in memory.

Everything is computed over the survey's class list as it was when the survey opened (its roster),
and only speaks when enough of that list finished (`onderstroom.core.participation`): below the
minimum there is no status, nobody is "not chosen", and the screens say how many answered.
"""

from collections import Counter
from dataclasses import dataclass, field, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onderstroom.core.participation import PEER_STATUS, Participation
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
    RosterEntry,
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
    on_roster: bool = True  # False: joined the group after the survey opened
    enrolled: bool = True  # False: was in the class then, has left the group since
    no_status: str | Promise = ""  # why there is no status: too few answers, or not in the class then

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
    started: int  # children of the class list who opened the survey
    finished: int  # children of the class list who finished it
    participation: Participation

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


def class_list(survey: PeerSurvey) -> tuple[list[RosterEntry], list[Enrollment]]:
    """The survey's frozen class list, and who is in the group today (two queries)."""
    roster = list(RosterEntry.objects.filter(survey=survey).select_related("child"))
    enrolled = list(Enrollment.objects.filter(group_id=survey.group_id).select_related("child"))
    return roster, enrolled


@dataclass(frozen=True)
class Member:
    """A child of the results: on the class list when the survey opened, or in the group now."""

    child: Child
    grade: int
    on_roster: bool
    enrolled: bool


def members_of(roster: list[RosterEntry], enrolled: list[Enrollment]) -> list[Member]:
    in_group = {e.child_id for e in enrolled}
    on_roster = {r.child_id for r in roster}
    found = [Member(r.child, r.grade, True, r.child_id in in_group) for r in roster]
    found += [Member(e.child, e.grade, False, True) for e in enrolled if e.child_id not in on_roster]
    return sorted(found, key=lambda m: (m.child.first_name, m.child.surname, m.child.pk))


def load_results(survey: PeerSurvey) -> SurveyResults:
    """Everything the results page, the sociogram and the report show: six queries, whatever the size."""
    members = members_of(*class_list(survey))
    settings = school_peer_settings(survey.school_id)
    ids = [m.child.pk for m in members if m.on_roster]
    roster = set(ids)
    responses = {
        child_id: finished is not None
        for child_id, finished in PeerResponse.objects.filter(survey=survey).values_list(
            "child_id", "finished_at"
        )
    }
    respondents = [child_id for child_id, finished in responses.items() if finished and child_id in roster]
    participation = Participation(answered=len(respondents), expected=len(ids), minimum=PEER_STATUS)
    if survey.uses_ratings:
        ratings = {
            (rater, ratee): value
            for rater, ratee, value in PeerRating.objects.filter(response__survey=survey).values_list(
                "response__child_id", "ratee_id", "value"
            )
            if rater in roster and ratee in roster and rater != ratee and 1 <= value <= survey.rating_scale
        }
        choices = {pair for pair, value in ratings.items() if value == survey.rating_scale}
        rating_scores = ssrat(ids, ratings, survey.rating_scale) if participation.enough else {}
        nominations: list[tuple[int, str, int]] = []
    else:
        nominations = [
            (nominator, question, nominee)
            for nominator, question, nominee in PeerNomination.objects.filter(
                response__survey=survey
            ).values_list("response__child_id", "question", "nominee_id")
            if nominator in roster and nominee in roster and nominator != nominee
        ]
        choices = {(a, b) for a, q, b in nominations if q in POSITIVE_QUESTIONS}
        rating_scores = {}
    network = analyse(ids, choices, respondents)
    if not participation.enough:
        # "Chosen by nobody" says something about a child only when most of the class could choose.
        network = replace(network, not_chosen=[])
    rows = _rows(survey, settings, members, responses, nominations, network, participation)
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
        started=len(roster & responses.keys()),
        finished=len(respondents),
        participation=participation,
    )


def liked_most_counts(choices: set[tuple[int, int]], children: list[int]) -> dict[int, int]:
    """Liked-most per child: the classmates who named them on any positive question, each once.

    Coie, Dodge & Coppotelli (1982) count liked-most as the number of classmates who name a child.
    With two positive questions (work and play), adding the questions up would let one classmate who
    names a child twice count double: the score would measure how many questions were asked as much
    as how many classmates like the child, and it would no longer sit on the same 0..n-1 scale as
    liked-least (one question).
    """
    counts = Counter(chosen for _chooser, chosen in choices)
    return {child: counts[child] for child in children}


def _rows(
    survey: PeerSurvey,
    settings: PeerSettings,
    members: list[Member],
    responses: dict[int, bool],
    nominations: list[tuple[int, str, int]],
    network: Network,
    participation: Participation,
) -> list[ChildResult]:
    names = short_names([m.child for m in members])
    ids = [m.child.pk for m in members if m.on_roster]
    received: dict[int, Counter[str]] = {pk: Counter() for pk in ids}
    negative_from: dict[int, list[str]] = {pk: [] for pk in ids}
    for nominator, question, nominee in nominations:
        received[nominee][question] += 1
        if question in NEGATIVE_QUESTIONS:
            negative_from[nominee].append(names[nominator])
    asks_negative = any(q in NEGATIVE_QUESTIONS for q in survey.questions)
    positive = {(a, b) for a, q, b in nominations if q in POSITIVE_QUESTIONS}
    liked_most = liked_most_counts(positive, ids)
    liked_least = {pk: sum(counts[q] for q in NEGATIVE_QUESTIONS) for pk, counts in received.items()}
    scores = (
        coie_dodge(ids, liked_most, liked_least if asks_negative else None)
        if not survey.uses_ratings and participation.enough
        else {}
    )
    mutual: dict[int, list[str]] = {pk: [] for pk in ids}
    for a, b in network.mutual_pairs:
        mutual[a].append(names[b])
        mutual[b].append(names[a])
    return [
        ChildResult(
            child=m.child,
            name=names[m.child.pk],
            grade=m.grade,
            started=m.child.pk in responses,
            finished=responses.get(m.child.pk, False),
            chosen_by=network.chosen_by.get(m.child.pk, 0),
            received=dict(received.get(m.child.pk, {})),
            negative=liked_least.get(m.child.pk, 0) if asks_negative else None,
            negative_from=sorted(negative_from.get(m.child.pk, [])) if settings.show_negative_names else [],
            nomination=scores.get(m.child.pk),
            mutual=sorted(mutual.get(m.child.pk, [])),
            on_roster=m.on_roster,
            enrolled=m.enrolled,
            no_status=_no_status(m, participation),
        )
        for m in members
    ]


def _no_status(member: Member, participation: Participation) -> str | Promise:
    if not member.on_roster:
        return _("was not in the class when the survey ran")
    return participation.sentence
