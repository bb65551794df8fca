"""The action plan's part in "from signal to action" (registered in panels.py).

- The next step "Plan an action", for every signal, with the signal carried into the form.
- Relationship actions linked to a signal count as its plan, for whoever may see the action.
"""

from collections.abc import Iterator, Sequence
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from onderstroom.actionplan.access import visible_actions
from onderstroom.actionplan.catalogue import label_of
from onderstroom.actionplan.models import Level
from onderstroom.core.actions import LinkedAction, NextStep
from onderstroom.core.links import uuid_link
from onderstroom.questionnaires.api import MeasurementMoment, Signal
from onderstroom.schools.access import StaffActor, taught_group_id
from onderstroom.schools.models import Child, Group

PLAN_STEP = "actionplan.plan"
LINKED = "actionplan.action"


def plan_step(
    actor: StaffActor, child: Child, signal: Signal, moment: MeasurementMoment | None
) -> NextStep | None:
    """For a teacher of the child's group, as the other steps (the care coordinator plans from the
    child's page)."""
    if taught_group_id(actor, child, moment.group_id if moment is not None else None) is None:
        return None
    url = uuid_link("actionplan:new_relationship", uuid=child.uuid)
    if moment is not None:
        url += "?" + urlencode({"signal": signal.key, "moment": str(moment.uuid)})
    return NextStep(PLAN_STEP, _("Plan an action"), url)


def linked_actions(actor: StaffActor, group: Group) -> Iterator[LinkedAction]:
    return linked_actions_in(actor, [group])


def linked_actions_in(actor: StaffActor, groups: Sequence[Group]) -> Iterator[LinkedAction]:
    """Relationship actions linked to a signal in these groups that the actor may see: one query."""
    actions = (
        visible_actions(actor)
        .filter(level=Level.RELATIONSHIP, group__in=list(groups), signal_moment__isnull=False)
        .exclude(signal_key="")
    )
    for action in actions:
        assert action.child_id is not None  # a relationship action always names its child
        yield LinkedAction(
            child_id=action.child_id,
            signal_key=action.signal_key,
            moment_id=action.signal_moment_id,
            kind=LINKED,
            label=_("Action: %(what)s (%(owner)s)")
            % {"what": label_of(action.catalogue_key), "owner": action.owner.full_name},
            url=reverse("actionplan:action", kwargs={"uuid": action.uuid}),
        )
