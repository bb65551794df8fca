"""Service functions: planning moments, storing answers exactly once, co-teachers, loading instruments."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.http import Http404

from onderstroom.audit.models import AuditEvent
from onderstroom.core.errors import Refused
from onderstroom.instruments.engine import InstrumentError
from onderstroom.instruments.models import InstrumentVersion
from onderstroom.questionnaires import access, services
from onderstroom.questionnaires.builders import make_moment, run_questionnaire, shipped_versions
from onderstroom.questionnaires.library import CHILD_KEYS, TEACHER_KEY
from onderstroom.questionnaires.models import Answer, MeasurementMoment, Response
from onderstroom.questionnaires.services import AnswerIn, MomentPlan, TeacherChoice
from onderstroom.schools.access import ChildActor, StaffActor, build_staff_actor, today
from onderstroom.schools.models import Enrollment
from onderstroom.tenancy import school_scope
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def staff(user) -> StaffActor:  # type: ignore[no-untyped-def]
    return build_staff_actor(user, "127.0.0.1", None)


def plan(world: World, **changes) -> MomentPlan:  # type: ignore[no-untyped-def]
    versions = shipped_versions()
    fields = {
        "name": "Oktober",
        "opens_on": today(),
        "closes_on": today() + timedelta(days=14),
        "teacher_version": versions[TEACHER_KEY],
        "child_versions": [versions[key] for key in CHILD_KEYS],
        "teachers": [TeacherChoice(world.teacher, "juf", "Anna")],
    }
    return MomentPlan(**(fields | changes))


def test_a_teacher_and_the_care_coordinator_plan_moments(world: World) -> None:
    moment = services.plan_moment(staff(world.teacher), world.group, plan(world))
    assert moment.teachers.get().call_name == "Anna"
    assert AuditEvent.objects.filter(action="questionnaires.moment.plan").count() == 1
    later = plan(
        world, name="Maart", opens_on=today() + timedelta(days=30), closes_on=today() + timedelta(days=40)
    )
    assert services.plan_moment(staff(world.care), world.group, later).name == "Maart"


def test_other_staff_cannot_plan_for_the_group(world: World) -> None:
    for user in (world.other_teacher, world.admin):
        with pytest.raises(Http404):
            services.plan_moment(staff(user), world.group, plan(world))
    assert not MeasurementMoment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closes_on": today() - timedelta(days=1)}, "sluitdatum"),
        ({"opens_on": today() - timedelta(days=400)}, "schooljaar"),
        ({"name": "  "}, "naam"),
        ({"teacher_version": None, "child_versions": []}, "minstens één"),
        ({"teachers": []}, "over welke leerkracht"),
    ],
)
def test_a_bad_plan_is_refused_and_nothing_is_stored(world: World, changes: dict, message: str) -> None:
    with pytest.raises(Refused, match=message):
        services.plan_moment(staff(world.teacher), world.group, plan(world, **changes))
    assert not MeasurementMoment.objects.exists()


def test_two_forms_for_one_grade_and_overlapping_moments_are_refused(world: World) -> None:
    young = shipped_versions()[CHILD_KEYS[0]]
    with pytest.raises(Refused, match="dezelfde groep"):
        services.plan_moment(staff(world.teacher), world.group, plan(world, child_versions=[young, young]))
    services.plan_moment(staff(world.teacher), world.group, plan(world))
    with pytest.raises(Refused, match="overlapt"):
        services.plan_moment(staff(world.teacher), world.group, plan(world, name="Nog een"))


def answers(*pairs: tuple[str, int | None], stamp: datetime | None = None) -> list[AnswerIn]:
    return [
        AnswerIn(item=item, value=value, client_id=uuid.uuid4(), answered_at=stamp) for item, value in pairs
    ]


def test_teacher_answers_are_stored_with_scores(world: World) -> None:
    moment = make_moment(world.group)
    child = world.child
    result = services.save_teacher_answers(
        staff(world.teacher),
        moment,
        [(child.uuid, a) for a in answers(*[(f"t{i:02d}", 4) for i in range(1, 21)])],
    )
    assert len(result.stored) == 20
    assert result.progress[str(child.uuid)] == (20, 20)
    response = Response.objects.get(child=child, teacher=world.teacher)
    assert response.completed_at is not None
    # Closeness: five items answered 4, t18 (reverse-keyed) answered 4 counts as 2: (5·4 + 2) / 6.
    assert response.scores["closeness"] == pytest.approx(22 / 6)
    event = AuditEvent.objects.get(action="questionnaires.answers.save")
    assert event.child_id == child.pk
    assert event.details == {"answers": 20}


def test_the_same_client_id_is_stored_once(world: World) -> None:
    moment = make_moment(world.group)
    batch = [(world.child.uuid, a) for a in answers(("t01", 3), ("t02", 2))]
    services.save_teacher_answers(staff(world.teacher), moment, batch)
    again = services.save_teacher_answers(staff(world.teacher), moment, batch)
    assert sorted(again.stored) == sorted(str(a.client_id) for _, a in batch)
    assert Answer.objects.count() == 2
    assert Response.objects.get().values == {"t01": 3, "t02": 2}


def test_the_later_answer_wins_whatever_order_they_arrive_in(world: World) -> None:
    moment = make_moment(world.group)
    early = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    first = answers(("t01", 2), stamp=early)
    second = answers(("t01", 5), stamp=early + timedelta(seconds=5))
    actor = staff(world.teacher)
    services.save_teacher_answers(actor, moment, [(world.child.uuid, second[0])])
    late_arrival = services.save_teacher_answers(actor, moment, [(world.child.uuid, first[0])])
    assert late_arrival.stored == [str(first[0].client_id)]  # acknowledged, so the device forgets it
    assert Response.objects.get().values == {"t01": 5}
    assert Answer.objects.get().client_id == second[0].client_id


def test_bad_answers_are_rejected_one_by_one(world: World) -> None:
    moment = make_moment(world.group)
    good, wrong_value, wrong_item = answers(("t01", 3), ("t02", 9), ("x99", 3))
    result = services.save_teacher_answers(
        staff(world.teacher), moment, [(world.child.uuid, a) for a in (good, wrong_value, wrong_item)]
    )
    assert result.stored == [str(good.client_id)]
    assert set(result.rejected) == {str(wrong_value.client_id), str(wrong_item.client_id)}
    outsider = services.save_teacher_answers(
        staff(world.teacher), moment, [(world.other_child.uuid, answers(("t01", 3))[0])]
    )
    assert outsider.stored == []
    assert len(outsider.rejected) == 1
    assert Answer.objects.count() == 1


def test_only_teachers_of_the_group_rate_and_only_while_open(world: World) -> None:
    moment = make_moment(world.group)
    batch = [(world.child.uuid, answers(("t01", 3))[0])]
    for user in (world.other_teacher, world.care):
        with pytest.raises(Http404):
            services.save_teacher_answers(staff(user), moment, batch)
    closed = make_moment(world.group, opens_on=today() - timedelta(days=60), days=10)
    with pytest.raises(Refused, match="gesloten"):
        services.save_teacher_answers(staff(world.teacher), closed, batch)
    assert not Answer.objects.exists()


def test_co_teachers_rate_independently_and_cannot_overwrite_each_other(world: World) -> None:
    """A relationship is between two people: each teacher's ratings are their own."""
    moment = make_moment(world.group)
    (mine,) = answers(("t01", 5))
    services.save_teacher_answers(staff(world.teacher), moment, [(world.child.uuid, mine)])
    services.save_teacher_answers(
        staff(world.co_teacher), moment, [(world.child.uuid, answers(("t01", 1))[0])]
    )
    # Replaying the colleague's own answer id from another account changes nothing either.
    stolen = AnswerIn(item="t01", value=1, client_id=mine.client_id)
    result = services.save_teacher_answers(staff(world.co_teacher), moment, [(world.child.uuid, stolen)])
    assert str(mine.client_id) in result.rejected
    assert Response.objects.get(teacher=world.teacher).values == {"t01": 5}
    assert Response.objects.get(teacher=world.co_teacher).values == {"t01": 1}


