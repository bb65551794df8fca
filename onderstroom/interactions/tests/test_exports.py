"""The log's tables as CSV and XLSX: turns, balance, not noticed. One tidy table, what the page shows,
read rows per child, no formula; the care coordinator only while the log is shared; outsiders 404."""

import csv
import io
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from onderstroom.audit.models import AuditEvent
from onderstroom.interactions.models import Kind, LogShare
from onderstroom.interactions.tests.helpers import children_of, tap
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

TABLES = {"": "turns", "balance": "balance", "not-noticed": "unnoticed"}


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def url(world: World, view: str) -> str:
    return f"/groups/{world.group.uuid}/interactions/{view}"


def logged(world: World) -> list:  # type: ignore[type-arg]
    a, b, c = children_of(world.group)
    a.first_name = "@SUM(1+1)"
    a.save()
    now = timezone.now()
    tap(world.teacher, world.group, a, Kind.TURN, now)
    tap(world.teacher, world.group, a, Kind.PRAISE, now)
    tap(world.teacher, world.group, b, Kind.CORRECTION, now)
    tap(world.teacher, world.group, c, Kind.PERSONAL, now - timedelta(days=10))
    return [a, b, c]


def test_turns_download_one_row_per_child_as_the_page_shows(world: World) -> None:
    logged(world)
    client = world.client_for(Persona.TEACHER)
    page = client.get(url(world, ""))
    assert "?format=xlsx" in page.content.decode()
    rows = read_csv(client.get(url(world, ""), {"format": "csv"}).content)
    assert rows[0] == ["Leerling", "Week van", "Beurten"]
    monday = page.context["monday"].isoformat()
    expected = [
        [("'" if r.member.name.startswith("@") else "") + r.member.name, monday, str(r.count)]
        for r in page.context["result"].rows
    ]
    assert rows[1:] == expected
    assert any(row[0].startswith("'@SUM") for row in rows[1:])  # neutralised, not a formula


def test_balance_download_has_the_pages_numbers(world: World) -> None:
    _a, b, _c = logged(world)
    client = world.client_for(Persona.TEACHER)
    rows = read_csv(client.get(url(world, "balance"), {"format": "csv"}).content)
    header = rows[0]
    assert header == ["Leerling", "Vanaf", "Tot", "Positief", "Negatief", "Meer correcties"]
    body = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert len(body) == 3
    by_first = {row["Leerling"].split(" ")[0]: row for row in body}
    assert by_first["'@SUM(1+1)"]["Positief"] == "1"  # the praise; a turn is no contact of either kind
    assert by_first[b.first_name]["Negatief"] == "1"
    assert by_first[b.first_name]["Meer correcties"] == "ja"
    workbook = load_workbook(io.BytesIO(client.get(url(world, "balance"), {"format": "xlsx"}).content))
    sheet = workbook.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert [str(v) for v in values[0]] == header
    assert len(values) == 4
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_not_noticed_download_lists_the_rows_of_the_page(world: World) -> None:
    logged(world)
    client = world.client_for(Persona.TEACHER)
    page_rows = client.get(url(world, "not-noticed")).context["rows"]
    rows = read_csv(client.get(url(world, "not-noticed"), {"format": "csv"}).content)
    assert rows[0] == ["Leerling", "Laatst gezien", "Dagen geleden"]
    assert len(rows) == 1 + len(page_rows)
    assert {row[0] for row in rows[1:]} == {r.member.name for r in page_rows}


@pytest.mark.parametrize("view", list(TABLES))
def test_every_download_writes_a_read_row_per_child_it_holds(world: World, view: str) -> None:
    logged(world)
    client = world.client_for(Persona.TEACHER)
    client.get(url(world, view))
    page = {e.child_id for e in AuditEvent.objects.filter(action=f"interactions.{TABLES[view]}.view")}
    assert page
    for fmt in ("csv", "xlsx"):
        assert client.get(url(world, view), {"format": fmt}).status_code == 200
        events = AuditEvent.objects.filter(action=f"interactions.{TABLES[view]}.{fmt}")
        assert {e.child_id for e in events} == page


@pytest.mark.parametrize("view", list(TABLES))
def test_downloads_follow_the_pages_gate(world: World, view: str) -> None:
    logged(world)
    for persona in (Persona.OUTSIDER, Persona.CHILD, Persona.ADMIN, Persona.OTHER_TEACHER):
        assert world.client_for(persona).get(url(world, view), {"format": "csv"}).status_code == 404, persona
    care = world.client_for(Persona.CARE)
    assert care.get(url(world, view), {"format": "csv"}).status_code == 404  # the log is not shared
    LogShare.objects.create(school=world.school, teacher=world.teacher, group=world.group)
    shared = care.get(url(world, view), {"format": "csv", "teacher": str(world.teacher.uuid)})
    assert shared.status_code == 200
    assert world.client_for(Persona.TEACHER).get(url(world, view), {"format": "ods"}).status_code == 404


# --- the distribution page: each of its two tables a download of its own (`table=gender|grade`) ----


def skewed(world: World) -> None:
    """Enough turns for the page to show both tables with a test."""
    children = children_of(world.group)
    now = timezone.now()
    for _ in range(20):
        tap(world.teacher, world.group, next(c for c in children if c.gender == "m"), Kind.TURN, now)
    for _ in range(4):
        tap(world.teacher, world.group, next(c for c in children if c.gender == "f"), Kind.TURN, now)


def page_rows(table: dict, kind: str) -> list[list[str]]:  # type: ignore[type-arg]
    """What the page shows in each row, as the CSV writes it (Dutch, two decimals)."""
    return [
        [
            str(row["label"])[0].upper() + str(row["label"])[1:],
            kind,
            str(row["share"].children),
            str(round(row["share"].child_share * 100)),
            str(row["share"].taps),
            str(round(row["share"].tap_share * 100)),
            "" if row["share"].expected is None else f"{row['share'].expected:.1f}0".replace(".", ","),
        ]
        for row in table["rows"]
    ]


