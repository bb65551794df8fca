"""Children find their own button: first names, told apart only where needed."""

from onderstroom.childsessions.names import short_names
from onderstroom.schools.models import Child


def child(pk: int, first: str, surname: str, prefix: str = "") -> Child:
    return Child(pk=pk, first_name=first, surname=surname, surname_prefix=prefix)


def test_first_names_alone_when_they_differ() -> None:
    assert short_names([child(1, "Daan", "Jansen"), child(2, "Sem", "de Boer")]) == {1: "Daan", 2: "Sem"}


def test_the_surname_initial_tells_equal_first_names_apart() -> None:
    children = [child(1, "Emma", "Vries", "de"), child(2, "emma", "Jansen"), child(3, "Noah", "Bakker")]
    assert short_names(children) == {1: "Emma V.", 2: "emma J.", 3: "Noah"}


def test_the_whole_surname_when_the_initials_are_equal_too() -> None:
    children = [child(1, "Emma", "Visser"), child(2, "Emma", "Vries", "de"), child(3, "Emma", "Jansen")]
    assert short_names(children) == {1: "Emma Visser", 2: "Emma de Vries", 3: "Emma J."}
