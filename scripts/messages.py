"""Update and compile the translation catalogues of every app.

    python scripts/messages.py update [app ...]   # extract new strings into the nl .po, compile .mo
    python scripts/messages.py compile [app ...]  # compile .po to .mo only

Source strings are English; each app keeps its Dutch catalogue in
onderstroom/<app>/locale/nl/LC_MESSAGES/django.po.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(p.parent for p in (ROOT / "onderstroom").glob("*/apps.py"))


def run_django(args: list[str], cwd: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "onderstroom.settings", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "django", *args], cwd=cwd, env=env, check=True)


def update(app: Path) -> None:
    (app / "locale").mkdir(exist_ok=True)
    options = ["--no-obsolete", "--no-wrap", "--add-location=file", "--ignore=tests/*", "--ignore=static/*"]
    run_django(["makemessages", "-l", "nl", *options], cwd=app)
    tidy_header(app / "locale" / "nl" / "LC_MESSAGES" / "django.po")


def tidy_header(po: Path) -> None:
    """A fresh catalogue has a fuzzy header, which msgfmt drops together with its charset."""
    if not po.exists():
        return
    text = po.read_text()
    head, sep, rest = text.partition('msgid ""\n')
    head = "\n".join(line for line in head.splitlines() if line != "#, fuzzy") + "\n"
    rest = rest.replace('"Language: \\n"', '"Language: nl\\n"', 1)
    po.write_text(head + sep + rest)


def compile_catalogue(app: Path) -> None:
    if (app / "locale").exists():
        run_django(["compilemessages", "-l", "nl"], cwd=app)


def main(command: str, only: list[str]) -> None:
    for app in APPS:
        if only and app.name not in only:
            continue
        if command == "update":
            update(app)
        compile_catalogue(app)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "update", sys.argv[2:])
