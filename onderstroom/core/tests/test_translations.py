"""Dutch is the default language: every English source string has a Dutch translation."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
APPS = sorted(p.parent for p in (ROOT / "onderstroom").glob("*/apps.py"))


def parse_po(path: Path) -> list[tuple[str | None, str, str, bool]]:
    """(context, msgid, msgstr, fuzzy) per entry; plural entries report their first form."""
    entries: list[tuple[str | None, str, str, bool]] = []
    context = msgid = msgstr = None
    fuzzy = False
    target = ""
    for raw in [*path.read_text().splitlines(), ""]:
        line = raw.strip()
        if not line:
            if msgid:
                entries.append((context, msgid, msgstr or "", fuzzy))
            context = msgid = msgstr = None
            fuzzy = False
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgctxt "):
            context, target = _unquote(line[8:]), "msgctxt"
        elif line.startswith("msgid "):
            msgid, target = _unquote(line[6:]), "msgid"
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            msgstr, target = _unquote(line.split(" ", 1)[1]), "msgstr"
        elif line.startswith(("msgid_plural", "msgstr[")):
            target = ""
        elif line.startswith('"') and target == "msgid":
            msgid = (msgid or "") + _unquote(line)
        elif line.startswith('"') and target == "msgstr":
            msgstr = (msgstr or "") + _unquote(line)
    return entries


def _unquote(text: str) -> str:
    return text.strip()[1:-1].encode("raw_unicode_escape").decode("unicode_escape")


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_every_source_string_has_a_dutch_translation(app: Path, tmp_path: Path) -> None:
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "locale").mkdir(exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "onderstroom.settings", "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nl", "--ignore=tests/*", "--ignore=static/*"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    po = copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        return
    missing = [msgid for _, msgid, msgstr, fuzzy in parse_po(po) if not msgstr or fuzzy]
    assert missing == [], f"{app.name}: strings without a Dutch translation (run `make messages`): {missing}"


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_compiled_catalogue_matches_source(app: Path) -> None:
    po = app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        return
    with (po.with_suffix(".mo")).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for context, msgid, msgstr, fuzzy in parse_po(po)
        if msgstr
        and not fuzzy
        and (compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)) != msgstr
    ]
    assert stale == [], f"{app.name}: the .mo file is older than the .po file (run `make messages`): {stale}"


def test_one_source_string_means_one_translation_across_apps() -> None:
    """Django merges every app's catalogue and the first app wins: the same string (and context) must
    not be translated two ways, or one app's button silently takes another app's word."""
    seen: dict[tuple[str | None, str], tuple[str, str]] = {}
    clashes = []
    for app in APPS:
        po = app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
        if not po.exists():
            continue
        for context, msgid, msgstr, _fuzzy in parse_po(po):
            first = seen.setdefault((context, msgid), (app.name, msgstr))
            if first[1] != msgstr:
                clashes.append(f"{msgid!r} ({context}): {first[0]} {first[1]!r}, {app.name} {msgstr!r}")
    assert not clashes, "\n".join(clashes)
