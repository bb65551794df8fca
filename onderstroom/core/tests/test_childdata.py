"""The privacy registry covers every model that holds data about a child."""

from onderstroom.core import childdata


def test_every_model_with_a_path_to_child_is_covered() -> None:
    """A new model with a foreign-key path to Child must be exported and erased by some app's entry."""
    about_children = childdata.models_about_children()
    missing = sorted(about_children - childdata.covered_models())
    assert missing == [], f"models about children that no privacy registry entry covers: {missing}"


def test_the_registry_names_only_real_models() -> None:
    stale = sorted(childdata.covered_models() - childdata.models_about_children())
    assert stale == []


def test_the_path_finder_sees_chains_through_other_models() -> None:
    """Answers reach Child only through their response; nominations through two links."""
    about_children = childdata.models_about_children()
    assert {"questionnaires.Answer", "sociogram.AnswerReceipt", "bankingtime.Session"} <= about_children
    assert "schools.Group" not in about_children
    assert "accounts.User" not in about_children


def test_names_child_matches_whole_words_only() -> None:
    from onderstroom.schools.models import Child

    child = Child(first_name="Ali", surname="Berg", surname_prefix="van den", external_id="123")
    assert childdata.names_child("Vandaag was ali stil", child)
    assert childdata.names_child("nummer 123.", child)
    assert not childdata.names_child("Alinea over Bergen en 1234", child)


def test_an_uncovered_model_makes_the_check_fail() -> None:
    entry = childdata.registry.get("bankingtime.plans")
    assert entry is not None
    childdata.registry.unregister(entry.key)
    try:
        missing = childdata.models_about_children() - childdata.covered_models()
    finally:
        childdata.registry.register(entry)
    assert missing == {"bankingtime.Plan", "bankingtime.Session"}
