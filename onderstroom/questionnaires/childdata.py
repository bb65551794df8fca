"""Questionnaire answers about and by a child, for the privacy registry (core/childdata.py)."""

import json

from django.utils.translation import gettext as _

from onderstroom.core.childdata import Erased, Table
from onderstroom.questionnaires.models import Answer, Response
from onderstroom.schools.models import Child


def _rounded(scores: dict) -> dict:
    return {key: round(value, 2) if isinstance(value, float) else value for key, value in scores.items()}


def export_child(child: Child) -> list[Table]:
    responses = list(
        Response.objects.filter(child=child)
        .select_related("moment", "teacher", "version__instrument")
        .order_by("created_at")
    )
    answers = list(
        Answer.objects.filter(response__child=child)
        .select_related("response")
        .order_by("response__created_at", "item")
    )
    since = responses[0].created_at.date() if responses else None
    return [
        Table(
            key="questionnaires.responses",
            title=_("Questionnaires"),
            columns=(
                "response",
                "moment",
                "instrument",
                "version",
                "answered_by",
                "about_teacher",
                "grade",
                "completed_at",
                "scores",
            ),
            headers=(
                _("form"),
                _("moment"),
                _("questionnaire"),
                _("version"),
                _("answered by"),
                _("teacher"),
                _("grade"),
                _("completed"),
                _("scores"),
            ),
            rows=[
                (
                    str(r.uuid),
                    r.moment.name,
                    r.version.instrument.key,
                    r.version.label,
                    r.get_respondent_display(),
                    r.teacher.full_name or r.teacher.email,
                    r.grade,
                    r.completed_at,
                    json.dumps(_rounded(r.scores), sort_keys=True),
                )
                for r in responses
            ],
            since=since,
        ),
        Table(
            key="questionnaires.answers",
            title=_("Answers"),
            columns=("response", "item", "value", "answered_at"),
            headers=(_("form"), _("question"), _("answer"), _("answered")),
            rows=[(str(a.response.uuid), a.item, a.value, a.answered_at) for a in answers],
            since=since,
        ),
    ]


def erase_child(child: Child) -> Erased:
    """Every form about or by the child, with its answers: group figures are computed from what remains."""
    deleted, _by_model = Response.objects.filter(child=child).delete()
    return Erased(deleted=deleted)
