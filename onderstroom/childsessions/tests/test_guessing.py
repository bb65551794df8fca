"""Child sign-in that resists guessing: limits that a new cookie does not reset, codes scoped to
their school, joining by POST, and picture-code locks that follow the child, not the session."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from onderstroom.childsessions import services
from onderstroom.childsessions.models import CodeAttempt, PictureLock
from onderstroom.childsessions.services import PictureResult, TooManyAttempts, WrongCode
from onderstroom.childsessions.tests.helpers import anonymous, right_pictures, staff, wrong_pictures
from onderstroom.testing.world import Persona, World, open_class_session, sign_in_child

pytestmark = pytest.mark.django_db

NAMES = reverse("childsessions:names")
PICTURES = reverse("childsessions:pictures")
HOME = reverse("childsessions:home")
SCHOOL_ADDRESS = "10.0.0.7"  # the address the teacher opened the session from
OUTSIDE = "198.51.100.1"


def entry(brin: str) -> str:
    return reverse("childsessions:school_start", kwargs={"school": brin})


def guess(address: str, world: World, device: str, code: str = "000000", now=None) -> None:  # type: ignore[no-untyped-def]
    services.enter_code(anonymous(address), world.school, code, device, now=now)


def opened_from_school(world: World) -> None:
    services.open_session(staff(world.teacher), world.group.uuid)  # from SCHOOL_ADDRESS
    world.class_session = services.current_session(world.group)


# --- class codes ----------------------------------------------------------------------------------


def test_one_address_with_fresh_cookies_is_stopped_after_the_address_limit_not_200(world: World) -> None:
    """Dropping the cookie resets only the device count; the address is stopped after a few dozen."""
    limit = settings.CHILD_WRONG_PER_ADDRESS
    assert limit <= 40
    for n in range(limit):
        with pytest.raises(WrongCode):
            guess(OUTSIDE, world, f"fresh-cookie-{n}")
    with pytest.raises(TooManyAttempts):
        guess(OUTSIDE, world, "fresh-cookie-last", world.class_session.code)
    assert CodeAttempt.objects.filter(ip_address=OUTSIDE, success=False).count() == limit


def test_many_addresses_share_one_guess_budget_per_school(world: World) -> None:
    """Guessing across addresses and cookies stays bounded: the school's budget an hour."""
    now = timezone.now()
    budget = settings.CHILD_WRONG_CODES_PER_SCHOOL
    for n in range(budget):
        with pytest.raises(WrongCode):
            guess(f"198.51.100.{n % 250}", world, f"cookie-{n}", now=now)
    with pytest.raises(TooManyAttempts):
        guess("203.0.113.9", world, "new-cookie", world.class_session.code, now=now)
    # The budget is the school's: guessing at one school leaves another alone.
    other = open_class_session(world.outsider_group, world.outsider)
    found = services.enter_code(anonymous("203.0.113.9"), world.other_school, other.code, "c", now=now)
    assert found == other
    # An hour later the budget is back.
    later = now + timedelta(seconds=settings.CHILD_SCHOOL_WINDOW_SECONDS + 1)
    assert services.enter_code(
        anonymous("203.0.113.9"), world.school, world.class_session.code, "c", now=later
    )


def test_guessers_outside_cannot_lock_the_school_s_own_tablets_out(world: World) -> None:
    """The school budget never stops an address the school trusts (its teacher opened a session there)."""
    opened_from_school(world)
    now = timezone.now()
    for n in range(settings.CHILD_WRONG_CODES_PER_SCHOOL):
        with pytest.raises(WrongCode):
            guess(f"198.51.100.{n % 250}", world, f"cookie-{n}", now=now)
    assert services.enter_code(
        anonymous(SCHOOL_ADDRESS), world.school, world.class_session.code, "classroom-tablet", now=now
    )


def test_a_right_code_makes_its_address_trusted(world: World) -> None:
    """Tablets behind another address than the teacher's get in once one of them typed a right code."""
    now = timezone.now()
    assert services.enter_code(anonymous("192.0.2.5"), world.school, world.class_session.code, "t1", now=now)
    for n in range(settings.CHILD_WRONG_CODES_PER_SCHOOL):
        with pytest.raises(WrongCode):
            guess(f"198.51.100.{n % 250}", world, f"cookie-{n}", now=now)
    assert services.enter_code(anonymous("192.0.2.5"), world.school, world.class_session.code, "t2", now=now)
    assert services.trusted_addresses(world.school, now) == {"192.0.2.5"}


