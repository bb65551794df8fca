"""Input of the interaction screens: the device queue's batches, the plain logger form, the view choices."""

import math
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast
from uuid import UUID

from django import forms
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onderstroom.core.inputs import BadInput, bounded_float, read_json
from onderstroom.interactions.models import Kind
from onderstroom.interactions.services import MAX_OPS, Op
from onderstroom.schools.access import today

MAX_PERIOD_DAYS = 366
DEFAULT_PERIOD_DAYS = 28
DEFAULT_UNNOTICED_DAYS = 7
MAX_UNNOTICED_DAYS = 90
# 200 taps take about 30 KB; anything far larger is not from the logger and is not read.
MAX_BODY_BYTES = 128 * 1024
LATEST_MS = 2e14  # the year 8307: far in the future, still a valid datetime


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always YYYY-MM-DD."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class BadBatch(BadInput):
    """A batch from a device that is not in the expected shape; nothing of it is stored."""


def _uuid(value: object) -> UUID:
    try:
        return UUID(str(value))
    except ValueError as error:
        raise BadBatch(_("A tap has no valid id.")) from error


def _device_time(value: object) -> datetime:
    """Milliseconds since 1970 from the device. A time no school day can have is kept within what a
    datetime holds, so that the service refuses it with the right reason (before this year, or ahead)."""
    milliseconds = bounded_float(value, -math.inf, math.inf) if not isinstance(value, str) else None
    if milliseconds is None:
        raise BadBatch(_("A tap has no valid time."))
    return datetime.fromtimestamp(min(max(milliseconds, 0), LATEST_MS) / 1000, tz=UTC)


def _op(entry: object) -> Op:
    if not isinstance(entry, dict):
        raise BadBatch(_("A tap is not in the expected form."))
    action, client_id = entry.get("op"), _uuid(entry.get("id"))
    if action == "undo":
        return Op("undo", client_id)
    if action != "add":
        raise BadBatch(_("A tap is not in the expected form."))
    kind = entry.get("kind")
    if not isinstance(kind, str) or len(kind) > 20:
        raise BadBatch(_("A tap does not say what happened."))
    return Op(
        "add",
        client_id,
        child=_uuid(entry.get("child")),
        kind=kind,
        occurred_at=_device_time(entry.get("at")),
    )


def parse_ops(request: HttpRequest) -> list[Op]:
    """{"ops": [{"op": "add", "id", "child", "kind", "at" (ms)} | {"op": "undo", "id"}]}

    Raises BadInput: a body too large (413) or unreadable, or taps not in this shape (400)."""
    data = read_json(request, max_bytes=MAX_BODY_BYTES)
    entries = data.get("ops") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BadBatch(_("The taps could not be read."))
    if len(entries) > MAX_OPS:
        raise BadBatch(_("Too many taps at once."))
    return [_op(entry) for entry in entries]


class TapForm(forms.Form):
    """The logger without JavaScript: a child, a kind, and the id the page was rendered with."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    child = forms.ChoiceField(error_messages={"required": gettext_lazy("Choose a pupil first.")})
    kind = forms.ChoiceField(
        choices=Kind.choices, error_messages={"required": gettext_lazy("Choose what happened.")}
    )

    def __init__(self, *args: Any, children: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["child"]).choices = children
        self.fields["child"].error_messages["invalid_choice"] = _("This pupil is not in the group.")
        self.fields["kind"].error_messages["invalid_choice"] = _("This kind of interaction does not exist.")


class UndoForm(forms.Form):
    client_id = forms.UUIDField(error_messages={"invalid": gettext_lazy("There is no tap to undo.")})


class ShareForm(forms.Form):
    shared = forms.BooleanField(required=False)
    back = forms.ChoiceField(
        choices=[(view, view) for view in ("turns", "balance", "unnoticed", "distribution")], required=False
    )  # the view the switch was used on, to return to


def _not_future(day: date) -> date:
    if day > today():
        raise forms.ValidationError(_("That date lies in the future."))
    return day


class LogFilterForm(forms.Form):
    """A view's filter. A colleague's log being read rides along as a hidden field (`owner`)."""

    teacher = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Mapping[str, Any], *, owner: UUID | None = None) -> None:
        self.query = _editable(data)
        super().__init__(self.query)
        if owner is None:
            del self.fields["teacher"]
        else:
            self.query["teacher"] = str(owner)

    def show_used(self, **used: object) -> None:
        """The fields show the values used (defaults filled in), not the empty ones that were sent."""
        for name, value in used.items():
            self.query[name] = value.isoformat() if isinstance(value, date) else str(value)


def _editable(data: Mapping[str, Any]) -> QueryDict | dict[str, Any]:
    """A copy of the query that the form may fill in (a QueryDict stays one, so lists keep working)."""
    return data.copy() if isinstance(data, QueryDict) else dict(data)


class PeriodForm(LogFilterForm):
    """A span of days up to today; by default the last four weeks."""

    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput)
    end = forms.DateField(label=gettext_lazy("Up to and including"), required=False, widget=DateInput)

    def clean_start(self) -> date | None:
        day = self.cleaned_data.get("start")
        return _not_future(day) if day else None

    def clean_end(self) -> date | None:
        day = self.cleaned_data.get("end")
        return _not_future(day) if day else None

    def clean(self) -> dict:
        data = super().clean() or self.cleaned_data
        if self.has_error("start") or self.has_error("end"):
            return data
        end = data.get("end") or today()
        start = data.get("start") or end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("The first day comes after the last day."))
        if (end - start).days >= MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Choose a period of at most a year."))
        data["start"], data["end"] = start, end
        self.show_used(start=start, end=end)
        return data

    def period(self) -> tuple[date, date]:
        return self.cleaned_data["start"], self.cleaned_data["end"]


class DistributionForm(PeriodForm):
    kind = forms.ChoiceField(label=gettext_lazy("What"), choices=Kind.choices, required=False)

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or Kind.TURN


class WeekForm(forms.Form):
    """Any day of the week to show; by default this week."""

    day = forms.DateField(required=False)

    def clean_day(self) -> date:
        day = self.cleaned_data.get("day")
        return _not_future(day) if day else today()


class DaysForm(LogFilterForm):
    days = forms.IntegerField(
        label=gettext_lazy("Not noticed for at least (days)"),
        min_value=1,
        max_value=MAX_UNNOTICED_DAYS,
        required=False,
    )

    def clean_days(self) -> int:
        days = self.cleaned_data.get("days") or DEFAULT_UNNOTICED_DAYS
        self.show_used(days=days)
        return days