@pytest.mark.parametrize("which", ["gender", "grade"])
def test_distribution_download_has_the_rows_of_the_pages_table(world: World, which: str) -> None:
    skewed(world)
    client = world.client_for(Persona.TEACHER)
    page = client.get(url(world, "distribution"))
    html = page.content.decode()
    assert f"?format=xlsx&amp;table={which}" in html
    assert f"?format=csv&amp;table={which}" in html
    table = next(t for t in page.context["tables"] if t["key"] == which)
    rows = read_csv(client.get(url(world, "distribution"), {"format": "csv", "table": which}).content)
    first = "Geslacht" if which == "gender" else "Leerjaar"  # the word the import uses
    header = [first, "Wat", "Vanaf", "Tot", "Leerlingen", "Aandeel leerlingen (%)", "Tikken"]
    assert rows[0] == [*header, "Aandeel tikken (%)", "Verwacht"]
    assert [row[:2] + row[4:] for row in rows[1:]] == page_rows(table, str(page.context["kind_label"]))
    assert sum(int(row[6]) for row in rows[1:]) == 24


def test_distribution_xlsx_holds_numbers_no_formula_and_the_test(world: World) -> None:
    skewed(world)
    client = world.client_for(Persona.TEACHER)
    page = client.get(url(world, "distribution"))
    gender = page.context["tables"][0]
    response = client.get(url(world, "distribution"), {"format": "xlsx", "table": "gender"})
    assert response["Content-Disposition"].startswith('attachment; filename="spreiding-gender-')
    workbook = load_workbook(io.BytesIO(response.content))
    data, test = workbook.worksheets
    values = list(data.iter_rows(values_only=True))
    assert [row[6] for row in values[1:]] == [s.taps for s in gender["result"].shares]
    assert all(isinstance(row[4], int) for row in values[1:])  # numbers, not text
    cells = [cell for sheet in workbook.worksheets for line in sheet.iter_rows() for cell in line]
    assert all(cell.data_type != "f" for cell in cells)
    statistic, p_value, shuffles, _left_out = next(test.iter_rows(min_row=2, values_only=True))
    assert statistic == round(gender["result"].test.statistic, 2)
    assert p_value == round(gender["result"].p_value, 3)
    assert shuffles == gender["result"].permutations


def test_distribution_download_neutralises_text_a_spreadsheet_would_run(world: World) -> None:
    """The category labels are the app's own words; a translation or label that starts like a formula
    is still written as text (the kit neutralises every text cell)."""
    skewed(world)
    client = world.client_for(Persona.TEACHER)
    with patch("onderstroom.interactions.views._grade_label", lambda key: f"=HYPERLINK({key})"):
        rows = read_csv(client.get(url(world, "distribution"), {"format": "csv", "table": "grade"}).content)
        sheet = load_workbook(
            io.BytesIO(client.get(url(world, "distribution"), {"format": "xlsx", "table": "grade"}).content)
        ).worksheets[0]
    assert len(rows) > 1
    assert all(row[0].startswith("'=HYPERLINK(") for row in rows[1:])
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_distribution_download_without_a_table_on_the_page_is_only_its_header(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    assert client.get(url(world, "distribution")).context["tables"][0]["result"].total == 0
    rows = read_csv(client.get(url(world, "distribution"), {"format": "csv", "table": "gender"}).content)
    assert len(rows) == 1  # the page shows "nothing logged", so no rows either


def test_distribution_download_writes_a_read_row_per_child(world: World) -> None:
    skewed(world)
    client = world.client_for(Persona.TEACHER)
    client.get(url(world, "distribution"))
    page = {e.child_id for e in AuditEvent.objects.filter(action="interactions.distribution.view")}
    assert page
    for fmt in ("csv", "xlsx"):
        assert client.get(url(world, "distribution"), {"format": fmt, "table": "grade"}).status_code == 200
        events = AuditEvent.objects.filter(action=f"interactions.distribution.{fmt}")
        assert {e.child_id for e in events} == page


@pytest.mark.parametrize("table", ["", "kind", "GENDER", "gender,grade"])
def test_distribution_download_of_another_table_is_404(world: World, table: str) -> None:
    client = world.client_for(Persona.TEACHER)
    assert client.get(url(world, "distribution"), {"format": "csv", "table": table}).status_code == 404
    assert client.get(url(world, "distribution"), {"format": "xlsx"}).status_code == 404  # no table named
    assert not AuditEvent.objects.filter(action__startswith="interactions.distribution.").exists()


def test_distribution_downloads_follow_the_pages_gate(world: World) -> None:
    skewed(world)
    query = {"format": "csv", "table": "gender"}
    for persona in (Persona.OUTSIDER, Persona.CHILD, Persona.ADMIN, Persona.OTHER_TEACHER):
        assert world.client_for(persona).get(url(world, "distribution"), query).status_code == 404, persona
    care = world.client_for(Persona.CARE)
    assert care.get(url(world, "distribution"), query).status_code == 404  # the log is not shared
    LogShare.objects.create(school=world.school, teacher=world.teacher, group=world.group)
    shared = care.get(url(world, "distribution"), {**query, "teacher": str(world.teacher.uuid)})
    assert shared.status_code == 200
    assert len(read_csv(shared.content)) == 3  # girls and boys, as the care coordinator's page shows
    # A bad period is the page's message, not a download.
    bad = world.client_for(Persona.TEACHER).get(url(world, "distribution"), {**query, "start": "x"})
    assert bad.status_code == 400
