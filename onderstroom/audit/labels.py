"""Readable names for the audit log's action codes, detail keys and the codes details hold.

Every app writes its own codes (`app.thing.verb`) and names them itself, in its own catalogue: the
`register()` of its `panels.py` registers an `AuditLabels` with its codes and their labels. The audit
app names only its own codes and the detail keys every app shares. An unknown code is shown as it
is, so a new action is never hidden; audit/tests/test_labels.py fails for any code without a label.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onderstroom.core.registry import Registry
from onderstroom.schools.models import Role


def _no_values() -> Iterable[tuple[str, str | Promise]]:
    return ()


@dataclass(frozen=True)
class AuditLabels:
    """One app's readable names: its action codes, and the codes its rows' details hold as values
    (roles, outcomes, kinds), given as a function so that labels registered later are included."""

    key: str  # the app label
    actions: Mapping[str, Promise]
    values: Callable[[], Iterable[tuple[str, str | Promise]]] = _no_values
    order: int = 0


registry = Registry[AuditLabels]()

registry.register(
    AuditLabels(
        "audit",
        actions={
            "audit.log.view": _("Viewed the audit log"),
            "audit.chain.verify": _("Checked the audit chain"),
        },
    )
)

# The detail keys the apps share (counts and field names).
DETAIL_LABELS: dict[str, Promise] = {
    "children": _("pupils"),
    "rows": _("rows"),
    "roles": _("roles"),
    "added": _("added"),
    "removed": _("removed"),
    "assignments_ended": _("assignments ended"),
    "fields": _("fields"),
    "grades": _("grades"),
    "kind": _("as"),
    "new_account": _("new account"),
    "replaced": _("replaced"),
    "checked": _("rows checked"),
    "intact": _("intact"),
    "broken_at": _("broken at row"),
    "filters": _("filters"),
    "board_created": _("new board"),
    "outcome": _("outcome"),
    "provider": _("provider"),
    "reason": _("reason"),
    "enabled": _("switched on"),
    "activity": _("activity"),
    "closed_previous": _("previous session closed"),
    "failed_attempts": _("wrong tries"),
    "forced": _("required at first sign-in"),
    "bytes": _("bytes"),
    "count": _("number"),
    "method": _("method"),
    "question": _("question"),
    "questions": _("questions"),
    "user": _("member of staff"),
    "link_sent": _("link sent"),
    "two_step_kept": _("two-step verification kept"),
    "group": _("group"),
}

# Rows about who may reach what: an admin's reset of a colleague's password, a new account, a
# role that opens children's data or the school's management, a refused grant to oneself. The
# audit page marks them, so a second person notices what one admin did (docs/ARCHITECTURE.md).
ALWAYS_ATTENTION = {
    "accounts.password.reset",
    "schools.staff.self_grant_refused",
    # Whoever runs the chosen accounts can sign in as the school's staff.
    "accounts.school_sign_in.change",
}
WIDENING_ROLES = {Role.TEACHER, Role.CARE, Role.SCHOOL_ADMIN}


def needs_attention(action: str, details: dict[str, Any]) -> bool:
    if action in ALWAYS_ATTENTION:
        return True
    if action == "schools.staff.add":
        return bool(details.get("new_account"))
    if action == "schools.staff.roles":
        return bool(set(details.get("added") or []) & WIDENING_ROLES)
    return False


def action_labels() -> dict[str, Promise]:
    """Every registered action code with its label."""
    return {code: label for entry in registry.entries() for code, label in entry.actions.items()}


def action_label(code: str) -> str:
    label = action_labels().get(code)
    return str(label) if label is not None else code


def _value_labels() -> dict[str, str]:
    """Codes that details hold as values (roles, kinds of assignment, sign-in outcomes, what children did)."""
    return {value: str(label) for entry in registry.entries() for value, label in entry.values()}


def _value_text(value: Any, labels: dict[str, str]) -> str:
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(item, labels) for item in value) or "-"
    return labels.get(value, str(value)) if isinstance(value, str) else str(value)


def details_text(details: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs for a row's details: counts and field names, never content."""
    labels = _value_labels()
    return [
        (str(DETAIL_LABELS.get(key, key)), _value_text(value, labels))
        for key, value in sorted(details.items())
    ]
