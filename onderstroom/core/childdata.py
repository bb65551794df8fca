"""The privacy registry: every app that stores data about a child says how to export and erase it.

Anchored on pretix's data shredder. Each app registers one `ChildData` per kind of data in the
`register()` of its `panels.py`:

    childdata.registry.register(ChildData(
        "sociogram.peers", order=60, label=_("Peer surveys"), purpose=_("..."),
        models=("sociogram.RosterEntry", "sociogram.PeerResponse", ...),
        export=export_child, erase=erase_child,
    ))

- `export(child) -> list[Table]`: the rows, readable (headers) and machine-readable (columns). Another
  child never appears by name: an export writes `classmate()` ("a classmate") instead.
- `erase(child) -> Erased`: delete, or anonymise where an aggregate or another person's record must
  stay (a peer nomination by a classmate loses the erased child's side; a teacher's text that names
  the child goes). It runs inside `erase_child`'s one transaction, in order; the child row itself
  goes last (the schools entry, order 1000).
- `retention` and `expire(before, dry_run) -> int`: kinds kept shorter than the child's whole record
  (reflections, interaction logs) name the policy field that sets their date and remove (or, in a
  dry run, count) the rows of the active school written before `before`.

`core/tests/test_childdata.py` fails when a model with a foreign-key path to `Child` is not listed
in some entry's `models`.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext

from onderstroom.core.registry import Registry

if TYPE_CHECKING:
    from onderstroom.schools.models import Child

Value = str | int | float | bool | date | datetime | None  # dates become ISO 8601 in files


@dataclass(frozen=True)
class Table:
    """One kind of data about a child, as rows: `columns` name them for machines, `headers` for people."""

    key: str  # "sociogram.nominations": the file name in the ZIP
    title: str
    columns: tuple[str, ...]
    headers: tuple[str, ...]
    rows: list[tuple[Value, ...]]
    since: date | None = None  # the oldest row's date

    def records(self) -> list[dict[str, Value]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass
class Erased:
    deleted: int = 0
    anonymised: int = 0
    kept: list[str] = field(default_factory=list)  # what stays, in words (translated)


def delete_in_order(*querysets: "models.QuerySet[Any]") -> Erased:
    """Delete each queryset in turn (those that point at others first); what was deleted, counted."""
    deleted = 0
    for queryset in querysets:
        count, _per_model = queryset.delete()
        deleted += count
    return Erased(deleted=deleted)


Export = Callable[["Child"], list[Table]]
Erase = Callable[["Child"], Erased]
Expire = Callable[[date, bool], int]


@dataclass(frozen=True)
class ChildData:
    key: str  # "app.kind"
    order: int
    label: Promise  # what it is, for a parent: "Peer surveys"
    purpose: Promise  # why the school stores it
    models: tuple[str, ...]  # "app_label.ModelName" of every model this entry exports and erases
    export: Export
    erase: Erase
    retention: str = ""  # the field of the school's retention policy that sets `expire`'s date
    expire: Expire | None = None


registry = Registry[ChildData]()


def classmate() -> str:
    """How an export names any other child."""
    return gettext("a classmate")


def export_child(child: "Child", leave_out: Iterable[str] = ()) -> list[tuple[ChildData, list[Table]]]:
    """Every registered kind of data about the child, but the keys in `leave_out`."""
    skipped = set(leave_out)
    return [(entry, entry.export(child)) for entry in registry.entries() if entry.key not in skipped]


def erase_child(child: "Child") -> list[tuple[ChildData, Erased]]:
    """Erase or anonymise the child's data everywhere, in one transaction (the child row last)."""
    with transaction.atomic():
        return [(entry, entry.erase(child)) for entry in registry.entries()]


def covered_models() -> set[str]:
    return {label for entry in registry.entries() for label in entry.models}


def models_about_children() -> set[str]:
    """Every model with a chain of foreign keys (or one-to-one links) to `schools.Child`."""
    child = apps.get_model("schools", "Child")
    linked: set[type[models.Model]] = {child}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in linked:
                continue
            for model_field in model._meta.get_fields():
                target = getattr(model_field, "related_model", None)
                forward = (model_field.many_to_one or model_field.one_to_one) and not model_field.auto_created
                if forward and target in linked:
                    linked.add(model)
                    changed = True
                    break
    return {model._meta.label for model in linked}


def names_child(text: str, child: "Child") -> bool:
    """Whether a free text names the child: a first name, surname or pupil number, as a word."""
    words = [child.first_name, child.surname, child.full_surname, child.external_id]
    return any(
        re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) for word in words if word.strip()
    )
