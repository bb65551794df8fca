"""One way to draw a form field, for every form of every app."""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Django's renderer with one field template: `{{ field.as_field_group }}` draws label, help, errors.

    Django adds `aria-describedby` (help and errors) and `aria-invalid` to the input itself; the
    template gives the help and the error list the ids those point to.
    """

    field_template_name = "components/field.html"
