"""Peer surveys for the demo board: a class with friendship clusters and a few children left out.

One survey where children named classmates (groep 4/5/6) and one with the rating method (groep 8),
both finished a week ago, so the sociogram, the statuses and the combinations with the teacher's
relationship have something to show. Negative nominations stay off, as they are by default.
"""

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from onderstroom.schools.models import Child, Enrollment, Group, GroupAssignment
from onderstroom.sociogram.models import (
    Method,
    PeerNomination,
    PeerRating,
    PeerResponse,
    PeerSurvey,
    Question,
)
from onderstroom.sociogram.services import freeze_roster

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard

NOMINATION_GROUP = "Groep 4/5/6"
RATING_GROUP = "Groep 8"
LEFT_OUT = 2  # children nobody chooses
ABSENT = 1  # a child who was ill that day
CLUSTER = 4


def add_demo_surveys(demo: "DemoBoard") -> None:
    rng = demo.rng("sociogram")
    groups = {name: group for school in demo.schools[:1] for name, group in school.groups.items()}
    when = timezone.now() - timedelta(days=9)
    if group := groups.get(NOMINATION_GROUP):
        survey = _survey(group, when, method=Method.NOMINATIONS, nomination_limit=3)
        if survey:
            _nominations(rng, survey)
    if group := groups.get(RATING_GROUP):
        survey = _survey(group, when, method=Method.RATINGS, rating_scale=3)
        if survey:
            _ratings(rng, survey)


def _survey(group: Group, when: datetime, **fields: object) -> PeerSurvey | None:
    assignment = (
        GroupAssignment.objects.filter(group=group, kind=GroupAssignment.Kind.TEACHER).order_by("pk").first()
    )
    if assignment is None:
        return None
    survey = PeerSurvey.objects.create(
        school=group.school,
        group=group,
        created_by=assignment.user,
        created_at=when,
        closed_at=when + timedelta(hours=2),
        **fields,
    )
    freeze_roster(survey)
    return survey


def _class(rng: random.Random, survey: PeerSurvey) -> tuple[list[Child], list[list[Child]], set[int]]:
    """The children who answered, friendship clusters (mostly girls with girls), and who is left out."""
    children = [
        e.child for e in Enrollment.objects.filter(group=survey.group).select_related("child").order_by("pk")
    ]
    rng.shuffle(children)
    left_out = {c.pk for c in children[:LEFT_OUT]}
    present = children[ABSENT:]
    ordered = sorted(children[LEFT_OUT:], key=lambda c: c.gender)
    clusters = [ordered[i : i + CLUSTER] for i in range(0, len(ordered), CLUSTER)]
    return present, clusters, left_out


def _response(survey: PeerSurvey, child: Child) -> PeerResponse:
    return PeerResponse.objects.create(
        school=survey.school,
        survey=survey,
        child=child,
        started_at=survey.created_at,
        finished_at=survey.created_at,
    )


def _nominations(rng: random.Random, survey: PeerSurvey) -> None:
    present, clusters, _left_out = _class(rng, survey)
    cluster_of = {c.pk: cluster for cluster in clusters for c in cluster}
    everyone = [c for cluster in clusters for c in cluster]
    rows = []
    for child in present:
        response = _response(survey, child)
        friends = [c for c in cluster_of.get(child.pk, everyone) if c.pk != child.pk]
        for question in (Question.WORK, Question.PLAY):
            chosen = rng.sample(friends, min(len(friends), rng.randint(1, 3)))
            if rng.random() < 0.3:  # now and then someone from outside the own cluster
                outside = [c for c in everyone if c not in chosen and c.pk != child.pk]
                chosen = [*chosen[:2], rng.choice(outside)] if outside else chosen
            rows += [
                PeerNomination(school=survey.school, response=response, question=question, nominee=c)
                for c in chosen
            ]
    PeerNomination.objects.bulk_create(rows)


def _ratings(rng: random.Random, survey: PeerSurvey) -> None:
    present, clusters, left_out = _class(rng, survey)
    cluster_of = {c.pk: {m.pk for m in cluster} for cluster in clusters for c in cluster}
    children = [e.child for e in Enrollment.objects.filter(group=survey.group).select_related("child")]
    disliked = min(left_out) if left_out else None  # one of the two is rejected, the other overlooked
    rows = []
    for rater in present:
        response = _response(survey, rater)
        for ratee in children:
            if ratee.pk == rater.pk:
                continue
            if ratee.pk in cluster_of.get(rater.pk, set()):
                value = 3
            elif ratee.pk == disliked:
                value = rng.choices([1, 2], weights=[4, 1])[0]
            elif ratee.pk in left_out:
                value = 2
            else:
                value = rng.choices([1, 2, 3], weights=[1, 6, 2])[0]
            rows.append(PeerRating(school=survey.school, response=response, ratee=ratee, value=value))
    PeerRating.objects.bulk_create(rows)
