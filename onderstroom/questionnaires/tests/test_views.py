"""The screens as each persona: who sees what, what they see, bad input, PDFs, exports, query counts."""

import csv
import io
import json
import uuid
from datetime import timedelta

import pytest
from django.http import Http404
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from onderstroom.audit.models import AuditEvent
from onderstroom.childsessions import activities
from onderstroom.questionnaires.api import relationship_summaries
from onderstroom.questionnaires.builders import fill_moment, make_moment, run_questionnaire
from onderstroom.questionnaires.models import Answer, MeasurementMoment, Response
from onderstroom.schools.access import build_staff_actor, today
from onderstroom.schools.models import Enrollment, Group, SchoolYear
from onderstroom.testing.queries import count_queries
from onderstroom.testing.world import (
    Persona,
    World,
    add_child,
    build_world,
    make_child,
    set_up,
    sign_in_child,
)

pytestmark = pytest.mark.django_db


def overview_url(world: World) -> str:
    return f"/groups/{world.group.uuid}/relations/"


@set_up
def two_moments(world: World) -> tuple[MeasurementMoment, MeasurementMoment]:
    first = make_moment(world.group, name="Oktober", opens_on=today() - timedelta(days=50), days=20)
    second = make_moment(world.group, name="Maart")
    fill_moment(first, seed=1)
    fill_moment(second, seed=2)
    return first, second


# --- who sees what --------------------------------------------------------------------------------


def test_the_group_panel_counts_only_children_who_have_a_form(world: World) -> None:
    make_moment(world.group)
    group_page = f"/groups/{world.group.uuid}/"
    client = world.client_for(Persona.TEACHER)
    size = Enrollment.objects.filter(group=world.group).count()
    assert f"0 van de {size} leerlingen hebben hun beeld gegeven." in client.get(group_page).content.decode()
    # In groups 1 and 2 nobody fills in a form: the panel says nothing about the children's view.
    Enrollment.objects.filter(group=world.group).update(grade=1)
    page = client.get(group_page).content.decode()
    assert "beeld gegeven" not in page
    assert f"Je hebt 0 van de {size} leerlingen beoordeeld." in page


def test_the_home_page_asks_a_teacher_to_rate_until_every_child_is_rated(world: World) -> None:
    moment = make_moment(world.group, name="Oktober")
    size = Enrollment.objects.filter(group=world.group).count()
    waiting = f"“Oktober” in {world.group.name}: je hebt 0 van de {size} leerlingen beoordeeld."
    home = world.client_for(Persona.TEACHER).get("/").content.decode()
    assert waiting in home
    assert f"/moments/{moment.uuid}/rate/" in home
    # Neither the care coordinator (who does not rate) nor a teacher of another group is asked.
    for persona in (Persona.CARE, Persona.OTHER_TEACHER):
        assert "leerlingen beoordeeld" not in world.client_for(persona).get("/").content.decode()
    # Once the teacher has rated every child, the item is gone; a co-teacher's ratings do not count.
    fill_moment(moment, teachers=[world.teacher], children=False)
    home = world.client_for(Persona.TEACHER).get("/").content.decode()
    assert "leerlingen beoordeeld" not in home
    assert "Er wacht nu niets op je." in home
    # A closed moment asks nothing any more.
    MeasurementMoment.objects.filter(pk=moment.pk).update(
        opens_on=today() - timedelta(days=30), closes_on=today() - timedelta(days=1)
    )
    Response.objects.filter(moment=moment).delete()
    assert "leerlingen beoordeeld" not in world.client_for(Persona.TEACHER).get("/").content.decode()


def test_the_overview_shows_the_groups_children_side_by_side(world: World) -> None:
    two_moments(world)
    page = world.client_for(Persona.TEACHER).get(overview_url(world)).content.decode()
    assert world.child.full_surname in page
    assert world.other_child.full_surname not in page
    assert "Zo ziet de leerkracht het" in page
    assert "Zo ziet de leerling het" in page
    assert "Verandering sinds Oktober" in page
    assert "conflict ≥ 3,0 en nabijheid ≥ 3,5" in page  # the profile rule, on screen


