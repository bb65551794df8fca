"""Two app servers (gunicorn processes on two ports) on one PostgreSQL database: what one process
learns, the other knows. The sign-in lockout counts failures made at either server, and the
offline outbox's taps, sent to both servers at once, are stored once each.

On the PostgreSQL run (`make test-postgres`) they run on the test database. On an SQLite run
`test_on_postgresql_in_a_subprocess` runs them in a pytest subprocess on PostgreSQL
(`TEST_DATABASE_URL`, as in the Makefile), or is skipped when that server does not answer — unless
ONDERSTROOM_REQUIRE_POSTGRES=1, when an unreachable server fails it.
"""

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onderstroom.accounts.models import LoginAttempt
from onderstroom.interactions.models import InteractionEvent
from onderstroom.testing.processes import ROOT, Browser, free_port, start_app_server, wait_for
from onderstroom.testing.world import PASSWORD, World

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def test_on_postgresql_in_a_subprocess() -> None:
    """On an SQLite run, the tests below run again in a pytest subprocess on PostgreSQL."""
    if connection.vendor == "postgresql":
        pytest.skip("this run is on PostgreSQL: the tests below run here")
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES)
    reachable = (
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "db_reachable.py"), url], check=False
        ).returncode
        == 0
    )
    if not reachable:
        if os.environ.get("ONDERSTROOM_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL at {url} is not reachable, and this run requires it")
        pytest.skip(f"PostgreSQL not reachable at {url}")
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("ONDERSTROOM_SQLITE_TEST_PATH", None)
    inner = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            __file__,
            "-q",
            "-n",
            "0",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert inner.returncode == 0, inner.stdout[-6000:] + inner.stderr[-3000:]
    assert "2 passed" in inner.stdout, inner.stdout[-2000:]


@pytest.fixture
def _on_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: test_on_postgresql_in_a_subprocess runs it there")


@pytest.fixture
def servers(_on_postgres: None, tmp_path: Path) -> Iterator[tuple[int, int]]:
    ports = (free_port(), free_port())
    log = tmp_path / "servers.log"
    processes = [start_app_server(port, log) for port in ports]
    try:
        for port in ports:
            wait_for(Browser(port).up, f"the app server on port {port}", log=log)
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def attempts(email: str, outcome: str) -> int:
    return LoginAttempt.objects.filter(email=email, outcome=outcome).count()


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_lockout_counts_failures_at_every_server(world: World, servers: tuple[int, int]) -> None:
    one, two = (Browser(port) for port in servers)
    login = reverse("accounts:login")
    email = world.teacher.email
    limit = settings.LOGIN_LOCKOUT_PER_ACCOUNT
    assert limit >= 2

    # Failures alternate between the servers: neither process sees more than half of them itself.
    for number in range(limit - 1):
        status, _headers, _text = (one if number % 2 == 0 else two).post_form(
            login, {"email": email, "password": "wrong password"}
        )
        assert status == 200
    assert attempts(email, LoginAttempt.Outcome.BAD_PASSWORD) == limit - 1
    assert attempts(email, LoginAttempt.Outcome.LOCKED) == 0

    last = two if (limit - 1) % 2 else one
    assert last.post_form(login, {"email": email, "password": "wrong password"})[0] == 200
    # Locked now at both servers, even for the right password.
    for browser in (one, two):
        status, headers, _text = browser.post_form(login, {"email": email, "password": PASSWORD})
        assert status == 200, headers.get("location")
        assert "onderstroom_session" not in browser.cookies or not browser.cookies["onderstroom_session"]
    assert attempts(email, LoginAttempt.Outcome.LOCKED) == 2
    assert attempts(email, LoginAttempt.Outcome.SUCCESS) == 0


@pytest.mark.django_db(transaction=True)
def test_the_outbox_stores_each_tap_once_whichever_servers_receive_it(
    world: World, servers: tuple[int, int]
) -> None:
    # One signed-in session (kept in the database), used at both servers.
    client = Client()
    client.force_login(world.teacher)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    one, two = Browser(servers[0], cookies), Browser(servers[1], cookies)
    logger = reverse("interactions:logger", kwargs={"uuid": world.group.uuid})
    assert one.request("GET", logger)[0] == 200  # sets the CSRF cookie both share
    token = cookies[settings.CSRF_COOKIE_NAME]
    url = reverse("interactions:taps", kwargs={"uuid": world.group.uuid})
    headers = {
        "Content-Type": "application/json",
        "X-CSRFToken": token,
        "Referer": f"http://127.0.0.1:{servers[0]}/",
    }

    ids = [str(uuid.uuid4()) for _ in range(8)]
    child = str(world.child.uuid)
    now = int(timezone.now().timestamp() * 1000)

    def send(browser: Browser, batch: list[str]) -> tuple[int, str]:
        body = {"ops": [{"op": "add", "id": i, "child": child, "kind": "praise", "at": now} for i in batch]}
        status, _headers, text = browser.request("POST", url, json.dumps(body).encode(), headers)
        return status, text

    # Each batch goes to both servers at the same moment (a retry racing its first attempt), then again.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for start in range(0, len(ids), 2):
            batch = ids[start : start + 2]
            answers = list(pool.map(send, (one, two), (batch, batch)))
            for status, text in answers:
                assert status == 200, text
                assert sorted(json.loads(text)["done"]) == sorted(f"add:{i}" for i in batch)
    for browser in (two, one):
        assert send(browser, ids)[0] == 200

    stored = InteractionEvent.objects.filter(teacher=world.teacher, client_id__in=ids)
    assert stored.count() == len(ids)
    assert sorted(str(i) for i in stored.values_list("client_id", flat=True)) == sorted(ids)
