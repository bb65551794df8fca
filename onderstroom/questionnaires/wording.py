"""How a relationship form names the other person: the teacher as the child calls them, or nobody."""

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


def general_text(spec: InstrumentDefinition, text: str) -> str:
    """A question about nobody in particular ("the child", "the teacher"): for pages about the form."""
    other = _("the child") if spec.respondent == TEACHER else _("the teacher")
    return fill_in(text, other)
