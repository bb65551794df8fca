"""Reliability per measurement moment, for the care coordinator (the computation:
`onderstroom.instruments.reliability`)."""

from onderstroom.instruments.models import InstrumentVersion
from onderstroom.instruments.reliability import FormReport, form_report
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.questionnaires.wording import general_text


def for_moment(moment: MeasurementMoment) -> list[FormReport]:
    """One report per form given at the moment, over every response of the group (all raters)."""
    by_version: dict[int, list[dict[str, int]]] = {}
    for version_id, values in Response.objects.filter(moment=moment).values_list("version_id", "values"):
        by_version.setdefault(version_id, []).append(values)
    # Teacher forms ("teacher" sorts after "child") first.
    versions = InstrumentVersion.objects.filter(pk__in=by_version).order_by("-instrument__respondent", "pk")
    return [form_report(version, by_version[version.pk], general_text) for version in versions]
