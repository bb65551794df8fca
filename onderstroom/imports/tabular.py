"""Reading CSV and XLSX exports into rows of cells, whatever encoding and separator they use.

Everything here treats the file as hostile: it may be empty, binary, truncated, a
zip bomb, or full of formulas. A file that cannot be read raises ImportFileError
with a message for the administrator; nothing else escapes.
"""

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from django.utils.translation import gettext as _

from onderstroom.imports.columns import recognised_count
from onderstroom.imports.errors import ImportFileError

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

MAX_ROWS = 20_000  # far above the largest primary school; stops a file from eating the server
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 20  # exports may start with a title and a blank line before the header
# A sheet's declared size is not trusted: a 5 KB file with one cell at row 1,048,576 would make the
# reader walk a million empty rows. Reading stops at a long run of empty rows or at MAX_LINES lines.
MAX_BLANK_RUN = 1_000
MAX_LINES = MAX_ROWS + HEADER_SEARCH_ROWS + MAX_BLANK_RUN
ZIP_MAX_UNPACKED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 200  # genuine spreadsheets compress maybe 10-30 times; a zip bomb thousands
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format
DELIMITERS = (";", ",", "\t")
SAMPLE_LINES = 30
# Control characters never found in a real export, but all over a binary file renamed to .csv.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

FileKind = Literal["csv", "xlsx", "oneroster"]


@dataclass(frozen=True)
class Formula:
    """A spreadsheet cell that holds a formula; kept only to name it in an error, never stored."""

    text: str


Cell = str | int | float | date | datetime | Formula | None


@dataclass(frozen=True)
class TableRow:
    line: int
    cells: tuple[Cell, ...]

    def cell(self, column: int | None) -> Cell:
        if column is None or column >= len(self.cells):
            return None
        return self.cells[column]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    header_line: int
    rows: tuple[TableRow, ...]


def detect_kind(data: bytes) -> FileKind:
    """What the bytes are, by their content rather than their name (a .csv may well be an .xlsx)."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            _("This is an old Excel file (.xls). Save it as .xlsx or as CSV and upload it again.")
        )
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        names = set(safe_zip(data).namelist())
        if "[Content_Types].xml" in names or any(name.startswith("xl/") for name in names):
            return "xlsx"
        return "oneroster"
    return "csv"


def safe_zip(data: bytes) -> zipfile.ZipFile:
    """Open a ZIP archive after checking it cannot unpack into something enormous."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFileError(
            _("The file is damaged or incomplete. Export it again and upload it.")
        ) from error
    total = 0
    for info in infos:
        total += info.file_size
        compressed = max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and info.file_size / compressed > ZIP_MAX_RATIO:
            raise ImportFileError(_("The archive unpacks to far more data than it holds; it was not opened."))
        if info.flag_bits & 0x1:
            raise ImportFileError(_("The archive is protected with a password; upload it without one."))
    if total > ZIP_MAX_UNPACKED:
        raise ImportFileError(_("The archive unpacks to far more data than it holds; it was not opened."))
    return archive


def read_table(data: bytes) -> Table:
    """The header and the data rows of a CSV or XLSX export."""
    kind = detect_kind(data)
    if kind == "oneroster":
        raise ImportFileError(_("This ZIP file is not an Excel workbook."))
    rows = read_xlsx_rows(data) if kind == "xlsx" else read_csv_rows(data)
    return table_from_rows(rows)


