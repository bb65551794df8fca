from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from onderstroom.accounts.models import User
from onderstroom.mapping.models import CheckIn
from onderstroom.mapping.services import MAX_NOTE
from onderstroom.schools.access import today


class RoundForm(forms.Form):
    closes_on = forms.DateField(
        label=_("Open until"),
        help_text=_("Every member of staff marks before this day; children answer in a class session."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["closes_on"].initial = today() + timedelta(days=14)


HOW_CHOICES = [("volunteered", _("volunteered")), ("asked", _("asked by me"))]


class ChampionForm(forms.Form):
    champion = forms.ModelChoiceField(
        label=_("Champion"), queryset=User.objects.none(), to_field_name="uuid", empty_label=None
    )
    how = forms.ChoiceField(
        label=_("How"),
        choices=HOW_CHOICES,
        initial="volunteered",
    )

    def __init__(self, *args: object, adults: list[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["champion"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[adult.pk for adult in adults]).order_by("full_name")


class CheckInForm(forms.Form):
    due = forms.ChoiceField(choices=CheckIn.Due.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("One line: how is it going?"),
        max_length=MAX_NOTE,
        required=False,
        help_text=_("For yourself and the care coordinator; no details about home or health."),
    )


class SettingsForm(forms.Form):
    show_answers_to_named_adults = forms.BooleanField(
        label=_("Show staff which children named them"),
        required=False,
        help_text=_(
            "Off by default: a child's answer is never shown to the adult it names. "
            "The care coordinator and the director always see the map."
        ),
    )
