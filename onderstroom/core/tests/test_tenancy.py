"""Tenant isolation in the data layer: a query without a school scope fails loudly."""

import pytest

from onderstroom.schools.models import Child, Group
from onderstroom.tenancy import TenantScopeError, all_schools, no_scope, school_scope
from onderstroom.testing.world import World

pytestmark = pytest.mark.django_db


def test_a_query_without_scope_raises(world: World) -> None:
    """Forgetting the scope is an error, never a leak of every school's rows."""
    with no_scope(), pytest.raises(TenantScopeError):
        list(Child.objects.all())


def test_a_scope_limits_every_query_to_its_school(world: World) -> None:
    child = world.child
    with school_scope(world.other_school):
        names = set(Group.objects.values_list("name", flat=True))
        assert names == {world.outsider_group.name}
        assert Child.objects.filter(pk=child.pk).exists() is False


def test_a_scope_of_several_schools_sees_them_all(world: World) -> None:
    with school_scope([world.school, world.other_school]):
        assert Group.objects.filter(pk__in=[world.group.pk, world.outsider_group.pk]).count() == 2


def test_related_managers_are_scoped_too(world: World) -> None:
    group = world.outsider_group
    with school_scope(world.school):
        assert list(group.enrollments.all()) == []


def test_all_schools_is_explicit(world: World) -> None:
    with no_scope(), all_schools():
        assert Group.objects.count() == Group.across_schools.count()


def test_anonymous_requests_have_no_scope(client, world: World) -> None:  # type: ignore[no-untyped-def]
    """A public page cannot touch school data: the middleware opens no scope for anonymous visitors."""
    from django.test import RequestFactory

    from onderstroom.schools.middleware import ActorMiddleware

    seen = []

    def view(request):  # type: ignore[no-untyped-def]
        try:
            Child.objects.count()
        except TenantScopeError:
            seen.append("refused")
        from django.http import HttpResponse

        return HttpResponse()

    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request.user = AnonymousUser()
    request.session = SessionStore()
    ActorMiddleware(view)(request)
    assert seen == ["refused"]
