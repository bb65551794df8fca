"""Other processes on the test's database: app servers (gunicorn) and workers, started by tests.

`process_env()` gives a child process this test's database (the SQLite file or the PostgreSQL
test database), secret key and audit anchor folder, so what it writes is what the test reads."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def shares_database() -> bool:
    """Whether another process can open the test database (a file or a server, not memory)."""
    if connection.vendor != "sqlite":
        return True
    name = str(connection.settings_dict["NAME"])
    return name != ":memory:" and "mode=memory" not in name


def process_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "ONDERSTROOM_SECRET_KEY": settings.SECRET_KEY, "PYTHONUNBUFFERED": "1"}
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["ONDERSTROOM_SQLITE_PATH"] = str(db["NAME"])
    else:
        user, host, port = db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or "5432"
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        env["DATABASE_URL"] = f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"
    env["ONDERSTROOM_AUDIT_ANCHOR_DIR"] = str(settings.AUDIT_ANCHOR_DIR)
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(check: Callable[[], bool], what: str, timeout: float = 90, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            output = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
            raise AssertionError(f"timed out waiting for {what}\n{output}")
        time.sleep(0.1)


def start_app_server(port: int, log: Path) -> subprocess.Popen[bytes]:
    """One app server as in production: gunicorn, one sync worker, on its own port."""
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "onderstroom.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        "120",
    ]
    handle = log.open("ab")
    return subprocess.Popen(command, cwd=ROOT, env=process_env(), stdout=handle, stderr=subprocess.STDOUT)


class Browser:
    """A tiny HTTP client for one app server, with a cookie jar that may be shared with another."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = cookies if cookies is not None else {}

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        all_headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def up(self) -> bool:
        try:
            return self.request("GET", "/healthz")[0] == 200
        except OSError:
            return False

    def csrf(self, path: str) -> str:
        """The form's CSRF token, after a GET of the page (which sets the cookie)."""
        _status, _headers, text = self.request("GET", path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def post_form(self, path: str, data: dict[str, str]) -> tuple[int, dict[str, str], str]:
        fields = {"csrfmiddlewaretoken": self.csrf(path), **data}
        return self.request(
            "POST",
            path,
            urlencode(fields).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}{path}",
            },
        )
