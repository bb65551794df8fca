"""Scores of one moment as CSV or XLSX, for the care coordinator: one file per form (one table, one
header), one row per filled-in form.

The tables go out through the kernel's kit (`core/exports.py`), which neutralises every text cell a
spreadsheet would run as a formula: names, the teacher, and what a school-loaded instrument says about
itself (its version label, its keys and texts).
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onderstroom.core import exports as kit
from onderstroom.core.exports import FORMATS
from onderstroom.instruments.engine import InstrumentDefinition
from onderstroom.instruments.models import InstrumentVersion, Respondent
from onderstroom.instruments.reliability import FormReport
from onderstroom.questionnaires.analysis import Dyad, display_name
from onderstroom.questionnaires.models import MeasurementMoment, Response
from onderstroom.questionnaires.overview import Overview
from onderstroom.questionnaires.scoring import View, decide_profile
from onderstroom.schools.models import Child

__all__ = [
    "FORMATS",
    "FormSheet",
    "form_sheet",
    "moment_versions",
    "overview_sheet",
    "reliability_sheet",
    "response",
]


@dataclass
class FormSheet:
    """One form of a moment: one table with one header (the kit's `Sheet`, its codebook beside it in
    the XLSX), and the children it names (for the read audit rows)."""

    sheet: kit.Sheet
    spec: InstrumentDefinition
    children: list[Child] = field(default_factory=list)


def _fixed_header() -> list[str]:
    return [
        _("Pupil number"),
        _("First name"),
        _("Surname prefix"),
        _("Surname"),
        _("Grade"),
        _("Gender"),
        _("Filled in by"),
        _("Teacher"),
        _("Questionnaire"),
        _("Version"),
        _("Answered"),
        _("Complete"),
        _("Profile"),
    ]


def _row(response: Response, version: InstrumentVersion) -> list[Any]:
    spec = version.spec
    child = response.child
    profile = decide_profile(spec, response.scores) if response.respondent == Respondent.TEACHER else None
    return [
        child.external_id,
        child.first_name,
        child.surname_prefix,
        child.surname,
        response.grade,
        child.get_gender_display() if child.gender else "",
        response.get_respondent_display(),
        display_name(response.teacher),
        spec.key,
        f"{version.label} ({version.number})",
        response.answered,
        _("yes") if response.completed_at else _("no"),
        str(profile.label) if profile else "",
        *[response.scores.get(scale.key) for scale in spec.scales],
        *[response.values.get(item.key) for item in spec.items],
    ]


def moment_versions(moment: MeasurementMoment) -> list[InstrumentVersion]:
    """The forms of a moment, each one table of the export: the teacher's form, then the children's."""
    versions = [moment.teacher_version, *moment.child_versions.order_by("instrument__key", "number")]
    return [v for v in versions if v is not None]


def _codebook(spec: InstrumentDefinition) -> kit.Sheet:
    """Every scale and question of the form: the XLSX's second sheet."""
    codebook = kit.Sheet(
        title=_("Codebook"), header=[_("Questionnaire"), _("Column"), _("Meaning"), _("Reverse-keyed")]
    )
    for scale in spec.scales:
        meaning = _("Scale score (mean, at least 80%% answered): %(label)s") % {"label": scale.label.get()}
        codebook.rows.append([spec.key, scale.key, meaning, ""])
    for item in spec.items:
        codebook.rows.append([spec.key, item.key, item.text.get(), _("yes") if item.reverse else ""])
    return codebook


def form_sheet(moment: MeasurementMoment, version: InstrumentVersion) -> FormSheet:
    """One form of the moment as one table; one query for the responses with child and teacher."""
    spec = version.spec
    header = [*_fixed_header(), *(s.key for s in spec.scales), *(i.key for i in spec.items)]
    responses = list(
        Response.objects.filter(moment=moment, version=version).select_related("child", "teacher")
    )
    responses.sort(
        key=lambda r: (r.child.sort_surname, r.child.first_name, r.respondent, display_name(r.teacher))
    )
    sheet = kit.Sheet(
        title=spec.key[:31],
        header=header,
        rows=[_row(response, version) for response in responses],
        extra=[_codebook(spec)],
    )
    children = list({r.child_id: r.child for r in responses}.values())
    return FormSheet(sheet=sheet, spec=spec, children=children)


