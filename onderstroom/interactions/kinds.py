"""How each kind of tap is named on the logger's buttons and in its confirmation."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from onderstroom.interactions.models import Kind


@dataclass(frozen=True)
class KindText:
    value: str
    label: str
    button: str  # short, for a button a thumb can reach on a phone
    done: str  # the confirmation after a tap; "{name}" is the child's name

    def confirmation(self, name: str) -> str:
        return self.done.replace("{name}", name)


def kind_texts() -> list[KindText]:
    """In the order of the buttons: the everyday taps first."""
    done = {
        Kind.TURN: _("Turn given to {name}"),
        Kind.PRAISE: _("Praise for {name}"),
        Kind.CORRECTION: _("Correction for {name}"),
        Kind.HELP: _("Help request from {name}"),
        Kind.PERSONAL: _("Personal moment with {name}"),
    }
    button = {
        Kind.TURN: _("Turn"),
        Kind.PRAISE: _("Praise"),
        Kind.CORRECTION: _("Correction"),
        Kind.HELP: _("Help request"),
        Kind.PERSONAL: _("Personal moment"),
    }
    return [KindText(kind.value, str(kind.label), button[kind], done[kind]) for kind in Kind]


def kind_text(value: str) -> KindText:
    return next(text for text in kind_texts() if text.value == value)
