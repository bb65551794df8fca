"""Rules for the permission matrix test (onderstroom/core/tests/test_permission_matrix.py).

Every app lists, in its `tests/access_rules.py`, one Rule per URL name: how to call the
URL and which status each persona gets. A URL without a rule fails the test.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from onderstroom.testing.world import Persona, World

P = Persona
STAFF = (P.TEACHER, P.OTHER_TEACHER, P.CARE, P.ADMIN, P.BOARD, P.OUTSIDER, P.STAFF_MEMBER)
LOGIN_REDIRECT = 302
NOT_FOUND = 404
# A child who opens a staff page, and staff who open a child page, see "not found"
# or are sent to the child start page; anonymous visitors are sent to sign in.


@dataclass(frozen=True)
class Rule:
    expect: Mapping[Persona, int]
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = field(default=lambda world: {})
    query: str = ""


def expect(
    allowed: Mapping[Persona, int], *, child: int = NOT_FOUND, anonymous: int = LOGIN_REDIRECT
) -> dict:
    """Statuses for a staff page: the given personas get their status, other staff 404."""
    statuses = {persona: NOT_FOUND for persona in STAFF}
    statuses.update(allowed)
    statuses[P.CHILD] = child
    statuses[P.ANONYMOUS] = anonymous
    return statuses


def for_group_staff(ok: int = 200) -> dict:
    """Pages with individual children of the group: its teachers and its care coordinator."""
    return expect({P.TEACHER: ok, P.CARE: ok})


def for_group_teacher(ok: int = 200) -> dict:
    """Actions only a teacher of the group takes (opening a class session, printing cards)."""
    return expect({P.TEACHER: ok})


def for_school_admin(ok: int = 200) -> dict:
    """School management: the school admin here, and the outsider for their own school only."""
    return expect({P.ADMIN: ok, P.OUTSIDER: ok})


def for_any_staff(ok: int = 200) -> dict:
    return expect(dict.fromkeys(STAFF, ok))


def for_children(ok: int = 200, staff: int = 302, anonymous: int = 302) -> dict:
    """Pages of the child area: a signed-in child, everybody else to the child start page."""
    statuses = dict.fromkeys(STAFF, staff)
    statuses[P.CHILD] = ok
    statuses[P.ANONYMOUS] = anonymous
    return statuses


def for_everybody(ok: int = 200) -> dict:
    return {persona: ok for persona in Persona}