def test_the_child_page_says_when_a_child_had_no_form_of_their_own(world: World) -> None:
    """A child of group 1 or 2 is rated by the teacher but never asked: not "not filled in yet"."""
    Enrollment.objects.filter(group=world.group, child=world.child).update(grade=1)
    fill_moment(make_moment(world.group), seed=3)
    client = world.client_for(Persona.TEACHER)
    toddler = client.get(f"/children/{world.child.uuid}/").content.decode()
    assert "bij dit meetmoment geen vragenlijst voor de leerling zelf" in toddler
    assert "nog niet ingevuld" not in toddler
    older = Enrollment.objects.filter(group=world.group, grade__gte=3).first()
    assert older is not None
    page = client.get(f"/children/{older.child.uuid}/").content.decode()
    assert "geen vragenlijst voor de leerling zelf" not in page


def test_a_teacher_sees_only_own_groups(world: World) -> None:
    two_moments(world)
    client = world.client_for(Persona.OTHER_TEACHER)
    assert client.get(overview_url(world)).status_code == 404
    assert client.get(f"/children/{world.child.uuid}/relations.pdf").status_code == 404
    child_page = client.get(f"/children/{world.other_child.uuid}/").content.decode()
    assert "Over deze leerling is nog geen vragenlijst ingevuld." in child_page


def test_the_overview_reads_are_audited_per_child(world: World) -> None:
    two_moments(world)
    world.client_for(Persona.CARE).get(overview_url(world))
    events = AuditEvent.objects.filter(action="questionnaires.overview.view")
    assert set(events.values_list("child_id", flat=True)) == set(
        Enrollment.objects.filter(group=world.group).values_list("child_id", flat=True)
    )


