"""What an access request hands over: a PDF a parent can read and a ZIP with JSON and CSV per kind."""

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from onderstroom.core import childdata
from onderstroom.core.childdata import ChildData, Table, Value
from onderstroom.core.exports import safe_text
from onderstroom.core.pdf import render_pdf
from onderstroom.schools.models import Child

UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class Kind:
    """One registered kind of data as the documents show it."""

    entry: ChildData
    tables: list[Table]

    @property
    def rows(self) -> int:
        return sum(len(table.rows) for table in self.tables)

    @property
    def since(self) -> date | None:
        days = [table.since for table in self.tables if table.since and table.rows]
        return min(days) if days else None

    @property
    def shown(self) -> list[tuple[Table, list[list[str]]]]:
        """The tables with rows, their values as a parent reads them."""
        return [
            (table, [[shown(value) for value in row] for row in table.rows])
            for table in self.tables
            if table.rows
        ]


def shown(value: Value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(value)


def _plain(value: Value) -> Value:
    return value.isoformat() if isinstance(value, date) else value  # datetime is a date too


def collect(child: Child, withheld: list[str]) -> tuple[list[Kind], list[ChildData]]:
    """The kinds released (those with rows) and the kinds the care coordinator withheld."""
    kinds = [Kind(entry, tables) for entry, tables in childdata.export_child(child, leave_out=withheld)]
    held = [entry for entry in childdata.registry.entries() if entry.key in set(withheld)]
    return [kind for kind in kinds if kind.rows], held


def _csv_cell(value: Value) -> str:
    """Dates as ISO text; text neutralised by the kernel's export kit (no cell runs as a formula)."""
    return "" if value is None else safe_text(str(_plain(value)))


def _csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    writer.writerows([_csv_cell(value) for value in row] for row in table.rows)
    return out.getvalue()


def zip_bytes(child: Child, withheld: list[str]) -> bytes:
    kinds, held = collect(child, withheld)
    index: dict[str, Any] = {
        "child": str(child.uuid),
        "made_at": timezone.now().isoformat(),
        "kinds": [
            {
                "key": kind.entry.key,
                "label": str(kind.entry.label),
                "purpose": str(kind.entry.purpose),
                "since": kind.since.isoformat() if kind.since else None,
                "files": [f"{table.key}.json" for table in kind.tables if table.rows],
            }
            for kind in kinds
        ],
        "withheld": [{"key": entry.key, "label": str(entry.label)} for entry in held],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.json", json.dumps(index, ensure_ascii=False, indent=2))
        for kind in kinds:
            for table in kind.tables:
                if not table.rows:
                    continue
                archive.writestr(
                    f"{table.key}.json",
                    json.dumps(
                        [{key: _plain(value) for key, value in record.items()} for record in table.records()],
                        ensure_ascii=False,
                        indent=2,
                    ),
                )
                archive.writestr(f"{table.key}.csv", _csv(table))
    return buffer.getvalue()


def pdf_bytes(child: Child, withheld: list[str], school_name: str) -> bytes:
    kinds, held = collect(child, withheld)
    context = {
        "child": child,
        "school_name": school_name,
        "kinds": kinds,
        "withheld": held,
        "made_on": timezone.localdate(),
    }
    return render_pdf("privacy/access_pdf.html", context, stylesheet="privacy/pdf.css")
