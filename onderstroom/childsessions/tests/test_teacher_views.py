"""The teacher's screens: opening a session, following who signed in, the classroom screen."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onderstroom.childsessions import activities, services
from onderstroom.childsessions.activities import Activity
from onderstroom.childsessions.models import ClassSession, PictureLock
from onderstroom.childsessions.tests.helpers import actions, staff
from onderstroom.core.net import BACKGROUND_HEADER
from onderstroom.testing.world import Persona, World, sign_in_child

pytestmark = pytest.mark.django_db


def register(monkeypatch, key: str, choices) -> None:  # type: ignore[no-untyped-def]
    activity = Activity(key=key, label=key.title(), child_url=lambda actor: None, choices=choices)
    monkeypatch.setitem(activities.registry._entries, key, activity)


def open_url(world: World) -> str:
    return reverse("childsessions:open", kwargs={"uuid": world.group.uuid})


def session_url(name: str, class_session: ClassSession) -> str:
    return reverse(f"childsessions:{name}", kwargs={"uuid": class_session.uuid})


def close_current(world: World) -> None:
    world.class_session.closed_at = timezone.now()
    world.class_session.save(update_fields=["closed_at"])


def test_the_group_page_button_opens_at_once_when_there_is_nothing_to_choose(world: World) -> None:
    close_current(world)
    teacher = world.client_for(Persona.TEACHER)
    response = teacher.post(open_url(world))
    opened = ClassSession.objects.get(group=world.group, closed_at__isnull=True)
    assert response["Location"] == session_url("session", opened)
    assert opened.activity == activities.NONE
    assert opened.pk != world.class_session.pk


def test_the_group_page_button_leads_to_the_open_session_and_closes_nothing(world: World) -> None:
    """A second tap, or the co-teacher's, does not sign out the children who are signing in."""
    co_teacher = Client()
    co_teacher.force_login(world.co_teacher)
    response = co_teacher.post(open_url(world), follow=True)
    assert response.redirect_chain == [(session_url("session", world.class_session), 302)]
    assert "Voor deze groep is al een sessie open" in response.content.decode()
    world.class_session.refresh_from_db()
    assert world.class_session.is_open()
    assert ClassSession.objects.count() == 1
    assert actions("childsessions.session.open") == []


def test_the_form_offers_the_activities_of_the_registry(world: World, monkeypatch) -> None:
    """An activity with choices gets a select; one with nothing to choose now is left out."""
    register(monkeypatch, "moments", lambda actor, group: [("oct", "Oktober"), ("mar", "Maart")])
    register(monkeypatch, "constellation", None)
    register(monkeypatch, "closed", lambda actor, group: [])
    teacher = world.client_for(Persona.TEACHER)
    page = teacher.get(reverse("childsessions:new", kwargs={"uuid": world.group.uuid})).content.decode()
    assert page.count('type="radio"') == 3  # none, moments, constellation
    assert page.count("<select") == 2  # the language switch and the moments
    assert 'value="oct"' in page
    assert "Oktober" in page
    assert 'value="closed"' not in page
    assert "Voor deze groep is een sessie met code" in page  # the open session will be closed

    response = teacher.post(open_url(world), {"activity": "moments", "object-moments": "mar"})
    opened = ClassSession.objects.get(group=world.group, closed_at__isnull=True)
    assert response["Location"] == session_url("session", opened)
    assert (opened.activity, opened.activity_object) == ("moments", "mar")


def test_the_group_page_button_asks_what_to_do_when_there_is_a_choice(world: World, monkeypatch) -> None:
    register(monkeypatch, "moments", lambda actor, group: [("oct", "Oktober")])
    close_current(world)
    response = world.client_for(Persona.TEACHER).post(open_url(world))
    assert response["Location"] == reverse("childsessions:new", kwargs={"uuid": world.group.uuid})
    assert not ClassSession.objects.filter(closed_at__isnull=True).exists()


def test_the_form_with_only_nothing_to_do_has_no_select(world: World) -> None:
    page = world.client_for(Persona.TEACHER).get(
        reverse("childsessions:new", kwargs={"uuid": world.group.uuid})
    )
    content = page.content.decode()
    assert content.count('type="radio"') == 1
    assert content.count("<select") == 1