def response(form: FormSheet, fmt: str, name: str) -> HttpResponse:
    """The form's table as CSV, or as XLSX with its codebook on a second sheet."""
    return kit.response(form.sheet, fmt, name)


# --- the class overview as one table -------------------------------------------------------------


def _change_text(dyad: Dyad) -> str:
    """What the overview's change column says, as text."""
    if not dyad.has_previous:
        return _("first moment")
    if dyad.reliable_changes:
        return "; ".join(
            f"{_('teacher') if change.respondent == Respondent.TEACHER else _('child')}: "
            f"{change.label.lower()} {_('rose') if change.direction == 'up' else _('fell')} "
            f"({number_format(change.before, 1)} → {number_format(change.after, 1)})"
            for change in dyad.reliable_changes
        )
    if dyad.change_judgeable:
        return _("no reliable change")
    return _("too few ratings in the school to judge change")


def overview_sheet(overview: Overview) -> kit.Sheet:
    """The class overview as the page shows it (same rater, filters and order): one row per child
    shown, a column per scale of the teacher's and of the child's view (scores, not the bars)."""

    def labels(views: list[View | None]) -> list[tuple[str, str]]:
        seen: dict[tuple[str, str], None] = {}
        for view in views:
            for result in view.results if view else []:
                seen.setdefault((result.scale.key, result.label), None)
        return list(seen)

    teacher_scales = labels([row.dyad.teacher_view for row in overview.rows])
    child_scales = labels([row.dyad.child_view for row in overview.rows])

    def scores(view: View | None, scales: list[tuple[str, str]]) -> list[Any]:
        found = {r.scale.key: r.score for r in view.results} if view else {}
        return [None if found.get(key) is None else round(found[key] or 0, 2) for key, _label in scales]

    header = [
        _("First name"),
        _("Surname"),
        _("Grade"),
        _("Teacher"),
        *(_("Teacher: %(scale)s") % {"scale": label} for _key, label in teacher_scales),
        *(_("Child: %(scale)s") % {"scale": label} for _key, label in child_scales),
        _("Profile"),
        pgettext("over time", "Change"),
        _("Signals"),
    ]
    rows = [
        [
            row.child.first_name,
            row.child.full_surname,
            row.grade,
            row.dyad.teacher_name,
            *scores(row.dyad.teacher_view, teacher_scales),
            *scores(row.dyad.child_view, child_scales),
            str(row.dyad.profile.label) if row.dyad.profile else "",
            _change_text(row.dyad),
            "; ".join(signal.sentence for signal in row.dyad.signals),
        ]
        for row in overview.rows
    ]
    return kit.Sheet(title=_("Relationships"), header=header, rows=rows)


# --- reliability as one table ---------------------------------------------------------------------


def reliability_sheet(reports: list[FormReport]) -> kit.Sheet:
    """The reliability page's tables as one: a row per question of every scale of every form, with its
    scale's alpha and complete answers beside it (the page shows those above each table)."""
    header = [
        _("Questionnaire"),
        _("Version"),
        _("Forms"),
        _("Scale"),
        _("Complete answers"),
        _("Alpha"),
        "#",
        _("Question"),
        _("Reverse-keyed"),
        _("Item–rest correlation"),  # noqa: RUF001 (the page's own heading)
    ]
    rows = [
        [
            report.spec.key,
            report.version.label,
            report.responses,
            scale.label,
            scale.cases,
            None if scale.alpha is None else round(scale.alpha, 2),
            item.number,
            item.text,
            _("yes") if item.reverse else "",
            None if item.item_rest is None else round(item.item_rest, 2),
        ]
        for report in reports
        for scale in report.scales
        for item in scale.items
    ]
    return kit.Sheet(title=_("Reliability"), header=header, rows=rows)
