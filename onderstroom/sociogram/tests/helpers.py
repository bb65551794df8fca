"""Building peer surveys and answers for tests, without going through the screens."""

from collections.abc import Iterable
from uuid import uuid4

from django.utils import timezone

from onderstroom.childsessions.models import ClassSession
from onderstroom.schools.models import Child, Group
from onderstroom.sociogram.access import ACTIVITY
from onderstroom.sociogram.models import PeerNomination, PeerRating, PeerResponse, PeerSettings, PeerSurvey
from onderstroom.sociogram.services import freeze_roster
from onderstroom.testing.world import World, set_up


@set_up
def children_of(group: Group) -> list[Child]:
    return [
        e.child for e in group.enrollments.select_related("child").order_by("child__first_name", "child__pk")
    ]


@set_up
def allow_negative(world: World, names: bool = False) -> None:
    PeerSettings.objects.update_or_create(
        school=world.school, defaults={"negative_nominations": True, "show_negative_names": names}
    )


@set_up
def make_survey(world: World, group: Group | None = None, **fields: object) -> PeerSurvey:
    group = group or world.group
    survey = PeerSurvey.objects.create(school=group.school, group=group, created_by=world.teacher, **fields)
    freeze_roster(survey)
    return survey


@set_up
def point_session_at(session: ClassSession, survey: PeerSurvey) -> None:
    ClassSession.objects.filter(pk=session.pk).update(activity=ACTIVITY, activity_object=str(survey.uuid))
    session.refresh_from_db()


@set_up
def answer(
    survey: PeerSurvey, child: Child, finished: bool = True, **questions: Iterable[Child]
) -> PeerResponse:
    response, _ = PeerResponse.objects.update_or_create(
        school=survey.school,
        survey=survey,
        child=child,
        defaults={"finished_at": timezone.now() if finished else None},
    )
    for question, nominees in questions.items():
        PeerNomination.objects.bulk_create(
            PeerNomination(school=survey.school, response=response, question=question, nominee=n)
            for n in nominees
        )
    return response


@set_up
def rate(survey: PeerSurvey, child: Child, ratings: dict[Child, int]) -> PeerResponse:
    response = answer(survey, child)
    PeerRating.objects.bulk_create(
        PeerRating(school=survey.school, response=response, ratee=ratee, value=value)
        for ratee, value in ratings.items()
    )
    return response


def new_id() -> str:
    return str(uuid4())


@set_up
def finish_without_choosing(survey: PeerSurvey, children: Iterable[Child]) -> None:
    """These children finish the survey naming nobody: enough answers, and nobody's counts change."""
    for child in children:
        answer(survey, child)