def test_an_activity_or_object_that_was_not_offered_changes_nothing(world: World, monkeypatch) -> None:
    register(monkeypatch, "moments", lambda actor, group: [("oct", "Oktober")])
    teacher = world.client_for(Persona.TEACHER)
    for data in (
        {"activity": "hack"},
        {"activity": "moments"},
        {"activity": "moments", "object-moments": "someone-elses"},
    ):
        response = teacher.post(open_url(world), data)
        assert response.status_code == 400, data
    assert ClassSession.objects.count() == 1
    assert world.class_session.is_open()


def test_the_session_page_shows_who_is_in_and_who_is_locked(world: World) -> None:
    children = [e.child for e in world.group.enrollments.order_by("child__surname")]
    sign_in_child(Client(), world.class_session, children[0])
    PictureLock.objects.create(school=world.school, child=children[1], locked=True, failed_attempts=5)
    co_teacher = Client()
    co_teacher.force_login(world.co_teacher)
    page = co_teacher.get(session_url("session", world.class_session))
    content = page.content.decode()
    assert page.status_code == 200
    assert world.class_session.spaced_code in content
    assert "1 van de 3 leerlingen ingelogd" in content
    assert f"{children[1].first_name} deblokkeren" in content
    assert children[2].full_name in content
    assert "Open tot" in content
    assert actions("childsessions.session.view")[0].details == {"children": 3}
    # One read row per child on the roster for the page.
    assert sorted(row.child_id for row in actions("childsessions.session.view")) == sorted(
        child.pk for child in children
    )

    # The refresh every 5 s shows what the page showed: no rows. A child signs in: one row, theirs.
    partial = co_teacher.get(session_url("session_children", world.class_session))
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert actions("childsessions.roster.view") == []
    sign_in_child(Client(), world.class_session, children[2])
    co_teacher.get(session_url("session_children", world.class_session))
    roster = actions("childsessions.roster.view")
    assert [row.child_id for row in roster] == [children[2].pk]
    assert {row.actor_user_id for row in roster} == {world.co_teacher.pk}
    co_teacher.get(session_url("session_children", world.class_session))
    assert len(actions("childsessions.roster.view")) == 1  # the quiet repeat writes nothing


def test_a_roster_refresh_without_the_page_reads_every_child_once(world: World) -> None:
    """The first refresh a browser session makes (no page load before it) is a first read: a row per
    child; its repeat writes none; another teacher's refresh is their own first read."""
    children = [e.child for e in world.group.enrollments.all()]
    url = session_url("session_children", world.class_session)
    teacher = world.client_for(Persona.TEACHER)
    teacher.get(url)
    assert sorted(r.child_id for r in actions("childsessions.roster.view")) == sorted(c.pk for c in children)
    teacher.get(url)
    assert len(actions("childsessions.roster.view")) == len(children)
    co_teacher = Client()
    co_teacher.force_login(world.co_teacher)
    co_teacher.get(url)
    assert len(actions("childsessions.roster.view")) == 2 * len(children)


def test_unlocking_from_the_session_page(world: World) -> None:
    child = world.child
    PictureLock.objects.create(school=world.school, child=child, locked=True, failed_attempts=5)
    teacher = world.client_for(Persona.TEACHER)
    url = reverse("childsessions:unlock", kwargs={"uuid": world.class_session.uuid, "child": child.uuid})
    response = teacher.post(url, follow=True)
    assert "Gedeblokkeerd" in response.content.decode()
    assert not PictureLock.objects.get(child=child).locked
    assert "was niet geblokkeerd" in teacher.post(url, follow=True).content.decode()


def test_closing_from_the_session_page_stops_the_polling(world: World) -> None:
    teacher = world.client_for(Persona.TEACHER)
    response = teacher.post(session_url("close", world.class_session), follow=True)
    assert "De sessie is gesloten" in response.content.decode()
    world.class_session.refresh_from_db()
    assert not world.class_session.is_open()
    # htmx stops polling on status 286.
    assert teacher.get(session_url("session_children", world.class_session)).status_code == 286
    assert teacher.get(session_url("board_count", world.class_session)).status_code == 286


def test_a_closed_session_tells_who_was_in_and_asks_nothing_of_the_teacher(world: World) -> None:
    children = [e.child for e in world.group.enrollments.order_by("child__surname")]
    sign_in_child(Client(), world.class_session, children[0])
    PictureLock.objects.create(school=world.school, child=children[1], locked=True, failed_attempts=5)
    teacher = world.client_for(Persona.TEACHER)
    teacher.post(session_url("close", world.class_session))
    content = teacher.get(session_url("session", world.class_session)).content.decode()
    assert "1 van de 3 leerlingen was ingelogd" in content
    assert "Geblokkeerd" in content
    assert "deblokkeer dan" not in content  # nothing to unlock in a closed session


