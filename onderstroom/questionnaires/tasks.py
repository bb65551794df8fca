"""Background work of the questionnaires, on Django's task framework (the queue runs it after commit)."""

from django.db import transaction
from django.tasks import task

from onderstroom.questionnaires import references
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
    return len(still)
