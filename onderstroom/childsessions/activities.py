"""What children do once signed in to a class session.

Features register an activity in the `register()` of their `panels.py` (onderstroom.core.registry):

    from onderstroom.childsessions import activities
    activities.registry.register(
        activities.Activity("questionnaire", _("Questionnaire"), child_url=..., choices=..., order=10)
    )

`child_url(actor)` says where a signed-in child goes (None: nothing to do now, the
child sees a friendly waiting page). `choices(actor, group)` lists the objects a
teacher can pick for that activity (for example the open measurement moments of the
group) as (value, label) pairs; the chosen value is stored in
ClassSession.activity_object. An activity without choices needs no object.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onderstroom.core.registry import Registry

if TYPE_CHECKING:
    from onderstroom.schools.access import ChildActor, StaffActor
    from onderstroom.schools.models import Group

NONE = "none"


@dataclass(frozen=True)
class Activity:
    key: str
    label: str | Promise
    child_url: "Callable[[ChildActor], str | None]"
    choices: "Callable[[StaffActor, Group], list[tuple[str, str]]] | None" = None
    order: int = 100  # where the teacher's form lists it


# The class session's own activity, always offered: the children sign in and wait.
WAITING = Activity(
    key=NONE, order=0, label=_("Just sign in (nothing to do yet)"), child_url=lambda actor: None
)
registry = Registry[Activity]()
registry.register(WAITING)


def get(key: str) -> Activity:
    """The registered activity, or the waiting activity for an unknown key."""
    return registry.get(key) or WAITING


def all_activities() -> list[Activity]:
    return registry.entries()


def available_for(actor: "StaffActor", group: "Group") -> list[tuple[Activity, list[tuple[str, str]]]]:
    """Activities a teacher can start for the group now, each with its choosable objects.

    An activity with a `choices` function and nothing to choose (no open moment, say) is left out.
    """
    available = []
    for activity in registry.entries():
        options = activity.choices(actor, group) if activity.choices else []
        if activity.choices is None or options:
            available.append((activity, options))
    return available
