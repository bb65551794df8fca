"""The screens: results for the teacher and the care coordinator, the child's survey, the settings."""

import json

import pytest
from django.test import Client

from onderstroom.audit.models import AuditEvent
from onderstroom.childsessions import activities
from onderstroom.schools.access import ChildActor, build_staff_actor
from onderstroom.schools.models import Child
from onderstroom.sociogram.models import Method, PeerNomination, PeerResponse, PeerSettings, PeerSurvey
from onderstroom.sociogram.tests.helpers import (
    allow_negative,
    answer,
    children_of,
    finish_without_choosing,
    make_survey,
    new_id,
    point_session_at,
    rate,
)
from onderstroom.testing.queries import count_queries
from onderstroom.testing.world import Persona, World, build_world

pytestmark = pytest.mark.django_db


def answered_survey(world: World, **fields: object) -> PeerSurvey:
    """Three children: the first two choose each other, the third chooses the first and is not chosen."""
    survey = make_survey(world, **fields)
    a, b, c = children_of(world.group)[:3]
    answer(survey, a, work=[b], play=[b])
    answer(survey, b, work=[a])
    answer(survey, c, work=[a], **({"not_play": [b]} if survey.ask_not_play else {}))
    return survey


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- results ------------------------------------------------------------------------------------


def test_results_show_every_child_and_the_sociogram(world: World) -> None:
    survey = answered_survey(world)
    html = page(world.client_for(Persona.TEACHER), f"/peer-surveys/{survey.uuid}/")
    for child in children_of(world.group):
        assert child.full_name in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="sociogram"' in html
    assert "3 van 3 kinderen zijn klaar" in html


def test_care_coordinator_sees_results_but_cannot_close(world: World) -> None:
    survey = answered_survey(world)
    html = page(world.client_for(Persona.CARE), f"/peer-surveys/{survey.uuid}/")
    assert f"/peer-surveys/{survey.uuid}/close" not in html


def test_every_read_of_the_results_is_audited_per_child(world: World) -> None:
    survey = answered_survey(world)
    client = world.client_for(Persona.CARE)
    for suffix in ("", "sociogram.svg", "report.pdf"):
        client.get(f"/peer-surveys/{survey.uuid}/{suffix}")
    for action in ("sociogram.results.view", "sociogram.sociogram.view", "sociogram.report.pdf"):
        rows = AuditEvent.objects.filter(action=action, object_uuid=str(survey.uuid))
        assert sorted(rows.values_list("child_id", flat=True)) == sorted(
            c.pk for c in children_of(world.group)
        )
        assert set(rows.values_list("actor_user_id", flat=True)) == {world.care.pk}


def test_results_are_never_cached(world: World) -> None:
    survey = answered_survey(world)
    response = world.client_for(Persona.TEACHER).get(f"/peer-surveys/{survey.uuid}/")
    assert response["Cache-Control"] == "private, no-store"


def test_negative_nominations_are_counts_only_by_default(world: World) -> None:
    allow_negative(world)
    survey = answered_survey(world, ask_not_play=True)
    c = children_of(world.group)[2]
    html = page(world.client_for(Persona.TEACHER), f"/peer-surveys/{survey.uuid}/")
    assert "Negatief genoemd" in html
    assert f"({c.first_name})" not in html  # who named b stays hidden
    assert "sg-negative" not in html


def test_negative_names_show_when_the_school_chose_so(world: World) -> None:
    allow_negative(world, names=True)
    survey = answered_survey(world, ask_not_play=True)
    c = children_of(world.group)[2]
    html = page(world.client_for(Persona.TEACHER), f"/peer-surveys/{survey.uuid}/")
    assert f"({c.first_name})" in html
    assert 'class="sg-negative"' in html


def test_status_needs_a_negative_question(world: World) -> None:
    html = page(world.client_for(Persona.TEACHER), f"/peer-surveys/{answered_survey(world).uuid}/")
    assert "geen sociometrische status" in html


def test_findings_name_mutual_pairs_and_the_unchosen(world: World) -> None:
    survey = answered_survey(world)
    a, b = children_of(world.group)[:2]
    html = page(world.client_for(Persona.TEACHER), f"/peer-surveys/{survey.uuid}/")
    assert f"{a.first_name} &amp; {b.first_name}" in html
    assert "Door niemand gekozen" in html


