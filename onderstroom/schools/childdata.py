"""The child's record itself and their groups, for the privacy registry (core/childdata.py)."""

from django.db import transaction
from django.utils.translation import gettext as _

from onderstroom.core.childdata import Erased, Table
from onderstroom.schools.models import Child, Enrollment

# The child row goes after every other kind of data (registered with this order).
LAST = 1000


def export_child(child: Child) -> list[Table]:
    record = Table(
        key="schools.child",
        title=_("Personal details"),
        columns=(
            "first_name",
            "surname_prefix",
            "surname",
            "birth_date",
            "gender",
            "pupil_number",
            "has_photo",
        ),
        headers=(
            _("first name"),
            _("surname prefix"),
            _("surname"),
            _("date of birth"),
            _("gender"),
            _("pupil number"),
            _("photo"),
        ),
        rows=[
            (
                child.first_name,
                child.surname_prefix,
                child.surname,
                child.birth_date,
                child.get_gender_display(),
                child.external_id,
                bool(child.photo),
            )
        ],
        since=child.created_at.date(),
    )
    enrollments = list(
        Enrollment.objects.filter(child=child)
        .select_related("group", "school_year")
        .order_by("school_year__starts_on")
    )
    groups = Table(
        key="schools.enrollments",
        title=_("Groups"),
        columns=("school_year", "group", "grade"),
        headers=(_("school year"), _("group"), _("grade")),
        rows=[(e.school_year.name, e.group.name, e.grade) for e in enrollments],
        since=enrollments[0].school_year.starts_on if enrollments else None,
    )
    return [record, groups]


def erase_child(child: Child) -> Erased:
    """The enrolments, the photo file and the child row itself (every link left cascades with it)."""
    enrollments, _by_model = Enrollment.objects.filter(child=child).delete()
    if child.photo and child.photo.name:
        storage, name = child.photo.storage, str(child.photo.name)
        transaction.on_commit(lambda: storage.delete(name))
    Child.objects.filter(pk=child.pk).delete()
    return Erased(deleted=enrollments + 1)
