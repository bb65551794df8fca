"""The audit log's filters. Every choice is built from this school's own data."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from onderstroom.audit.models import AuditEvent


class LogFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    action = forms.ChoiceField(label=_("What"), required=False)
    staff = forms.ChoiceField(label=_("Member of staff"), required=False)
    child = forms.CharField(
        label=_("Pupil"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    actor_kind = forms.ChoiceField(
        label=_("Done by"), required=False, choices=[("", _("anyone")), *AuditEvent.ActorKind.choices]
    )

    def __init__(
        self, *args: Any, actions: list[tuple[str, str]], staff: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("everything")), *actions]
        cast(forms.ChoiceField, self.fields["staff"]).choices = [("", _("everyone")), *staff]

    def clean(self) -> dict:
        cleaned = super().clean() or self.cleaned_data
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("This date is before the start date."))
        return cleaned

    def used_filters(self) -> list[str]:
        """Names of the filters in use (for the audit row: which filters, never their values)."""
        if not self.is_valid():
            return []
        return sorted(name for name, value in self.cleaned_data.items() if value)
