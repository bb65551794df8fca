"""Production settings pass `check --deploy` and send the CSP and security headers.

Settings are read once per process, so production mode runs in a subprocess.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

HEADERS_SCRIPT = """
import json, django
from django.core.management import call_command
django.setup()
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from django.conf import settings
from django.test import Client
client = Client()
secure = client.get("/account/login/", secure=True, HTTP_HOST="onderstroom.example.org")
plain = client.get("/account/login/", HTTP_HOST="onderstroom.example.org")
print(json.dumps({
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "cookies": {n: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"])}
                for n, c in secure.cookies.items()},
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "session_cookie": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY],
}))
"""


def production_env(tmp_path: Path) -> dict[str, str]:
    skip = ("ONDERSTROOM_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "onderstroom.settings",
            "ONDERSTROOM_PRODUCTION": "1",
            "ONDERSTROOM_SECRET_KEY": "t" * 20
            + "-production-test-key-with-enough-entropy-0123456789abcdefXYZ",
            "ONDERSTROOM_ALLOWED_HOSTS": "onderstroom.example.org",
            "ONDERSTROOM_AUDIT_KEYS": "2026:production-test-audit-key-0123456789abcdefXYZ",
            "ONDERSTROOM_DATA_DIR": str(tmp_path),
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def test_check_deploy_has_no_warnings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["ONDERSTROOM_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ONDERSTROOM_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "keys",
    [None, "2026:short", "2026:" + "k" * 40 + ",2026:" + "l" * 40, "no id" + "k" * 40],
    ids=["missing", "weak", "same id twice", "no id"],
)
def test_production_refuses_to_start_without_good_audit_keys(tmp_path: Path, keys: str | None) -> None:
    """Audit rows are sealed with keys from outside the database; production needs real ones."""
    env = production_env(tmp_path)
    if keys is None:
        del env["ONDERSTROOM_AUDIT_KEYS"]
    else:
        env["ONDERSTROOM_AUDIT_KEYS"] = keys
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ONDERSTROOM_AUDIT_KEYS" in result.stderr


@pytest.mark.parametrize("source", ["environment", "file"])
def test_production_refuses_to_start_with_a_short_secret_key(tmp_path: Path, source: str) -> None:
    """A key under 50 characters is guessable: the server stops with a message saying what to do."""
    env = production_env(tmp_path)
    if source == "file":
        del env["ONDERSTROOM_SECRET_KEY"]
        (tmp_path / "key").write_text("x" * 49)
        env["ONDERSTROOM_SECRET_KEY_FILE"] = str(tmp_path / "key")
    else:
        env["ONDERSTROOM_SECRET_KEY"] = "x" * 49
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "has 49 characters; production needs at least 50" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    key_file = tmp_path / "key"
    key_file.write_text(env.pop("ONDERSTROOM_SECRET_KEY") + "\n")
    env["ONDERSTROOM_SECRET_KEY_FILE"] = str(key_file)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def production_response(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp_path = tmp_path_factory.mktemp("production")
    result = subprocess.run(
        [sys.executable, "-c", HEADERS_SCRIPT],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_strict_content_security_policy(production_response: dict) -> None:
    assert production_response["status"] == 200
    policy = production_response["headers"]["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_security_headers(production_response: dict) -> None:
    headers = production_response["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_secure_and_plain_http_is_redirected(production_response: dict) -> None:
    assert production_response["cookies"]["onderstroom_csrftoken"]["secure"]
    assert production_response["session_cookie"] == [True, True]
    assert production_response["plain_status"] == 301
    assert production_response["plain_location"].startswith("https://onderstroom.example.org/")
