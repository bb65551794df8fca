"""The action plan of each demo school: two relationship actions followed up (one helped, one did
not), a class action and the school plan.

The relationship actions run in the last group of the school (by name; the Banking Time demo tells
its story in another group) between the group's two moments of this year: the earlier one is the
baseline and raised the signal, the current one is the follow-up. The teacher's ratings of the two
children are set so the review shows both judgments: closeness rose reliably for one, stayed for
the other. The first was reviewed once already, early, before its follow-up opened, and kept (its
review is in its history); now both wait for their owner's decision.
"""

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from onderstroom.actionplan.models import Action, Decision, Level, Review
from onderstroom.questionnaires.api import MeasurementMoment, find_signal, replace_teacher_rating
from onderstroom.schools.models import Enrollment, Group, GroupAssignment, Membership, Role

if TYPE_CHECKING:
    from onderstroom.accounts.models import User
    from onderstroom.demo.demo_board import DemoBoard, DemoSchool

SOURCE, CLOSENESS = "questionnaires.relationship", "teacher.closeness"
CLOSENESS_LABEL = "Nabijheid (hoe de leerkracht het ziet)"
BEFORE = {"closeness": 2, "conflict": 2, "dependency": 3, "handling": 1}
WARMED = {"closeness": 5, "conflict": 1, "dependency": 2, "handling": 4}
STAYED = {"closeness": 2, "conflict": 2, "dependency": 3, "handling": 2}


def add_demo_actions(demo: "DemoBoard") -> None:
    for school in demo.schools:
        add_school_plan(demo, school)


def _chosen_group(school: "DemoSchool") -> tuple[Group, "User", MeasurementMoment, MeasurementMoment] | None:
    for name in sorted(school.groups, reverse=True):
        group = school.groups[name]
        moments = list(MeasurementMoment.objects.filter(group=group).order_by("opens_on"))
        assignment = (
            GroupAssignment.objects.filter(group=group, kind=GroupAssignment.Kind.TEACHER)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if assignment is not None and len(moments) >= 2:
            return group, assignment.user, moments[-2], moments[-1]
    return None


def add_school_plan(demo: "DemoBoard", school: "DemoSchool") -> None:
    chosen = _chosen_group(school)
    if chosen is None:
        return
    group, teacher, before, after = chosen
    enrollments = list(
        Enrollment.objects.filter(group=group).select_related("child").order_by("child__surname", "child__pk")
    )
    if len(enrollments) < 2:
        return
    starts_on = before.closes_on + timedelta(days=1)
    review_on = max(after.closes_on, starts_on)
    stories = (
        (
            enrollments[-1],
            WARMED,
            "banking_time",
            "Drie keer per week tien minuten na de kleine pauze.",
            True,
        ),
        (
            enrollments[-2],
            STAYED,
            "learning_goal_talk",
            "Elke vrijdag vijf minuten over het leerdoel.",
            False,
        ),
    )
    for enrollment, later, key, what, decided in stories:
        replace_teacher_rating(before, enrollment, teacher, BEFORE)
        replace_teacher_rating(after, enrollment, teacher, later)
        child = enrollment.child
        found = find_signal(child, "low_handling", before, prefer=teacher)
        early = starts_on + (after.opens_on - starts_on) / 2  # the first review, before the follow-up
        decided = decided and starts_on < early < min(after.opens_on, demo.today)
        decided_at = timezone.make_aware(datetime.combine(early, time(15, 30))) if decided else None
        action = Action.objects.create(
            school=school.school,
            level=Level.RELATIONSHIP,
            group=group,
            child=child,
            owner=teacher,
            goal=f"{child.first_name} voelt zich gezien en durft hulp te vragen.",
            catalogue_key=key,
            what=what,
            starts_on=starts_on,
            review_on=review_on,
            measure_source=SOURCE,
            measure_key=CLOSENESS,
            measure_label=CLOSENESS_LABEL,
            followup_ref=f"moment:{after.uuid}",
            followup_on=after.opens_on,
            followup_label=after.name,
            signal_key="low_handling" if found else "",
            signal_text=found[0].sentence if found else "",
            signal_moment=before if found else None,
            decision=Decision.KEEP if decided else "",
            decision_note="Het contact is warmer; we houden het vol tot de kerst." if decided else "",
            decided_by=teacher if decided else None,
            decided_at=decided_at,
        )
        if decided_at is not None:
            Review.objects.create(
                school=school.school,
                action=action,
                due_on=early,
                decision=Decision.KEEP,
                note=action.decision_note,
                decided_by=teacher,
                decided_at=decided_at,
                next_review_on=review_on,
            )
    Action.objects.create(
        school=school.school,
        level=Level.CLASS,
        group=group,
        owner=teacher,
        goal="Iedereen werkt elke dag een keer samen met een ander.",
        catalogue_key="cooperative_structure",
        what="Denken-delen-uitwisselen bij rekenen.",
        starts_on=starts_on,
        review_on=demo.today + timedelta(weeks=6),
    )
    director = (
        Membership.objects.filter(school=school.school, role=Role.SCHOOL_ADMIN).select_related("user").first()
    )
    if director is not None:
        Action.objects.create(
            school=school.school,
            level=Level.SCHOOL,
            owner=director.user,
            goal="Kinderen en ouders ontmoeten elkaar buiten de lessen.",
            catalogue_key="meeting_space",
            what="Elke eerste vrijdag een open inloop in de aula.",
            starts_on=demo.today,
            review_on=demo.today + timedelta(weeks=12),
        )
