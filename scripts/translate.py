"""Fill Dutch translations into an app's catalogue without hand-editing the .po file.

    python scripts/translate.py APP              # print the untranslated strings as JSON
    python scripts/translate.py APP FILE.json    # fill them from FILE.json, then compile

FILE.json maps each English msgid to its Dutch text; a plural entry maps to a list
[singular, plural]. Run `python scripts/messages.py update APP` first so that the
catalogue holds every string of the source (it is written with --no-wrap, one line
per msgid, which this script relies on).
"""

import json
import sys
from pathlib import Path

from messages import ROOT, compile_catalogue


def catalogue(app: str) -> Path:
    return ROOT / "onderstroom" / app / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def entries(lines: list[str]) -> list[tuple[int, int]]:
    """(first line, end line) of every entry after the header."""
    blocks, start = [], None
    for number, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = number
        elif not line.strip() and start is not None:
            blocks.append((start, number))
            start = None
    return blocks[1:]


def msgid_of(block: list[str]) -> str | None:
    return next((json.loads(line[6:]) for line in block if line.startswith("msgid ")), None)


def untranslated(lines: list[str]) -> dict[str, object]:
    missing: dict[str, object] = {}
    for start, end in entries(lines):
        block = lines[start:end]
        msgid = msgid_of(block)
        plural = any(line.startswith("msgid_plural ") for line in block)
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block)
        empty = any(line in {'msgstr ""', 'msgstr[0] ""', 'msgstr[1] ""'} for line in block)
        if msgid and (empty or fuzzy):
            missing[msgid] = ["", ""] if plural else ""
    return missing


def fill(lines: list[str], translations: dict[str, object]) -> list[str]:
    result = list(lines)
    for start, end in entries(lines):
        block = lines[start:end]
        msgid = msgid_of(block)
        if msgid not in translations:
            continue
        text = translations[msgid]
        forms = text if isinstance(text, list) else [text]
        for offset, line in enumerate(block):
            index = start + offset
            if line.startswith("#,") and "fuzzy" in line:
                flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
                result[index] = "#, " + ", ".join(flags) if flags else "#"
            elif line.startswith("#| "):
                result[index] = "#"
            elif line.startswith("msgstr "):
                result[index] = "msgstr " + json.dumps(forms[0], ensure_ascii=False)
            elif line.startswith("msgstr["):
                n = int(line[7])
                result[index] = f"msgstr[{n}] " + json.dumps(
                    forms[min(n, len(forms) - 1)], ensure_ascii=False
                )
    return [line for line in result if line != "#"]


def main(app: str, source: str | None) -> None:
    path = catalogue(app)
    lines = path.read_text().splitlines()
    if source is None:
        print(json.dumps(untranslated(lines), ensure_ascii=False, indent=1))
        return
    translations = json.loads(Path(source).read_text())
    path.write_text("\n".join(fill(lines, translations)) + "\n")
    compile_catalogue(ROOT / "onderstroom" / app)
    left = untranslated(path.read_text().splitlines())
    print(f"{len(left)} strings still untranslated in {app}" if left else f"{app}: complete")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