def test_one_misbehaving_tablet_slows_the_school_s_address_down_for_minutes_only(world: World) -> None:
    """The shared school address is stopped briefly, not for 15 minutes; other addresses never."""
    opened_from_school(world)
    now = timezone.now()
    for n in range(settings.CHILD_WRONG_PER_ADDRESS):
        with pytest.raises(WrongCode):
            guess(SCHOOL_ADDRESS, world, f"naughty-{n // 5}", now=now + timedelta(seconds=n))
    code = world.class_session.code
    with pytest.raises(TooManyAttempts):
        guess(SCHOOL_ADDRESS, world, "good-tablet", code, now=now + timedelta(seconds=60))
    assert services.enter_code(
        anonymous("10.0.0.8"), world.school, code, "t", now=now + timedelta(seconds=60)
    )
    back = now + timedelta(seconds=settings.CHILD_ADDRESS_WINDOW_SECONDS + 60)
    assert settings.CHILD_ADDRESS_WINDOW_SECONDS <= 5 * 60
    assert services.enter_code(anonymous(SCHOOL_ADDRESS), world.school, code, "good-tablet", now=back)


@pytest.mark.all_schools  # uses the other school's child
def test_a_code_from_another_school_reveals_nothing(world: World) -> None:
    """School B's code typed at school A's entry is just a wrong code: no names of school B."""
    theirs = open_class_session(world.outsider_group, world.outsider)
    client = Client()
    response = client.post(entry(world.school.brin), {"code": theirs.code})
    assert response.status_code == 400
    assert "Die code klopt niet" in response.content.decode()
    assert client.get(NAMES)["Location"] == reverse("childsessions:start")
    # At its own school's entry (the BRIN in any case) the same code works.
    assert client.post(entry(world.other_school.brin.lower()), {"code": theirs.code})["Location"] == NAMES
    names = client.get(NAMES).content.decode()
    assert world.outsider_child.first_name in names


def test_an_entry_of_no_school_looks_the_same_and_counts_wrong_codes(world: World) -> None:
    """Whether a BRIN uses Onderstroom is not told; guessing there counts like anywhere."""
    client = Client()
    unknown = client.get(entry("99ZZ"))
    known = client.get(entry(world.school.brin))
    assert unknown.status_code == known.status_code == 200
    assert client.post(entry("99zz"), {"code": world.class_session.code}).status_code == 400
    assert CodeAttempt.objects.filter(school=None, success=False).count() == 1


def test_the_child_start_page_leads_back_to_the_tablet_s_school(world: World) -> None:
    client = Client()
    start = reverse("childsessions:start")
    asked = client.get(start)
    assert asked.status_code == 200
    assert 'name="school"' in asked.content.decode()
    assert client.get(start, {"school": world.school.brin})["Location"] == entry(world.school.brin)
    assert client.get(start, {"school": "nonsense"}).status_code == 400
    client.get(entry(world.school.brin))
    assert client.get(start)["Location"] == entry(world.school.brin)


def test_the_qr_address_changes_nothing_on_get(world: World) -> None:
    """An <img> or link elsewhere on the web cannot make a tablet try a code or enter a session."""
    client = Client()
    url = reverse(
        "childsessions:join", kwargs={"school": world.school.brin, "code": world.class_session.code}
    )
    page = client.get(url)
    assert page.status_code == 200
    assert world.group.name not in page.content.decode()
    assert CodeAttempt.objects.count() == 0
    assert client.get(NAMES)["Location"] == reverse("childsessions:start")
    # A POST from another site has no CSRF token and is refused.
    assert Client(enforce_csrf_checks=True).post(url).status_code == 403
    assert CodeAttempt.objects.count() == 0


# --- picture codes --------------------------------------------------------------------------------


