"""The deployment the repository ships: `Dockerfile`, `.dockerignore` and `compose.yaml`.

There is no Docker on the machines that run the tests, so the test runs what the image and the Compose
file would run, without containers: a copy of the repository made as `.dockerignore` says (the build
context), the Dockerfile's steps after `COPY . .` in it, then Compose's `migrate`, `web` and `worker`
commands with their environment, their keys as files and `/data` as a folder. The system packages and
the Python packages of the image are this test run's own. On SQLite (Compose's PostgreSQL is another
container); run once, on the SQLite run.
"""

import fnmatch
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import get_commands
from django.db import connection

from onderstroom.testing.processes import ROOT, Browser, free_port, wait_for

HOST = "onderstroom.school.nl"  # compose.yaml's ONDERSTROOM_ALLOWED_HOSTS
PROXIED = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (keyword, rest), continued lines joined, comments left out."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(keyword.upper(), rest.strip()) for keyword, _, rest in (line.partition(" ") for line in lines)]


def ignored_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def is_ignored(relative: str, patterns: list[str]) -> bool:
    """Docker's rule for these patterns: a path matches, or lies inside a folder that matches."""
    parts = relative.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    for pattern in patterns:
        if pattern.startswith("**/"):
            if any(fnmatch.fnmatch(part, pattern[3:]) for part in parts):
                return True
        elif any(fnmatch.fnmatch(prefix, pattern) for prefix in prefixes):
            return True
    return False


def as_argv(command: str | list[str]) -> list[str]:
    return list(command) if isinstance(command, list) else shlex.split(command)


# --- what can be read from the files --------------------------------------------------------------


def test_the_build_context_leaves_out_local_data_keys_and_history() -> None:
    patterns = ignored_patterns()
    for private in ("var/onderstroom.sqlite3", "var/secret_key", "var/media/photo.jpg", ".venv/bin/python"):
        assert is_ignored(private, patterns), private
    assert is_ignored(".git/config", patterns)
    assert is_ignored("secrets/audit_keys", patterns)
    assert is_ignored("onderstroom/core/__pycache__/views.cpython-313.pyc", patterns)
    for needed in ("manage.py", "onderstroom/settings.py", "requirements/base.lock", "onderstroom/static"):
        assert not is_ignored(needed, patterns), needed


def test_the_image_installs_the_locked_packages_with_their_hashes_and_runs_as_its_own_user() -> None:
    steps = dockerfile()
    runs = " ".join(rest for keyword, rest in steps if keyword == "RUN")
    assert "--require-hashes -r requirements/base.lock" in runs
    makefile_uv = re.search(r"^UV_VERSION := (\S+)", (ROOT / "Makefile").read_text(), re.M)
    assert makefile_uv
    assert f"uv=={makefile_uv.group(1)}" in runs  # the same uv as `make`
    readme = re.findall(r"uv==(\S+)", (ROOT / "README.md").read_text())
    assert readme
    assert set(readme) == {makefile_uv.group(1)}  # and as the README's production install
    users = [rest for keyword, rest in steps if keyword == "USER"]
    assert users
    assert users[-1] not in {"root", "0"}
    assert ("ENV", "ONDERSTROOM_DATA_DIR=/data PYTHONUNBUFFERED=1") in steps


def test_compose_names_everything_it_uses() -> None:
    spec = compose()
    services = spec["services"]
    defined_secrets, defined_volumes = set(spec["secrets"]), set(spec["volumes"])
    commands = get_commands()
    for name, service in services.items():
        assert set(service.get("secrets", [])) <= defined_secrets, name
        for volume in service.get("volumes", []):
            assert volume.split(":")[0] in defined_volumes, (name, volume)
        for other in service.get("depends_on", {}):
            assert other in services, (name, other)
        if "command" in service:
            argv = as_argv(service["command"])
            if argv[:2] == ["sh", "-c"]:
                argv = shlex.split(argv[2])
            for index, word in enumerate(argv):
                if word == "manage.py":
                    assert argv[index + 1] in commands, (name, argv)
    app = services["web"]["environment"]
    for name in ("/run/secrets/secret_key", "/run/secrets/audit_keys"):
        assert name in app.values()
    # The app server and the workers start only after `migrate` has finished.
    for name in ("web", "worker"):
        assert services[name]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}


# --- what the image and Compose run ---------------------------------------------------------------


