"""How children find their own name on the tablet: first names, told apart only where needed."""

from collections import Counter

from onderstroom.schools.models import Child


def short_names(children: list[Child]) -> dict[int, str]:
    """Child pk -> the name on their button.

    The first name alone; when two children share it, the initial of the surname is
    added ("Emma V."), and when that is shared too, the whole surname.
    """
    first = Counter(child.first_name.strip().casefold() for child in children)
    labels = {
        child.pk: child.first_name
        if first[child.first_name.strip().casefold()] == 1
        else f"{child.first_name} {child.surname.strip()[:1].upper()}."
        for child in children
    }
    taken = Counter(label.casefold() for label in labels.values())
    for child in children:
        if taken[labels[child.pk].casefold()] > 1:
            labels[child.pk] = f"{child.first_name} {child.full_surname}"
    return labels