def test_a_child_cannot_open_any_result(world: World) -> None:
    _first, second = two_moments(world)
    client = world.client_for(Persona.CHILD)
    for url in (
        overview_url(world),
        f"/groups/{world.group.uuid}/relations.pdf",
        f"/children/{world.child.uuid}/",
        f"/children/{world.child.uuid}/relations.pdf",
        f"/moments/{second.uuid}/reliability/",
        f"/moments/{second.uuid}/export/{second.teacher_version.uuid}.csv",
        f"/moments/{second.uuid}/rate/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_child_cannot_open_another_childs_form(world: World) -> None:
    """Forms belong to the signed-in child: the same address shows each child only their own answers."""
    moment = make_moment(world.group)
    run_questionnaire(world.class_session, moment)
    url = f"/leerling/vragenlijst/{moment.uuid}/{world.teacher.uuid}/"
    other = Enrollment.objects.filter(group=world.group).exclude(child=world.child).first().child
    other_client = Client()
    sign_in_child(other_client, world.class_session, other)
    other_client.post(url, {"item": "y01" if _grade(other) <= 4 else "s01", "value": "1"})
    page = world.client_for(Persona.CHILD).get(url)
    assert page.context["data"]["answers"] == {}
    assert str(other.uuid) not in page.content.decode()
    # A moment of another group, or a teacher the children do not answer about: not found.
    elsewhere = make_moment(world.other_group)
    assert (
        world.client_for(Persona.CHILD)
        .get(f"/leerling/vragenlijst/{elsewhere.uuid}/{world.teacher.uuid}/")
        .status_code
        == 404
    )
    assert (
        world.client_for(Persona.CHILD)
        .get(f"/leerling/vragenlijst/{moment.uuid}/{world.other_teacher.uuid}/")
        .status_code
        == 404
    )


def _grade(child) -> int:  # type: ignore[no-untyped-def]
    return Enrollment.objects.get(child=child).grade


def test_teachers_see_their_own_year_and_the_care_coordinator_the_whole_history(world: World) -> None:
    """Handover: next year's teacher does not see last year's scores; the care coordinator does."""
    last_year = _earlier_year(world, 1)
    earlier_group = Group.objects.create(
        school=world.school, school_year=last_year, name="Groep 3", grades=[3]
    )
    add_child(earlier_group, world.child, 3)
    old = make_moment(
        earlier_group,
        name="Vorig jaar",
        opens_on=last_year.starts_on + timedelta(days=60),
        teachers=[world.other_teacher],
    )
    fill_moment(old, seed=3, teachers=[world.other_teacher])
    fill_moment(make_moment(world.group, name="Nu"), seed=4)
    teacher_page = world.client_for(Persona.TEACHER).get(f"/children/{world.child.uuid}/").content.decode()
    care_page = world.client_for(Persona.CARE).get(f"/children/{world.child.uuid}/").content.decode()
    assert "Vorig jaar" not in teacher_page
    assert "Nu" in teacher_page
    assert "Vorig jaar" in care_page
    assert "De intern begeleider ziet de hele geschiedenis." in teacher_page


def _earlier_year(world: World, back: int) -> SchoolYear:
    current = world.group.school_year
    name = f"{int(current.name[:4]) - back}-{int(current.name[:4]) - back + 1}"
    starts_on, ends_on = SchoolYear.bounds_for(name)
    return SchoolYear.objects.create(school=world.school, name=name, starts_on=starts_on, ends_on=ends_on)


# --- filtering, sorting, printing -----------------------------------------------------------------


def test_the_overview_filters_and_sorts(world: World) -> None:
    two_moments(world)
    client = world.client_for(Persona.TEACHER)
    response = client.get(
        overview_url(world), {"sort": "conflict", "signals": "on", "q": world.child.first_name}
    )
    rows = response.context["overview"].rows
    assert all(row.dyad.signals for row in rows)
    assert all(world.child.first_name.lower() in row.child.full_name.lower() for row in rows)
    everyone = client.get(overview_url(world), {"sort": "conflict"}).context["overview"].rows
    positions = [row.dyad.teacher_view.result("conflict").position for row in everyone]
    assert positions == sorted(positions, reverse=True)
    weird = client.get(overview_url(world), {"sort": "<script>", "moment": "nonsense", "rater": "x"})
    assert weird.status_code == 200


def test_the_co_teachers_view_can_be_chosen(world: World) -> None:
    two_moments(world)
    response = world.client_for(Persona.TEACHER).get(
        overview_url(world), {"rater": str(world.co_teacher.uuid)}
    )
    overview = response.context["overview"]
    assert overview.rater == world.co_teacher
    assert all(row.dyad.teacher.pk == world.co_teacher.pk for row in overview.rows)


def test_the_class_pdf_has_the_same_content(world: World) -> None:
    two_moments(world)
    response = world.client_for(Persona.TEACHER).get(f"/groups/{world.group.uuid}/relations.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert world.child.first_name in text
    assert "Zo ziet de leerkracht het" in text
    assert AuditEvent.objects.filter(action="questionnaires.overview.pdf").exists()


def test_the_child_pdf(world: World) -> None:
    two_moments(world)
    response = world.client_for(Persona.CARE).get(f"/children/{world.child.uuid}/relations.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert world.child.full_name in text
    assert AuditEvent.objects.filter(action="questionnaires.child.pdf", child_id=world.child.pk).exists()


def test_exports_for_the_care_coordinator(world: World) -> None:
    child = world.child
    child.first_name = "=HYPERLINK(1)"
    child.save()
    _first, second = two_moments(world)
    teacher_form = second.teacher_version.uuid
    client = world.client_for(Persona.CARE)
    response = client.get(f"/moments/{second.uuid}/export/{teacher_form}.csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Leerlingnummer", "Voornaam", "Tussenvoegsel"]
    assert "'=HYPERLINK(1)" in text  # a name never becomes a formula
    workbook = load_workbook(
        io.BytesIO(client.get(f"/moments/{second.uuid}/export/{teacher_form}.xlsx").content)
    )
    assert "onderstroom-teacher" in workbook.sheetnames
    assert (
        workbook["onderstroom-teacher"].max_row
        == 1 + 2 * Enrollment.objects.filter(group=world.group).count()
    )
    assert client.get(f"/moments/{second.uuid}/export/{teacher_form}.pdf").status_code == 404
    teacher = world.client_for(Persona.TEACHER)
    assert teacher.get(f"/moments/{second.uuid}/export/{teacher_form}.csv").status_code == 404


def test_the_reliability_page(world: World) -> None:
    for i in range(12):
        add_child(world.group, make_child(world.school), [4, 5, 6][i % 3])
    moment = make_moment(world.group)
    fill_moment(moment, seed=5)
    page = world.client_for(Persona.CARE).get(f"/moments/{moment.uuid}/reliability/").content.decode()
    assert "\N{GREEK SMALL LETTER ALPHA} = 0," in page
    assert "Item-restcorrelatie" in page
    # The questions read as sentences about nobody in particular, never with a raw placeholder.
    assert "{child}" not in page
    assert "{teacher}" not in page
    assert "Ik kijk ernaar uit om het kind" in page
    assert "Is de leerkracht lief voor jou?" in page  # the children's form of groups 3 and 4


# --- answering through the screens --------------------------------------------------------------


def post_json(client: Client, url: str, payload: object) -> object:
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def test_the_grid_queue_stores_each_answer_once(world: World) -> None:
    moment = make_moment(world.group)
    url = f"/moments/{moment.uuid}/rate/answers"
    entry = {
        "client_id": str(uuid.uuid4()),
        "child": str(world.child.uuid),
        "item": "t01",
        "value": 4,
        "answered_at": 1_790_000_000_000,
    }
    client = world.client_for(Persona.TEACHER)
    for _ in range(3):
        response = post_json(client, url, {"answers": [entry]})
        assert response.json()["stored"] == [entry["client_id"]]
    assert Answer.objects.count() == 1
    assert post_json(client, url, {"answers": "nope"}).status_code == 400
    assert client.post(url, data="{broken", content_type="application/json").status_code == 400


def test_a_co_teacher_cannot_overwrite_through_the_grid(world: World) -> None:
    moment = make_moment(world.group)
    url = f"/moments/{moment.uuid}/rate/answers"
    entry = {"client_id": str(uuid.uuid4()), "child": str(world.child.uuid), "item": "t01", "value": 5}
    post_json(world.client_for(Persona.TEACHER), url, {"answers": [entry]})
    co_client = Client()
    co_client.force_login(world.co_teacher)
    response = post_json(co_client, url, {"answers": [entry | {"value": 1}]})
    assert entry["client_id"] in response.json()["rejected"]
    post_json(co_client, url, {"answers": [entry | {"value": 1, "client_id": str(uuid.uuid4())}]})
    assert Response.objects.get(teacher=world.teacher).values == {"t01": 5}
    assert Response.objects.get(teacher=world.co_teacher).values == {"t01": 1}
    grid = co_client.get(f"/moments/{moment.uuid}/rate/").context["grid"]
    assert [cell.value for row in grid.rows for cell in row.cells if cell.value] == ["1"]


def test_a_closed_moment_refuses_answers_with_a_message(world: World) -> None:
    closed = make_moment(world.group, opens_on=today() - timedelta(days=40), days=10)
    entry = {"client_id": str(uuid.uuid4()), "child": str(world.child.uuid), "item": "t01", "value": 5}
    response = post_json(
        world.client_for(Persona.TEACHER), f"/moments/{closed.uuid}/rate/answers", {"answers": [entry]}
    )
    assert response.status_code == 409
    assert "gesloten" in response.json()["error"]


def test_the_plain_grid_form_saves_or_refuses_as_a_whole(world: World) -> None:
    moment = make_moment(world.group)
    client = world.client_for(Persona.TEACHER)
    url = f"/moments/{moment.uuid}/rate/"
    name = f"a-{world.child.uuid}"
    bad = client.post(url, {f"{name}-t01": "3", f"{name}-t02": "9"})
    assert bad.status_code == 400
    assert "“9” is geen antwoord" in bad.content.decode()
    assert not Answer.objects.exists()
    assert client.post(url, {f"{name}-t01": "3", f"{name}-t02": "2"}).status_code == 302
    assert Response.objects.get().values == {"t01": 3, "t02": 2}


def test_the_plain_child_form_moves_to_the_next_question(world: World) -> None:
    moment = make_moment(world.group)
    run_questionnaire(world.class_session, moment)
    client = world.client_for(Persona.CHILD)
    start = client.get("/leerling/vragenlijst/")
    form_url = f"/leerling/vragenlijst/{moment.uuid}/{world.teacher.uuid}/"
    assert start.url == form_url
    page = client.get(form_url)
    first = page.context["question"]
    assert "juf anna" in first.text.lower()
    assert client.post(form_url, {"item": first.key, "value": "1"}).url == f"{form_url}?q=2"
    assert client.post(form_url, {"item": first.key, "value": "x"}).status_code == 400
    assert client.post(form_url, {"item": "nope", "value": "1"}).status_code == 400
    assert Answer.objects.count() == 1


def test_the_session_activity_offers_open_moments(world: World) -> None:
    moment = make_moment(world.group)
    make_moment(world.group, name="Later", opens_on=today() + timedelta(days=30))
    actor = build_staff_actor(world.teacher, None, None)
    offered = dict((a.key, options) for a, options in activities.available_for(actor, world.group))
    assert offered["questionnaire"] == [(str(moment.uuid), moment.name)]


# --- instruments and the school ---------------------------------------------------------------


def test_a_bad_instrument_file_is_refused_with_line_numbers(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onderstroom.questionnaires.tests.test_services import LICENSED

    client = world.client_for(Persona.ADMIN)
    bad = SimpleUploadedFile("lijst.yaml", LICENSED.replace(b'{nl: Ja, en: "Yes"}', b"{nl: Ja}"))
    response = client.post("/school/instruments/", {"file": bad, "licence": "on"})
    assert response.status_code == 400
    assert "regel 10: antwoordoptie 2 mist een label in het Engels" in response.content.decode()
    good = SimpleUploadedFile("lijst.yaml", LICENSED)
    response = client.post("/school/instruments/", {"file": good, "licence": "on"})
    assert response.status_code == 302
    assert "Gelicentieerd" in client.get(response.url).content.decode()
    unlicensed = client.post("/school/instruments/", {"file": SimpleUploadedFile("l.yaml", LICENSED)})
    assert unlicensed.status_code == 400


def test_the_school_overview_shows_counts_and_hides_small_cells(world: World) -> None:
    two_moments(world)
    response = world.client_for(Persona.ADMIN).get("/school/relations/")
    page = response.content.decode()
    assert world.child.first_name not in page
    assert "minder dan 5" in page  # three children: every profile count is below 5
    line = next(line for line in response.context["overview"].lines if line.group == world.group)
    assert (line.rated, line.answered) == (3, 3)


# --- query counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [Persona.TEACHER, Persona.CARE])
def test_overview_query_count_does_not_grow_with_the_class(persona: Persona, db: None) -> None:
    counts = []
    for size in (5, 30):
        world = build_world(children_per_group=size)
        two_moments(world)
        client = world.client_for(persona)
        url = overview_url(world)
        assert client.get(url).status_code == 200
        counts.append(count_queries(lambda client=client, url=url: client.get(url)))
    assert counts[0] == counts[1]


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_child_page_query_count_does_not_grow_with_the_moments(db: None) -> None:
    """One moment against six moments over three school years, as the care coordinator (full history)."""
    counts = []
    for years in (0, 2):
        world = build_world(children_per_group=4)
        if years:
            for back in range(1, years + 1):
                year = _earlier_year(world, back)
                group = Group.objects.create(
                    school=world.school, school_year=year, name=f"G{back}", grades=[4]
                )
                add_child(group, world.child, 4)
                for n, day in enumerate((40, 200)):
                    moment = make_moment(
                        group, name=f"M{back}{n}", opens_on=year.starts_on + timedelta(days=day)
                    )
                    fill_moment(moment, seed=back * 10 + n, teachers=[world.teacher])
            fill_moment(
                make_moment(world.group, name="Eerder", opens_on=today() - timedelta(days=40), days=5)
            )
        fill_moment(make_moment(world.group, name="Nu"))
        client = world.client_for(Persona.CARE)
        url = f"/children/{world.child.uuid}/"
        page = client.get(url)
        assert page.status_code == 200
        counts.append(count_queries(lambda client=client, url=url: client.get(url)))
    assert counts[0] == counts[1]


@pytest.mark.all_schools  # looks across schools: another school's rows, or worlds of several sizes
def test_relationship_summaries_for_other_features(db: None) -> None:
    counts = []
    for size in (5, 30):
        world = build_world(children_per_group=size)
        two_moments(world)
        actor = build_staff_actor(world.teacher, None, None)
        counts.append(
            count_queries(lambda actor=actor, world=world: relationship_summaries(actor, world.group))
        )
    summaries = relationship_summaries(actor, world.group)
    summary = summaries[world.child.pk]
    assert summary.moment_name == "Maart"
    assert summary.teacher_id == world.teacher.pk  # the actor's own relationship first
    assert summary.profile_key in {
        "warm_harmonious",
        "warm_stormy",
        "distant",
        "calm",
        "conflictual",
        "dependent",
    }
    assert {scale.key for scale in summary.child_scales} <= {"support", "conflict", "fairness", "classmates"}
    assert set(summaries) == set(
        Enrollment.objects.filter(group=world.group).values_list("child_id", flat=True)
    )
    assert counts[0] == counts[1]
    with pytest.raises(Http404):
        relationship_summaries(build_staff_actor(world.other_teacher, None, None), world.group)


def test_the_child_form_speaks_english_with_miss_and_mr(world: World) -> None:
    moment = make_moment(world.group)
    run_questionnaire(world.class_session, moment)
    client = world.client_for(Persona.CHILD)
    client.cookies["onderstroom_language"] = "en"
    first = client.get(f"/leerling/vragenlijst/{moment.uuid}/{world.co_teacher.uuid}/").context["question"]
    assert "Mr Bram" in first.text
    assert "meester" not in first.text


def test_planning_a_moment_through_the_form(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    url = f"/groups/{world.group.uuid}/moments/"
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["opens_on"] == today()
    assert form[f"address_{world.teacher.pk}"].value() == "juf"
    assert form[f"call_name_{world.co_teacher.pk}"].value() == "Bram"
    data = {
        "name": "Oktober",
        "opens_on": today().isoformat(),
        "closes_on": (today() + timedelta(days=10)).isoformat(),
        "teacher_version": form.initial["teacher_version"],
        "child_versions": form.initial["child_versions"],
        f"about_{world.teacher.pk}": "on",
        f"address_{world.teacher.pk}": "juf",
        f"call_name_{world.teacher.pk}": "Anna",
        f"address_{world.co_teacher.pk}": "meester",
        f"call_name_{world.co_teacher.pk}": "Bram",
    }
    assert client.post(url, data).status_code == 302
    moment = MeasurementMoment.objects.get()
    assert [t.teacher for t in moment.teachers.all()] == [world.teacher]
    assert moment.child_versions.count() == 2
    overlapping = client.post(url, data | {"name": "Nog een"})
    assert overlapping.status_code == 400
    assert "overlapt met het meetmoment" in overlapping.content.decode()
    assert client.get(url).context["form"].initial["opens_on"] == today() + timedelta(days=11)
    assert MeasurementMoment.objects.count() == 1
    assert world.client_for(Persona.OTHER_TEACHER).post(url, data).status_code == 404


def test_an_unfinished_rating_says_how_far_it_got(world: World) -> None:
    moment = make_moment(world.group)
    enrollment = Enrollment.objects.get(child=world.child)
    from onderstroom.questionnaires.services import prefill_response

    prefill_response(
        moment, moment.teacher_version, enrollment, world.teacher, "teacher", {"t01": 4, "t05": 4}
    )
    page = world.client_for(Persona.TEACHER).get(overview_url(world)).content.decode()
    assert "2 van 20 beantwoord" in page
    assert "te weinig antwoorden" in page
