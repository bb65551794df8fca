"""Reciprocal friendships, isolated children and insular subgroups on hand-made graphs."""

from onderstroom.sociogram.network import analyse, insular_subgroups, mutual_components


def edges(text: str) -> set[tuple[str, str]]:
    """'a>b b>a c>a' → {('a','b'), ('b','a'), ('c','a')}"""
    return {tuple(pair.split(">")) for pair in text.split()}  # type: ignore[misc]


def test_reciprocal_pairs_are_found_once_in_class_order() -> None:
    network = analyse("abcde", edges("a>b b>a c>a d>c c>d e>a"), respondents="abcde")
    assert network.mutual_pairs == [("a", "b"), ("c", "d")]


def test_one_way_choices_are_not_friendships() -> None:
    network = analyse("abc", edges("a>b b>c c>a"), respondents="abc")
    assert network.mutual_pairs == []


def test_children_nobody_chose_and_who_chose_nobody() -> None:
    """d and e answered but chose nobody; f did not answer, so f is not counted as 'chose nobody'."""
    network = analyse("abcdef", edges("a>b b>a c>a"), respondents="abcde")
    assert network.not_chosen == ["c", "d", "e", "f"]
    assert network.chose_nobody == ["d", "e"]
    assert network.chosen_by == {"a": 2, "b": 1, "c": 0, "d": 0, "e": 0, "f": 0}


def test_no_answers_means_no_isolation_claims() -> None:
    network = analyse("abc", set(), respondents=[])
    assert network.not_chosen == []
    assert network.chose_nobody == []


def test_choices_of_or_for_strangers_and_oneself_are_ignored() -> None:
    network = analyse("ab", edges("a>a a>x x>b a>b"), respondents="ab")
    assert network.chosen_by == {"a": 0, "b": 1}


def test_mutual_components_keep_friends_together() -> None:
    components = mutual_components("abcdefg", edges("a>c c>a c>e e>c b>d d>b"))
    assert components == [["a", "c", "e"], ["b", "d"], ["f"], ["g"]]


def test_a_triangle_that_only_chooses_itself_keeps_to_itself() -> None:
    """a, b, c choose only each other; the rest of the class chooses around them."""
    graph = edges("a>b b>a b>c c>b a>c c>a d>e e>d f>d g>f h>g d>a")
    assert insular_subgroups("abcdefgh", graph) == [["a", "b", "c"]]


def test_an_open_subgroup_is_not_insular() -> None:
    """The triangle makes half its choices outside itself: it does not keep to itself."""
    graph = edges("a>b b>a b>c c>b a>d b>e c>f d>e e>d")
    assert insular_subgroups("abcdefgh", graph) == []


def test_a_subgroup_larger_than_half_the_class_is_the_class() -> None:
    graph = edges("a>b b>a b>c c>b c>d d>c")
    assert insular_subgroups("abcde", graph) == []
