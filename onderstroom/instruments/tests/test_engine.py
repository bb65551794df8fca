"""Instrument files for any respondent and subject: `subject` is optional, checked like every key."""

import pytest
from django.utils import translation

from onderstroom.instruments.engine import (
    STAFF,
    SUBJECT_CHILD,
    SUBJECT_CLASS,
    SUBJECT_SCHOOL,
    InstrumentError,
    definition_from_json,
    parse_instrument,
)

CLASS_FORM = """\
schema: 1
key: class-form
version: "1"
title: {nl: Onze klas, en: Our class}
respondent: child
subject: class
audience:
  grades: [5, 6, 7, 8]
licence: {nl: Vrij, en: Free}
options:
  - value: 1
    label: {nl: Nee, en: "No"}
  - value: 2
    label: {nl: Ja, en: "Yes"}
scales:
  - key: together
    label: {nl: Samen, en: Together}
items:
  - key: a
    scale: together
    text: {nl: "In onze klas helpen we elkaar.", en: "In our class we help each other."}
"""


def errors_of(source: str) -> list[str]:
    with translation.override("nl"):
        with pytest.raises(InstrumentError) as caught:
            parse_instrument(source)
        return [str(e) for e in caught.value.errors]


def test_a_form_about_the_class_parses_and_survives_storage() -> None:
    definition = parse_instrument(CLASS_FORM)
    assert (definition.respondent, definition.subject) == ("child", SUBJECT_CLASS)
    assert definition_from_json(definition.to_json()) == definition


def test_without_a_subject_a_form_is_about_a_child() -> None:
    definition = parse_instrument(CLASS_FORM.replace("subject: class\n", ""))
    assert definition.subject == SUBJECT_CHILD


def test_a_version_stored_before_subjects_existed_is_about_a_child() -> None:
    stored = parse_instrument(CLASS_FORM).to_json()
    del stored["subject"]
    assert definition_from_json(stored).subject == SUBJECT_CHILD


def test_staff_members_answer_about_the_school() -> None:
    source = CLASS_FORM.replace("respondent: child", f"respondent: {STAFF}").replace(
        "subject: class", "subject: school"
    )
    definition = parse_instrument(source)
    assert (definition.respondent, definition.subject) == (STAFF, SUBJECT_SCHOOL)


def test_an_unknown_subject_is_reported_on_its_line() -> None:
    errors = errors_of(CLASS_FORM.replace("subject: class", "subject: parents"))
    assert errors == ["regel 6: “subject” moet een van deze zijn: child, class, school, practice"]


def test_a_form_about_the_class_names_nobody() -> None:
    """{teacher} is the relationship's placeholder: a form about the class has none."""
    source = CLASS_FORM.replace("In onze klas helpen we elkaar.", "{teacher} helpt ons.")
    assert errors_of(source) == [
        "regel 21: vraag 1 gebruikt de invulplek {teacher}; een vragenlijst over niemand in het "
        "bijzonder kent geen invulplekken"
    ]


def test_the_relationship_placeholder_stays_allowed_on_a_form_about_a_child() -> None:
    source = CLASS_FORM.replace("subject: class", "subject: child").replace(
        "In onze klas helpen we elkaar.", "{teacher} helpt mij."
    )
    assert parse_instrument(source).items[0].text.nl == "{teacher} helpt mij."


def test_a_staff_form_has_no_placeholder() -> None:
    source = (
        CLASS_FORM.replace("respondent: child", "respondent: staff")
        .replace("subject: class", "subject: child")
        .replace("In onze klas helpen we elkaar.", "{child} lacht.")
    )
    assert len(errors_of(source)) == 1


def test_constructs_belong_to_forms_about_a_child() -> None:
    """A class form may not claim a relationship construct: profiles and signals would read it."""
    source = CLASS_FORM.replace("  - key: together\n", "  - key: together\n    construct: support\n")
    assert parse_instrument(source).scales[0].construct is None
    about_child = source.replace("subject: class", "subject: child")
    assert parse_instrument(about_child).scales[0].construct == "support"
