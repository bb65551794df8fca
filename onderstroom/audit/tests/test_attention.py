"""The audit page marks the rows a second person should look at: resets, new accounts, widening grants."""

import pytest
from django.urls import reverse

from onderstroom.audit.labels import needs_attention
from onderstroom.schools.models import Role
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "details", "marked"),
    [
        ("accounts.password.reset", {"link_sent": True}, True),
        ("schools.staff.self_grant_refused", {"roles": ["teacher"]}, True),
        ("schools.staff.add", {"roles": ["teacher"], "new_account": True}, True),
        ("schools.staff.roles", {"added": ["care"], "removed": []}, True),
        ("schools.staff.roles", {"added": ["school_admin"], "removed": []}, True),
        ("schools.staff.roles", {"added": [], "removed": ["teacher"]}, False),
        ("schools.group.create", {"grades": [4]}, False),
        ("accounts.sign_in", {"outcome": "success"}, False),
    ],
)
def test_which_rows_are_marked(action: str, details: dict, marked: bool) -> None:
    assert needs_attention(action, details) is marked


def test_the_page_marks_a_reset_and_a_refused_grant_to_oneself(world: World) -> None:
    admin = world.client_for(Persona.ADMIN)
    admin.post(reverse("accounts:admin_reset_password", kwargs={"uuid": world.teacher.uuid}))
    admin.post(
        reverse("schools:staff_member", kwargs={"uuid": world.admin.uuid}),
        {"roles": [Role.SCHOOL_ADMIN, Role.TEACHER]},
    )
    response = admin.get(reverse("audit:log"))
    marked = [row.event.action for row in response.context["rows"] if row.attention]
    assert sorted(marked) == ["accounts.password.reset", "schools.staff.self_grant_refused"]
    html = response.content.decode()
    assert html.count('<tr class="attention">') == 2
    assert "Probeerde zichzelf een rol of groep te geven (geweigerd)" in html
