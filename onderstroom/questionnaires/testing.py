"""Set-up helpers for tests, the permission matrix, demo data and the benchmark."""

from datetime import date, timedelta

from onderstroom.accounts.models import User
from onderstroom.childsessions.models import ClassSession
from onderstroom.questionnaires.library import CHILD_KEYS, TEACHER_KEY, current_versions
from onderstroom.questionnaires.models import Address, InstrumentVersion, MeasurementMoment, MomentTeacher
from onderstroom.questionnaires.services import ACTIVITY
from onderstroom.schools.access import today
from onderstroom.schools.models import Group, GroupAssignment


def shipped_versions() -> dict[str, InstrumentVersion]:
    return {v.instrument.key: v for v in current_versions() if v.instrument.shipped}


def make_moment(
    group: Group,
    *,
    name: str = "Oktober",
    opens_on: date | None = None,
    days: int = 14,
    teachers: list[User] | None = None,
    with_children: bool = True,
) -> MeasurementMoment:
    """A moment for the group with the shipped forms; children answer about the group's teachers."""
    versions = shipped_versions()
    opens_on = opens_on or today()
    moment = MeasurementMoment.objects.create(
        school=group.school,
        group=group,
        school_year=group.school_year,
        name=name,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=days),
        teacher_version=versions[TEACHER_KEY],
    )
    if with_children:
        moment.child_versions.set([versions[key] for key in CHILD_KEYS])
        if teachers is None:
            assignments = GroupAssignment.objects.filter(group=group, kind=GroupAssignment.Kind.TEACHER)
            teachers = [a.user for a in assignments.select_related("user").order_by("pk")]
        for position, teacher in enumerate(teachers):
            first = teacher.full_name.split()
            address = first[0].lower() if first and first[0].lower() in Address.values else Address.NEUTRAL
            call_name = (
                first[1] if address != Address.NEUTRAL and len(first) > 1 else (first[0] if first else "")
            )
            MomentTeacher.objects.create(
                school=group.school,
                moment=moment,
                teacher=teacher,
                address=address,
                call_name=call_name,
                position=position,
            )
    return moment


def run_questionnaire(class_session: ClassSession, moment: MeasurementMoment) -> ClassSession:
    """Let the class session's children fill in the moment's forms."""
    class_session.activity = ACTIVITY
    class_session.activity_object = str(moment.uuid)
    class_session.save(update_fields=["activity", "activity_object"])
    return class_session
