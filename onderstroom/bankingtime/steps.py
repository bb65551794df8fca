"""Banking Time's part in "from signal to action" (registered in panels.py).

- The next step "Plan Banking Time", with the signal passed on so the plan form starts from it.
- The next step "Look at the interaction balance", pointing at the interaction log's page for one
  child (through onderstroom.interactions.api). It is registered here because onderstroom.core
  holds no texts of its own (see core/actions.py) and its label needs a catalogue; the interaction
  log may register its own step under the same key instead, which replaces this one.
- The plans linked to a signal, for the care coordinator's list of signals with and without a plan
  (signals_with_plans, read by that list and by the care coordinator's home page).
"""

from collections.abc import Iterator, Sequence
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from onderstroom.bankingtime.access import visible_plans
from onderstroom.bankingtime.scores import SignalRow
from onderstroom.core import actions, dates
from onderstroom.core.actions import LinkedAction, NextStep
from onderstroom.core.links import uuid_link
from onderstroom.interactions.api import balance_url
from onderstroom.questionnaires.api import (
    ALL_SIGNALS,
    CONFLICT,
    FAIRNESS,
    MeasurementMoment,
    Signal,
    SignalKey,
    listed_signals,
)
from onderstroom.schools.access import StaffActor, taught_group_id
from onderstroom.schools.models import Child, Group

PLAN_STEP = "bankingtime.plan"
BALANCE_STEP = "interactions.balance"
# Banking Time builds the relationship itself: it fits every signal about the teacher and this
# child. How the teacher treats the classmates is a matter for the interaction log instead.
PLAN_SIGNALS = ALL_SIGNALS - {SignalKey.CLASSMATES_UNFAIR}
# Who gets turns, praise and correction: where conflict, unfairness and lost support may show.
BALANCE_SIGNALS = CONFLICT | FAIRNESS | {SignalKey.SUPPORT_FELL}


def _group_id(moment: MeasurementMoment | None) -> int | None:
    return moment.group_id if moment is not None else None


def signal_query(signal: Signal, moment: MeasurementMoment | None) -> str:
    if moment is None:
        return ""
    return "?" + urlencode({"signal": signal.key, "moment": str(moment.uuid)})


def plan_step(
    actor: StaffActor, child: Child, signal: Signal, moment: MeasurementMoment | None
) -> NextStep | None:
    if taught_group_id(actor, child, _group_id(moment)) is None:
        return None
    url = uuid_link("bankingtime:new_plan", uuid=child.uuid) + signal_query(signal, moment)
    return NextStep(PLAN_STEP, _("Plan Banking Time"), url)


def balance_step(
    actor: StaffActor, child: Child, signal: Signal, moment: MeasurementMoment | None
) -> NextStep | None:
    """The teacher's own interaction log with this child (a care coordinator reads logs only where a
    teacher shared one, which costs a query per signal: the step is the teacher's)."""
    group_id = taught_group_id(actor, child, _group_id(moment))
    if group_id is None:
        return None
    group = moment.group if moment is not None else Group.objects.get(pk=group_id)
    return NextStep(BALANCE_STEP, _("Look at the interaction balance"), balance_url(group, child))


def linked_plans(actor: StaffActor, group: Group) -> Iterator[LinkedAction]:
    """Plans of the group made from a signal, for whoever may follow the group's plans."""
    return linked_plans_in(actor, [group])


def linked_plans_in(actor: StaffActor, groups: Sequence[Group]) -> Iterator[LinkedAction]:
    """Plans of the groups made from a signal, for whoever may follow them: one query."""
    plans = (
        visible_plans(actor)
        .filter(group__in=groups, signal_moment__isnull=False)
        .exclude(signal_key="")
        .select_related("teacher")
    )
    for plan in plans:
        yield LinkedAction(
            child_id=plan.child_id,
            signal_key=plan.signal_key,
            moment_id=plan.signal_moment_id,
            kind=PLAN_STEP,
            label=_("Banking Time with %(teacher)s from %(day)s")
            % {"teacher": plan.teacher.full_name, "day": dates.when(plan.starts_on, "day_month")},
            url=reverse("bankingtime:plan", kwargs={"uuid": plan.uuid}),
        )


def signals_with_plans(
    actor: StaffActor, group: Group, day: date
) -> list[tuple[SignalRow, list[LinkedAction]]]:
    """The group's current signals, each with the actions linked to it that the actor may see:
    those without any first, then by the child's name."""
    linked = actions.planned(actor, group)
    listed = [(row, linked.get(row.link, [])) for row in listed_signals(group, day)]
    listed.sort(key=lambda pair: (bool(pair[1]), pair[0].child.sort_surname, pair[0].child.first_name))
    return listed
