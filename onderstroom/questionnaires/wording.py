"""Questions as the respondent reads them: the other person's name in place, in the active language."""

from dataclasses import dataclass

from django.templatetags.static import static
from django.utils.translation import gettext as _

from onderstroom.instruments.engine import TEACHER, InstrumentDefinition, fill_in
from onderstroom.questionnaires.models import Address, MomentTeacher


def teacher_reference(moment_teacher: MomentTeacher) -> str:
    """How a child names the teacher in a question: "juf Anna", "meester Bram", "Anna" or "je leerkracht"."""
    name = moment_teacher.call_name
    if moment_teacher.address == Address.JUF:
        return _("Miss %(name)s") % {"name": name} if name else _("Miss")
    if moment_teacher.address == Address.MEESTER:
        return _("Mr %(name)s") % {"name": name} if name else _("Mr")
    return name or _("your teacher")


@dataclass(frozen=True)
class Question:
    key: str
    number: int
    text: str


@dataclass(frozen=True)
class Choice:
    value: int
    label: str
    pictogram_url: str | None


def questions(spec: InstrumentDefinition, other: str) -> list[Question]:
    return [
        Question(item.key, n, fill_in(item.text.get(), other)) for n, item in enumerate(spec.items, start=1)
    ]


def general_text(spec: InstrumentDefinition, text: str) -> str:
    """A question about nobody in particular ("the child", "the teacher"): for pages about the form."""
    other = _("the child") if spec.respondent == TEACHER else _("the teacher")
    return fill_in(text, other)


def choices(spec: InstrumentDefinition) -> list[Choice]:
    return [
        Choice(
            option.value,
            option.label.get(),
            static(f"questionnaires/pictograms/{option.pictogram}.svg") if option.pictogram else None,
        )
        for option in spec.options
    ]
