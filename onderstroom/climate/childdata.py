"""Class and school climate, for the privacy registry (core/childdata.py).

A child's climate answers are never shown to anyone at school; for an access request the child (and
their parents) get them back, and erasure deletes them. The class and school averages they were
part of are recomputed from what is left.
"""

from django.utils.translation import gettext as _

from onderstroom.climate.models import ClimateResponse, Respondent
from onderstroom.core.childdata import Erased, Table, Value
from onderstroom.schools.models import Child


def export_child(child: Child) -> list[Table]:
    responses = list(
        ClimateResponse.objects.filter(child=child, respondent=Respondent.CHILD)
        .select_related("version", "class_moment", "school_round")
        .order_by("created_at")
    )
    rows: list[tuple[Value, ...]] = []
    for response in responses:
        spec = response.version.spec
        form = _("class climate") if response.class_moment_id else _("school climate")
        for item in spec.items:
            if item.key in response.values:
                rows.append((form, response.created_at, item.text.get(), response.values[item.key]))
    return [
        Table(
            key="climate.answers",
            title=_("Class and school climate"),
            columns=("form", "answered_at", "question", "answer"),
            headers=(_("questionnaire"), _("answered"), _("question"), _("answer")),
            rows=rows,
            since=responses[0].created_at.date() if responses else None,
        )
    ]


def erase_child(child: Child) -> Erased:
    deleted, _by_model = ClimateResponse.objects.filter(child=child).delete()
    return Erased(deleted=deleted)
