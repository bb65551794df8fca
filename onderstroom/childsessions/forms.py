from typing import Any, cast

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from onderstroom.childsessions import activities
from onderstroom.childsessions.services import CODE_DIGITS

SIX_NUMBERS = _("The code has 6 numbers. Look at the board and try again.")


class CodeForm(forms.Form):
    """The session code from the board; spaces are allowed ("482 913")."""

    # The template writes the input itself: numeric keyboard, no autocorrect, big digits.
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        error_messages={"required": SIX_NUMBERS, "max_length": SIX_NUMBERS},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
            raise forms.ValidationError(SIX_NUMBERS)
        return code


class OpenSessionForm(forms.Form):
    """Which activity the children do: one of what the registry offers this teacher for this group.

    An activity with choices gets its own select, named "object-<key>".
    """

    activity = forms.ChoiceField(label=_("What will the children do?"), widget=forms.RadioSelect)

    def __init__(self, offered: dict[str, list[tuple[str, str]]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offered = offered
        labels = {a.key: a.label for a in activities.all_activities()}
        cast(forms.ChoiceField, self.fields["activity"]).choices = [
            (key, labels.get(key, key)) for key in offered
        ]
        self.fields["activity"].initial = next((k for k in offered if k != activities.NONE), activities.NONE)
        for key, options in offered.items():
            if options:
                self.fields[self.object_field(key)] = forms.ChoiceField(
                    label=format_lazy("{}: {}", labels.get(key, key), _("which one?")),
                    choices=options,
                    required=False,
                )

    @staticmethod
    def object_field(key: str) -> str:
        return f"object-{key}"

    def rows(self) -> list[tuple[BoundWidget, forms.BoundField | None]]:
        """Each activity's radio button with the select of its options, if it has some."""
        radios = list(self["activity"])
        return [
            (radio, self[self.object_field(key)] if self.offered[key] else None)
            for radio, key in zip(radios, self.offered, strict=True)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        key = data.get("activity")
        if key and self.offered.get(key):
            chosen = data.get(self.object_field(key))
            if not chosen:
                self.add_error(self.object_field(key), _("Choose one."))
            data["activity_object"] = chosen or ""
        elif key:
            data["activity_object"] = ""
        return data
