"""The climate forms: planning a moment or a round, a whole questionnaire on one page, the vision,
and the device queue's batch of a child's answers."""

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onderstroom.climate import library
from onderstroom.climate.models import Behaviour, Values
from onderstroom.climate.services import MAX_BATCH, AnswerIn, VisionText
from onderstroom.core.inputs import BadInput, bounded_float, read_json
from onderstroom.instruments.engine import CHILD, STAFF, InstrumentDefinition
from onderstroom.instruments.models import InstrumentVersion
from onderstroom.schools.access import today

# A device's clock may run ahead; an answer from further than a day ahead is refused.
LATEST_MS = 4102444800000  # 2100-01-01


class PeriodForm(forms.Form):
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Closes on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial = {"opens_on": today(), "closes_on": today() + timedelta(days=14)}


class RoundForm(PeriodForm):
    """The round's dates and its two forms: ours, or a standardised one the school loaded."""

    staff_form = forms.ChoiceField(label=gettext_lazy("Form for the staff"))
    child_form = forms.ChoiceField(label=gettext_lazy("Form for the children of groups 5 to 8"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, respondent in (("staff_form", STAFF), ("child_form", CHILD)):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = [(str(v.uuid), str(v.spec.title)) for v in library.school_forms(respondent)]

    def version(self, name: str) -> InstrumentVersion:
        wanted = self.cleaned_data[name]
        return next(
            v for v in library.school_forms(STAFF if name == "staff_form" else CHILD) if str(v.uuid) == wanted
        )


class QuestionnaireForm(forms.Form):
    """Every item of an instrument as a radio group; unanswered items may stay empty."""

    def __init__(self, spec: InstrumentDefinition, values: dict[str, int], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(o.value), o.label.get()) for o in spec.options]
        for item in spec.items:
            self.fields[item.key] = forms.TypedChoiceField(
                label=item.text.get(),
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            if item.key in values:
                self.initial[item.key] = str(values[item.key])

    def answers(self) -> dict[str, int]:
        return {key: value for key, value in self.cleaned_data.items() if value is not None}


class VisionForm(forms.Form):
    values_most = forms.ChoiceField(
        label=gettext_lazy("What do I value most in my work?"),
        choices=[("", "—"), *Values.choices],
        required=False,
    )
    fastest = forms.ChoiceField(
        label=gettext_lazy("Which behaviour makes me react fastest?"),
        choices=[("", "—"), *Behaviour.choices],
        required=False,
    )
    example = forms.CharField(
        label=gettext_lazy("A recent moment I reacted fast"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    behind = forms.CharField(
        label=gettext_lazy("What does my reaction say about what I value?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    will_try = forms.CharField(label=gettext_lazy("One thing I will try"), max_length=300, required=False)

    def text(self) -> VisionText:
        return VisionText(**{name: self.cleaned_data[name] for name in self.fields})


def _answer(entry: object) -> AnswerIn:
    if not isinstance(entry, dict):
        raise BadInput(_("An answer is not in the expected form."))
    item, value, stamp, client_id = (
        entry.get("item"),
        entry.get("value"),
        entry.get("answered_at"),
        entry.get("client_id"),
    )
    if not isinstance(item, str) or not 0 < len(item) <= 60:
        raise BadInput(_("An answer does not say which question it is for."))
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise BadInput(_("An answer is not a number."))
    if not isinstance(client_id, str) or not 0 < len(client_id) <= 60:
        raise BadInput(_("An answer has no valid id."))
    milliseconds = bounded_float(stamp, 1, LATEST_MS)
    if milliseconds is None:
        raise BadInput(_("An answer has no valid time."))
    return AnswerIn(item, value, datetime.fromtimestamp(milliseconds / 1000, tz=UTC), client_id)


def parse_batch(request: HttpRequest) -> list[AnswerIn]:
    """The device queue's batch: {"answers": [{"client_id", "item", "value", "answered_at" (ms)}]}."""
    data = read_json(request)
    answers = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, list) or len(answers) > MAX_BATCH:
        raise BadInput(_("The answers could not be read."))
    return [_answer(entry) for entry in answers]
