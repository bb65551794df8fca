from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onderstroom.accounts.models import User
from onderstroom.reflection.models import SENTENCE_LENGTH, WORD_LENGTH, Entry, Evoked
from onderstroom.reflection.services import EntryText

TEXT_LENGTH = 4000


def _text(label: str | Any, help_text: str | Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _word(label: str | Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=WORD_LENGTH)


class EntryForm(forms.Form):
    """The guided prompts. Every prompt may stay empty; at least one must hold something."""

    word_1 = _word(_("First word"))
    moment_1 = _text(_("A moment that shows it"))
    word_2 = _word(_("Second word"))
    moment_2 = _text(_("A moment that shows it"))
    word_3 = _word(_("Third word"))
    moment_3 = _text(_("A moment that shows it"))
    clicked = _text(_("A moment it clicked between you"))
    did_not_click = _text(_("A moment it did not"))
    evoked = forms.MultipleChoiceField(
        label=_("What does this child evoke in you?"),
        choices=Evoked.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Feelings are information, not a verdict on you or on the child."),
    )
    evoked_note = _text(_("In your own words"))
    picture = forms.CharField(
        label=_("My picture of this child, in one sentence"),
        required=False,
        max_length=SENTENCE_LENGTH,
        help_text=_(
            "For example: “She always wants attention.” "
            "Once written down, it can be looked at from a distance."
        ),
    )
    behind = _text(_("What could lie behind the behaviour?"))
    needs = _text(_("What might this child need from you?"))
    will_try = forms.CharField(label=_("One thing I will try"), required=False, max_length=SENTENCE_LENGTH)
    signal = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    moment = forms.UUIDField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_entry(cls, entry: Entry, data: Any = None) -> "EntryForm":
        names = [name for name in cls.base_fields if name not in ("signal", "moment")]
        return cls(data, initial={name: getattr(entry, name) for name in names})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not self.errors and not self.entry_text().filled():
            raise forms.ValidationError(_("Write something for at least one of the prompts."))
        return data

    def entry_text(self) -> EntryText:
        data = self.cleaned_data
        return EntryText(
            **{
                name: data.get(name, "").strip()
                for name in EntryText.__dataclass_fields__
                if name != "evoked"
            },
            evoked=tuple(data.get("evoked") or ()),
        )


class ShareForm(forms.Form):
    coordinator = forms.ModelChoiceField(
        label=_("Share with"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        empty_label=None,
    )

    def __init__(self, *args: Any, coordinators: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["coordinator"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in coordinators]).order_by("full_name")  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: user.full_name or user.email  # type: ignore[attr-defined]