def test_wrong_picture_codes_count_on_the_child_across_sessions(world: World) -> None:
    """A new class session does not give a guesser five new tries at the same child."""
    child, limit = world.child, settings.CHILD_PICTURE_ATTEMPTS
    for n in range(limit - 1):
        outcome = services.check_pictures(
            anonymous(), world.class_session, child, wrong_pictures(child), f"d{n}"
        )
        assert outcome.result == PictureResult.WRONG
    again = services.open_session(staff(world.teacher), world.group.uuid)
    outcome = services.check_pictures(anonymous(), again, child, wrong_pictures(child), "another-device")
    assert outcome.result == PictureResult.LOCKED
    # A right code now helps nobody, in this session or the next, until the teacher unlocks.
    outcome = services.check_pictures(anonymous(), again, child, right_pictures(child), "yet-another")
    assert outcome.result == PictureResult.LOCKED


def test_a_right_code_does_not_give_a_guesser_new_tries(world: World) -> None:
    child, limit = world.child, settings.CHILD_PICTURE_ATTEMPTS
    for n in range(limit - 1):
        services.check_pictures(anonymous(), world.class_session, child, wrong_pictures(child), f"d{n}")
    signed = services.check_pictures(anonymous(), world.class_session, child, right_pictures(child), "own")
    assert signed.result == PictureResult.SIGNED_IN
    outcome = services.check_pictures(anonymous(), world.class_session, child, wrong_pictures(child), "x")
    assert outcome.result == PictureResult.LOCKED


def test_a_classmate_s_wrong_codes_never_end_a_signed_in_child_s_session(world: World) -> None:
    """Wrong codes for a child who is in lock only her next sign-in, not the session she is in."""
    her_tablet = Client()
    sign_in_child(her_tablet, world.class_session, world.child)
    classmate = Client()
    assert classmate.post(entry(world.school.brin), {"code": world.class_session.code})["Location"] == NAMES
    classmate.post(NAMES, {"child": str(world.child.uuid)})
    for _ in range(settings.CHILD_PICTURE_ATTEMPTS):
        for index in wrong_pictures(world.child):
            classmate.post(PICTURES, {"picture": str(index)})
    assert PictureLock.objects.get(child=world.child).locked
    assert "Vraag het je juf of meester" in classmate.get(PICTURES).content.decode()
    assert her_tablet.get(HOME).status_code == 200  # still in


@override_settings(CHILD_PICTURE_ATTEMPTS=50)
def test_a_device_trying_picture_codes_of_every_name_is_stopped(world: World) -> None:
    """The device (and its address) that taps wrong codes is stopped, whichever names it tries."""
    children = [e.child for e in world.group.enrollments.all()]
    limit, session = settings.CHILD_WRONG_PER_DEVICE, world.class_session
    for n in range(limit):
        child = children[n % len(children)]
        outcome = services.check_pictures(anonymous(), session, child, wrong_pictures(child), "guesser")
        assert outcome.result == PictureResult.WRONG
    for child in children:
        outcome = services.check_pictures(anonymous(), session, child, right_pictures(child), "guesser")
        assert outcome.result == PictureResult.TOO_MANY
    assert sum(lock.failed_attempts for lock in PictureLock.objects.all()) == limit
    # The child's own tablet is not stopped.
    own = services.check_pictures(
        anonymous("10.0.0.9"), session, children[1], right_pictures(children[1]), "own"
    )
    assert own.result == PictureResult.SIGNED_IN


def test_a_lock_from_an_earlier_session_is_shown_and_undone_on_the_new_session_page(world: World) -> None:
    """The teacher sees the lock, and why, on the page of whatever session is open now."""
    PictureLock.objects.create(school=world.school, child=world.child, locked=True, failed_attempts=5)
    again = services.open_session(staff(world.teacher), world.group.uuid)
    teacher = world.client_for(Persona.TEACHER)
    page = teacher.get(reverse("childsessions:session", kwargs={"uuid": again.uuid})).content.decode()
    assert f"{world.child.first_name} deblokkeren" in page
    assert "ook in latere sessies" in page
    unlock = reverse("childsessions:unlock", kwargs={"uuid": again.uuid, "child": world.child.uuid})
    assert teacher.post(unlock).status_code == 302
    assert not PictureLock.objects.get(child=world.child).locked
