"""Where climate shows up elsewhere: the group page, the home page, the class session's activities;
and bad input on its own pages changes nothing."""

from django.test import Client
from django.urls import reverse

from onderstroom.childsessions import activities
from onderstroom.climate.models import ClassMoment, SchoolRound, Vision
from onderstroom.climate.tests.helpers import world_moment, world_round
from onderstroom.schools.access import build_staff_actor
from onderstroom.testing.world import World


def test_the_group_page_shows_the_open_class_moment(world: World, client: Client) -> None:
    moment = world_moment(world)
    client.force_login(world.teacher)
    page = client.get(reverse("schools:group", args=[world.group.uuid])).content.decode()
    assert reverse("climate:practice", args=[moment.uuid]) in page
    assert reverse("climate:group", args=[world.group.uuid]) in page


def test_home_asks_every_member_of_staff_once_and_shows_the_director_the_report(
    world: World, client: Client
) -> None:
    world_round(world)
    client.force_login(world.staff_member)
    assert reverse("climate:staff_form") in client.get("/").content.decode()
    client.force_login(world.admin)
    assert reverse("climate:school") in client.get("/").content.decode()
    client.force_login(world.board_admin)
    assert reverse("climate:staff_form") not in client.get("/").content.decode()


def test_the_class_session_offers_the_open_moment_and_round_to_the_teacher(world: World) -> None:
    moment = world_moment(world)
    found = world_round(world)
    offered = dict(activities.available_for(build_staff_actor(world.teacher, None, None), world.group))
    climate = next(options for activity, options in offered.items() if activity.key == "climate")
    assert {value for value, _label in climate} == {str(moment.uuid), str(found.uuid)}


def test_bad_dates_plan_nothing_and_say_why(world: World, client: Client) -> None:
    client.force_login(world.teacher)
    url = reverse("climate:group", args=[world.group.uuid])
    response = client.post(url, {"opens_on": "2026-13-40", "closes_on": "x"})
    assert response.status_code == 400
    response = client.post(url, {"opens_on": "2030-01-10", "closes_on": "2030-01-01"})
    assert response.status_code == 400
    assert "De sluitdatum ligt vóór de openingsdatum." in response.content.decode()
    assert not ClassMoment.objects.exists()


def test_a_bad_answer_on_the_staff_form_changes_nothing(world: World, client: Client) -> None:
    world_round(world)
    client.force_login(world.staff_member)
    response = client.post(reverse("climate:staff_form"), {"t01": "9"})
    assert response.status_code == 400
    response = client.post(reverse("climate:vision"), {})
    assert response.status_code == 404  # a member of staff without a group writes no vision
    client.force_login(world.teacher)
    assert client.post(reverse("climate:vision"), {"fastest": "nonsense"}).status_code == 400
    assert not Vision.objects.exists()
    assert SchoolRound.objects.count() == 1


def test_the_csv_of_a_school_without_a_round_is_not_found_and_another_format_too(
    world: World, client: Client
) -> None:
    client.force_login(world.admin)
    assert client.get(reverse("climate:school") + "?format=csv").status_code == 404
    world_round(world)
    assert client.get(reverse("climate:school") + "?format=pdf").status_code == 404


def test_the_director_opens_the_round_with_our_forms_chosen(world: World, client: Client) -> None:
    from onderstroom.climate import library
    from onderstroom.schools.access import today

    client.force_login(world.admin)
    page = client.get(reverse("climate:school")).content.decode()
    assert "Onze school (team)" in page
    data = {
        "opens_on": today().isoformat(),
        "closes_on": today().isoformat(),
        "staff_form": str(library.version(library.SCHOOL_STAFF).uuid),
        "child_form": str(library.version(library.SCHOOL_CHILD).uuid),
    }
    assert client.post(reverse("climate:open_round"), {**data, "staff_form": "nonsense"}).status_code == 302
    assert not SchoolRound.objects.exists()
    assert client.post(reverse("climate:open_round"), data).status_code == 302
    assert SchoolRound.objects.get().staff_version.instrument.key == library.SCHOOL_STAFF
