"""Scores of one moment as CSV or XLSX, for the care coordinator: one row per filled-in form."""

import csv
import io
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


@dataclass
class Sheet:
    title: str
    spec: InstrumentDefinition
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class Table:
    sheets: list[Sheet]
    children: list[Child]


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


def moment_table(moment: MeasurementMoment) -> Table:
    """Three queries: responses with child and teacher, and their versions."""
    responses = list(Response.objects.filter(moment=moment).select_related("child", "teacher"))
    versions = {v.pk: v for v in InstrumentVersion.objects.filter(pk__in={r.version_id for r in responses})}
    sheets: dict[int, Sheet] = {}
    for version_id, version in sorted(versions.items()):
        spec = version.spec
        header = [*_fixed_header(), *(f"{s.key}" for s in spec.scales), *(i.key for i in spec.items)]
        sheets[version_id] = Sheet(title=spec.key[:31], spec=spec, header=header)
    responses.sort(
        key=lambda r: (r.child.sort_surname, r.child.first_name, r.respondent, display_name(r.teacher))
    )
    for response in responses:
        sheets[response.version_id].rows.append(_row(response, versions[response.version_id]))
    children = list({r.child_id: r.child for r in responses}.values())
    return Table(sheets=list(sheets.values()), children=children)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number_format(value, 2)
    return str(value)


def to_csv(table: Table) -> bytes:
    """All forms in one file: each form's block starts with its own header line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for index, sheet in enumerate(table.sheets):
        if index:
            writer.writerow([])
        writer.writerow(sheet.header)
        for row in sheet.rows:
            writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def to_xlsx(table: Table) -> bytes:
    """One sheet per form, and a codebook with every scale and question."""
    from openpyxl import Workbook  # imported on use: it is slow to load and only exports need it

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in table.sheets:
        worksheet = workbook.create_sheet(sheet.title)
        worksheet.append(sheet.header)
        for row in sheet.rows:
            worksheet.append(row)
        worksheet.freeze_panes = "B2"
    codebook = workbook.create_sheet(_("Codebook")[:31])
    codebook.append([_("Questionnaire"), _("Column"), _("Meaning"), _("Reverse-keyed")])
    for sheet in table.sheets:
        spec = sheet.spec
        for scale in spec.scales:
            codebook.append(
                [
                    spec.key,
                    scale.key,
                    _("Scale score (mean, at least 80%% answered): %(label)s") % {"label": scale.label.get()},
                    "",
                ]
            )
        for item in spec.items:
            codebook.append(
                [spec.key, item.key, safe_text(item.text.get()), _("yes") if item.reverse else ""]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(table: Table, fmt: str, name: str) -> HttpResponse:
    filename = f"{slugify(name) or 'export'}.{fmt}"
    if fmt == "csv":
        result = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        result = HttpResponse(
            to_xlsx(table), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result
