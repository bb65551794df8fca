from datetime import date

from onderstroom.questionnaires.builders import make_moment, run_questionnaire, shipped_versions
from onderstroom.questionnaires.models import MeasurementMoment, ResearchConsent
from onderstroom.testing.matrix import (
    P,
    Rule,
    expect,
    for_children,
    for_group_staff,
    for_group_teacher,
    for_school_admin,
)
from onderstroom.testing.world import World


def moment(world: World) -> MeasurementMoment:
    """An open moment of the world's group, created once per world."""
    if "moment" not in world.extra:
        world.extra["moment"] = make_moment(world.group)
    return world.extra["moment"]


def moment_kwargs(world: World) -> dict:
    return {"uuid": moment(world).uuid}


def child_form_kwargs(world: World) -> dict:
    """The child persona's form about the group's teacher, in a session that runs the questionnaire."""
    run_questionnaire(world.class_session, moment(world))
    return {"moment": moment(world).uuid, "teacher": world.teacher.uuid}


def group_with_moment(world: World) -> dict:
    moment(world)
    return {"uuid": world.group.uuid}


def research_consent(world: World) -> ResearchConsent:
    """The world's school consents to research use, once per world."""
    if "research_consent" not in world.extra:
        world.extra["research_consent"] = ResearchConsent.objects.create(
            school=world.school, consented_on=date(2026, 9, 1), recorded_by=world.admin
        )
    return world.extra["research_consent"]


RULES = {
    "questionnaires:moments": Rule(kwargs=lambda w: {"uuid": w.group.uuid}, expect=for_group_staff()),
    "questionnaires:overview": Rule(kwargs=group_with_moment, expect=for_group_staff()),
    "questionnaires:overview?csv": Rule(
        kwargs=group_with_moment, query="?format=csv", expect=for_group_staff()
    ),
    "questionnaires:overview?xlsx": Rule(
        kwargs=group_with_moment, query="?format=xlsx", expect=for_group_staff()
    ),
    "questionnaires:overview_pdf": Rule(kwargs=group_with_moment, expect=for_group_staff()),
    "questionnaires:moment_edit": Rule(kwargs=moment_kwargs, expect=for_group_staff()),
    "questionnaires:rate": Rule(kwargs=moment_kwargs, expect=for_group_teacher()),
    # The matrix posts a form, not the JSON the grid sends: the teacher reaches the view and is told so.
    "questionnaires:rate_answers": Rule(kwargs=moment_kwargs, method="post", expect=for_group_teacher(400)),
    "questionnaires:read_aloud": Rule(kwargs=moment_kwargs, expect=for_group_staff()),
    "questionnaires:reliability": Rule(kwargs=moment_kwargs, expect=expect({P.CARE: 200})),
    "questionnaires:reliability?csv": Rule(
        kwargs=moment_kwargs, query="?format=csv", expect=expect({P.CARE: 200})
    ),
    "questionnaires:reliability?xlsx": Rule(
        kwargs=moment_kwargs, query="?format=xlsx", expect=expect({P.CARE: 200})
    ),
    "questionnaires:export": Rule(
        kwargs=lambda w: {**moment_kwargs(w), "version": moment(w).teacher_version.uuid, "fmt": "csv"},
        expect=expect({P.CARE: 200}),
    ),
    # The research export: care coordinators and school admins (the outsider is both at their school).
    "questionnaires:research": Rule(expect=expect({P.CARE: 200, P.ADMIN: 200, P.OUTSIDER: 200})),
    # With the world's school's consent; the outsider's school has none: refused, with the reason.
    "questionnaires:research_export": Rule(
        kwargs=lambda w: research_consent(w) and {},
        expect=expect({P.CARE: 200, P.ADMIN: 200, P.OUTSIDER: 409}),
    ),
    # The matrix posts an empty form: a school admin reaches the view and is told what is missing.
    "questionnaires:research_consent": Rule(method="post", expect=for_school_admin(400)),
    "questionnaires:child_pdf": Rule(kwargs=lambda w: {"uuid": w.child.uuid}, expect=for_group_staff()),
    "questionnaires:instruments": Rule(expect=for_school_admin()),
    "questionnaires:instrument": Rule(
        kwargs=lambda w: {"uuid": shipped_versions()["onderstroom-teacher"].uuid}, expect=for_school_admin()
    ),
    "questionnaires:school": Rule(expect=for_school_admin()),
    "questionnaires:school_pdf": Rule(method="post", expect=for_school_admin(302)),
    # A child in the session is sent on to their first form.
    "questionnaires:child_start": Rule(
        kwargs=lambda w: child_form_kwargs(w) and {}, expect=for_children(302)
    ),
    "questionnaires:child_form": Rule(kwargs=child_form_kwargs, expect=for_children()),
    "questionnaires:child_answers": Rule(kwargs=child_form_kwargs, method="post", expect=for_children(400)),
}
