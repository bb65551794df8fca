from collections.abc import Callable
from contextlib import AbstractContextManager

from django.http import HttpRequest, HttpResponse

from onderstroom.core.net import client_ip
from onderstroom.schools.access import Actor, ActorHttpRequest, AnonymousActor, StaffActor, build_staff_actor
from onderstroom.tenancy import no_scope, school_scope

ACTIVE_SCHOOL_KEY = "active_school"


class ActorMiddleware:
    """Puts `request.actor` on every request and opens the matching school scope around the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: ActorHttpRequest) -> HttpResponse:
        actor = self.resolve(request)
        request.actor = actor
        with self.scope_for(actor):
            return self.get_response(request)

    def resolve(self, request: HttpRequest) -> Actor:
        from onderstroom.childsessions.signin import child_actor_from_session

        ip = client_ip(request)
        if request.user.is_authenticated:
            return build_staff_actor(request.user, ip, request.session.get(ACTIVE_SCHOOL_KEY))
        return child_actor_from_session(request, ip) or AnonymousActor(ip_address=ip)

    @staticmethod
    def scope_for(actor: Actor) -> AbstractContextManager[None]:
        if actor.school is not None:
            return school_scope(actor.school)
        if isinstance(actor, StaffActor) and actor.boards:
            return school_scope(s.pk for b in actor.boards for s in b.schools.all())
        return no_scope()
