from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onderstroom.sociogram.models import MAX_NOMINATION_LIMIT, Method
from onderstroom.sociogram.services import SurveyOptions

UNLIMITED = "unlimited"


class SurveyForm(forms.Form):
    """A teacher sets up a peer survey. The negative question exists only where the school allows it."""

    method = forms.ChoiceField(
        label=_("How do the children answer?"),
        choices=[
            (Method.NOMINATIONS, _("They name classmates (for example: who do you like to play with?)")),
            (Method.RATINGS, _("They rate every classmate with a face; nobody is named")),
        ],
        initial=Method.NOMINATIONS,
        widget=forms.RadioSelect,
    )
    ask_work = forms.BooleanField(label=_("Who do you like to work with?"), required=False, initial=True)
    ask_play = forms.BooleanField(label=_("Who do you like to play with?"), required=False, initial=True)
    ask_not_play = forms.BooleanField(
        label=_("Who would you rather not play with?"),
        required=False,
        help_text=_(
            "Teachers see only how often a child was named here, unless your school chose otherwise."
        ),
    )
    nomination_limit = forms.ChoiceField(
        label=_("How many classmates may a child choose per question?"),
        choices=[(str(n), str(n)) for n in range(1, MAX_NOMINATION_LIMIT + 1)]
        + [(UNLIMITED, _("as many as they like"))],
        initial="3",
    )
    rating_scale = forms.TypedChoiceField(
        label=_("Faces to rate with"),
        choices=[(3, _("3 faces (groups 3 and 4, or quick)")), (5, _("5 faces"))],
        coerce=int,
        initial=3,
        widget=forms.RadioSelect,
    )
    show_photos = forms.BooleanField(
        label=_("Show photos of classmates where the school has them"), required=False, initial=True
    )

    def __init__(self, *args: Any, negative_allowed: bool, **kwargs: Any) -> None:
        # mypy cannot tell that *args (data, files) stops before label_suffix.
        super().__init__(*args, label_suffix="", **kwargs)  # type: ignore[misc]
        if not negative_allowed:
            del self.fields["ask_not_play"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("method") == Method.NOMINATIONS and not (data.get("ask_work") or data.get("ask_play")):
            raise forms.ValidationError(_("Choose at least one of the questions about who a child likes."))
        return data

    def options(self) -> SurveyOptions:
        data = self.cleaned_data
        limit = data["nomination_limit"]
        return SurveyOptions(
            method=data["method"],
            ask_work=data["ask_work"],
            ask_play=data["ask_play"],
            ask_not_play=data.get("ask_not_play", False),
            nomination_limit=None if limit == UNLIMITED else int(limit),
            rating_scale=data["rating_scale"],
            show_photos=data["show_photos"],
        )


class SettingsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # mypy cannot tell that *args (data, files) stops before label_suffix.
        super().__init__(*args, label_suffix="", **kwargs)  # type: ignore[misc]

    negative_nominations = forms.BooleanField(
        label=_("Teachers may ask who a child would rather not play with"),
        required=False,
        help_text=_(
            "Off by default. Negative questions can hurt when children talk about them afterwards; "
            "the rating method shows the same without naming anyone."
        ),
    )
    show_negative_names = forms.BooleanField(
        label=_("Teachers and the care coordinator see who named whom"),
        required=False,
        help_text=_("Otherwise they only see how often a child was named."),
    )
