"""What can be wrong with an import, in words an administrator can act on.

Messages are translated when they are made, so they come out in the language of
the request (or of the command's --language).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

# How much of a cell an error message repeats: enough to find it, never a whole field of junk.
SHOWN_VALUE_LENGTH = 40


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing is imported and the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class LineError:
    """One problem on one line of the file (a line number as the spreadsheet shows it)."""

    line: int
    message: str
    file: str = ""

    def __str__(self) -> str:
        if self.file:
            return _("%(file)s, line %(line)s: %(message)s") % {
                "file": self.file,
                "line": self.line,
                "message": self.message,
            }
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportRejected(Exception):
    """The import has errors: nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:3]))
        self.problems = problems


def shown(value: object) -> str:
    """A cell value as an error message may repeat it: one line, printable, short."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    text = " ".join(text.split())
    if len(text) > SHOWN_VALUE_LENGTH:
        text = text[: SHOWN_VALUE_LENGTH - 1] + "…"
    return text


def quoted(value: object) -> str:
    """A value in typographic single quotes, the way Dutch and English messages print it."""
    return f"\u2018{shown(value)}\u2019"
