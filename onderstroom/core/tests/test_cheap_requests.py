"""Cheap requests: a page view writes nothing but the audit rows it must, in one insert; the session
is saved only when it changes; the SQLite connection is kept with its pragmas; pages are compressed
only where BREACH cannot reach them."""

import gzip
import re
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onderstroom.accounts.signin import ACTION_STAMP_SECONDS, LAST_ACTION_AT, mark_action
from onderstroom.questionnaires.builders import make_moment
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def writes(client: Client, url: str, **headers: str) -> list[str]:
    """The SQL statements that change data during one GET of `url` (which must answer 200)."""
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, headers=headers).status_code == 200
    return [query["sql"] for query in context.captured_queries if WRITE.match(query["sql"])]


def test_a_plain_page_view_writes_nothing(world: World) -> None:
    teacher = world.client_for(Persona.TEACHER)
    home, groups = reverse("core:home"), reverse("schools:my_groups")
    teacher.get(home)  # the first view after signing in may stamp the session
    for url in (home, groups, home):
        assert writes(teacher, url) == [], url


def test_a_child_opening_a_question_again_writes_nothing(world: World) -> None:
    """A class of tablets reloading a question costs no write (only answers do)."""
    from onderstroom.questionnaires.builders import run_questionnaire

    moment = make_moment(world.group)
    run_questionnaire(world.class_session, moment)
    child = world.client_for(Persona.CHILD)
    url = reverse("questionnaires:child_form", kwargs={"moment": moment.uuid, "teacher": world.teacher.uuid})
    child.get(url)
    assert writes(child, url) == []


def test_a_page_showing_several_children_writes_their_audit_rows_in_one_insert(world: World) -> None:
    """One INSERT of every row the page reads, the chain's head moved once, and nothing else."""
    teacher = world.client_for(Persona.TEACHER)
    url = reverse("questionnaires:rate", kwargs={"uuid": make_moment(world.group).uuid})
    teacher.get(url)
    statements = writes(teacher, url)
    inserts = [sql for sql in statements if "INSERT" in sql.upper()]
    updates = [sql for sql in statements if "UPDATE" in sql.upper()]
    assert len(inserts) == 1, statements
    assert "audit_auditevent" in inserts[0]
    # The one statement holds every row: VALUES (...), (...) on SQLite; on PostgreSQL the shared
    # values once and each row's own ones in arrays (UNNEST).
    children = [e.child for e in world.group.enrollments.select_related("child")]
    assert len(children) > 1
    assert all(child.uuid.hex in inserts[0].replace("-", "") for child in children)
    shared_once = connection.vendor == "postgresql"
    assert inserts[0].count("questionnaires.rate.view") == (1 if shared_once else len(children))
    assert len(updates) == 1, statements
    assert "audit_auditchain" in updates[0]
    assert len(statements) == 2, statements


def test_the_session_is_saved_when_the_action_stamp_moves_at_most_once_a_minute(world: World) -> None:
    teacher = world.client_for(Persona.TEACHER)
    session = teacher.session
    session[LAST_ACTION_AT] = int(time.time()) - ACTION_STAMP_SECONDS - 1
    session.save()
    url = reverse("schools:my_groups")
    saved = writes(teacher, url)
    assert any("django_session" in sql for sql in saved), saved
    assert int(time.time()) - teacher.session[LAST_ACTION_AT] < ACTION_STAMP_SECONDS
    assert writes(teacher, url) == []  # within the minute: not saved again


@pytest.mark.parametrize(
    ("stamp_age", "moves"),
    [(0, False), (ACTION_STAMP_SECONDS - 1, False), (ACTION_STAMP_SECONDS, True), (600, True), (-5, True)],
)
def test_mark_action_moves_the_stamp_only_after_a_minute(stamp_age: int, moves: bool) -> None:
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    now = 1_800_000_000
    session = SessionStore()
    session[LAST_ACTION_AT] = now - stamp_age
    session.modified = False
    mark_action(session, now=now)
    assert session.modified is moves
    assert session[LAST_ACTION_AT] == (now if moves else now - stamp_age)


@pytest.mark.parametrize("value", [None, "soon", True, 1.5])
def test_mark_action_replaces_a_stamp_that_is_no_whole_number(value: object) -> None:
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    session = SessionStore()
    session[LAST_ACTION_AT] = value
    mark_action(session, now=1_800_000_000)
    assert session[LAST_ACTION_AT] == 1_800_000_000


def test_sqlite_connections_are_kept_with_their_pragmas_set_once() -> None:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    assert database["CONN_MAX_AGE"] >= 60
    assert database["CONN_HEALTH_CHECKS"] is True
    init = database["OPTIONS"]["init_command"]
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=", "foreign_keys=ON"):
        assert pragma in init
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


# --- compression --------------------------------------------------------------------------------


def test_pages_opened_from_our_own_pages_are_gzipped(world: World) -> None:
    teacher = world.client_for(Persona.TEACHER)
    for site in ("same-origin", "none"):
        response = teacher.get(
            reverse("core:home"), headers={"Accept-Encoding": "gzip, br", "Sec-Fetch-Site": site}
        )
        assert response["Content-Encoding"] == "gzip"
        assert b"<html" in gzip.decompress(response.content)
        assert "Sec-Fetch-Site" in response["Vary"]
        assert "Accept-Encoding" in response["Vary"]
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("site", ["cross-site", "same-site", None])
def test_pages_another_site_can_make_the_browser_ask_for_are_never_compressed(
    world: World, site: str | None
) -> None:
    """BREACH needs many compressed answers to requests an attacker's page triggers: there are none."""
    teacher = world.client_for(Persona.TEACHER)
    headers = {"Accept-Encoding": "gzip"} | ({"Sec-Fetch-Site": site} if site else {})
    pages = [(teacher, reverse("core:home")), (teacher, reverse("accounts:settings"))]
    for client, url in [*pages, (Client(), reverse("accounts:login"))]:
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), url
        assert b"<html" in response.content
        assert "Sec-Fetch-Site" in response["Vary"]


@pytest.mark.parametrize(
    ("content_type", "compressed"),
    [
        ("text/html; charset=utf-8", True),
        ("application/json", True),
        ("application/pdf", False),
        ("image/jpeg", False),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
    ],
)
def test_only_text_answers_are_compressed(content_type: str, compressed: bool) -> None:
    """A PDF, a photo or a workbook is compressed already: left as it is."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from onderstroom.core.middleware import SameOriginGZipMiddleware

    request = RequestFactory().get("/", headers={"Accept-Encoding": "gzip", "Sec-Fetch-Site": "same-origin"})
    body = b"children " * 500
    middleware = SameOriginGZipMiddleware(lambda r: HttpResponse(body, content_type=content_type))
    response = middleware(request)
    assert response.has_header("Content-Encoding") is compressed
    assert (gzip.decompress(response.content) if compressed else response.content) == body
