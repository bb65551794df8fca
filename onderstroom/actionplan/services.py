"""Every change to the action plan: one function each, access checked, atomic, audited.

Audit rows name the action (and the child of a relationship action) and say what kind of change it
was; never the goal or a note.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.actionplan.access import may_decide, target_of
from onderstroom.actionplan.catalogue import BY_KEY, OWN
from onderstroom.actionplan.models import Action, Decision, Review, Status
from onderstroom.audit import log
from onderstroom.core import measures
from onderstroom.core.errors import Refused
from onderstroom.core.measures import Target
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Enrollment

# The follow-up measurement opens this long before the review, so its answers are in by then.
FOLLOWUP_LEAD = timedelta(days=14)
LONGEST = timedelta(days=366)


@dataclass(frozen=True)
class ActionIn:
    goal: str
    catalogue_key: str
    what: str
    starts_on: date
    review_on: date
    measure: str = ""  # "source:key" of a core.measures option, or "" for none
    plan_followup: bool = True
    signal_key: str = ""
    signal_text: str = ""
    signal_moment: Any = None  # the questionnaires' MeasurementMoment the signal was raised at


def may_create(actor: StaffActor, target: Target) -> bool:
    """A teacher for their own groups and children, the care coordinator for the class and
    relationship actions of their groups, the school admin for the school plan."""
    if target.level == measures.Level.SCHOOL:
        return actor.is_school_admin
    group = target.group
    if group is None or not (actor.teaches(group) or actor.cares_for(group)):
        return False
    return target.child is None or Enrollment.objects.filter(group=group, child=target.child).exists()


def _check(actor: StaffActor, target: Target, data: ActionIn) -> measures.MeasureOption | None:
    if not data.goal.strip():
        raise Refused(_("Write the goal in a few words."))
    suggestion = BY_KEY.get(data.catalogue_key)
    if data.catalogue_key != OWN and (suggestion is None or not suggestion.fits(target.level)):
        raise Refused(_("Choose one of the suggested actions, or your own."))
    if data.catalogue_key == OWN and not data.what.strip():
        raise Refused(_("Describe your own action in a few words."))
    if data.review_on < data.starts_on:
        raise Refused(_("The review date lies before the start."))
    if data.review_on - data.starts_on > LONGEST:
        raise Refused(_("Review an action within a year of its start."))
    if not data.measure:
        return None
    source, _colon, key = data.measure.partition(":")
    option = measures.find_option(actor, target, source, key)
    if option is None:
        raise Refused(_("Choose a measure from the list."))
    return option


def create_action(actor: StaffActor, target: Target, data: ActionIn) -> Action:
    if not may_create(actor, target):
        raise Http404
    option = _check(actor, target, data)
    moment = data.signal_moment
    if moment is not None and (target.group is None or moment.group_id != target.group.pk):
        raise Refused(_("That signal does not belong to this group."))
    with transaction.atomic():
        action = Action.objects.create(
            school=actor.current_school,
            level=target.level,
            group=target.group,
            child=target.child,
            owner=actor.user,
            goal=data.goal.strip(),
            catalogue_key=data.catalogue_key,
            what=data.what.strip(),
            starts_on=data.starts_on,
            review_on=data.review_on,
            measure_source=option.source if option else "",
            measure_key=option.key if option else "",
            measure_label=option.label if option else "",
            signal_key=data.signal_key if moment is not None else "",
            signal_text=data.signal_text if moment is not None else "",
            signal_moment=moment,
        )
        log.record(
            actor,
            "actionplan.action.create",
            child=action.child,
            obj=action,
            details={
                "level": action.level,
                "catalogue": action.catalogue_key,
                "measured": option is not None,
                "from_signal": bool(action.signal_key),
            },
        )
        if option is not None and data.plan_followup:
            _plan(actor, action)
    return action


def followup_day(action: Action, not_before: date | None = None) -> date:
    return max(action.starts_on, action.review_on - FOLLOWUP_LEAD, not_before or action.starts_on)


def _plan(actor: StaffActor, action: Action, not_before: date | None = None) -> None:
    planned = measures.plan_followup(
        actor,
        target_of(action),
        action.measure_source,
        action.measure_key,
        followup_day(action, not_before),
    )
    if planned is None:
        return
    action.followup_ref, action.followup_on, action.followup_label = planned.ref, planned.on, planned.label
    action.save(update_fields=["followup_ref", "followup_on", "followup_label"])
    log.record(actor, "actionplan.followup.plan", child=action.child, obj=action)


def plan_followup(actor: StaffActor, action: Action) -> Action:
    """Plan the follow-up measurement of an action that has a measure and none planned yet."""
    if not may_decide(actor, action):
        raise Http404
    if not action.has_measure:
        raise Refused(_("This action has no measure to follow up."))
    if action.followup_ref:
        raise Refused(_("The follow-up measurement is already planned."))
    with transaction.atomic():
        _plan(actor, action)
    if not action.followup_ref:
        raise Refused(_("This measure cannot plan a follow-up; measure it by hand before the review."))
    return action


def _next_review(decision: str, next_review_on: date | None, today: date) -> date | None:
    """The checked day of the next review of an action kept or adjusted; None for one stopped."""
    if decision == Decision.STOP:
        return None
    if next_review_on is None:
        raise Refused(_("Choose the day of the next review."))
    if next_review_on <= today:
        raise Refused(_("The next review must come after today."))
    if next_review_on - today > LONGEST:
        raise Refused(_("Review the action again within a year."))
    return next_review_on


def decide(
    actor: StaffActor, action: Action, decision: str, note: str, next_review_on: date | None = None
) -> Action:
    """Keep, adjust or stop the action after its review.

    An action kept or adjusted runs on to a next review (`next_review_on`, after today and within a
    year); with a measure, its follow-up measurement is planned again for that review, and the next
    review compares it with the same baseline, the start (a follow-up still to come, before the next
    review, stays). A stopped action has no next review."""
    if not may_decide(actor, action):
        raise Http404
    if decision not in Decision.values:
        raise Refused(_("Choose whether to keep, adjust or stop the action."))
    note = note.strip()
    if decision == Decision.ADJUST and not note:
        raise Refused(_("Say in a note what you will adjust."))
    today = timezone.localdate()
    next_review = _next_review(decision, next_review_on, today)
    now = timezone.now()
    with transaction.atomic():
        Review.objects.create(
            school_id=action.school_id,
            action=action,
            due_on=action.review_on,
            decision=decision,
            note=note,
            decided_by=actor.user,
            decided_at=now,
            next_review_on=next_review,
            followup_label=action.followup_label,
        )
        action.decision, action.decision_note = decision, note
        action.decided_by, action.decided_at = actor.user, now
        action.status = Status.STOPPED if next_review is None else Status.RUNNING
        fields = ["decision", "decision_note", "decided_by", "decided_at", "status"]
        replan = False
        if next_review is not None:
            action.review_on = next_review
            fields.append("review_on")
            # A follow-up that has opened measured for this review: the next one gets its own. One
            # still to come stays, unless it would open after the next review.
            replan = bool(action.followup_ref) and (
                action.followup_on is None or not today < action.followup_on <= next_review
            )
            if replan:
                action.followup_ref, action.followup_on, action.followup_label = "", None, ""
                fields += ["followup_ref", "followup_on", "followup_label"]
        action.save(update_fields=fields)
        log.record(
            actor,
            "actionplan.action.review",
            child=action.child,
            obj=action,
            details={"decision": decision, "note": bool(note)},
        )
        if replan and action.has_measure:
            _plan(actor, action, not_before=today)
    return action