def table_from_rows(rows: list[TableRow]) -> Table:
    rows = [row for row in rows if any(not _blank(cell) for cell in row.cells)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header_index = _header_index(rows)
    header = rows[header_index]
    data_rows = tuple(rows[header_index + 1 :])
    if not data_rows:
        raise ImportFileError(_("The file holds a header but no pupils."))
    headers = tuple("" if _blank(cell) else " ".join(str(cell).split()) for cell in header.cells)
    return Table(headers=headers, header_line=header.line, rows=data_rows)


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header_index(rows: list[TableRow]) -> int:
    """The first of the top rows that names the most known columns; else the first row."""
    best, best_score = 0, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = recognised_count([cell for cell in row.cells if isinstance(cell, str)])
        if score > best_score:
            best, best_score = index, score
    return best


# --- CSV ----------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 ("Unicode text" from Excel), else Windows-1252."""
    not_text = ImportFileError(_("This file is not a readable CSV or Excel file."))
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        elif _looks_like_utf16(data):
            text = data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
        elif b"\x00" in data:
            raise not_text
        else:
            text = _utf8_or_windows_1252(data)
    except UnicodeDecodeError as error:
        raise not_text from error
    if _CONTROL.search(text):
        raise not_text
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """Text in UTF-16 without a BOM: every other byte of Latin text is a zero."""
    sample = data[:2000]
    if len(sample) < 4 or len(sample) % 2:
        return False
    odd_zeros = sample[1::2].count(0) / (len(sample) / 2)
    even_zeros = sample[0::2].count(0) / (len(sample) / 2)
    return max(odd_zeros, even_zeros) > 0.6 and min(odd_zeros, even_zeros) < 0.1


def _utf8_or_windows_1252(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def sniff_delimiter(text: str) -> str:
    """The separator that splits the top lines into the most columns, most consistently."""
    sample = [line for line in text.splitlines()[:SAMPLE_LINES] if line.strip()]
    best, best_score = ";", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = Counter(len(row) for row in csv.reader(sample, delimiter=delimiter) if len(row) > 1)
        except csv.Error:  # a field longer than csv allows; reading the file names the line
            continue
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        if (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    return best


def read_csv_rows(data: bytes) -> list[TableRow]:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    rows: list[TableRow] = []
    start = 1
    try:
        for cells in reader:
            rows.append(TableRow(line=start, cells=tuple(cells[:MAX_COLUMNS])))
            start = reader.line_num + 1
            _check_size(len(rows))
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)s cannot be read as CSV. Export the file again and upload it.") % {"line": start}
        ) from error
    return rows


def _check_size(count: int) -> None:
    if count > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise ImportFileError(
            _("The file has more than %(count)s lines; import at most that many at once.")
            % {"count": MAX_ROWS}
        )


# --- XLSX ---------------------------------------------------------------------------------------


def read_xlsx_rows(data: bytes) -> list[TableRow]:
    """The first worksheet, read streaming; formula cells become Formula, never their text."""
    from openpyxl import load_workbook  # imported on use: it is slow to load and only XLSX uploads need it

    safe_zip(data).close()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file; all mean the same here
        raise ImportFileError(
            _("The Excel file is damaged or incomplete. Save it again and upload it.")
        ) from error
    try:
        return _sheet_rows(workbook)
    except ImportFileError:
        raise
    except Exception as error:  # a sheet can be damaged halfway; the rows read so far are not enough
        raise ImportFileError(
            _("The Excel file is damaged or incomplete. Save it again and upload it.")
        ) from error
    finally:
        workbook.close()


def _sheet_rows(workbook: "Workbook") -> list[TableRow]:
    sheets = workbook.worksheets
    if not sheets:
        raise ImportFileError(_("The Excel file has no worksheet."))
    sheet = sheets[0]
    sheet.reset_dimensions()  # some exporters write wrong dimensions; read what is there
    rows: list[TableRow] = []
    blank = 0
    for line, cells in enumerate(sheet.iter_rows(min_row=1, max_row=MAX_LINES + 1, max_col=MAX_COLUMNS), 1):
        values = _row_values(cells)
        blank = 0 if values else blank + 1
        _check_sheet_line(line, blank)
        if values:
            rows.append(TableRow(line=line, cells=tuple(values)))
            _check_size(len(rows))
    return rows


def _row_values(cells: tuple[object, ...]) -> list[Cell]:
    """The row's cells up to its last filled one; read-only rows are padded to max_col."""
    end = len(cells)
    while end and getattr(cells[end - 1], "value", None) is None:
        end -= 1
    return [_xlsx_value(cell) for cell in cells[:end]]


def _check_sheet_line(line: int, blank: int) -> None:
    if blank > MAX_BLANK_RUN:
        raise ImportFileError(
            _(
                "Below line %(line)s the sheet has more than %(count)s empty rows. Delete the empty "
                "rows and anything below them, and upload the file again."
            )
            % {"line": line - blank, "count": MAX_BLANK_RUN}
        )
    if line > MAX_LINES:
        raise ImportFileError(
            _("The sheet runs to more than %(count)s lines; import at most that many at once.")
            % {"count": MAX_LINES}
        )


def _xlsx_value(cell: object) -> Cell:
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula  # loaded by read_xlsx_rows already

    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f" or isinstance(value, ArrayFormula | DataTableFormula):
        return Formula(text=str(getattr(value, "text", value)))
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)