class Deployment:
    """The build context and `/data` in a temporary folder, and the services' environment."""

    def __init__(self, base: Path) -> None:
        self.app, self.data, self.secrets = base / "app", base / "data", base / "app" / "secrets"
        self.spec = compose()
        patterns = ignored_patterns()

        def ignore(folder: str, names: list[str]) -> set[str]:
            relative = Path(folder).relative_to(ROOT)
            return {n for n in names if is_ignored(str(relative / n).removeprefix("./"), patterns)}

        shutil.copytree(ROOT, self.app, ignore=ignore, symlinks=True)
        assert not (self.app / "var").exists()
        assert not (self.app / ".venv").exists()
        self.data.mkdir()
        # The two keys, made as the README says, where compose.yaml's `secrets` read them.
        self.secrets.mkdir(mode=0o700)
        (self.secrets / "secret_key").write_text(secrets.token_urlsafe(64) + "\n")
        (self.secrets / "audit_keys").write_text(f"2026:{secrets.token_hex(32)}\n")
        self.image_env: dict[str, str] = {}

    def path(self, value: str) -> str:
        """A path inside the container, as a path here."""
        for secret, source in self.spec["secrets"].items():
            value = value.replace(f"/run/secrets/{secret}", str(self.app / source["file"]))
        return re.sub(r"^/data\b", str(self.data), value)

    def image(self) -> dict[str, str]:
        """The environment of the image: no settings but its own `ENV`; `python` and `gunicorn` are
        this run's."""
        keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
        env = {k: v for k, v in os.environ.items() if k in keep}
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        return {**env, **{k: self.path(v) for k, v in self.image_env.items()}}

    def env(self, service: str) -> dict[str, str]:
        env = self.image()
        env.update({k: str(v) for k, v in self.spec["services"][service].get("environment", {}).items()})
        env = {k: self.path(v) for k, v in env.items()}
        # Compose's database is the `db` container; here the embedded one, in /data.
        assert env.pop("DATABASE_URL").startswith("postgres://")
        return env

    def build(self) -> None:
        """The Dockerfile's steps once the repository is copied in (the packages are this run's own)."""
        copied = False
        for keyword, rest in dockerfile():
            if keyword == "COPY" and rest == ". .":
                copied = True
            elif keyword == "ENV":
                self.image_env.update(pair.split("=", 1) for pair in shlex.split(rest))
            elif keyword == "RUN" and copied:
                done = subprocess.run(
                    rest, shell=True, cwd=self.app, env=self.image(), capture_output=True, text=True
                )
                assert done.returncode == 0, f"RUN {rest}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"

    def run(self, service: str) -> str:
        done = subprocess.run(
            as_argv(self.spec["services"][service]["command"]),
            cwd=self.app,
            env=self.env(service),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{service}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        return done.stdout + done.stderr

    def start(self, service: str, log: Path, **replace: str) -> subprocess.Popen[bytes]:
        argv = [replace.get(word, word) for word in as_argv(self.spec["services"][service]["command"])]
        handle = log.open("ab")
        return subprocess.Popen(
            argv, cwd=self.app, env=self.env(service), stdout=handle, stderr=subprocess.STDOUT
        )


def test_what_the_image_and_compose_run(tmp_path: Path) -> None:
    """One test, not four on a shared fixture: the build and the migration are the slow part, and
    test workers would each repeat them."""
    if connection.vendor != "sqlite":
        pytest.skip("the deployment runs on its own database: once, on the SQLite run")
    deployment = Deployment(tmp_path)
    deployment.build()
    deployment.run("migrate")

    # `migrate` collected the static files under production's hashed names, into the data volume.
    assert (deployment.data / "static" / "staticfiles.json").exists(), "no production manifest in /data"
    assert (deployment.data / "onderstroom.sqlite3").exists()
    assert not (deployment.app / "var").exists()  # nothing written beside the code

    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=deployment.app,
        env=deployment.env("web"),
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    # The app server serves pages and their static files, to the host name it is given only.
    port = free_port()
    log = tmp_path / "web.log"
    server = deployment.start("web", log, **{"0.0.0.0:8000": f"127.0.0.1:{port}"})
    browser = Browser(port)
    try:

        def up() -> bool:
            try:
                return browser.request("GET", "/healthz", headers=PROXIED)[0] == 200
            except OSError:
                return False

        wait_for(up, "the app server", log=log)
        status, headers, page = browser.request("GET", "/account/login/", headers=PROXIED)
        assert status == 200, log.read_text(errors="replace")[-3000:]
        assert "strict-transport-security" in headers
        assets = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', page))
        assert assets
        assert all(re.search(r"\.[0-9a-f]{12}\.\w+$", asset) for asset in assets), assets
        for asset in assets:
            assert browser.request("GET", asset, headers=PROXIED)[0] == 200, asset
        assert (
            browser.request("GET", "/account/login/", headers={**PROXIED, "Host": "evil.example"})[0] == 400
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    # The worker starts, and stops cleanly on Compose's stop signal.
    log = tmp_path / "worker.log"
    worker = deployment.start("worker", log)
    try:
        wait_for(lambda: "Starting worker" in log.read_text(errors="replace"), "the worker", log=log)
    finally:
        worker.send_signal(getattr(signal, deployment.spec["services"]["worker"]["stop_signal"]))
        code = worker.wait(timeout=60)
    assert code == 0, log.read_text(errors="replace")[-3000:]