def child_actor(world: World, child) -> ChildActor:  # type: ignore[no-untyped-def]
    return ChildActor(child=child, school=world.school, class_session=world.class_session, ip_address=None)


def test_a_child_gets_the_form_for_their_grade(world: World) -> None:
    moment = make_moment(world.group)
    run_questionnaire(world.class_session, moment)
    for enrollment in Enrollment.objects.filter(group=world.group).select_related("child"):
        forms = access.child_forms(child_actor(world, enrollment.child))
        expected = CHILD_KEYS[0] if enrollment.grade <= 4 else CHILD_KEYS[1]
        assert [f.version.instrument.key for f in forms] == [expected, expected]
        assert [f.teacher for f in forms] == [world.teacher, world.co_teacher]  # one form per teacher


def test_a_child_has_no_form_outside_a_questionnaire_session(world: World) -> None:
    moment = make_moment(world.group)
    actor = child_actor(world, world.child)
    assert access.child_forms(actor) == []
    with pytest.raises(Http404):
        access.child_form(actor, moment.uuid, world.teacher.uuid)
    other = make_moment(world.other_group)
    run_questionnaire(world.class_session, other)  # a moment of another group: not this session's
    assert access.child_forms(actor) == []


def test_child_answers_are_stored_exactly_once(world: World) -> None:
    moment = make_moment(world.group)
    run_questionnaire(world.class_session, moment)
    actor = child_actor(world, world.child)
    form = access.child_form(actor, moment.uuid, world.teacher.uuid)
    spec = form.version.spec
    batch = answers(*[(item.key, spec.max_value) for item in spec.items])
    services.save_child_answers(actor, form, batch[:3])
    services.save_child_answers(actor, form, batch)  # the first three again, after a lost reply
    services.save_child_answers(actor, form, batch[-2:])
    response = Response.objects.get(respondent="child")
    assert Answer.objects.filter(response=response).count() == len(spec.items)
    assert response.completed_at is not None
    assert response.teacher == world.teacher


