from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onderstroom.imports.columns import FIELD_LABELS, Field, Mapping
from onderstroom.imports.rows import column_letter
from onderstroom.imports.tabular import Table

ACCEPTED = ".csv,.txt,.tsv,.xlsx,.zip"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        error_messages={
            "required": gettext_lazy("Choose a file to import."),
            "empty": gettext_lazy("The file is empty."),
            "invalid": gettext_lazy("Choose a file to import."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )
    year = forms.ChoiceField(
        label=gettext_lazy("School year"),
        help_text=gettext_lazy(
            "The groups are created in this school year. A OneRoster set names its own school year."
        ),
    )

    def __init__(self, *args: Any, years: list[str], initial_year: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV, Excel (.xlsx) or OneRoster ZIP, at most %(size)s MB. The first row names the columns, such "
            "as Roepnaam, Tussenvoegsel, Achternaam, Groep, Leerjaar, Geboortedatum and Leerlingnummer."
        ) % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        cast(forms.ChoiceField, self.fields["year"]).choices = [(year, year) for year in years]
        self.fields["year"].initial = initial_year

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.")
                % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def content(self) -> bytes:
        """The upload's bytes, never more than the limit (the size a client reports can lie)."""
        upload: UploadedFile = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(settings.IMPORT_MAX_BYTES + 1)


class MappingForm(forms.Form):
    """One select per field: which column of the file holds it."""

    def __init__(self, *args: Any, table: Table, mapping: Mapping, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [
            (str(index), f"{column_letter(index)}: {header}" if header else column_letter(index))
            for index, header in enumerate(table.headers)
        ]
        for field in Field:
            column = mapping.get(field)
            self.fields[field.value] = forms.ChoiceField(
                label=FIELD_LABELS[field],
                choices=choices,
                required=False,
                initial="" if column is None else str(column),
            )

    def mapping(self) -> Mapping:
        return {
            field: int(value) if (value := self.cleaned_data.get(field.value)) else None for field in Field
        }
