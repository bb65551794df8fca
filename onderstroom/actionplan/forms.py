from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onderstroom.actionplan.catalogue import OWN, suggestions_for
from onderstroom.actionplan.models import GOAL_LENGTH, NOTE_LENGTH, WHAT_LENGTH, Decision
from onderstroom.actionplan.services import ActionIn
from onderstroom.core.measures import Level, MeasureOption

DEFAULT_LENGTH = timedelta(weeks=6)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ActionForm(forms.Form):
    """An action: the goal, what will be done, when, and the measure it should move."""

    goal = forms.CharField(
        label=_("Goal"),
        max_length=GOAL_LENGTH,
        help_text=_("In words: what should be different? For example: “Bas dares to ask me for help.”"),
    )
    suggestion = forms.ChoiceField(label=_("What will be done"), widget=forms.RadioSelect)
    what = forms.CharField(
        label=_("In your own words"),
        required=False,
        max_length=WHAT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How, how often, with whom. Needed when you choose your own action."),
    )
    starts_on = forms.DateField(label=_("Start"), widget=DateInput())
    review_on = forms.DateField(
        label=_("Review"),
        widget=DateInput(),
        help_text=_("The follow-up measurement opens two weeks before the review."),
    )
    measure = forms.ChoiceField(label=_("The measure it should move"), required=False)
    plan_followup = forms.BooleanField(label=_("Plan the follow-up measurement now"), required=False)
    signal = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    moment = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, level: Level, options: list[MeasureOption], today: date, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "starts_on": today,
            "review_on": today + DEFAULT_LENGTH,
            "plan_followup": True,
            **kwargs["initial"],
        }
        super().__init__(*args, **kwargs)
        choices = [(s.key, f"{s.label}: {s.description}") for s in suggestions_for(level)]
        self.fields["suggestion"].choices = [*choices, (OWN, _("An action of my own"))]  # type: ignore[attr-defined]
        self.fields["measure"].choices = [  # type: ignore[attr-defined]
            ("", _("No measure")),
            *((option.ref, option.label) for option in options),
        ]
        if not options:
            self.fields["measure"].help_text = _("No measure is available for this level yet.")

    def action_in(self, signal_key: str = "", signal_text: str = "", signal_moment: Any = None) -> ActionIn:
        data = self.cleaned_data
        return ActionIn(
            goal=data["goal"],
            catalogue_key=data["suggestion"],
            what=data.get("what", ""),
            starts_on=data["starts_on"],
            review_on=data["review_on"],
            measure=data.get("measure", ""),
            plan_followup=bool(data.get("plan_followup")),
            signal_key=signal_key,
            signal_text=signal_text,
            signal_moment=signal_moment,
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Your decision"), choices=Decision.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you adjust the action: what will you do differently?"),
    )
    next_review_on = forms.DateField(
        label=_("Next review"),
        required=False,
        widget=DateInput(),
        help_text=_("When you keep or adjust the action: the day you look at it again."),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        kwargs["initial"] = {"next_review_on": today + DEFAULT_LENGTH, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
