"""The child's sign-in on a tablet, with a plain browser: code, name, three pictures."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from onderstroom.childsessions import activities, services
from onderstroom.childsessions.activities import Activity
from onderstroom.childsessions.models import ChildSignIn, ClassSession, PictureLock
from onderstroom.childsessions.tests.helpers import actions, right_pictures, staff, wrong_pictures
from onderstroom.schools.models import Child
from onderstroom.testing.world import Persona, World, add_child, make_child

pytestmark = pytest.mark.django_db

START = reverse("childsessions:start")
NAMES = reverse("childsessions:names")
PICTURES = reverse("childsessions:pictures")
HOME = reverse("childsessions:home")


def entry(world: World) -> str:
    """The school's entry address, as on the classroom screen."""
    return reverse("childsessions:school_start", kwargs={"school": world.school.brin})


def join_url(world: World, code: str) -> str:
    return reverse("childsessions:join", kwargs={"school": world.school.brin, "code": code})


def type_code(client: Client, world: World, code: str) -> None:
    response = client.post(entry(world), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == NAMES


def tap_pictures(client: Client, pictures: list[int]) -> str:
    """Tap the pictures one by one; the address the last tap leads to."""
    for index in pictures:
        response = client.post(PICTURES, {"picture": str(index)})
        assert response.status_code == 302
    return response["Location"]


def sign_in(client: Client, world: World, child: Child) -> None:
    type_code(client, world, world.class_session.code)
    client.post(NAMES, {"child": str(child.uuid)})
    assert tap_pictures(client, right_pictures(child)) == HOME


def test_a_child_signs_in_with_code_name_and_pictures(world: World) -> None:
    client = Client()
    page = client.get(entry(world))
    assert page.status_code == 200
    assert b'inputmode="numeric"' in page.content

    type_code(client, world, world.class_session.spaced_code)  # as read from the board, with its space
    names = client.get(NAMES)
    for enrollment in world.group.enrollments.all():
        assert enrollment.child.first_name in names.content.decode()
    assert world.other_child.first_name not in names.content.decode()

    response = client.post(NAMES, {"child": str(world.child.uuid)})
    assert response["Location"] == PICTURES
    grid = client.get(PICTURES).content.decode()
    assert grid.count('name="picture"') == 9
    assert "Zon" in grid
    assert "Bloem" in grid

    assert tap_pictures(client, right_pictures(world.child)) == HOME
    waiting = client.get(HOME)
    assert waiting.status_code == 200
    assert "Je bent binnen" in waiting.content.decode()
    assert "Nog een keer kijken" in waiting.content.decode()  # "check again"
    assert ChildSignIn.objects.get(child=world.child).signed_in_at is not None


def test_the_qr_address_enters_the_session_with_one_tap(world: World) -> None:
    client = Client()
    page = client.get(join_url(world, world.class_session.code))
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    response = client.post(join_url(world, world.class_session.code))
    assert response["Location"] == NAMES
    assert client.get(NAMES).status_code == 200


def test_a_wrong_or_malformed_code_says_so_and_lets_nobody_in(world: World) -> None:
    client = Client()
    wrong = client.post(entry(world), {"code": "000000"})
    assert wrong.status_code == 400
    assert "Die code klopt niet" in wrong.content.decode()
    malformed = client.post(entry(world), {"code": "12ab"})
    assert malformed.status_code == 400
    assert "6 cijfers" in malformed.content.decode()
    assert client.get(NAMES)["Location"] == START
    for nonsense in ("nonsense", "1234567890123"):
        joined = client.post(join_url(world, nonsense), follow=True)
        assert "6 cijfers" in joined.content.decode()
    assert "6 cijfers" in client.post(entry(world), {"code": ""}).content.decode()


@override_settings(CHILD_WRONG_PER_DEVICE=3)
def test_a_device_that_keeps_guessing_is_stopped(world: World) -> None:
    client = Client()
    for _ in range(3):
        assert client.post(entry(world), {"code": "000000"}).status_code == 400
    refused = client.post(entry(world), {"code": world.class_session.code})
    assert refused.status_code == 429
    assert "Te veel verkeerde codes" in refused.content.decode()
    assert client.get(NAMES)["Location"] == START
    # Another tablet in the same class is not affected.
    type_code(Client(), world, world.class_session.code)


@override_settings(CHILD_WRONG_PER_DEVICE=50, CHILD_WRONG_PER_ADDRESS=5)
def test_an_address_that_keeps_guessing_with_fresh_cookies_is_stopped(world: World) -> None:
    for _ in range(5):
        assert Client(REMOTE_ADDR="10.1.1.1").post(entry(world), {"code": "000000"}).status_code == 400
    refused = Client(REMOTE_ADDR="10.1.1.1").post(entry(world), {"code": world.class_session.code})
    assert refused.status_code == 429
    type_code(Client(REMOTE_ADDR="10.2.2.2"), world, world.class_session.code)


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_only_names_of_the_session_group_can_be_chosen(world: World) -> None:
    client = Client()
    type_code(client, world, world.class_session.code)
    for bad in (str(world.other_child.uuid), str(world.outsider_child.uuid), "x", ""):
        response = client.post(NAMES, {"child": bad})
        assert response.status_code == 400
        assert "Tik op je eigen naam" in response.content.decode()
    assert client.get(PICTURES)["Location"] == NAMES


def test_equal_first_names_get_the_surname_initial(world: World) -> None:
    for surname in ("Visser", "Jansen"):
        add_child(world.group, make_child(world.school, first_name="Fenna", surname=surname))
    client = Client()
    type_code(client, world, world.class_session.code)
    page = client.get(NAMES).content.decode()
    assert "Fenna V." in page
    assert "Fenna J." in page


@override_settings(CHILD_PICTURE_ATTEMPTS=2)
def test_wrong_pictures_twice_lock_the_child_and_the_teacher_unlocks(world: World) -> None:
    child, client = world.child, Client()
    type_code(client, world, world.class_session.code)
    client.post(NAMES, {"child": str(child.uuid)})
    assert tap_pictures(client, wrong_pictures(child)) == PICTURES
    assert "Dat waren niet jouw plaatjes" in client.get(PICTURES).content.decode()
    tap_pictures(client, wrong_pictures(child))
    locked = client.get(PICTURES).content.decode()
    assert "Vraag het je juf of meester" in locked
    assert 'name="picture"' not in locked
    # Right pictures now change nothing: the child stays locked.
    assert client.post(PICTURES, {"picture": str(right_pictures(child)[0])})["Location"] == PICTURES
    assert PictureLock.objects.get(child=child).locked

    teacher = world.client_for(Persona.TEACHER)
    unlock = reverse("childsessions:unlock", kwargs={"uuid": world.class_session.uuid, "child": child.uuid})
    assert teacher.post(unlock).status_code == 302
    assert tap_pictures(client, right_pictures(child)) == HOME


def test_start_again_forgets_the_pictures_tapped_so_far(world: World) -> None:
    child, client = world.child, Client()
    type_code(client, world, world.class_session.code)
    client.post(NAMES, {"child": str(child.uuid)})
    tap_pictures(client, wrong_pictures(child)[:2])
    assert client.get(PICTURES).content.decode().count('class="filled"') == 2
    client.post(PICTURES, {"restart": "1"})
    assert client.get(PICTURES).content.decode().count('class="filled"') == 0
    assert tap_pictures(client, right_pictures(child)) == HOME
    assert not PictureLock.objects.filter(child=child, failed_attempts__gt=0).exists()


def test_a_tap_that_is_not_a_picture_changes_nothing(world: World) -> None:
    client = Client()
    type_code(client, world, world.class_session.code)
    client.post(NAMES, {"child": str(world.child.uuid)})
    for bad in ("9", "-1", "zon", ""):
        assert client.post(PICTURES, {"picture": bad})["Location"] == PICTURES
    assert client.get(PICTURES).content.decode().count('class="filled"') == 0


def test_a_closed_session_sends_a_signing_in_child_back_with_a_friendly_word(world: World) -> None:
    client = Client()
    type_code(client, world, world.class_session.code)
    services.close_session(staff(world.teacher), world.class_session.uuid)
    response = client.get(NAMES, follow=True)
    assert response.redirect_chain[-1][0] == entry(world)
    assert "Deze sessie is afgelopen" in response.content.decode()


def test_an_expired_session_signs_the_child_out(world: World) -> None:
    client = Client()
    sign_in(client, world, world.child)
    assert client.get(HOME).status_code == 200
    # 90 minutes have passed (the browser's own session is kept alive by the child's taps).
    ClassSession.objects.filter(pk=world.class_session.pk).update(
        opened_at=timezone.now() - timedelta(minutes=91), expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(HOME, follow=True)
    assert response.redirect_chain[-1][0] == entry(world)
    assert "Deze sessie is afgelopen" in response.content.decode()


def test_closing_signs_out_children_who_are_in(world: World) -> None:
    client = world.client_for(Persona.CHILD)
    assert client.get(HOME).status_code == 200
    services.close_session(staff(world.teacher), world.class_session.uuid)
    assert client.get(HOME)["Location"] == START


def test_stop_signs_the_child_out_and_leaves_the_names_for_the_next_child(world: World) -> None:
    client = Client()
    sign_in(client, world, world.child)
    response = client.post(reverse("childsessions:leave"), follow=True)
    assert response.redirect_chain[-1][0] == NAMES
    assert "Goed gedaan" in response.content.decode()
    assert client.get(HOME)["Location"] == START
    [row] = actions("childsessions.child.sign_out")
    assert (row.actor_kind, row.child_id) == ("child", world.child.pk)


def test_a_signed_in_child_reaches_no_staff_page(world: World) -> None:
    """staff_view answers "not found" to a child, whatever the page."""
    client = world.client_for(Persona.CHILD)
    urls = [
        reverse("schools:my_groups"),
        reverse("schools:group", kwargs={"uuid": world.group.uuid}),
        reverse("schools:child", kwargs={"uuid": world.child.uuid}),
        reverse("childsessions:session", kwargs={"uuid": world.class_session.uuid}),
        reverse("childsessions:board", kwargs={"uuid": world.class_session.uuid}),
        reverse("childsessions:login_cards", kwargs={"uuid": world.group.uuid}),
        reverse("audit:log"),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    opened = reverse("childsessions:open", kwargs={"uuid": world.group.uuid})
    assert client.post(opened, {"activity": "none"}).status_code == 404
    assert client.get(HOME).status_code == 200  # still signed in


def test_staff_cannot_sign_in_as_a_child_on_their_own_device(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    page = client.post(entry(world), {"code": world.class_session.code})
    assert page.status_code == 200
    assert "een medewerker ingelogd" in page.content.decode()
    assert client.get(NAMES)["Location"] == START


def test_after_sign_in_the_child_goes_to_the_session_activity(world: World, monkeypatch) -> None:
    seen = []

    def child_url(actor) -> str:  # type: ignore[no-untyped-def]
        seen.append((actor.child, actor.class_session.activity_object))
        return "/somewhere/"

    monkeypatch.setitem(
        activities.registry._entries,
        "quiz",
        Activity(key="quiz", label="Quiz", child_url=child_url, choices=lambda actor, group: [("q1", "Q1")]),
    )
    class_session = services.open_session(staff(world.teacher), world.group.uuid, "quiz", "q1")
    client = Client()
    type_code(client, world, class_session.code)
    client.post(NAMES, {"child": str(world.child.uuid)})
    assert tap_pictures(client, right_pictures(world.child)) == HOME
    assert client.get(HOME)["Location"] == "/somewhere/"
    assert seen == [(world.child, "q1")]


@pytest.fixture
def photos(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def test_photos_on_the_name_buttons_only_for_the_entered_group(world: World, photos) -> None:  # type: ignore[no-untyped-def]
    for child in (world.child, world.other_child):
        child.photo.save(f"{child.uuid}.png", ContentFile(b"\x89PNG fake"), save=True)
    photo = lambda child: reverse("childsessions:photo", kwargs={"uuid": child.uuid})  # noqa: E731
    client = Client()
    assert client.get(photo(world.child)).status_code == 404  # no code typed yet
    type_code(client, world, world.class_session.code)
    assert f'src="{photo(world.child)}"' in client.get(NAMES).content.decode()
    response = client.get(photo(world.child))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    # The tablet that typed the code read this child's photo: one row, in the school's chain.
    reads = actions("childsessions.photo.view")
    assert [(row.child_id, row.school_id, row.actor_kind) for row in reads] == [
        (world.child.pk, world.school.pk, "anonymous")
    ]
    assert client.get(photo(world.other_child)).status_code == 404
    assert len(actions("childsessions.photo.view")) == 1
    services.close_session(staff(world.teacher), world.class_session.uuid)
    assert client.get(photo(world.child)).status_code == 404
