from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onderstroom.bankingtime.models import (
    MAX_MINUTES,
    MAX_SESSION_MINUTES,
    MAX_SESSIONS_PER_WEEK,
    MAX_THEMES,
    MAX_WEEKS,
    MIN_MINUTES,
    MIN_THEMES,
    THEME_LENGTH,
    Mood,
    Plan,
    Slip,
    Technique,
    Theme,
)
from onderstroom.bankingtime.services import PlanData, SessionData, weeks_begun

# How far a plan's first day may lie from today: a plan noted down a little late, or planned ahead.
EARLIEST_START = timedelta(weeks=4)
LATEST_START = timedelta(weeks=16)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PlanForm(forms.Form):
    """A teacher plans Banking Time with one child."""

    minutes = forms.IntegerField(
        label=_("Minutes per session (5 to 15)"), min_value=MIN_MINUTES, max_value=MAX_MINUTES, initial=10
    )
    sessions_per_week = forms.IntegerField(
        label=_("Sessions per week"), min_value=1, max_value=MAX_SESSIONS_PER_WEEK, initial=3
    )
    weeks = forms.IntegerField(label=_("For how many weeks"), min_value=1, max_value=MAX_WEEKS, initial=8)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    fixed_moment = forms.CharField(
        label=_("Fixed moment"),
        max_length=200,
        help_text=_(
            "A moment the child can count on, for example “Tuesday and Thursday after the short break”."
        ),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes to carry"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Two or three messages you want the child to feel, from the list or in your own words."),
    )
    own_themes = forms.CharField(
        label=_("Themes in your own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    reason = forms.CharField(
        label=_("Why Banking Time with this child"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    signal = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    moment = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["starts_on"].initial = today

    def clean_starts_on(self) -> date:
        day: date = self.cleaned_data["starts_on"]
        if not self.today - EARLIEST_START <= day <= self.today + LATEST_START:
            raise forms.ValidationError(
                _("Choose a first day between four weeks ago and sixteen weeks from now.")
            )
        return day

    def clean_own_themes(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["own_themes"].splitlines() if line.strip()]
        if any(len(line) > THEME_LENGTH for line in lines):
            raise forms.ValidationError(
                _("Keep each theme short: at most %(length)s characters.") % {"length": THEME_LENGTH}
            )
        return lines

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        count = len(data.get("themes") or []) + len(data.get("own_themes") or [])
        if "themes" in data and "own_themes" in data and not MIN_THEMES <= count <= MAX_THEMES:
            self.add_error(
                "themes", _("Choose two or three themes in all (you chose %(count)s).") % {"count": count}
            )
        return data

    def plan_data(self, signal_moment: object = None) -> PlanData:
        data = self.cleaned_data
        return PlanData(
            minutes=data["minutes"],
            sessions_per_week=data["sessions_per_week"],
            weeks=data["weeks"],
            starts_on=data["starts_on"],
            fixed_moment=data["fixed_moment"].strip(),
            themes=data["themes"],
            own_themes=data["own_themes"],
            reason=data["reason"].strip(),
            signal_key=data.get("signal") or "",
            signal_moment=signal_moment,  # type: ignore[arg-type]
        )


class PlanChangeForm(PlanForm):
    """The plan's own teacher changes it: the same fields and limits, filled in with the plan.

    The first day is offered only until the plan begins; the signal the plan came from stays.
    """

    def __init__(self, *args: Any, plan: Plan, today: date, **kwargs: Any) -> None:
        initial = {
            "minutes": plan.minutes,
            "sessions_per_week": plan.sessions_per_week,
            "weeks": plan.weeks,
            "starts_on": plan.starts_on,
            "fixed_moment": plan.fixed_moment,
            "themes": plan.themes,
            "own_themes": "\n".join(plan.own_themes),
            "reason": plan.reason,
        }
        super().__init__(*args, initial=initial, today=today, **kwargs)
        self.plan = plan
        del self.fields["signal"], self.fields["moment"]
        if plan.has_begun(today):
            del self.fields["starts_on"]

    @property
    def offers_starts_on(self) -> bool:
        return "starts_on" in self.fields

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.offers_starts_on:
            data["starts_on"] = self.plan.starts_on
        starts_on = data.get("starts_on")
        begun = weeks_begun(starts_on, self.today) if starts_on else 0
        if data.get("weeks") and data["weeks"] < begun:
            self.add_error(
                "weeks",
                _("At least %(week)s: the plan is already in week %(week)s.") % {"week": begun},
            )
        return data


class SessionForm(forms.Form):
    """The session page: the activity the child chose, then the short log afterwards."""

    activity = forms.CharField(
        label=_("What did the child choose to do?"),
        max_length=200,
        required=False,
        help_text=_("For example: drawing, building with blocks, a game."),
    )
    held_on = forms.DateField(label=_("Day"), widget=DateInput())
    minutes = forms.IntegerField(
        label=_("How many minutes did it last?"), min_value=1, max_value=MAX_SESSION_MINUTES
    )
    techniques = forms.MultipleChoiceField(
        label=_("What I did"),
        choices=Technique.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    slips = forms.MultipleChoiceField(
        label=_("What slipped in anyway"),
        choices=Slip.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("It happens to everyone. Noting it helps you notice it next time."),
    )
    mood = forms.ChoiceField(
        label=_("The child's mood"),
        choices=Mood.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, today: date, minutes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = today
        self.fields["minutes"].initial = minutes

    def session_data(self) -> SessionData:
        data = self.cleaned_data
        return SessionData(
            held_on=data["held_on"],
            minutes=data["minutes"],
            activity=data["activity"].strip(),
            techniques=data["techniques"],
            slips=data["slips"],
            mood=data["mood"],
            note=data["note"].strip(),
        )
