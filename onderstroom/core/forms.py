"""One way to draw a form field, for every form of every app."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.forms.renderers import DjangoTemplates

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class FormRenderer(DjangoTemplates):
    """Django's renderer with one field template: `{{ field.as_field_group }}` draws label, help, errors.

    Django adds `aria-describedby` (help and errors) and `aria-invalid` to the input itself; the
    template gives the help and the error list the ids those point to.
    """

    field_template_name = "components/field.html"


@dataclass(frozen=True)
class Pick:
    """One choice a page offers in its query string: which session, which survey, which form."""

    name: str
    label: "StrOrPromise"
    choices: Sequence[tuple[str, str]]
    value: str
    id: str = ""  # the select's id, where a page or a test names it


class PickForm(forms.Form):
    """A page's choices (a GET form), each a select drawn by the shared field template.

    The view has already read the query leniently and chosen; the form only shows what was chosen.
    """

    def __init__(self, picks: Sequence[Pick]) -> None:
        super().__init__(initial={pick.name: pick.value for pick in picks})
        for pick in picks:
            self.fields[pick.name] = forms.ChoiceField(
                label=pick.label,
                choices=list(pick.choices),
                widget=forms.Select(attrs={"id": pick.id} if pick.id else {}),
            )
