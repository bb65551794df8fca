"""Shipped instruments come from every directory a feature registers; a school sees its own kind."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from onderstroom.instruments import library
from onderstroom.instruments.engine import SUBJECT_CHILD, SUBJECT_CLASS, parse_instrument
from onderstroom.instruments.models import Instrument, InstrumentVersion, Subject
from onderstroom.instruments.tests.test_engine import CLASS_FORM
from onderstroom.questionnaires.library import CHILD_KEYS, TEACHER_KEY
from onderstroom.tenancy import all_schools

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_the_relationship_forms() -> Iterator[None]:
    """The registry as the relationship questionnaires alone fill it: other features' shipped
    directories (class and school climate) are set aside while a test runs, and put back after;
    what migrate stored from them is removed inside the test's transaction."""
    others = [entry for entry in library.shipped.entries() if entry.key != "questionnaires.relationship"]
    for entry in others:
        library.shipped.unregister(entry.key)
    with all_schools():
        Instrument.objects.filter(school__isnull=True).exclude(key__in=[TEACHER_KEY, *CHILD_KEYS]).delete()
    yield
    for entry in others:
        library.register_shipped(entry)


@pytest.fixture
def class_forms(tmp_path: Path) -> Iterator[Path]:
    """A second feature's directory of shipped forms, registered for the test only."""
    (tmp_path / "class-form.yaml").write_text(CLASS_FORM)
    library.register_shipped(library.Shipped("testing.class", order=90, directory=tmp_path))
    yield tmp_path
    library.shipped.unregister("testing.class")


def test_the_relationship_questionnaires_are_shipped_about_a_child() -> None:
    with all_schools():
        versions = library.sync_shipped_instruments()
        assert {v.instrument.key for v in versions} == {TEACHER_KEY, *CHILD_KEYS}
        assert set(Instrument.objects.values_list("subject", flat=True)) == {Subject.CHILD}


def test_a_registered_directory_is_synced_with_the_rest(class_forms: Path) -> None:
    with all_schools():
        versions = library.sync_shipped_instruments()
        keys = {v.instrument.key for v in versions}
        assert keys == {TEACHER_KEY, *CHILD_KEYS, "class-form"}
        stored = Instrument.objects.get(key="class-form")
        assert (stored.respondent, stored.subject) == ("child", SUBJECT_CLASS)
        # Syncing again stores nothing new; a changed file is a new version.
        library.sync_shipped_instruments()
        assert InstrumentVersion.objects.filter(instrument=stored).count() == 1
        (class_forms / "class-form.yaml").write_text(CLASS_FORM.replace('version: "1"', 'version: "2"'))
        library.sync_shipped_instruments()
        assert list(stored.versions.values_list("number", flat=True)) == [2, 1]


def test_current_versions_of_one_subject(class_forms: Path) -> None:
    with all_schools():
        library.sync_shipped_instruments()
        about_child = {v.instrument.key for v in library.current_versions(subject=SUBJECT_CHILD)}
        about_class = {v.instrument.key for v in library.current_versions(subject=SUBJECT_CLASS)}
        everything = {v.instrument.key for v in library.current_versions()}
    assert about_child == {TEACHER_KEY, *CHILD_KEYS}
    assert about_class == {"class-form"}
    assert everything == about_child | about_class


def test_two_shipped_files_with_one_key_are_refused(class_forms: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path_factory.mktemp("other")
    (other / "same-key.yaml").write_text(CLASS_FORM)
    library.register_shipped(library.Shipped("testing.other", order=91, directory=other))
    try:
        with all_schools(), pytest.raises(ValueError, match="both ship the instrument class-form"):
            library.sync_shipped_instruments()
    finally:
        library.shipped.unregister("testing.other")


def test_a_stored_definition_keeps_its_subject(class_forms: Path) -> None:
    with all_schools():
        library.sync_shipped_instruments()
        version = InstrumentVersion.objects.get(instrument__key="class-form")
    assert version.spec == parse_instrument(CLASS_FORM)
    assert version.spec.subject == SUBJECT_CLASS


def test_versions_are_read_without_their_definition_once_it_is_parsed() -> None:
    """`versions_with_specs`: the definition (a long JSON text) is read only for a version this
    process has not parsed; after that its id and hash are enough, and the spec is the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from onderstroom.instruments import models

    with all_schools():
        ids = list(InstrumentVersion.objects.values_list("pk", flat=True))
        expected = {v.pk: v.definition for v in InstrumentVersion.objects.all()}
    assert len(ids) >= 2
    models._definitions.clear()
    with all_schools(), CaptureQueriesContext(connection) as cold:
        first = models.versions_with_specs(ids)
    assert sum('"definition"' in q["sql"] for q in cold.captured_queries) == 1
    assert {pk: v.spec.to_json() for pk, v in first.items()} == expected
    with all_schools(), CaptureQueriesContext(connection) as warm:
        second = models.versions_with_specs(ids)
    assert len(warm.captured_queries) == 1
    assert not any('"definition"' in q["sql"] for q in warm.captured_queries)
    assert {pk: v.spec for pk, v in second.items()} == {pk: v.spec for pk, v in first.items()}
    assert models.versions_with_specs([]) == {}


def test_a_plain_answer_the_service_refuses_gets_the_friendly_page_and_409(rf) -> None:  # type: ignore[no-untyped-def]
    """`save_plain_answer` when the feature's service refuses (the form changed, for example)."""
    from django.utils import translation

    from onderstroom.core.errors import Refused
    from onderstroom.instruments.answering import save_plain_answer

    def refuse(item: str, value: int) -> bool:
        raise Refused("changed")

    request = rf.post("/form/", {"item": "a", "value": "1"})
    with translation.override("nl"):
        response = save_plain_answer(request, ["a", "b"], "/form/", refuse)
    assert response.status_code == 409
    assert "Terug naar de vraag" in response.content.decode()
    assert 'href="/form/"' in response.content.decode()
