"""The care coordinator's research export: pseudonymised answers of their groups only, with consent."""

import csv
import io

from django.test import Client
from django.urls import reverse

from onderstroom.audit.models import AuditEvent
from onderstroom.climate.tests.helpers import give_research_consent, make_moment, world_moment
from onderstroom.climate.tests.test_results import answer_class
from onderstroom.schools.models import Enrollment
from onderstroom.testing.world import World


def test_without_the_schools_consent_there_is_no_export(world: World, client: Client) -> None:
    answer_class(world_moment(world), 5)
    client.force_login(world.care)
    response = client.get(reverse("climate:research"))
    assert response.status_code == 409
    assert "toestemming" in response.content.decode()


def test_the_export_holds_pseudonyms_of_the_care_groups_only(world: World, client: Client) -> None:
    answer_class(world_moment(world), 5)
    answer_class(make_moment(world.other_group), 5)  # not a group this care coordinator supports
    give_research_consent(world)
    client.force_login(world.care)
    response = client.get(reverse("climate:research"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["child", "group", "form", "grade", "instrument", "version", "scale", "item", "value"]
    assert len({row[0] for row in rows[1:]}) == 5
    assert len({row[1] for row in rows[1:]}) == 1  # one group: the other is not theirs
    for e in Enrollment.objects.select_related("child"):
        assert e.child.first_name not in text
        assert e.child.surname not in text
        assert str(e.child.uuid) not in text
    assert AuditEvent.objects.filter(action="climate.research.export").count() == 5
    again = client.get(reverse("climate:research")).content.decode("utf-8-sig")
    assert {r.split(";")[0] for r in again.splitlines()[1:]}.isdisjoint({row[0] for row in rows[1:]})
