"""Forms of the constellation screens, and the button form that moves figures without JavaScript."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onderstroom.constellations.models import LABEL_MAX, Emotion, Figure, Note, Shape
from onderstroom.constellations.services import BoardError, Move
from onderstroom.schools.models import Child

NUDGE = 0.05  # one button press moves a figure a twentieth of the field
TURN_STEP = 45  # one button press turns a figure an eighth of a circle
NUDGES = {"up": (0, -NUDGE), "down": (0, NUDGE), "left": (-NUDGE, 0), "right": (NUDGE, 0)}


class FieldForm(forms.Form):
    field_name = forms.CharField(
        label=_("Name of the field"),
        max_length=80,
        help_text=_("What the cloth stands for, for example “our class as it feels” or “the playground”."),
    )
    shape = forms.ChoiceField(
        label=_("Cloth"), choices=Shape.choices, initial=Shape.ROUND, widget=forms.RadioSelect
    )


class ClassConstellationForm(FieldForm):
    pass


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class PersonalConstellationForm(FieldForm):
    classmates = forms.ModelMultipleChoiceField(
        label=_("Classmates"),
        queryset=Child.across_schools.none(),
        to_field_name="uuid",  # public ids: a crafted integer cannot overflow the database lookup
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_me = forms.BooleanField(label=_("A figure for me"), required=False, initial=True)
    family = forms.CharField(
        label=_("Family members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, in the child's words, for example “sister Lisa” or “mum”."),
    )
    others = forms.CharField(
        label=_("Others who matter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: a friend outside school, the football coach, a pet."),
    )

    def __init__(self, *args: Any, classmates: list[Child], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["classmates"])
        field.queryset = Child.objects.filter(pk__in=[c.pk for c in classmates]).order_by(
            "surname", "first_name"
        )
        # Django reads the label per field instance; the stubs only know the method.
        field.label_from_instance = lambda child: child.full_name  # type: ignore[method-assign,assignment]

    def clean_family(self) -> list[str]:
        return self._labels("family")

    def clean_others(self) -> list[str]:
        return self._labels("others")

    def _labels(self, name: str) -> list[str]:
        labels = _lines(self.cleaned_data.get(name, ""))
        if any(len(label) > LABEL_MAX for label in labels):
            raise forms.ValidationError(
                gettext("A name on a figure can be at most %(max)d characters.") % {"max": LABEL_MAX}
            )
        return labels


class AddFigureForm(forms.Form):
    KINDS = [
        (Figure.Kind.FAMILY, _("a family member")),
        (Figure.Kind.OTHER, _("someone else")),
        (Figure.Kind.CHILD, _("a classmate")),
        (Figure.Kind.STAFF, _("me")),
    ]
    kind = forms.ChoiceField(label=_("Who"), choices=KINDS)
    label = forms.CharField(label=_("Name on the figure"), max_length=LABEL_MAX, required=False)
    child = forms.ModelChoiceField(
        label=_("Classmate"), queryset=Child.across_schools.none(), to_field_name="uuid", required=False
    )

    def __init__(self, *args: Any, classmates: list[Child], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["child"])
        field.queryset = Child.objects.filter(pk__in=[c.pk for c in classmates]).order_by(
            "surname", "first_name"
        )
        # Django reads the label per field instance; the stubs only know the method.
        field.label_from_instance = lambda child: child.full_name  # type: ignore[method-assign,assignment]


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("This is a"), choices=Note.Kind.choices, initial=Note.Kind.QUESTION)
    text = forms.CharField(label=_("Text"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


def move_from_buttons(figure: Figure | None, data: dict[str, str]) -> Move:
    """Translate a press on the button form (no JavaScript) into the same request the board script sends."""
    if figure is None:
        return Move(figure=data.get("figure", ""), type="")
    action = data.get("action", "")
    figure_id = str(figure.uuid)
    if action == "place":
        return Move(figure=figure_id, type="place", x=0.5, y=0.5)
    if action in NUDGES:
        if not figure.placed or figure.x is None or figure.y is None:
            raise BoardError(gettext("Put the figure on the board first."))
        dx, dy = NUDGES[action]
        x = min(max(figure.x + dx, 0.0), 1.0)
        y = min(max(figure.y + dy, 0.0), 1.0)
        return Move(figure=figure_id, type="move", x=x, y=y)
    if action in {"turn-left", "turn-right"}:
        step = TURN_STEP if action == "turn-right" else -TURN_STEP
        return Move(figure=figure_id, type="turn", angle=((figure.angle or 0) + step) % 360)
    if action == "emotion":
        return Move(figure=figure_id, type="emotion", emotion=data.get("emotion", ""))
    raise BoardError(gettext("Unknown action on the board."))


EMOTION_CHOICES = [("", _("no feeling")), *Emotion.choices]
