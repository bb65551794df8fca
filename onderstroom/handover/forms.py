from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onderstroom.handover.models import NOTE_LENGTH
from onderstroom.handover.services import NoteText


def _part(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    """Four short parts, each optional: only what helped, never a score or a judgement."""

    themes = _part(
        _("Banking Time themes that worked"),
        _("What the child liked to do or talk about in your moments together."),
    )
    approach = _part(
        _("An approach that helped"), _("A way of starting the day, giving a task, calming down…")
    )
    trusted_adult = _part(
        _("Who the child trusts"), _("The adult the child goes to at school, such as their champion.")
    )
    insight = _part(_("An insight from a constellation"), _("What the child showed about their place."))

    def text(self) -> NoteText:
        return NoteText(
            **{name: self.cleaned_data[name] for name in ("themes", "approach", "trusted_adult", "insight")}
        )
