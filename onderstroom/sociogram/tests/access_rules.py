import uuid

from onderstroom.childsessions.models import ClassSession
from onderstroom.sociogram.access import ACTIVITY
from onderstroom.sociogram.models import PeerSurvey
from onderstroom.testing.matrix import (
    Rule,
    for_children,
    for_group_staff,
    for_group_teacher,
    for_school_admin,
)
from onderstroom.testing.world import World


def world_survey(world: World) -> PeerSurvey:
    """An open survey of the world's group, which the world's class session is for."""
    if "peer_survey" not in world.extra:
        survey = PeerSurvey.objects.create(school=world.school, group=world.group, created_by=world.teacher)
        ClassSession.objects.filter(pk=world.class_session.pk).update(
            activity=ACTIVITY, activity_object=str(survey.uuid)
        )
        world.extra["peer_survey"] = survey
    return world.extra["peer_survey"]  # type: ignore[return-value]


def survey_kwargs(world: World) -> dict[str, object]:
    return {"uuid": world_survey(world).uuid}


def group_kwargs(world: World) -> dict[str, object]:
    return {"uuid": world.group.uuid}


RULES = {
    "sociogram:surveys": Rule(kwargs=group_kwargs, expect=for_group_staff()),
    "sociogram:new": Rule(kwargs=group_kwargs, expect=for_group_teacher()),
    "sociogram:results": Rule(kwargs=survey_kwargs, expect=for_group_staff()),
    "sociogram:results?csv": Rule(kwargs=survey_kwargs, query="?format=csv", expect=for_group_staff()),
    "sociogram:results?xlsx": Rule(kwargs=survey_kwargs, query="?format=xlsx", expect=for_group_staff()),
    "sociogram:sociogram": Rule(kwargs=survey_kwargs, expect=for_group_staff()),
    "sociogram:report": Rule(kwargs=survey_kwargs, expect=for_group_staff()),
    "sociogram:close": Rule(kwargs=survey_kwargs, method="post", expect=for_group_teacher(302)),
    "sociogram:reopen": Rule(kwargs=survey_kwargs, method="post", expect=for_group_teacher(302)),
    "sociogram:settings": Rule(expect=for_school_admin()),
    # The child area: only a child whose class session is for this survey; everybody else goes to the start.
    "sociogram:survey": Rule(kwargs=survey_kwargs, expect=for_children()),
    "sociogram:answer": Rule(
        kwargs=survey_kwargs,
        method="post",
        data=lambda w: {"client_id": str(uuid.uuid4()), "kind": "nominations", "question": "work"},
        expect=for_children(),
    ),
}
