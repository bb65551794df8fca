from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, cast, overload
from uuid import UUID

from django import forms
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from onderstroom.accounts.models import User
from onderstroom.core import dates
from onderstroom.core.inputs import BadInput, bounded_float, read_json
from onderstroom.instruments.engine import CHILD, TEACHER
from onderstroom.instruments.models import InstrumentVersion
from onderstroom.questionnaires.models import Address, MomentTeacher
from onderstroom.questionnaires.services import MAX_BATCH, AnswerIn, MomentPlan, TeacherChoice

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEFAULT_WEEKS_OPEN = 3
LATEST_MS = 1e14  # an answer time later than the year 5138 is no time a device sends


def suggested_name(day: date) -> str:
    return dates.when(day, "month").capitalize()


def suggested_address(teacher: User) -> tuple[str, str]:
    """How children probably address a teacher, from how the name is written ("Juf Anna")."""
    words = teacher.full_name.split()
    if len(words) >= 2 and words[0].lower() in (Address.JUF, Address.MEESTER):
        return words[0].lower(), words[1]
    return Address.NEUTRAL, words[0] if words else ""


def _version_label(version: InstrumentVersion) -> str:
    spec = version.spec
    grades = (
        "-".join(str(g) for g in (spec.grades[0], spec.grades[-1]))
        if len(spec.grades) > 1
        else str(spec.grades[0])
    )
    return _("%(title)s (grades %(grades)s, %(items)d questions, version %(version)s)") % {
        "title": spec.title.get(),
        "grades": grades,
        "items": len(spec.items),
        "version": version.label,
    }


class MomentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    opens_on = forms.DateField(label=gettext_lazy("Opens on"), widget=DATE_WIDGET)
    closes_on = forms.DateField(label=gettext_lazy("Closes on"), widget=DATE_WIDGET)
    teacher_version = forms.ChoiceField(label=gettext_lazy("Teachers fill in"))
    child_versions = forms.MultipleChoiceField(
        label=gettext_lazy("Children fill in"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        versions: Sequence[InstrumentVersion],
        teachers: Sequence[User],
        first_free_day: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.versions = {str(v.uuid): v for v in versions}
        self.teachers = list(teachers)
        teacher_choices = [(str(v.uuid), _version_label(v)) for v in versions if v.spec.respondent == TEACHER]
        cast(forms.ChoiceField, self.fields["teacher_version"]).choices = [
            *teacher_choices,
            ("", _("Nothing: only the children")),
        ]
        self.fields["teacher_version"].required = False
        cast(forms.ChoiceField, self.fields["child_versions"]).choices = [
            (str(v.uuid), _version_label(v)) for v in versions if v.spec.respondent == CHILD
        ]
        self.initial.setdefault("name", suggested_name(first_free_day))
        self.initial.setdefault("opens_on", first_free_day)
        self.initial.setdefault("closes_on", first_free_day + timedelta(weeks=DEFAULT_WEEKS_OPEN))
        self.initial.setdefault("teacher_version", teacher_choices[0][0] if teacher_choices else "")
        self.initial.setdefault(
            "child_versions",
            [str(v.uuid) for v in versions if v.spec.respondent == CHILD and v.instrument.shipped],
        )
        earlier = _earlier_addresses(self.teachers)
        for teacher in self.teachers:
            address, call_name = earlier.get(teacher.pk, suggested_address(teacher))
            self.fields[f"about_{teacher.pk}"] = forms.BooleanField(
                label=_("The children answer about %(name)s") % {"name": teacher.full_name},
                required=False,
                initial=True,
            )
            self.fields[f"address_{teacher.pk}"] = forms.ChoiceField(
                label=_("The children say"), choices=Address.choices, initial=address
            )
            self.fields[f"call_name_{teacher.pk}"] = forms.CharField(
                label=_("Name the children use"), max_length=60, required=False, initial=call_name
            )

    def teacher_rows(self) -> list[tuple[User, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (t, self[f"about_{t.pk}"], self[f"address_{t.pk}"], self[f"call_name_{t.pk}"])
            for t in self.teachers
        ]

    def plan(self) -> MomentPlan:
        data = self.cleaned_data
        return MomentPlan(
            name=data["name"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            teacher_version=self.versions.get(data["teacher_version"]),
            child_versions=[self.versions[key] for key in data["child_versions"]],
            teachers=[
                TeacherChoice(t, data[f"address_{t.pk}"], data[f"call_name_{t.pk}"])
                for t in self.teachers
                if data[f"about_{t.pk}"]
            ],
        )


def _earlier_addresses(teachers: Sequence[User]) -> dict[int, tuple[str, str]]:
    """How each teacher was addressed at their latest earlier moment, to fill in the same again."""
    found: dict[int, tuple[str, str]] = {}
    rows = MomentTeacher.objects.filter(teacher__in=teachers).order_by("-moment__opens_on", "-pk")
    for teacher_id, address, call_name in rows.values_list("teacher_id", "address", "call_name"):
        found.setdefault(teacher_id, (address, call_name))
    return found


class MomentDatesForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    opens_on = forms.DateField(label=gettext_lazy("Opens on"), widget=DATE_WIDGET)
    closes_on = forms.DateField(label=gettext_lazy("Closes on"), widget=DATE_WIDGET)


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Instrument file (YAML)"),
        help_text=gettext_lazy("At most 256 KB. See the example file for the format."),
    )
    licence = forms.BooleanField(
        label=gettext_lazy("Our school holds a licence to use this questionnaire and its norms."),
        error_messages={
            "required": gettext_lazy("Only load a questionnaire your school holds a licence for.")
        },
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > 256 * 1024:
            raise forms.ValidationError(_("The file is larger than 256 KB."))
        return upload.read()


class BadBatch(BadInput):
    """A batch of answers that is not in the expected shape."""


def _uuid(value: object) -> UUID:
    try:
        return UUID(str(value))
    except ValueError as error:
        raise BadBatch(_("An answer has no valid id.")) from error


def _answer(entry: object) -> AnswerIn:
    if not isinstance(entry, dict):
        raise BadBatch(_("An answer is not in the expected form."))
    item, value, stamp = entry.get("item"), entry.get("value"), entry.get("answered_at")
    if not isinstance(item, str) or not 0 < len(item) <= 60:
        raise BadBatch(_("An answer does not say which question it is for."))
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise BadBatch(_("An answer is not a number."))
    milliseconds = bounded_float(stamp, 1, LATEST_MS)
    answered_at = datetime.fromtimestamp(milliseconds / 1000, tz=UTC) if milliseconds else None
    return AnswerIn(item=item, value=value, client_id=_uuid(entry.get("client_id")), answered_at=answered_at)


def _child_answer(entry: object) -> tuple[UUID, AnswerIn]:
    answer = _answer(entry)  # an entry that is no dict is refused here
    assert isinstance(entry, dict)
    return _uuid(entry.get("child")), answer


@overload
def parse_batch(request: HttpRequest, *, with_child: Literal[True]) -> list[tuple[UUID, AnswerIn]]: ...
@overload
def parse_batch(request: HttpRequest, *, with_child: Literal[False]) -> list[tuple[None, AnswerIn]]: ...
def parse_batch(
    request: HttpRequest, *, with_child: bool
) -> list[tuple[UUID, AnswerIn]] | list[tuple[None, AnswerIn]]:
    """A device queue's batch: {"answers": [{"client_id", "item", "value", "answered_at" (ms), "child"?}]}.

    With `with_child` every answer names its child (the teacher's grid); without, the child is None.
    Raises BadInput: a body too large (413) or unreadable, or a batch not in this shape (400)."""
    data = read_json(request)
    answers = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, list) or len(answers) > MAX_BATCH:
        raise BadBatch(_("The answers could not be read."))
    if with_child:
        return [_child_answer(entry) for entry in answers]
    return [(None, _answer(entry)) for entry in answers]


class OverviewFilterForm(forms.Form):
    """The class overview's choices, all in the query string so that a view can be shared and printed."""

    moment = forms.CharField(required=False)
    rater = forms.CharField(required=False)
    sort = forms.CharField(required=False)
    profile = forms.CharField(required=False)
    signals = forms.BooleanField(required=False)
    q = forms.CharField(required=False, max_length=60)


Choices = Sequence[tuple[str, object]]

# The class overview's filter as drawn, keyed by all it is drawn from (the values in effect, every
# choice and its label as text, the language): never stale. Per process, the oldest forgotten first.
_drawn: OrderedDict[tuple[object, ...], SafeString] = OrderedDict()
DRAWN_KEPT = 512


class OverviewChoicesForm(forms.Form):
    """The class overview's filter as the page shows it: the choices in effect, each through the
    shared field template (`OverviewFilterForm` reads the query string leniently)."""

    moment = forms.ChoiceField(label=gettext_lazy("Moment"))
    rater = forms.ChoiceField(label=gettext_lazy("Teacher"))
    profile = forms.ChoiceField(label=gettext_lazy("Profile"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"))
    q = forms.CharField(
        label=gettext_lazy("Name"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    signals = forms.BooleanField(label=gettext_lazy("only with signals"), required=False)

    def __init__(
        self,
        values: dict[str, object],
        *,
        moments: Choices,
        raters: Choices,
        profiles: Choices,
        sorts: Choices,
    ) -> None:
        super().__init__(initial=values)
        choices = {
            "moment": moments,
            "rater": raters,
            "profile": [("", _("all")), *profiles, ("none", _("not decided"))],
            "sort": sorts,
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = list(options)
        self._key = (
            get_language(),
            tuple(sorted(values.items())),
            *(tuple((str(value), str(label)) for value, label in c) for c in choices.values()),
        )

    def drawn(self) -> SafeString:
        """Every field through the shared field template, as `{% for field in form %}{{
        field.as_field_group }}{% endfor %}` writes them; drawn once per key (`_drawn`)."""
        html = _drawn.get(self._key)
        if html is None:
            html = _drawn[self._key] = mark_safe("".join(field.as_field_group() for field in self))  # noqa: S308 - the fields drawn by their own templates
            while len(_drawn) > DRAWN_KEPT:
                _drawn.popitem(last=False)
        return html


class ResearchConsentForm(forms.Form):
    consented_on = forms.DateField(
        label=gettext_lazy("Date the school gave consent"),
        help_text=gettext_lazy("For example the day the participation council agreed."),
        widget=DATE_WIDGET,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "The school consents to research use of its questionnaire answers, pseudonymised, without "
            "names, pupil numbers, birth dates or free text."
        )
    )
