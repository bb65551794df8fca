"""The home page's "waiting for you": the actor's own running actions whose review is near.

An item names the child, the group or the school the action is for and the review date, never the
goal or a note; one audit row per child named.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from onderstroom.actionplan.models import Action, Status
from onderstroom.audit import log
from onderstroom.core import dates
from onderstroom.core.panels import HomeItem
from onderstroom.schools.access import StaffActor, today

SOON = timedelta(days=7)


def _for_whom(action: Action) -> str:
    if action.child is not None:
        return action.child.full_name
    if action.group is not None:
        return _("the class %(name)s") % {"name": action.group.name}
    return _("the school")


def due_reviews(actor: StaffActor) -> list[HomeItem]:
    if not isinstance(actor, StaffActor):
        return []
    actions = list(
        Action.objects.filter(
            owner=actor.user, status=Status.RUNNING, decision="", review_on__lte=today() + SOON
        )
        .select_related("child", "group")
        .order_by("review_on", "pk")
    )
    log.record_reads(actor, "actionplan.action.listed", [a.child for a in actions if a.child is not None])
    return [
        HomeItem(
            text=_("The action for %(whom)s is due for review.") % {"whom": _for_whom(action)},
            detail=_("Review on %(date)s.") % {"date": dates.when(action.review_on, "day_month")},
            url=reverse("actionplan:review", kwargs={"uuid": action.uuid}),
            action=_("Review"),
        )
        for action in actions
    ]
