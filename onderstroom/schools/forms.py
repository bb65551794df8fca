"""Forms of the management screens: they parse input; the rules live in services.py."""

from typing import Any, cast

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from onderstroom.accounts.models import User
from onderstroom.schools.models import GRADES, GroupAssignment, Role

GRADE_CHOICES = [(str(grade), str(grade)) for grade in GRADES]
ROLE_CHOICES = [(value, capfirst(label)) for value, label in Role.choices]


class Form(forms.Form):
    """Labels without a trailing colon, as in the rest of the app."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Roles"))
        kwargs.setdefault("error_messages", {"required": _("Choose at least one role.")})
        super().__init__(choices=ROLE_CHOICES, **kwargs)


class StaffAddForm(Form):
    full_name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_(
            "They sign in with this address. Someone who already has an account keeps their password."
        ),
    )
    roles = RolesField()


class StaffRolesForm(Form):
    roles = RolesField(
        help_text=_("Taking away the teacher or care coordinator role also takes them off their groups.")
    )


class GroupForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("As the school calls it, for example Groep 4/5/6 or De Uilen."),
    )
    grades = forms.TypedMultipleChoiceField(
        label=_("Grades"),
        choices=GRADE_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A combination group has several grades."),
        error_messages={"required": _("Choose at least one grade.")},
    )


class AssignForm(Form):
    """Choose a member of staff who holds the role that the kind of assignment needs."""

    user = forms.ChoiceField(label=_("Member of staff"))
    kind = forms.ChoiceField(choices=GroupAssignment.Kind.choices, widget=forms.HiddenInput)

    def __init__(self, *args: Any, candidates: list[User], kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["user"]).choices = [("", _("Choose…"))] + [
            (str(u.uuid), str(u)) for u in candidates
        ]
        self.fields["kind"].initial = kind
        self.fields["user"].label = (
            _("Add a teacher") if kind == GroupAssignment.Kind.TEACHER else _("Add a care coordinator")
        )
        # Two of these forms share a page: distinct ids keep every label pointing at its own field.
        self.auto_id = f"id_{kind}_%s"


class PhotoForm(Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG or PNG photo of at most 5 MB. It is made smaller and stripped of location data."),
        error_messages={"required": _("Choose a photo first.")},
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    @classmethod
    def for_child(cls, has_photo: bool) -> "PhotoForm":
        """The form on the child's page: it says whether it adds or replaces, and who sees the photo."""
        form = cls()
        form.fields["photo"].label = _("New photo") if has_photo else _("Add a photo")
        form.fields["photo"].help_text = _(
            "A JPEG or PNG photo of at most 5 MB. It is made smaller and stripped of location data. "
            "Classmates see it when they sign in."
        )
        return form


class HolidayForm(Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("For example Kerstvakantie or Studiedag.")
    )
    first_day = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    last_day = forms.DateField(
        label=_("Last day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day the school is closed; for a single day, the same as the first day."),
    )
