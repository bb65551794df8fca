"""The school's holidays: the school admin adds, changes and removes them; nobody else sees them."""

from datetime import date

import pytest
from django.http import Http404
from django.urls import reverse

from onderstroom.audit.models import AuditEvent
from onderstroom.core.errors import Refused
from onderstroom.schools import services
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import SchoolHoliday
from onderstroom.schools.schooldays import SchoolCalendar, calendar_for
from onderstroom.schools.tests.conftest import actor_for
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db
XMAS = {"name": "Kerstvakantie", "first_day": date(2026, 12, 19), "last_day": date(2027, 1, 3)}


def test_the_admin_adds_changes_and_removes_a_holiday_each_with_an_audit_row(
    world: World, admin: StaffActor
) -> None:
    holiday = services.add_holiday(admin, **{**XMAS, "name": "  Kerst   vakantie "})
    assert (holiday.name, holiday.school) == ("Kerst vakantie", world.school)
    added = AuditEvent.objects.get(action="schools.holiday.add")
    assert (added.object_uuid, added.details) == (str(holiday.uuid), {"days": 16})

    services.update_holiday(admin, holiday.uuid, **{**XMAS, "last_day": date(2027, 1, 4)})
    holiday.refresh_from_db()
    assert (holiday.name, holiday.last_day) == ("Kerstvakantie", date(2027, 1, 4))
    assert AuditEvent.objects.get(action="schools.holiday.update").details == {"fields": ["name", "last_day"]}

    services.remove_holiday(admin, holiday.uuid)
    assert not SchoolHoliday.objects.exists()
    assert AuditEvent.objects.filter(action="schools.holiday.remove").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"last_day": date(2026, 12, 18)}, "voor de eerste dag"),
        ({"last_day": date(2027, 4, 1)}, "hoogstens 100 dagen"),
        ({"name": "   "}, "naam"),
        ({"name": "x" * 81}, "naam"),
        ({"first_day": date(2027, 1, 2), "last_day": date(2027, 1, 10)}, "overlappen met Kerstvakantie"),
    ],
)
def test_bad_periods_are_refused_and_nothing_changes(
    world: World, admin: StaffActor, changes: dict, message: str
) -> None:
    services.add_holiday(admin, **XMAS)
    before = list(SchoolHoliday.objects.values_list("name", "first_day", "last_day"))
    with pytest.raises(Refused, match=message):
        services.add_holiday(admin, **{**XMAS, "name": "Nieuw", **changes})
    assert list(SchoolHoliday.objects.values_list("name", "first_day", "last_day")) == before


def test_a_period_may_be_moved_over_its_own_days(admin: StaffActor) -> None:
    holiday = services.add_holiday(admin, **XMAS)
    moved = services.update_holiday(admin, holiday.uuid, **{**XMAS, "first_day": date(2026, 12, 20)})
    assert moved.first_day == date(2026, 12, 20)


def test_teachers_and_admins_of_other_schools_cannot_touch_a_holiday(world: World, admin: StaffActor) -> None:
    holiday = services.add_holiday(admin, **XMAS)
    for user in (world.teacher, world.care):
        with pytest.raises(Http404):
            services.remove_holiday(actor_for(user), holiday.uuid)
    outsider = world.client_for(Persona.OUTSIDER)
    assert outsider.get(reverse("schools:holiday_edit", args=[holiday.uuid])).status_code == 404
    assert outsider.post(reverse("schools:holiday_remove", args=[holiday.uuid])).status_code == 404
    assert str(holiday.uuid).encode() not in outsider.get(reverse("schools:holidays")).content
    assert SchoolHoliday.objects.count() == 1


def test_the_admin_page_adds_and_lists_periods_and_explains_bad_input(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    url = reverse("schools:holidays")
    response = client.post(url, {"name": "Studiedag", "first_day": "2027-03-10", "last_day": "2027-03-10"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Studiedag" in page
    assert "10 maart 2027" in page

    bad = client.post(url, {"name": "Voorjaar", "first_day": "2027-02-28", "last_day": "2027-02-20"})
    assert bad.status_code == 400
    assert "De laatste dag ligt voor de eerste dag." in bad.content.decode()
    nonsense = client.post(url, {"name": "Voorjaar", "first_day": "morgen", "last_day": "2027-02-31"})
    assert nonsense.status_code == 400
    assert SchoolHoliday.objects.count() == 1

    holiday = SchoolHoliday.objects.get()
    edit = reverse("schools:holiday_edit", args=[holiday.uuid])
    assert client.get(edit).status_code == 200
    saved = client.post(edit, {"name": "Studiedag team", "first_day": "2027-03-10", "last_day": "2027-03-11"})
    assert saved.status_code == 302
    holiday.refresh_from_db()
    assert (holiday.name, holiday.last_day) == ("Studiedag team", date(2027, 3, 11))


def test_the_calendar_counts_weekdays_outside_the_holidays(world: World, admin: StaffActor) -> None:
    services.add_holiday(admin, **XMAS)
    calendar = calendar_for(world.school)
    # 14 Dec 2026 (Monday) to 10 Jan 2027: four weeks, two of them holiday.
    assert calendar.school_days(date(2026, 12, 14), date(2027, 1, 10)) == 10
    assert not calendar.is_school_day(date(2026, 12, 21))
    assert not calendar.is_school_day(date(2026, 12, 12))  # a Saturday
    assert calendar.is_school_day(date(2027, 1, 4))
    assert SchoolCalendar().school_days(date(2026, 12, 14), date(2026, 12, 13)) == 0