def test_prefilled_responses_mirror_their_answers(world: World) -> None:
    moment = make_moment(world.group)
    enrollment = Enrollment.objects.filter(child=world.child).get()
    response = services.prefill_response(
        moment, moment.teacher_version, enrollment, world.teacher, "teacher", {"t01": 5, "t05": 5, "zz": 3}
    )
    assert response.values == {"t01": 5, "t05": 5}
    assert response.scores["closeness"] is None
    assert Answer.objects.filter(response=response).count() == 2


def test_moment_dates_cannot_move_past_given_answers(world: World) -> None:
    moment = make_moment(world.group)
    services.save_teacher_answers(staff(world.teacher), moment, [(world.child.uuid, answers(("t01", 3))[0])])
    with pytest.raises(Refused, match="eerdere datum"):
        services.change_moment_dates(
            staff(world.teacher), moment, "Oktober", today() + timedelta(days=1), today() + timedelta(days=9)
        )
    services.change_moment_dates(staff(world.care), moment, "Oktober", today(), today() + timedelta(days=3))
    moment.refresh_from_db()
    assert moment.closes_on == today() + timedelta(days=3)


LICENSED = b"""\
schema: 1
key: licensed-teacher
version: "2020"
title: {nl: Gelicentieerd, en: Licensed}
respondent: teacher
audience: {grades: [1, 2, 3, 4, 5, 6, 7, 8]}
licence: {nl: Licentie tot 2030, en: Licence until 2030}
options:
  - {value: 1, label: {nl: Nee, en: "No"}}
  - {value: 2, label: {nl: Ja, en: "Yes"}}
scales:
  - {key: closeness, construct: closeness, label: {nl: Nabijheid, en: Closeness}}
items:
  - {key: q1, scale: closeness, text: {nl: "{child} is lief.", en: "{child} is kind."}}
"""


def test_a_school_loads_its_licensed_instrument_in_versions(world: World) -> None:
    admin = staff(world.admin)
    version, created = services.load_instrument(admin, LICENSED)
    assert (created, version.number, version.instrument.school) == (True, 1, world.school)
    same, created = services.load_instrument(admin, LICENSED)
    assert (created, same.pk) == (False, version.pk)
    changed, created = services.load_instrument(admin, LICENSED.replace(b'"2020"', b'"2021"'))
    assert (created, changed.number, changed.label) == (True, 2, "2021")
    assert AuditEvent.objects.filter(action="questionnaires.instrument.load").count() == 3
    with school_scope(world.other_school):
        assert not InstrumentVersion.objects.filter(instrument__key="licensed-teacher").exists()
        assert InstrumentVersion.objects.filter(instrument__key=TEACHER_KEY).exists()


def test_a_bad_or_borrowed_instrument_file_is_refused(world: World) -> None:
    admin = staff(world.admin)
    with pytest.raises(InstrumentError) as caught:
        services.load_instrument(admin, LICENSED.replace(b'{nl: Ja, en: "Yes"}', b"{nl: Ja}"))
    assert [e.line for e in caught.value.errors] == [10]
    with pytest.raises(Refused, match="van Onderstroom zelf"):
        services.load_instrument(admin, LICENSED.replace(b"licensed-teacher", TEACHER_KEY.encode()))
    with pytest.raises(Http404):
        services.load_instrument(staff(world.teacher), LICENSED)
    assert not InstrumentVersion.objects.filter(instrument__school__isnull=False).exists()


def test_a_new_version_keeps_the_respondent_and_the_subject(world: World) -> None:
    admin = staff(world.admin)
    services.load_instrument(admin, LICENSED)
    about_class = (
        LICENSED.replace(b"respondent: teacher", b"respondent: teacher\nsubject: class")
        .replace(b'"{child} is lief."', b'"De klas is rustig."')
        .replace(b'"{child} is kind."', b'"The class is calm."')
    )
    with pytest.raises(Refused, match="iemand anders"):
        services.load_instrument(admin, about_class.replace(b"respondent: teacher", b"respondent: staff"))
    with pytest.raises(Refused, match="over iets anders"):
        services.load_instrument(admin, about_class)
    assert InstrumentVersion.objects.filter(instrument__key="licensed-teacher").count() == 1


def test_a_changed_shipped_file_becomes_a_new_version_and_old_answers_keep_theirs(world: World) -> None:
    from onderstroom.instruments.engine import parse_instrument
    from onderstroom.instruments.library import current_versions, store_version
    from onderstroom.questionnaires.library import SHIPPED_DIR

    moment = make_moment(world.group)
    services.save_teacher_answers(staff(world.teacher), moment, [(world.child.uuid, answers(("t01", 3))[0])])
    source = (
        (SHIPPED_DIR / "teacher-about-child.yaml").read_text().replace('version: "1.0"', 'version: "1.1"')
    )
    newer, created = store_version(None, parse_instrument(source), source)
    assert (created, newer.number) == (True, 2)
    assert next(v for v in current_versions() if v.instrument.key == TEACHER_KEY) == newer
    moment.refresh_from_db()
    assert moment.teacher_version.number == 1
    assert Response.objects.get().version.number == 1