def test_the_table_tells_apart_two_friends_with_the_same_first_name(world: World) -> None:
    """The column "Chose each other" uses the sociogram's short names: "Sam B." and "Sam D.", not "Sam"."""
    a, b, c = children_of(world.group)[:3]
    Child.objects.filter(pk__in=[b.pk, c.pk]).update(first_name="Sam")
    b.refresh_from_db()
    c.refresh_from_db()
    survey = make_survey(world)
    answer(survey, a, work=[b, c])
    answer(survey, b, work=[a])
    answer(survey, c, work=[a])
    html = page(world.client_for(Persona.TEACHER), f"/peer-surveys/{survey.uuid}/")
    row = html.split(a.full_name, 2)[-1].split("</tr>", 1)[0]
    first, second = sorted([f"Sam {b.surname[:1]}.", f"Sam {c.surname[:1]}."])
    assert f"<td>{first}, {second}</td>" in row


def test_before_enough_finished_there_are_no_findings_and_no_scores(db: None) -> None:
    """Empty zeroes would read as "nobody chose anybody"; the page waits until enough children finished."""
    world = build_world(children_per_group=9)
    kids = children_of(world.group)
    survey = make_survey(world)
    answer(survey, kids[0], finished=False)
    html = page(world.client_for(Persona.TEACHER), f"/peer-surveys/{survey.uuid}/")
    assert "zodra het eerste kind klaar is" in html
    assert "Door niemand gekozen" not in html
    assert "gekozen (z)" not in html
    answer(survey, kids[1], work=[kids[0]])
    html = page(world.client_for(Persona.TEACHER), f"/peer-surveys/{survey.uuid}/")
    assert "nog niet genoeg antwoorden (1 van 9)" in html
    assert "Nog niet genoeg antwoorden (1 van 9)" in html  # under "chosen by nobody", instead of names
    assert "gekozen (z)" not in html
    finish_without_choosing(survey, kids[2:8])  # with kids[1]: 7 of 9, one short
    html = page(world.client_for(Persona.TEACHER), f"/peer-surveys/{survey.uuid}/")
    assert "nog niet genoeg antwoorden (7 van 9)" in html
    finish_without_choosing(survey, kids[8:])
    html = page(world.client_for(Persona.TEACHER), f"/peer-surveys/{survey.uuid}/")
    assert "Door niemand gekozen" in html
    assert "gekozen (z)" in html
    assert "nog niet genoeg antwoorden" not in html


def test_rating_survey_shows_ssrat_scores(db: None) -> None:
    world = build_world(children_per_group=9)
    survey = make_survey(world, method=Method.RATINGS, rating_scale=3)
    a, b, c, *others = children_of(world.group)
    rate(survey, a, {b: 3, c: 1})
    rate(survey, b, {a: 3, c: 2})
    rate(survey, c, {a: 3, b: 2})
    for child in others:  # enough of the class answers, without rating c
        rate(survey, child, {a: 2})
    html = page(world.client_for(Persona.TEACHER), f"/peer-surveys/{survey.uuid}/")
    assert "S 0, A 1, P 3, I 1" in html  # c: rated 1 by a and 2 by b
    assert "SSrat" in html
    # Only mutual happiest faces are drawn: a and b; c's one-way 3 for a is not an arrow.
    assert html.count('class="sg-mutual"') == 1
    assert 'class="sg-one-way"' not in html


