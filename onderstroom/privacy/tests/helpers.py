"""A child with data in every app, and classmates and a teacher whose records must stay valid."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from onderstroom.bankingtime.tests.helpers import actor_for, add_session, make_plan, rate
from onderstroom.childsessions.models import ChildSignIn, PictureLock
from onderstroom.constellations import services as constellation_services
from onderstroom.constellations.models import Constellation, Event, Figure, Note
from onderstroom.interactions.tests.helpers import tap
from onderstroom.questionnaires.builders import make_moment
from onderstroom.questionnaires.models import Response
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import today
from onderstroom.schools.models import Child, Enrollment
from onderstroom.sociogram.models import Question
from onderstroom.sociogram.tests.helpers import answer, make_survey
from onderstroom.sociogram.tests.helpers import rate as peer_rate
from onderstroom.testing.world import World, add_child, make_child, set_up

FIRST, SURNAME, NUMBER = "Zefanja", "Quirijnsdochter", "PN998877"
CLASSMATE_FIRST, CLASSMATE_SURNAME = "Bartholomeus", "Wijnandszoon"


@dataclass
class Rich:
    child: Child
    classmate: Child
    others: list[Child]
    survey_uuid: str
    class_board: Constellation
    classmate_entry: Entry


@set_up
def rich_child(world: World) -> Rich:
    """The child has a peer survey, constellations, Banking Time, a reflection, taps and ratings."""
    child = make_child(world.school, first_name=FIRST, surname=SURNAME, external_id=NUMBER, gender="f")
    add_child(world.group, child, 5)
    classmate = make_child(world.school, first_name=CLASSMATE_FIRST, surname=CLASSMATE_SURNAME, gender="m")
    add_child(world.group, classmate, 5)
    others = [
        e.child for e in Enrollment.objects.filter(group=world.group).exclude(child__in=[child, classmate])
    ]

    # Peer survey: both children nominate each other and rate each other.
    survey = make_survey(world)
    answer(survey, child, **{Question.WORK: [classmate, *others[:1]]})
    answer(survey, classmate, **{Question.WORK: [child], Question.PLAY: [child, *others[:1]]})
    peer_rate_survey = make_survey(world)
    peer_rate(peer_rate_survey, child, {classmate: 4})
    peer_rate(peer_rate_survey, classmate, {child: 5})

    # Questionnaires: the teacher rates the child, the child answers about the teacher.
    moment = make_moment(world.group, name="Oktober", opens_on=today() - timedelta(days=3))
    enrollment = Enrollment.objects.get(child=child)
    assert moment.teacher_version is not None
    rate(
        moment,
        enrollment,
        world.teacher,
        {item.key: 4 for item in moment.teacher_version.spec.items},
        "teacher",
    )
    assert Response.objects.filter(child=child).exists()

    # Constellations: a personal one, and the class one with the child's own step and a note naming them.
    personal = Constellation.objects.create(
        school=world.school,
        kind=Constellation.Kind.PERSONAL,
        group=world.group,
        child=child,
        field_name="Thuis bij Zefanja",
        created_by=world.teacher,
    )
    own = Figure.objects.create(
        school=world.school, constellation=personal, kind=Figure.Kind.CHILD, child=child
    )
    Figure.objects.create(school=world.school, constellation=personal, kind=Figure.Kind.FAMILY, label="oma")
    Event.objects.create(
        school=world.school,
        constellation=personal,
        sequence=1,
        figure=own,
        type="place",
        round=1,
        x=0.5,
        y=0.5,
        by_child=child,
    )
    Note.objects.create(
        school=world.school, constellation=personal, author=world.teacher, text="Oma is belangrijk."
    )
    board = constellation_services.create_class_constellation(
        actor_for(world.teacher, world), world.group, "Klas", "round"
    )
    mine = board.figures.get(child=child)
    Event.objects.create(
        school=world.school,
        constellation=board,
        sequence=1,
        figure=mine,
        type="place",
        round=1,
        x=0.2,
        y=0.3,
        by_child=child,
    )
    theirs = board.figures.get(child=classmate)
    Event.objects.create(
        school=world.school,
        constellation=board,
        sequence=2,
        figure=theirs,
        type="place",
        round=1,
        x=0.7,
        y=0.3,
        by_child=classmate,
    )
    Note.objects.create(
        school=world.school, constellation=board, author=world.teacher, text="Zefanja stond apart."
    )
    Note.objects.create(school=world.school, constellation=board, author=world.teacher, text="Rustige ronde.")

    # Banking Time, a reflection (and one about the classmate that must stay), taps, a sign-in.
    plan = make_plan(child, world.group, world.teacher, own_themes=["Zefanja en tekenen"])
    add_session(plan, today(), note="Zefanja koos tekenen.")
    Entry.objects.create(
        school=world.school,
        child=child,
        group=world.group,
        author=world.teacher,
        written_on=today(),
        word_1="stil",
        moment_1="Zefanja keek weg.",
        will_try="meer samen tekenen",
    )
    classmate_entry = Entry.objects.create(
        school=world.school,
        child=classmate,
        group=world.group,
        author=world.teacher,
        written_on=today(),
        word_1="druk",
    )
    now = timezone.now()
    tap(world.teacher, world.group, child, "praise", now - timedelta(hours=1))
    tap(world.teacher, world.group, classmate, "turn", now - timedelta(hours=1))
    ChildSignIn.objects.create(
        school=world.school, class_session=world.class_session, child=child, signed_in_at=now
    )
    PictureLock.objects.create(school=world.school, child=child, failed_attempts=2)
    return Rich(child, classmate, others, str(survey.uuid), board, classmate_entry)