def test_the_classroom_screen_shows_code_qr_and_a_count_but_no_child(world: World) -> None:
    """Nothing individual is ever shown on a class display."""
    for enrollment in world.group.enrollments.all()[:2]:
        sign_in_child(Client(), world.class_session, enrollment.child)
    board = world.client_for(Persona.TEACHER).get(session_url("board", world.class_session))
    content = board.content.decode()
    assert board.status_code == 200
    assert world.class_session.spaced_code in content
    assert '<svg role="img" viewBox' in content
    assert "QR-code" in content
    assert "testserver/leerling/" in content
    assert 'hx-trigger="every 3s"' in content
    assert "2 leerlingen ingelogd" in content
    for enrollment in world.group.enrollments.all():
        assert enrollment.child.first_name not in content
        assert enrollment.child.surname not in content
    count = world.client_for(Persona.TEACHER).get(session_url("board_count", world.class_session))
    assert count.content.decode().strip() == "<p>2 leerlingen ingelogd</p>"


def test_the_qr_code_holds_the_absolute_join_address(world: World) -> None:
    import segno

    from onderstroom.childsessions.views.teacher import qr_svg

    kwargs = {"school": world.school.brin, "code": world.class_session.code}
    url = "http://testserver" + reverse("childsessions:join", kwargs=kwargs)
    expected = segno.make(url, error="m").svg_inline(scale=1, svgclass="qr", lineclass=None, omitsize=True)
    path = expected.split(' d="', 1)[1].split('"', 1)[0]
    board = world.client_for(Persona.TEACHER).get(session_url("board", world.class_session))
    assert path in board.content.decode()
    assert qr_svg(url, "x").startswith('<svg role="img"')


def test_the_group_page_shows_its_teachers_the_open_session(world: World) -> None:
    group_url = reverse("schools:group", kwargs={"uuid": world.group.uuid})
    teacher_page = world.client_for(Persona.TEACHER).get(group_url).content.decode()
    assert "Leerlingen kunnen nu inloggen" in teacher_page
    assert session_url("session", world.class_session) in teacher_page
    care_page = world.client_for(Persona.CARE).get(group_url).content.decode()
    assert "Leerlingen kunnen nu inloggen" not in care_page
    services.close_session(staff(world.teacher), world.class_session.uuid)
    assert (
        "Leerlingen kunnen nu inloggen"
        not in world.client_for(Persona.TEACHER).get(group_url).content.decode()
    )


def test_the_session_page_keeps_a_constant_number_of_queries(
    world: World, django_assert_max_num_queries
) -> None:
    """More children do not mean more queries."""
    from onderstroom.testing.world import add_child, make_child

    teacher = world.client_for(Persona.TEACHER)
    url = session_url("session_children", world.class_session)
    poll = {BACKGROUND_HEADER: "1"}  # as the session page polls: a poll does not save the session
    teacher.get(url, headers=poll)
    sign_in_child(Client(), world.class_session, world.child)  # a changed line: the poll writes a row
    # 12 for the roster, 4 for its read rows (the chain, its lock, one insert, the new head).
    with django_assert_max_num_queries(16) as few:
        teacher.get(url, headers=poll)
    for n in range(20):
        child = make_child(world.school)
        add_child(world.group, child)
        sign_in_child(Client(), world.class_session, child)
        PictureLock.objects.create(school=world.school, child=child, failed_attempts=1, locked=n % 2 == 0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        teacher.get(url, headers=poll)


@pytest.mark.parametrize(
    ("language", "told"),
    [
        (
            "nl",
            "Een leerling die 5 keer een verkeerde plaatjescode tikt, is geblokkeerd tot je hem of haar hier",
        ),
        ("en", "A pupil who taps a wrong picture code 5 times is locked until you unlock them here"),
    ],
)
def test_the_session_page_tells_the_teacher_when_a_child_is_locked(
    world: World, settings, language: str, told: str
) -> None:  # type: ignore[no-untyped-def]
    """Where the unlock button is, the teacher reads how a lock comes about (the setting's number)."""
    settings.CHILD_PICTURE_ATTEMPTS = 5
    teacher = world.client_for(Persona.TEACHER)
    teacher.cookies["onderstroom_language"] = language
    assert told in teacher.get(session_url("session", world.class_session)).content.decode()
    settings.CHILD_PICTURE_ATTEMPTS = 3
    assert told.replace("5", "3") in teacher.get(session_url("session", world.class_session)).content.decode()
