"""Scores of one moment as CSV or XLSX, for the care coordinator: one file per form (one table, one
header), one row per filled-in form.

Every text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
return) is written with a leading apostrophe, in the CSV and in the XLSX alike: names, the teacher,
and what a school-loaded instrument says about itself (its version label, its keys and texts).
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from onderstroom.questionnaires.analysis import display_name
from onderstroom.questionnaires.engine import InstrumentDefinition
from onderstroom.questionnaires.models import InstrumentVersion, MeasurementMoment, Respondent, Response
from onderstroom.questionnaires.scoring import decide_profile
from onderstroom.schools.models import Child

FORMATS = ("csv", "xlsx")
# A spreadsheet runs a cell that starts with one of these as a formula; names must never do that.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def safe_cell(value: Any) -> Any:
    """What a writer puts in a cell: text neutralised, numbers and empty cells as they are."""
    return safe_text(value) if isinstance(value, str) else value


@dataclass
class Sheet:
    """One form of a moment: one table with one header."""

    title: str
    spec: InstrumentDefinition
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
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
        safe_text(child.external_id),
        safe_text(child.first_name),
        safe_text(child.surname_prefix),
        safe_text(child.surname),
        response.grade,
        child.get_gender_display() if child.gender else "",
        response.get_respondent_display(),
        safe_text(display_name(response.teacher)),
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


def form_sheet(moment: MeasurementMoment, version: InstrumentVersion) -> Sheet:
    """One form of the moment as one table; one query for the responses with child and teacher."""
    spec = version.spec
    header = [*_fixed_header(), *(s.key for s in spec.scales), *(i.key for i in spec.items)]
    sheet = Sheet(title=spec.key[:31], spec=spec, header=header)
    responses = list(
        Response.objects.filter(moment=moment, version=version).select_related("child", "teacher")
    )
    responses.sort(
        key=lambda r: (r.child.sort_surname, r.child.first_name, r.respondent, display_name(r.teacher))
    )
    sheet.rows = [_row(response, version) for response in responses]
    sheet.children = list({r.child_id: r.child for r in responses}.values())
    return sheet


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number_format(value, 2)
    return str(value)


def write_csv(header: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """One tidy table: one header line, then one line per row; text neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in header])
    for row in rows:
        writer.writerow([safe_text(_csv_value(v)) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def to_csv(sheet: Sheet) -> bytes:
    return write_csv(sheet.header, sheet.rows)


def to_xlsx(sheet: Sheet) -> bytes:
    """The form's table on its own sheet, and its codebook (every scale and question) on a second one."""
    from openpyxl import Workbook  # imported on use: it is slow to load and only exports need it

    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None  # a new workbook has one sheet
    worksheet.title = sheet.title
    worksheet.append([safe_cell(h) for h in sheet.header])
    for row in sheet.rows:
        worksheet.append([safe_cell(v) for v in row])
    worksheet.freeze_panes = "B2"
    codebook = workbook.create_sheet(_("Codebook")[:31])
    codebook.append([_("Questionnaire"), _("Column"), _("Meaning"), _("Reverse-keyed")])
    spec = sheet.spec
    for scale in spec.scales:
        meaning = _("Scale score (mean, at least 80%% answered): %(label)s") % {"label": scale.label.get()}
        codebook.append([safe_cell(spec.key), safe_cell(scale.key), safe_cell(meaning), ""])
    for item in spec.items:
        codebook.append(
            [
                safe_cell(spec.key),
                safe_cell(item.key),
                safe_cell(item.text.get()),
                _("yes") if item.reverse else "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(sheet: Sheet, fmt: str, name: str) -> HttpResponse:
    filename = f"{slugify(name) or 'export'}.{fmt}"
    if fmt == "csv":
        result = HttpResponse(to_csv(sheet), content_type="text/csv; charset=utf-8")
    else:
        result = HttpResponse(
            to_xlsx(sheet), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result
