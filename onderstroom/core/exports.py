"""Every table a member of staff downloads, through one kit: one tidy table per file (one header row,
one row per record, no stacked tables), as CSV or XLSX.

Every text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
return) is written with a leading apostrophe, in the CSV and in the XLSX alike: names, notes, and
whatever a school loaded itself. openpyxl takes a while to import and only downloads need it, so it is
imported inside `to_xlsx`, never at module level (`core/tests/test_pdf.py` checks the URLconf).

A view that shows a table offers it as `?format=csv` or `?format=xlsx` (`requested_format`), behind the
same gate as the page, with the same rows the page shows that role, and writes the same read audit rows.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")
# A spreadsheet runs a cell that starts with one of these as a formula; a name must never do that.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Control characters an XLSX cannot hold (openpyxl refuses them); they are left out of XLSX cells,
# and a carriage return becomes the line break XML reads it as.
_NOT_IN_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe when it would start a formula."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def safe_cell(value: Any) -> Any:
    """What a writer puts in a cell: text neutralised, numbers, dates and empty cells as they are."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    return safe_text(str(value))  # str, lazy translations, UUIDs, enums: as the text they show


@dataclass
class Sheet:
    """One table with one header. `extra` are further sheets of the XLSX only (a codebook beside the
    data); the CSV is the table alone."""

    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    extra: list["Sheet"] = field(default_factory=list)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return number_format(value, 2)
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat(" ", "minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)  # text, lazy translations, UUIDs


def _csv_cell(value: Any) -> str:
    """A number stays a number (-3 is no formula); any other value is written as neutralised text."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _csv_value(value)
    return safe_text(_csv_value(value))


def write_csv(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """One tidy table: one header line, then one line per row; text neutralised; UTF-8 with a BOM
    (Excel then reads the accents) and semicolons (what a Dutch Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_csv(sheet: Sheet) -> bytes:
    return write_csv(sheet.header, sheet.rows)


def _xlsx_cell(value: Any) -> Any:
    cell = safe_cell(value)
    if not isinstance(cell, str):
        return cell
    # XML reads a carriage return as a line break: write it as one, so the cell reads back as written.
    return _NOT_IN_XLSX.sub("", cell.replace("\r\n", "\n").replace("\r", "\n"))


def to_xlsx(sheet: Sheet) -> bytes:
    """The table on the first sheet (header frozen), each extra table on a sheet of its own."""
    from openpyxl import Workbook  # imported on use: it is slow to load and only downloads need it

    workbook = Workbook()
    for index, table in enumerate([sheet, *sheet.extra]):
        worksheet = workbook.active if index == 0 else workbook.create_sheet()
        assert worksheet is not None  # a new workbook has one sheet
        worksheet.title = _NOT_IN_XLSX.sub("", re.sub(r"[\[\]:*?/\\]", " ", str(table.title)))[:31] or "Data"
        worksheet.append([_xlsx_cell(h) for h in table.header])
        for row in table.rows:
            worksheet.append([_xlsx_cell(v) for v in row])
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def requested_format(request: HttpRequest) -> str | None:
    """`?format=csv|xlsx` of a page that offers its table; None for the page itself, 404 for another."""
    fmt = request.GET.get("format")
    if fmt is None:
        return None
    if fmt not in FORMATS:
        raise Http404
    return fmt


def response(sheet: Sheet, fmt: str, name: str) -> HttpResponse:
    """The table as a download named after `name` (slugified: no quotes or slashes in the header)."""
    filename = f"{slugify(name) or 'export'}.{fmt}"
    if fmt == "csv":
        result = HttpResponse(to_csv(sheet), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        result = HttpResponse(to_xlsx(sheet), content_type=XLSX_TYPE)
    else:
        raise Http404
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result
