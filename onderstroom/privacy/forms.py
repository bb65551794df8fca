from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from onderstroom.core import childdata
from onderstroom.privacy.models import ErasureRequest, RetentionPolicy
from onderstroom.schools.models import Child


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        child: Child = obj
        number = f" ({child.external_id})" if child.external_id else ""
        return f"{child.surname}, {child.first_name} {child.surname_prefix}".strip() + number


class AccessRequestForm(forms.Form):
    child = ChildChoiceField(queryset=Child.across_schools.none(), to_field_name="uuid", label=_("Pupil"))

    def __init__(self, *args: Any, children: QuerySet[Child], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children  # type: ignore[attr-defined]


class ErasureRequestForm(AccessRequestForm):
    reason = forms.ChoiceField(choices=ErasureRequest.Reason.choices, label=_("Reason"))


class ConsentForm(forms.Form):
    DECISIONS = [("release", _("Release")), ("refuse", _("Do not release"))]
    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect, label=_("Your decision"))
    withheld = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Leave out"),
        help_text=_(
            "Kinds of data that would tell the parents something about others that they may not know."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withheld"].choices = [  # type: ignore[attr-defined]
            (entry.key, entry.label) for entry in childdata.registry.entries()
        ]


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the pupil's data is erased for good and cannot be brought back."),
    )


class RetentionForm(forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["years_after_leaving", "reflections_school_years", "interactions_school_years"]
