"""Instrument files: the shipped ones are valid, bad ones are refused with the line of each problem."""

import pytest
from django.utils import translation

from onderstroom.instruments.engine import InstrumentError, definition_from_json, fill_in, parse_instrument
from onderstroom.questionnaires.library import SHIPPED_DIR

SMALL = """\
schema: 1
key: small
version: "1"
title: {nl: Klein, en: Small}
respondent: teacher
audience:
  grades: [3, 4]
licence: {nl: Vrij, en: Free}
options:
  - value: 1
    label: {nl: Nee, en: "No"}
  - value: 2
    label: {nl: Soms, en: Sometimes}
  - value: 3
    label: {nl: Ja, en: "Yes"}
scales:
  - key: closeness
    construct: closeness
    label: {nl: Nabijheid, en: Closeness}
items:
  - key: a
    scale: closeness
    text: {nl: "{child} lacht.", en: "{child} laughs."}
  - key: b
    scale: closeness
    reverse: true
    text: {nl: "{child} zwijgt.", en: "{child} is silent."}
"""


def errors_of(source: str) -> list[str]:
    with translation.override("nl"):
        with pytest.raises(InstrumentError) as caught:
            parse_instrument(source)
        return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize("path", sorted(SHIPPED_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_instruments_are_valid(path) -> None:  # type: ignore[no-untyped-def]
    definition = parse_instrument(path.read_text())
    assert definition.title.nl
    assert definition.title.en
    for item in definition.items:
        assert item.text.nl.strip()
        assert item.text.en.strip()


def test_shipped_instruments_measure_the_constructs_of_the_design() -> None:
    teacher = parse_instrument((SHIPPED_DIR / "teacher-about-child.yaml").read_text())
    older = parse_instrument((SHIPPED_DIR / "child-about-teacher-5-8.yaml").read_text())
    younger = parse_instrument((SHIPPED_DIR / "child-about-teacher-3-4.yaml").read_text())
    assert [s.construct for s in teacher.scales] == ["closeness", "conflict", "dependency", "handling"]
    assert (len(teacher.items), len(teacher.options), teacher.grades) == (20, 5, tuple(range(1, 9)))
    assert {s.construct for s in older.scales} == {"support", "conflict", "fairness", "classmates"}
    assert (len(older.items), len(older.options), older.grades) == (16, 4, (5, 6, 7, 8))
    assert (len(younger.items), len(younger.options), younger.grades) == (8, 3, (3, 4))
    assert younger.read_aloud
    assert younger.pictorial
    assert any(item.reverse for item in teacher.items)
    assert any(item.reverse for item in older.items)


def test_a_small_file_parses_and_survives_storage() -> None:
    definition = parse_instrument(SMALL)
    assert definition.key == "small"
    assert definition.item("b").reverse
    assert definition_from_json(definition.to_json()) == definition


def test_a_missing_english_label_is_reported_on_its_line() -> None:
    """Line 15 holds the label of option 3; it lacks English."""
    source = SMALL.replace('label: {nl: Ja, en: "Yes"}', "label: {nl: Ja}")
    assert errors_of(source) == ["regel 15: antwoordoptie 3 mist een label in het Engels"]


def test_every_problem_is_listed_with_its_line() -> None:
    source = (
        SMALL.replace("respondent: teacher", "respondent: parent")
        .replace("  - value: 2\n", "  - value: two\n")
        .replace("    scale: closeness\n    reverse: true", "    scale: warmth\n    reverse: true")
        .replace("items:\n", "itmes: []\nitems:\n")
    )
    errors = errors_of(source)
    assert "regel 5: “respondent” moet een van deze zijn: teacher, child, staff" in errors
    assert "regel 12: antwoordoptie 2 moet een heel getal zijn" in errors
    assert any(e.startswith("regel 20: ") and "itmes" in e for e in errors)
    assert any(e.startswith("regel 26: ") and "warmth" in e for e in errors)


def test_a_yaml_syntax_error_names_its_line() -> None:
    source = SMALL.replace("  grades: [3, 4]", "  grades: [3, 4")
    (error,) = errors_of(source)
    assert error.startswith("regel 8: ")


def test_a_wrong_placeholder_is_refused() -> None:
    source = SMALL.replace('"{child} lacht."', '"{teacher} lacht."')
    (error,) = errors_of(source)
    assert error.startswith("regel 23: ")
    assert "{teacher}" in error


def test_duplicate_keys_and_empty_scales_are_refused() -> None:
    source = SMALL.replace("  - key: b\n", "  - key: a\n")
    assert any("a" in e and e.startswith("regel 24: ") for e in errors_of(source))


def test_anchors_and_aliases_are_refused() -> None:
    """An alias bomb would make the checker walk the same nodes exponentially often."""
    source = SMALL.replace(
        "title: {nl: Klein, en: Small}", "title: &t {nl: Klein, en: Small}\ndescription: *t"
    )
    (error,) = errors_of(source)
    assert error.startswith("regel 4: ")


def test_an_empty_or_huge_or_binary_file_is_refused() -> None:
    assert errors_of("")[0].startswith("regel 1: ")
    assert errors_of("# " + "x" * 300_000)[0].startswith("regel 1: ")
    with translation.override("nl"):
        with pytest.raises(InstrumentError) as caught:
            parse_instrument(b"schema: 1\n\xff\xfe")
        assert str(caught.value.errors[0]).startswith("regel 2: ")


def test_a_list_instead_of_a_file_is_refused() -> None:
    assert errors_of("- 1\n- 2\n") == ["regel 1: de vragenlijst moet bestaan uit velden (sleutel: waarde)"]


NORMS = """\
norms:
  source: Test norms
  bands:
    - grades: [3, 4]
      scales:
        closeness:
          sd: 0.5
          reliability: 0.8
          percentiles:
            - {score: 1.0, percentile: 5}
            - {score: 2.0, percentile: 40}
            - {score: 2.5, percentile: 70}
    - grades: [3, 4]
      gender: f
      scales:
        closeness:
          percentiles:
            - {score: 1.5, percentile: 10}
            - {score: 2.8, percentile: 60}
"""


def test_norm_bands_and_percentile_steps() -> None:
    """Steps: a score at or above a step (and below the next) has the step's percentile."""
    definition = parse_instrument(SMALL + NORMS)
    band = definition.norms.band_for(3, "m")
    assert band.gender is None
    norm = band.scales["closeness"]
    assert (norm.sd, norm.reliability) == (0.5, 0.8)
    assert norm.percentile(0.9) is None
    assert norm.percentile(1.0) == 5
    assert norm.percentile(2.4) == 40
    assert norm.percentile(2.5) == 70
    assert norm.percentile(3.0) == 70
    girls = definition.norms.band_for(4, "f")
    assert girls.gender == "f"
    assert girls.scales["closeness"].percentile(2.0) == 10
    assert definition.norms.band_for(5, "f") is None


def test_norm_steps_must_rise() -> None:
    source = SMALL + NORMS.replace("{score: 2.5, percentile: 70}", "{score: 1.5, percentile: 70}")
    assert any(e.startswith("regel 39: ") for e in errors_of(source))


def test_filling_in_the_other_person() -> None:
    assert fill_in("{child} en ik lachen.", "sanne") == "Sanne en ik lachen."
    assert fill_in("Is {teacher} lief?", "juf Anna") == "Is juf Anna lief?"
    assert fill_in("{teacher} helpt.", "juf Anna") == "Juf Anna helpt."
    assert fill_in("{child} {0.__class__}", "x") == "X x"
