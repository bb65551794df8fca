"""One field template for every form: label, help and errors tied to the input for screen readers."""

from django import forms
from django.conf import settings
from django.test.html import parse_html


class Example(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the class list.", max_length=5)
    grades = forms.MultipleChoiceField(
        label="Grades", choices=[("1", "1"), ("2", "2")], widget=forms.CheckboxSelectMultiple
    )


def test_the_project_renders_fields_through_the_one_template() -> None:
    """FORM_RENDERER points every form at components/field.html."""
    assert settings.FORM_RENDERER == "onderstroom.core.forms.FormRenderer"
    assert Example().renderer.field_template_name == "components/field.html"


def test_a_field_with_an_error_is_labelled_described_and_marked_invalid() -> None:
    """The label points at the input; help and error have the ids the input's aria-describedby names."""
    html = Example(data={"name": "far too long", "grades": ["1"]})["name"].as_field_group()
    tree = parse_html(html)
    assert parse_html('<label for="id_name">Name</label>') in tree
    assert parse_html('<p class="help" id="id_name_helptext">As on the class list.</p>') in tree
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Name:" not in html


def test_a_group_of_choices_is_a_fieldset_with_a_legend() -> None:
    """Checkboxes sit in a fieldset named by its legend, and its errors describe the fieldset."""
    html = Example(data={"name": "Ada"})["grades"].as_field_group()
    assert '<fieldset class="field choices" aria-describedby="id_grades_error">' in html
    assert parse_html("<legend>Grades</legend>") in parse_html(html)
    assert 'id="id_grades_error"' in html


def test_a_page_choice_is_a_labelled_select_showing_what_was_chosen() -> None:
    """PickForm: the query's choices drawn by the field template, the chosen option selected."""
    from onderstroom.core.forms import Pick, PickForm

    form = PickForm([Pick("before", "Then", [("a", "4 dec"), ("b", "5 dec")], "b", id="compare-before")])
    html = form["before"].as_field_group()
    tree = parse_html(html)
    assert parse_html('<label for="compare-before">Then</label>') in tree
    assert parse_html('<option value="b" selected>5 dec</option>') in tree
    assert parse_html('<option value="a">4 dec</option>') in tree