def test_the_same_survey_gives_the_same_svg(world: World) -> None:
    survey = answered_survey(world)
    client = world.client_for(Persona.TEACHER)
    first = client.get(f"/peer-surveys/{survey.uuid}/sociogram.svg")
    second = client.get(f"/peer-surveys/{survey.uuid}/sociogram.svg")
    assert first["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert first.content == second.content
    assert first.content.decode() in client.get(f"/peer-surveys/{survey.uuid}/").content.decode()


def test_report_is_a_pdf_with_the_sociogram(world: World) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    survey = answered_survey(world)
    response = world.client_for(Persona.TEACHER).get(f"/peer-surveys/{survey.uuid}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Vertrouwelijk" in text
    assert children_of(world.group)[0].first_name in text


@pytest.mark.parametrize("persona", [Persona.TEACHER, Persona.CARE])
def test_results_query_count_does_not_grow_with_the_class(persona: Persona, db: None) -> None:
    counts = []
    for size in (5, 30):
        world = build_world(children_per_group=size)
        allow_negative(world)
        survey = make_survey(world, ask_not_play=True)
        kids = children_of(world.group)
        for i, child in enumerate(kids):
            answer(
                survey,
                child,
                work=[kids[(i + 1) % size]],
                play=[kids[(i + 2) % size]],
                not_play=[kids[i - 1]],
            )
        client = world.client_for(persona)
        url = f"/peer-surveys/{survey.uuid}/"
        assert client.get(url).status_code == 200
        counts.append(count_queries(lambda client=client, url=url: client.get(url)))
    assert counts[0] == counts[1]


# --- surveys and settings ------------------------------------------------------------------------


def test_teacher_creates_a_survey_through_the_form(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    response = client.post(
        f"/groups/{world.group.uuid}/peer-surveys/new",
        {"method": "nominations", "ask_play": "on", "nomination_limit": "unlimited", "rating_scale": "3"},
    )
    survey = PeerSurvey.objects.get(group=world.group)
    assert response.status_code == 302
    assert survey.questions == ["play"]
    assert survey.nomination_limit is None


def test_a_survey_without_a_question_is_refused_with_a_message(world: World) -> None:
    response = world.client_for(Persona.TEACHER).post(
        f"/groups/{world.group.uuid}/peer-surveys/new",
        {"method": "nominations", "nomination_limit": "3", "rating_scale": "3"},
    )
    assert response.status_code == 400
    assert "Kies ten minste een van de vragen" in response.content.decode()
    assert not PeerSurvey.objects.exists()


def test_the_negative_question_is_not_offered_while_off(world: World) -> None:
    client = world.client_for(Persona.TEACHER)
    assert 'name="ask_not_play"' not in page(client, f"/groups/{world.group.uuid}/peer-surveys/new")
    client.post(
        f"/groups/{world.group.uuid}/peer-surveys/new",
        {
            "method": "nominations",
            "ask_work": "on",
            "ask_not_play": "on",
            "nomination_limit": "3",
            "rating_scale": "3",
        },
    )
    assert PeerSurvey.objects.get().questions == ["work"]  # the extra field is ignored, not obeyed
    allow_negative(world)
    assert 'name="ask_not_play"' in page(client, f"/groups/{world.group.uuid}/peer-surveys/new")


def test_bad_limit_is_a_form_error_not_a_crash(world: World) -> None:
    response = world.client_for(Persona.TEACHER).post(
        f"/groups/{world.group.uuid}/peer-surveys/new",
        {"method": "nominations", "ask_work": "on", "nomination_limit": "999", "rating_scale": "7"},
    )
    assert response.status_code == 400
    assert not PeerSurvey.objects.exists()


def test_school_admin_switches_negative_nominations_on(world: World) -> None:
    client = world.client_for(Persona.ADMIN)
    assert "Leerkrachten mogen vragen" in page(client, "/school/peer-surveys/")
    client.post("/school/peer-surveys/", {"negative_nominations": "on"})
    settings = PeerSettings.objects.get(school=world.school)
    assert settings.negative_nominations
    assert not settings.show_negative_names


def test_group_page_shows_the_peer_panel(world: World) -> None:
    survey = answered_survey(world)
    html = page(world.client_for(Persona.TEACHER), f"/groups/{world.group.uuid}/")
    assert f"/peer-surveys/{survey.uuid}/" in html
    assert "Nieuwe klasgenotenpeiling" in html


def test_the_care_coordinators_panel_does_not_speak_of_their_own_relationship(world: World) -> None:
    teacher = page(world.client_for(Persona.TEACHER), f"/groups/{world.group.uuid}/")
    assert "naast jouw relatie met elk kind" in teacher
    care = page(world.client_for(Persona.CARE), f"/groups/{world.group.uuid}/")
    assert "De leerkracht van de groep kan er een maken" in care
    assert "jouw relatie" not in care


def test_child_page_shows_the_place_among_classmates(world: World) -> None:
    survey = answered_survey(world)
    a = children_of(world.group)[0]
    html = page(world.client_for(Persona.CARE), f"/children/{a.uuid}/")
    assert "Tussen klasgenoten" in html
    assert f"/peer-surveys/{survey.uuid}/" in html


def test_the_activity_offers_open_surveys_and_sends_children_there(world: World) -> None:
    survey = make_survey(world)
    make_survey(world, closed_at=survey.created_at)
    activity = activities.get("peer_survey")
    teacher = build_staff_actor(world.teacher, None, None)
    assert [value for value, _ in activity.choices(teacher, world.group)] == [str(survey.uuid)]
    # The session page puts the activity's name before it: the choice does not say it again.
    [(_value, label)] = activity.choices(teacher, world.group)
    assert label.endswith("(klasgenoten kiezen)")
    assert "Klasgenotenpeiling" not in label
    assert activity.choices(build_staff_actor(world.other_teacher, None, None), world.group) == []
    point_session_at(world.class_session, survey)
    child = ChildActor(child=world.child, school=world.school, class_session=world.class_session)
    assert activity.child_url(child) == f"/leerling/klasgenoten/{survey.uuid}/"


# --- the child's side ------------------------------------------------------------------------------


@pytest.fixture
def child_survey(world: World) -> PeerSurvey:
    survey = make_survey(world, nomination_limit=2)
    point_session_at(world.class_session, survey)
    return survey


def post_change(client: Client, survey: PeerSurvey, **change: object) -> tuple[int, dict]:
    response = client.post(
        f"/leerling/klasgenoten/{survey.uuid}/antwoord",
        data=json.dumps({"client_id": new_id(), **change}),
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_child_sees_classmates_but_not_themselves(world: World, child_survey: PeerSurvey) -> None:
    html = page(world.client_for(Persona.CHILD), f"/leerling/klasgenoten/{child_survey.uuid}/")
    others = [c for c in children_of(world.group) if c != world.child]
    assert all(f'value="{c.uuid}"' in html for c in others)
    assert f'value="{world.child.uuid}"' not in html
    assert "Met wie werk je graag samen?" in html


def test_child_cannot_open_another_survey(world: World, child_survey: PeerSurvey) -> None:
    other = make_survey(world)
    assert world.client_for(Persona.CHILD).get(f"/leerling/klasgenoten/{other.uuid}/").status_code == 404


def test_answer_endpoint_stores_and_refuses_clearly(world: World, child_survey: PeerSurvey) -> None:
    client = world.client_for(Persona.CHILD)
    mates = [c for c in children_of(world.group) if c != world.child]
    status, body = post_change(
        client, child_survey, kind="nominations", question="work", nominees=[str(mates[0].uuid)]
    )
    assert (status, body) == (200, {"stored": True})
    status, body = post_change(client, child_survey, kind="nominations", question="not_play", nominees=[])
    assert status == 400
    assert body["error"] == "Deze vraag hoort niet bij deze peiling."


def test_negative_answer_is_refused_by_the_server_when_switched_off(world: World) -> None:
    allow_negative(world)
    survey = make_survey(world, ask_not_play=True)
    point_session_at(world.class_session, survey)
    PeerSettings.objects.filter(school=world.school).update(negative_nominations=False)
    client = world.client_for(Persona.CHILD)
    assert "Met wie speel je liever niet?" not in page(client, f"/leerling/klasgenoten/{survey.uuid}/")
    mate = next(c for c in children_of(world.group) if c != world.child)
    status, body = post_change(
        client, survey, kind="nominations", question="not_play", nominees=[str(mate.uuid)]
    )
    assert status == 400
    assert "niet gevraagd" in body["error"]
    assert not PeerNomination.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        json.dumps({"client_id": "nope", "kind": "finish"}),
        # Fixed ids: test ids must be the same in every pytest-xdist worker.
        json.dumps(
            {"client_id": "7d0c5a0e-58f4-4a43-9e0c-1a2b3c4d5e01", "kind": "rating", "ratee": "x", "value": 2}
        ),
        json.dumps(
            {
                "client_id": "7d0c5a0e-58f4-4a43-9e0c-1a2b3c4d5e02",
                "kind": "nominations",
                "question": "work",
                "nominees": "abc",
            }
        ),
        json.dumps({"client_id": "7d0c5a0e-58f4-4a43-9e0c-1a2b3c4d5e03", "kind": "dance"}),
    ],
    ids=["not json", "a list", "bad id", "unknown ratee", "nominees not a list", "unknown kind"],
)
def test_garbage_gets_a_400_not_a_500(world: World, child_survey: PeerSurvey, body: str) -> None:
    response = world.client_for(Persona.CHILD).post(
        f"/leerling/klasgenoten/{child_survey.uuid}/antwoord", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "error" in response.json()


def test_plain_form_without_javascript_finishes_the_survey(world: World, child_survey: PeerSurvey) -> None:
    client = world.client_for(Persona.CHILD)
    mates = [c for c in children_of(world.group) if c != world.child]
    response = client.post(
        f"/leerling/klasgenoten/{child_survey.uuid}/",
        {"client_id": new_id(), "q-work": [str(mates[0].uuid)], "q-play": [str(m.uuid) for m in mates[:2]]},
    )
    assert response.status_code == 302
    assert PeerResponse.objects.get(child=world.child).finished_at is not None
    assert PeerNomination.objects.count() == 3
    assert "Dank je wel!" in page(client, f"/leerling/klasgenoten/{child_survey.uuid}/")


def test_plain_form_with_too_many_choices_says_so(world: World) -> None:
    survey = make_survey(world, nomination_limit=1)
    point_session_at(world.class_session, survey)
    mates = [c for c in children_of(world.group) if c != world.child]
    response = world.client_for(Persona.CHILD).post(
        f"/leerling/klasgenoten/{survey.uuid}/",
        {"client_id": new_id(), "q-work": [str(m.uuid) for m in mates]},
    )
    assert response.status_code == 400
    assert "Kies er hoogstens 1." in response.content.decode()
    assert not PeerResponse.objects.filter(finished_at__isnull=False).exists()


def test_plain_form_with_a_broken_id_is_a_friendly_400(world: World, child_survey: PeerSurvey) -> None:
    response = world.client_for(Persona.CHILD).post(
        f"/leerling/klasgenoten/{child_survey.uuid}/", {"client_id": new_id(), "q-work": ["not-a-uuid"]}
    )
    assert response.status_code == 400
    assert "Er ging iets mis" in response.content.decode()


def test_a_closed_survey_says_so_and_refuses_waiting_changes(world: World, child_survey: PeerSurvey) -> None:
    """A tablet that still holds changes after the teacher closed the survey gets a clear refusal."""
    PeerSurvey.objects.filter(pk=child_survey.pk).update(closed_at=child_survey.created_at)
    client = world.client_for(Persona.CHILD)
    assert "Deze peiling is gesloten" in page(client, f"/leerling/klasgenoten/{child_survey.uuid}/")
    status, body = post_change(client, child_survey, kind="nominations", question="work", nominees=[])
    assert status == 400
    assert body["error"] == "Je juf of meester heeft deze peiling gesloten."
    assert (
        activities.get("peer_survey").child_url(
            ChildActor(child=world.child, school=world.school, class_session=world.class_session)
        )
        is None
    )


def test_let_the_children_answer_opens_a_class_session_for_this_survey(world: World) -> None:
    """The results page's button posts what the class-session form expects: activity and survey."""
    from onderstroom.childsessions.models import ClassSession

    survey = make_survey(world)
    client = world.client_for(Persona.TEACHER)
    html = page(client, f"/peer-surveys/{survey.uuid}/")
    assert f'name="object-peer_survey" value="{survey.uuid}"' in html
    response = client.post(
        f"/groups/{world.group.uuid}/sessions/open",
        {"activity": "peer_survey", "object-peer_survey": str(survey.uuid)},
    )
    assert response.status_code == 302
    session = ClassSession.objects.filter(group=world.group).order_by("-opened_at").first()
    assert (session.activity, session.activity_object) == ("peer_survey", str(survey.uuid))
