"""Background work of the questionnaires, on Django's task framework (the queue runs it after commit)."""

from django.db import transaction
from django.tasks import task

from onderstroom.questionnaires import group_signals, references
from onderstroom.schools.access import today
from onderstroom.tenancy import all_schools


@task
def refresh_references(keys: list[list[int]]) -> int:
    """Recompute the school references marked stale by new answers: [school id, version id, year id].

    Runs outside any request, across the schools it names. When answers overtook the refresh, it asks
    for another one. Returns how many references are still stale.
    """
    with all_schools():
        still = references.refresh((school, version, year) for school, version, year in keys)
    if still:
        due = [list(key) for key in still]
        transaction.on_commit(lambda: refresh_references.enqueue(due))
    else:
        schools = sorted({school for school, _version, _year in keys})
        transaction.on_commit(lambda: refresh_group_signals.enqueue(schools))
    return len(still)


@task
def refresh_group_signals(school_ids: list[int]) -> int:
    """Recompute the stored signal counts of the schools' groups whose answers or references changed
    (`group_signals.refresh`). Returns how many groups it looked at."""
    with all_schools():
        return group_signals.refresh(school_ids, today())
