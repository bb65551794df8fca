"""Production static files: every file under a hashed name, the ES modules' relative imports rewritten
to hashed names too, served precompressed and cached for a year or more; and the start of any
management command loads no heavy library. Production settings are read once per process, so this runs
in a subprocess (as test_production_settings does)."""

import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

from onderstroom.core.tests.test_production_settings import ROOT, production_env

STATIC_SCRIPT = r"""
import json, re, django
from django.core.management import call_command
django.setup()
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from django.conf import settings
from django.test import Client
client = Client()
host = {"secure": True, "HTTP_HOST": "onderstroom.example.org"}
page = client.get("/account/login/", **host).content.decode()
manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())
served = {}
for name in ("instruments/childform.js", "instruments/queue.js", "onderstroom/outbox.js",
             "instruments/speech.js", "onderstroom/app.css"):
    url = settings.STATIC_URL + manifest["paths"][name]
    plain = client.get(url, **host)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br", **host)
    served[name] = {"url": url, "status": plain.status_code, "cache": plain.headers.get("Cache-Control", ""),
                    "encoding": packed.headers.get("Content-Encoding", "")}
print(json.dumps({"page": page, "paths": manifest["paths"], "root": str(settings.STATIC_ROOT),
                  "served": served}))
"""

IMPORT = re.compile(r"""(?:import|export)[^;]*?from\s*["']([./][^"']+)["']|import\s*\(\s*["']([./][^"']+)""")
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp_path = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, "-c", STATIC_SCRIPT],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_static_file_has_a_hashed_name(collected: dict) -> None:
    paths = collected["paths"]
    assert len(paths) > 40
    for name, hashed in paths.items():
        assert HASHED.search(hashed), (name, hashed)


def test_pages_link_only_hashed_static_files(collected: dict) -> None:
    urls = re.findall(r"""["'](/static/[^"']+)["']""", collected["page"])
    assert urls
    for url in urls:
        assert HASHED.search(url), url


def test_module_imports_by_relative_path_lead_to_hashed_files(collected: dict) -> None:
    """outbox.js, queue.js and speech.js are imported by relative path; hashed copies name hashed files."""
    root, paths = Path(collected["root"]), collected["paths"]
    hashed_names = set(paths.values())
    seen = set()
    for name, hashed in paths.items():
        if not name.endswith(".js") or "/vendor/" in name:
            continue
        source = (root / hashed).read_text()
        for match in IMPORT.finditer(source):
            target = match.group(1) or match.group(2)
            normalised = posixpath.normpath(posixpath.join(posixpath.dirname(hashed), target))
            assert HASHED.search(target), (name, target)
            assert normalised in hashed_names, (name, target)
            seen.add(normalised.split("/")[-1].split(".")[0])
    assert {"outbox", "queue", "speech"} <= seen


def test_hashed_files_are_cached_for_a_year_and_sent_compressed(collected: dict) -> None:
    for name, served in collected["served"].items():
        assert served["status"] == 200, name
        assert "immutable" in served["cache"], (name, served)
        max_age = int(re.search(r"max-age=(\d+)", served["cache"]).group(1))
        assert max_age >= 365 * 24 * 60 * 60, (name, served)
        assert served["encoding"] in {"gzip", "br"}, (name, served)


HEAVY = ("weasyprint", "openpyxl", "numpy", "scipy", "pandas", "pyreadstat", "mozilla_django_oidc", "josepy")

STARTUP_SCRIPT = """
import sys, time
start = time.perf_counter()
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "check"])
import onderstroom.urls
print(sorted(m for m in {heavy!r} if m in sys.modules))
print(time.perf_counter() - start)
"""


def test_a_management_command_starts_without_heavy_libraries(tmp_path: Path) -> None:
    """`manage.py check` imports the URLconf and every app; no PDF, spreadsheet, statistics or sign-in
    library may load then (each view that needs one imports it). Time is measured by
    `python -X importtime manage.py check` in the README, not asserted here: the machine is shared."""
    env = {**production_env(tmp_path), "ONDERSTROOM_PRODUCTION": "0"}
    result = subprocess.run(
        [sys.executable, "-c", STARTUP_SCRIPT.format(heavy=HEAVY)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "onderstroom.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-2] == "[]", lines
