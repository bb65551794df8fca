"""Test bodies run scoped (conftest.py): a service called directly sees only the world's home school."""

import dataclasses

import pytest

from onderstroom.schools import access
from onderstroom.schools.access import build_staff_actor
from onderstroom.schools.models import Child
from onderstroom.tenancy import TenantScopeError, all_schools
from onderstroom.testing.world import Persona, World, build_world


def test_a_query_in_a_test_body_finds_nothing_of_another_school(world: World) -> None:
    """The outsider school's child exists, but the body's scope (the home school) does not show it."""
    with all_schools():
        outsider = Child.objects.get(pk=world.outsider_child.pk)
    assert not Child.objects.filter(pk=outsider.pk).exists()
    assert Child.objects.filter(pk=world.child.pk).exists()


def test_a_service_called_directly_is_scoped(world: World) -> None:
    """A read gate called from the body with an actor that (wrongly) claims another school's group
    finds nothing there: the scope, not only the gate's own filter, keeps the other school out."""
    actor = build_staff_actor(world.teacher, "192.0.2.10", None)
    with all_schools():
        outsider = world.outsider_child
        outsider_group = world.outsider_group.pk
    forged = dataclasses.replace(actor, teacher_group_ids=actor.teacher_group_ids | {outsider_group})
    assert world.child in access.visible_children(forged)
    assert outsider not in access.visible_children(forged)
    with all_schools():
        assert outsider in access.visible_children(forged)  # without the scope, the forged claim works


def test_a_world_built_in_the_body_scopes_the_rest_of_the_body(db: None) -> None:
    """Without the fixture, the body is unscoped until it builds a world; then it is that world's school."""
    with pytest.raises(TenantScopeError):
        Child.objects.count()
    world = build_world()
    assert Child.objects.filter(pk=world.child.pk).exists()
    with all_schools():
        outsider = world.outsider_child
    assert not Child.objects.filter(pk=outsider.pk).exists()


def test_a_page_request_still_gets_its_own_scope(world: World) -> None:
    """Requests get their scope from the middleware, whatever the body's scope is."""
    response = world.client_for(Persona.TEACHER).get(f"/children/{world.child.uuid}/")
    assert response.status_code == 200
    assert world.child.first_name in response.content.decode()
